import { Injectable } from '@nestjs/common';
import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { type RequestContext } from '../common/loader-registry';
import { ReuseLink } from '../cooperation/cooperation-commitment.entity';
import { CooperationService } from '../cooperation/cooperation.service';
import { OrganisationModel } from '../organisations/organisation.model';
import { OrganisationsService } from '../organisations/organisations.service';
import { Programme } from '../programmes/programme.entity';
import { ProgrammesService } from '../programmes/programmes.service';
import { Project } from '../projects/project.entity';
import { ProjectsService } from '../projects/projects.service';
import { Topic } from '../topics/topic.entity';
import { TopicsService } from '../topics/topics.service';
import {
  CooperationGaps,
  NetworkEdge,
  NetworkNode,
  OverdueProject,
  ParticipationGap,
  PartnerReasons,
  PriorProject,
  PriorWork,
  RecommendedPartner,
  SharedTopic,
  SimilarPair,
  SimilarProject,
} from './network.models';
import { NetworkService } from './network.service';

/**
 * Fields of the graph results that point at projects, organisations and
 * topics. Results carry ids; every field here loads through the per-request
 * loaders, so a list of results costs one query per field.
 */
// Injectable so that TypeScript records the constructor's parameter types, which subclasses inherit.
@Injectable()
class GraphFields {
  constructor(
    protected readonly projects: ProjectsService,
    protected readonly organisations: OrganisationsService,
    protected readonly topics: TopicsService,
    protected readonly programmes: ProgrammesService,
    protected readonly cooperation: CooperationService,
    protected readonly network: NetworkService,
  ) {}

  protected project(ctx: RequestContext, id: number) {
    return this.projects.byId(ctx, id);
  }

  protected projectList(ctx: RequestContext, ids: number[]) {
    return Promise.all(ids.map((id) => this.projects.byId(ctx, id)));
  }

  /** Topics both projects carry, by id. */
  protected async commonTopics(ctx: RequestContext, a: number, b: number): Promise<Topic[]> {
    const [ta, tb] = await Promise.all([
      this.projects.topics(ctx, a),
      this.projects.topics(ctx, b),
    ]);
    const ids = new Set(tb.map((t) => t.id));
    return ta.filter((t) => ids.has(t.id));
  }
}

@Resolver(() => SharedTopic)
export class SharedTopicResolver extends GraphFields {
  @ResolveField(() => Topic)
  topic(@Parent() s: SharedTopic, @Context() ctx: RequestContext) {
    return this.topics.byId(ctx, s.topicId);
  }

  @ResolveField(() => [Project], { description: 'Projects of side a carrying the topic.' })
  projectsA(@Parent() s: SharedTopic, @Context() ctx: RequestContext) {
    return this.projectList(ctx, s.projectIdsA);
  }

  @ResolveField(() => [Project], { description: 'Projects of side b carrying the topic.' })
  projectsB(@Parent() s: SharedTopic, @Context() ctx: RequestContext) {
    return this.projectList(ctx, s.projectIdsB);
  }
}

@Resolver(() => SimilarProject)
export class SimilarProjectResolver extends GraphFields {
  @ResolveField(() => Project, { name: 'project' })
  similar(@Parent() s: SimilarProject, @Context() ctx: RequestContext) {
    return this.project(ctx, s.projectId);
  }

  @ResolveField(() => [Topic])
  sharedTopics(@Parent() s: SimilarProject, @Context() ctx: RequestContext) {
    return this.commonTopics(ctx, s.subjectId, s.projectId);
  }

  @ResolveField(() => Boolean, {
    description:
      'The two projects are committed to cooperate: a cooperation commitment between them is ACTIVE or FULFILLED (docs/graph-queries.md, "What counts as committed").',
  })
  committed(@Parent() s: SimilarProject, @Context() ctx: RequestContext) {
    return this.network.committed(ctx, s.subjectId, s.projectId);
  }

  @ResolveField(() => Boolean, {
    description:
      'A cooperation commitment between the two projects is ACTIVE (a FULFILLED one does not count).',
    deprecationReason:
      'Use committed, which also counts a FULFILLED commitment (docs/graph-queries.md, "What counts as committed").',
  })
  hasActiveCommitment(@Parent() s: SimilarProject, @Context() ctx: RequestContext) {
    return this.network.hasActiveCommitment(ctx, s.subjectId, s.projectId);
  }
}

@Resolver(() => SimilarPair)
export class SimilarPairResolver extends GraphFields {
  @ResolveField(() => Project)
  projectA(@Parent() p: SimilarPair, @Context() ctx: RequestContext) {
    return this.project(ctx, p.projectAId);
  }

  @ResolveField(() => Project)
  projectB(@Parent() p: SimilarPair, @Context() ctx: RequestContext) {
    return this.project(ctx, p.projectBId);
  }

  @ResolveField(() => [Topic])
  sharedTopics(@Parent() p: SimilarPair, @Context() ctx: RequestContext) {
    return this.commonTopics(ctx, p.projectAId, p.projectBId);
  }
}

@Resolver(() => CooperationGaps)
export class CooperationGapsResolver extends GraphFields {
  @ResolveField(() => Programme)
  programme(@Parent() g: CooperationGaps, @Context() ctx: RequestContext) {
    return this.programmes.byId(ctx, g.programmeId);
  }

  @ResolveField(() => [Project], {
    description:
      'Projects whose participant list is not known, so the participant rule cannot be judged.',
  })
  participantsUnknown(@Parent() g: CooperationGaps, @Context() ctx: RequestContext) {
    return this.projectList(ctx, g.unknownParticipantIds);
  }
}

@Resolver(() => ParticipationGap)
export class ParticipationGapResolver extends GraphFields {
  @ResolveField(() => Project, { name: 'project' })
  gapProject(@Parent() g: ParticipationGap, @Context() ctx: RequestContext) {
    return this.project(ctx, g.projectId);
  }
}

@Resolver(() => OverdueProject)
export class OverdueProjectResolver extends GraphFields {
  @ResolveField(() => Project, { name: 'project' })
  overdueProject(@Parent() o: OverdueProject, @Context() ctx: RequestContext) {
    return this.project(ctx, o.projectId);
  }
}

@Resolver(() => RecommendedPartner)
export class RecommendedPartnerResolver extends GraphFields {
  @ResolveField(() => OrganisationModel)
  organisation(@Parent() r: RecommendedPartner, @Context() ctx: RequestContext) {
    return this.organisations.byId(ctx, r.organisationId);
  }
}

@Resolver(() => PartnerReasons)
export class PartnerReasonsResolver extends GraphFields {
  @ResolveField(() => [Topic], {
    description: "The subject's topics the organisation also works on.",
  })
  sharedTopics(@Parent() r: PartnerReasons, @Context() ctx: RequestContext) {
    return Promise.all(r.sharedTopicIds.map((id) => this.topics.byId(ctx, id)));
  }
}

@Resolver(() => PriorWork)
export class PriorWorkResolver extends GraphFields {
  @ResolveField(() => Project, { name: 'project' })
  subject(@Parent() w: PriorWork, @Context() ctx: RequestContext) {
    return this.project(ctx, w.projectId);
  }

  @ResolveField(() => [ReuseLink], {
    description: 'Earlier work the project has recorded building on.',
  })
  reuseLinks(@Parent() w: PriorWork, @Context() ctx: RequestContext) {
    return this.cooperation.reuseLinks(ctx, w.projectId);
  }
}

@Resolver(() => PriorProject)
export class PriorProjectResolver extends GraphFields {
  @ResolveField(() => Project, { name: 'project' })
  prior(@Parent() p: PriorProject, @Context() ctx: RequestContext) {
    return this.project(ctx, p.projectId);
  }

  @ResolveField(() => [Topic])
  sharedTopics(@Parent() p: PriorProject, @Context() ctx: RequestContext) {
    return this.commonTopics(ctx, p.subjectId, p.projectId);
  }
}

@Resolver(() => NetworkNode)
export class NetworkNodeResolver extends GraphFields {
  @ResolveField(() => OrganisationModel)
  organisation(@Parent() n: NetworkNode, @Context() ctx: RequestContext) {
    return this.organisations.byId(ctx, n.organisationId);
  }
}

@Resolver(() => NetworkEdge)
export class NetworkEdgeResolver extends GraphFields {
  @ResolveField(() => OrganisationModel)
  source(@Parent() e: NetworkEdge, @Context() ctx: RequestContext) {
    return this.organisations.byId(ctx, e.sourceId);
  }

  @ResolveField(() => OrganisationModel)
  target(@Parent() e: NetworkEdge, @Context() ctx: RequestContext) {
    return this.organisations.byId(ctx, e.targetId);
  }
}

export const GRAPH_FIELD_RESOLVERS = [
  SharedTopicResolver,
  SimilarProjectResolver,
  SimilarPairResolver,
  CooperationGapsResolver,
  ParticipationGapResolver,
  OverdueProjectResolver,
  RecommendedPartnerResolver,
  PartnerReasonsResolver,
  PriorWorkResolver,
  PriorProjectResolver,
  NetworkNodeResolver,
  NetworkEdgeResolver,
];
