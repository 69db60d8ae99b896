import { Context, ID, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { toGlobalId } from '../common/global-id';
import { type RequestContext } from '../common/loader-registry';
import { Project } from '../projects/project.entity';
import { ProjectsService } from '../projects/projects.service';
import {
  CommitmentStatusChange,
  CooperationCommitment,
  ReuseLink,
} from './cooperation-commitment.entity';
import { CooperationService } from './cooperation.service';

@Resolver(() => CooperationCommitment)
export class CooperationCommitmentResolver {
  constructor(
    private readonly projectService: ProjectsService,
    private readonly cooperation: CooperationService,
  ) {}

  @ResolveField(() => ID)
  id(@Parent() c: CooperationCommitment): string {
    return toGlobalId('CooperationCommitment', c.id);
  }

  @ResolveField(() => [CommitmentStatusChange], {
    description: 'Every status it has had, oldest first; the first entry is its recording.',
  })
  history(@Parent() c: CooperationCommitment, @Context() ctx: RequestContext) {
    return this.cooperation.history(ctx, c.id);
  }

  @ResolveField(() => [Project], { description: 'The two projects, in id order.' })
  async projects(@Parent() c: CooperationCommitment, @Context() ctx: RequestContext) {
    return Promise.all([
      this.projectService.byId(ctx, c.projectAId),
      this.projectService.byId(ctx, c.projectBId),
    ]);
  }
}

@Resolver(() => ReuseLink)
export class ReuseLinkResolver {
  constructor(private readonly projectService: ProjectsService) {}

  @ResolveField(() => ID)
  id(@Parent() r: ReuseLink): string {
    return toGlobalId('ReuseLink', r.id);
  }

  @ResolveField(() => Project, { description: 'The project that reuses.' })
  project(@Parent() r: ReuseLink, @Context() ctx: RequestContext) {
    return this.projectService.byId(ctx, r.projectId);
  }

  @ResolveField(() => Project, {
    nullable: true,
    description: 'The earlier project it builds on, if it is one here.',
  })
  sourceProject(@Parent() r: ReuseLink, @Context() ctx: RequestContext) {
    return r.sourceProjectId === null ? null : this.projectService.byId(ctx, r.sourceProjectId);
  }
}

@Resolver(() => Project)
export class ProjectCooperationResolver {
  constructor(private readonly cooperation: CooperationService) {}

  @ResolveField(() => [CooperationCommitment], {
    description: 'Cooperation commitments with other projects.',
  })
  commitments(@Parent() p: Project, @Context() ctx: RequestContext) {
    return this.cooperation.commitments(ctx, p.id);
  }

  @ResolveField(() => [ReuseLink], { description: 'Earlier work this project builds on.' })
  reuseLinks(@Parent() p: Project, @Context() ctx: RequestContext) {
    return this.cooperation.reuseLinks(ctx, p.id);
  }
}
