import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { type RequestContext } from '../common/loader-registry';
import { Source } from '../sources/source.entity';
import { SourcesService } from '../sources/sources.service';
import { Project } from '../projects/project.entity';
import { ProjectOutput } from './project-output.entity';
import { MAX_OUTPUTS_PER_PROJECT, OutputsService } from './outputs.service';

@Resolver(() => Project)
export class ProjectOutputsResolver {
  constructor(private readonly service: OutputsService) {}

  @ResolveField(() => [ProjectOutput], {
    description: `What the project built, as sources report it; at most ${MAX_OUTPUTS_PER_PROJECT}, in listed order.`,
  })
  outputs(@Parent() p: Project, @Context() ctx: RequestContext) {
    return this.service.ofProject(ctx, p.id);
  }
}

@Resolver(() => ProjectOutput)
export class ProjectOutputResolver {
  constructor(private readonly sources: SourcesService) {}

  @ResolveField(() => Source, { description: 'The source that reports this output.' })
  source(@Parent() o: ProjectOutput, @Context() ctx: RequestContext) {
    return this.sources.byKey(ctx, o.sourceKey);
  }
}
