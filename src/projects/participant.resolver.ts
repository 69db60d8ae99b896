import { Context, Info, Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { ValidArgs } from '../common/validation';
import { type RequestContext } from '../common/loader-registry';
import { Source } from '../sources/source.entity';
import { SourcesService } from '../sources/sources.service';
import { Organisation } from '../organisations/organisation.entity';
import { OrganisationModel } from '../organisations/organisation.model';
import { OrganisationsService } from '../organisations/organisations.service';
import { Programme } from '../programmes/programme.entity';
import { Topic } from '../topics/topic.entity';
import { ParticipationsArgs } from './dto/projects.args';
import { Participation, Project } from './project.entity';
import { ProjectsService } from './projects.service';
import { selectedFields } from './selection';

@Resolver(() => Participation)
export class ParticipantResolver {
  constructor(
    private readonly projects: ProjectsService,
    private readonly organisations: OrganisationsService,
    private readonly sources: SourcesService,
  ) {}

  // No parameter decorators on field resolvers: Nest calls them directly (see ProjectsResolver).
  @ResolveField(() => OrganisationModel)
  organisation(p: Participation, _args: unknown, ctx: RequestContext) {
    // Participants of a project come with their organisation (one statement for both levels).
    return p.organisation ?? this.organisations.byId(ctx, p.organisationId);
  }

  @ResolveField(() => Project)
  project(p: Participation, _args: unknown, ctx: RequestContext) {
    // An organisation's participations come with their project (one statement for both levels).
    return p.project ?? this.projects.byId(ctx, p.projectId);
  }

  @ResolveField(() => Source, { description: 'The source that names this participant.' })
  source(p: Participation, _args: unknown, ctx: RequestContext) {
    return this.sources.byKey(ctx, p.sourceKey);
  }
}

/** Project fields on organisations, topics and programmes (they live here: projects know those types). */
@Resolver(() => OrganisationModel)
export class OrganisationProjectsResolver {
  constructor(private readonly projects: ProjectsService) {}

  @ResolveField(() => [Participation], {
    description: 'Projects it takes part in, by project id; at most `first`.',
  })
  participations(
    @Parent() o: Organisation,
    @ValidArgs() args: ParticipationsArgs,
    @Context() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    const withTopics = selectedFields(info, ['project']).has('topics');
    return this.projects.participations(ctx, o.id, args.first, withTopics);
  }

  @ResolveField(() => Int, { description: 'Number of projects it takes part in.' })
  participationCount(o: Organisation, _args: unknown, ctx: RequestContext) {
    return this.projects.participationCount(ctx, o.id);
  }
}

@Resolver(() => Topic)
export class TopicProjectsResolver {
  constructor(private readonly projects: ProjectsService) {}

  @ResolveField(() => Int, {
    description: 'Projects carrying the topic; list them with projects(filter: {topic}).',
  })
  projectCount(t: Topic, _args: unknown, ctx: RequestContext) {
    return this.projects.countBy(ctx, 'topic', t.id);
  }
}

@Resolver(() => Programme)
export class ProgrammeProjectsResolver {
  constructor(private readonly projects: ProjectsService) {}

  @ResolveField(() => Int, {
    description: 'Projects of the programme; list them with projects(filter: {programme}).',
  })
  projectCount(p: Programme, _args: unknown, ctx: RequestContext) {
    return this.projects.countBy(ctx, 'programme', p.id);
  }
}
