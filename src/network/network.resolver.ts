import { Context, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { type RequestContext } from '../common/loader-registry';
import { ValidArgs } from '../common/validation';
import { CooperationCommitment, ReuseLink } from '../cooperation/cooperation-commitment.entity';
import { CooperationService } from '../cooperation/cooperation.service';
import { JointAuthorityModel, OrganisationModel } from '../organisations/organisation.model';
import { OrganisationsService } from '../organisations/organisations.service';
import { Project } from '../projects/project.entity';
import { ProjectsService } from '../projects/projects.service';
import {
  CollaborationPathArgs,
  CooperationGapsArgs,
  NetworkArgs,
  PartnersOfPartnersArgs,
  ProjectPageArgs,
  RecommendedPartnersArgs,
  SharedTopicsArgs,
  SimilarProjectsArgs,
} from './dto/network.args';
import {
  CollaborationPathResult,
  CooperationGaps,
  LinkKind,
  NetworkLink,
  NetworkPath,
  NetworkView,
  PartnerReach,
  PartnerReachConnection,
  PartnerRecommendations,
  PriorWork,
  TopicOverlap,
  RecommendedPartner,
  SharedTopic,
  SimilarProject,
} from './network.models';
import { NetworkService } from './network.service';

@Resolver()
export class NetworkResolver {
  constructor(private readonly service: NetworkService) {}

  @Query(() => PartnerReachConnection, {
    description:
      'Organisations reachable from one organisation within maxDepth links (1–4), nearest first, then by the number of shortest paths. The start is excluded. Pages of at most 100; at most 5 example paths each. Cost: 10 × 2^(maxDepth − 1) for the search + first × the selection (docs/limits.md).',
  })
  partnersOfPartners(@ValidArgs() args: PartnersOfPartnersArgs, @Context() ctx: RequestContext) {
    return this.service.partnersOfPartners(ctx, args);
  }

  @Query(() => CollaborationPathResult, {
    description:
      'One shortest path between two organisations within maxDepth links (1–4), or why there is none. Cost: 10 × 2^(maxDepth − 1) + the selection (docs/limits.md).',
  })
  collaborationPath(@ValidArgs() args: CollaborationPathArgs, @Context() ctx: RequestContext) {
    return this.service.collaborationPath(ctx, args);
  }

  @Query(() => [SharedTopic], {
    description:
      'Topics two projects or two organisations (all their projects) share, with the projects on each side.',
    deprecationReason:
      'Use topicOverlap, which also says whether the participant lists behind an organisation side are complete.',
  })
  async sharedTopics(@ValidArgs() args: SharedTopicsArgs, @Context() ctx: RequestContext) {
    return (await this.service.topicOverlap(ctx, args)).topics;
  }

  @Query(() => TopicOverlap, {
    description:
      "Topics two projects or two organisations (all their projects) share, with the projects on each side, and whether an organisation side's project list may be incomplete.",
  })
  topicOverlap(@ValidArgs() args: SharedTopicsArgs, @Context() ctx: RequestContext) {
    return this.service.topicOverlap(ctx, args);
  }

  @Query(() => [SimilarProject], {
    description:
      'Projects ranked by similarity to one project (topic overlap and title similarity); at most 100. Cost: 10 + first × the selection (docs/limits.md).',
  })
  similarProjects(@ValidArgs() args: SimilarProjectsArgs, @Context() ctx: RequestContext) {
    return this.service.similarProjects(ctx, args);
  }

  @Query(() => CooperationGaps, {
    description:
      'Compliance with the cooperation duty and rules of a programme: similar pairs without an active commitment, too few participants, overdue projects. Cost: 20 + max(first, 10)/10 × the selection (docs/limits.md).',
  })
  cooperationGaps(@ValidArgs() args: CooperationGapsArgs) {
    return this.service.cooperationGaps(args);
  }

  @Query(() => [RecommendedPartner], {
    description:
      'Organisations that are not yet partners of an organisation or a project, ranked, with reasons; at most 100. Cost: 20 (a two-link search) + first × the selection (docs/limits.md).',
    deprecationReason:
      'Use recommendations, which also says whether the data the ranking rests on is complete.',
  })
  async recommendedPartners(
    @ValidArgs() args: RecommendedPartnersArgs,
    @Context() ctx: RequestContext,
  ) {
    return (await this.service.recommendedPartners(ctx, args)).partners;
  }

  @Query(() => PartnerRecommendations, {
    description:
      'recommendedPartners, with what the recommendation rests on (complete, incompleteProjectCount, asOf, engine). Cost as recommendedPartners.',
  })
  recommendations(@ValidArgs() args: RecommendedPartnersArgs, @Context() ctx: RequestContext) {
    return this.service.recommendedPartners(ctx, args);
  }

  @Query(() => PriorWork, {
    description:
      "Earlier or parallel projects of other organisations on the same topics, and the project's reuse links. Cost: 10 + first/10 × the selection (docs/limits.md).",
  })
  priorWork(@ValidArgs() args: ProjectPageArgs, @Context() ctx: RequestContext) {
    return this.service.priorWork(ctx, args);
  }

  @Query(() => NetworkView, {
    description: `Organisations and links for drawing, with degree, component and broker score. At most maxNodes (≤ 5000) nodes. Cost: 10 + maxNodes/10 × the selection (docs/limits.md).`,
  })
  network(@ValidArgs() args: NetworkArgs) {
    return this.service.network(args);
  }
}

@Resolver(() => PartnerReach)
export class PartnerReachResolver {
  constructor(private readonly organisations: OrganisationsService) {}

  @ResolveField(() => OrganisationModel)
  organisation(@Parent() r: PartnerReach, @Context() ctx: RequestContext) {
    return this.organisations.byId(ctx, r.organisationId);
  }

  @ResolveField(() => [NetworkPath], {
    description: 'Example shortest paths from the start (as many as asked, at most 5).',
  })
  examplePaths(@Parent() r: PartnerReach) {
    return r.examplePaths();
  }
}

@Resolver(() => NetworkPath)
export class NetworkPathResolver {
  constructor(private readonly organisationService: OrganisationsService) {}

  @ResolveField(() => [OrganisationModel], { description: 'From the start to the end.' })
  organisations(@Parent() p: NetworkPath, @Context() ctx: RequestContext) {
    return Promise.all(p.organisationIds.map((id) => this.organisationService.byId(ctx, id)));
  }
}

@Resolver(() => NetworkLink)
export class NetworkLinkResolver {
  constructor(
    private readonly projects: ProjectsService,
    private readonly cooperation: CooperationService,
    private readonly organisations: OrganisationsService,
  ) {}

  @ResolveField(() => Project, { nullable: true, description: 'PROJECT: the shared project.' })
  project(@Parent() l: NetworkLink, @Context() ctx: RequestContext) {
    return l.kind === LinkKind.PROJECT ? this.projects.byId(ctx, l.viaId) : null;
  }

  @ResolveField(() => CooperationCommitment, {
    nullable: true,
    description: 'COMMITMENT: the commitment.',
  })
  commitment(@Parent() l: NetworkLink, @Context() ctx: RequestContext) {
    return l.kind === LinkKind.COMMITMENT ? this.cooperation.commitmentById(ctx, l.viaId) : null;
  }

  @ResolveField(() => ReuseLink, { nullable: true, description: 'REUSE: the reuse link.' })
  reuseLink(@Parent() l: NetworkLink, @Context() ctx: RequestContext) {
    return l.kind === LinkKind.REUSE ? this.cooperation.reuseLinkById(ctx, l.viaId) : null;
  }

  @ResolveField(() => JointAuthorityModel, {
    nullable: true,
    description: 'MEMBERSHIP: the joint authority.',
  })
  jointAuthority(@Parent() l: NetworkLink, @Context() ctx: RequestContext) {
    return l.kind === LinkKind.MEMBERSHIP ? this.organisations.byId(ctx, l.viaId) : null;
  }

  @ResolveField(() => Project, {
    nullable: true,
    description:
      "COMMITMENT, REUSE: the previous organisation's project (PROJECT: the shared project).",
  })
  fromProject(@Parent() l: NetworkLink, @Context() ctx: RequestContext) {
    return l.fromProjectId === null ? null : this.projects.byId(ctx, l.fromProjectId);
  }

  @ResolveField(() => Project, {
    nullable: true,
    description: "COMMITMENT, REUSE: the next organisation's project.",
  })
  toProject(@Parent() l: NetworkLink, @Context() ctx: RequestContext) {
    return l.toProjectId === null ? null : this.projects.byId(ctx, l.toProjectId);
  }
}
