import { Injectable } from '@nestjs/common';
import { BadInputError, NotFoundError } from '../common/errors';
import { expectGlobalId, fromGlobalId } from '../common/global-id';
import { type RequestContext } from '../common/loader-registry';
import { COMMITTED_STATUSES } from '../cooperation/commitment-rules';
import { CommitmentStatus } from '../cooperation/cooperation.enums';
import { CooperationService } from '../cooperation/cooperation.service';
import { OrganisationsService } from '../organisations/organisations.service';
import { Organisation } from '../organisations/organisation.entity';
import { Project } from '../projects/project.entity';
import { ProjectsService } from '../projects/projects.service';
import { TopicsService } from '../topics/topics.service';
import { LinkSource, NetworkPath as PathData, Reach, shortestPath } from './breadth-first';
import { GraphIndexService } from './graph-index.service';
import { NetworkRepository } from './network.repository';
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
import { lazyGraphMetrics } from './graph-metrics';
import {
  CollaborationPathResult,
  CooperationGaps,
  GraphEngine,
  NetworkEdge,
  NetworkNode,
  NetworkPath,
  NetworkView,
  OverdueReason,
  PartnerReach,
  PartnerReachConnection,
  PartnerRecommendations,
  PriorWork,
  RecommendedPartner,
  SharedTopic,
  SimilarProject,
  TopicOverlap,
} from './network.models';
import { ALL_LINK_KINDS } from './sql/organisation-edges.sql';
import { networkEdgesFromIndex } from './network-view';
import { ProgrammesService } from '../programmes/programmes.service';

type ReachCursor = [distance: number, paths: number, org: number];

/** A search's path as the GraphQL object (its length is a field). */
const asPath = (p: PathData): NetworkPath => Object.assign(new NetworkPath(), p);

/** recommendedPartners stops widening its search past this many organisations. */
const MAX_RECOMMENDATION_REACH = 5000;

function encodeReachCursor(c: ReachCursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function decodeReachCursor(cursor: string): ReachCursor {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(v) &&
      v.length === 3 &&
      v.every((x) => typeof x === 'number' && Number.isFinite(x))
    ) {
      return v as ReachCursor;
    }
  } catch {
    // fall through
  }
  throw new BadInputError('after', 'is not a valid cursor');
}

/** Result order: nearest first, then most shortest routes, then id. */
function isAfter(r: { distance: number; paths: number; org: number }, c: ReachCursor): boolean {
  return r.distance !== c[0] ? r.distance > c[0] : r.paths !== c[1] ? r.paths < c[1] : r.org > c[2];
}

@Injectable()
export class NetworkService {
  constructor(
    private readonly organisations: OrganisationsService,
    private readonly projects: ProjectsService,
    private readonly graph: GraphIndexService,
    private readonly cooperation: CooperationService,
    private readonly repo: NetworkRepository,
    private readonly programmes: ProgrammesService,
    private readonly topics: TopicsService,
  ) {}

  /** A commitment between the two projects has one of `statuses` (through the per-request loader). */
  private async commitmentBetween(
    ctx: RequestContext,
    a: number,
    b: number,
    statuses: readonly CommitmentStatus[],
  ): Promise<boolean> {
    const commitments = await this.cooperation.commitments(ctx, a);
    return commitments.some(
      (c) => statuses.includes(c.status) && (c.projectAId === b || c.projectBId === b),
    );
  }

  /** The two projects are committed to cooperate (COMMITTED_STATUSES: ACTIVE or FULFILLED). */
  committed(ctx: RequestContext, a: number, b: number): Promise<boolean> {
    return this.commitmentBetween(ctx, a, b, COMMITTED_STATUSES);
  }

  /** The deprecated field's documented meaning: an ACTIVE commitment only. */
  hasActiveCommitment(ctx: RequestContext, a: number, b: number): Promise<boolean> {
    return this.commitmentBetween(ctx, a, b, [CommitmentStatus.ACTIVE]);
  }

  /** The engine answering one request, and what its answers say about their data. */
  private answer(links: LinkSource, incomplete: number | Promise<number>) {
    const count = Promise.resolve(incomplete);
    return {
      engine: links.engine === 'INDEX' ? GraphEngine.INDEX : GraphEngine.SQL,
      asOf: links.asOf,
      incompleteProjectCount: count,
      complete: count.then((n) => n === 0),
    };
  }

  async projectArg(ctx: RequestContext, id: string, argument: string): Promise<Project> {
    const key = expectGlobalId(id, ['Project'], argument);
    const found = await this.projects.byId(ctx, key);
    if (!found) throw new NotFoundError('Project', id);
    return found;
  }

  /** The projects a side of sharedTopics stands for: the project itself, or all of an organisation's. */
  private async projectsOfSide(
    ctx: RequestContext,
    id: string,
    argument: string,
  ): Promise<number[]> {
    const { type } = fromGlobalId(id, argument);
    if (type === 'Project') return [(await this.projectArg(ctx, id, argument)).id];
    const org = await this.organisationArg(ctx, id, argument);
    return this.repo.projectsOfOrganisation(org.id);
  }

  /** An organisation id argument: decoded, and NOT_FOUND unless it exists. */
  async organisationArg(ctx: RequestContext, id: string, argument: string): Promise<Organisation> {
    const key = expectGlobalId(id, ['Municipality', 'JointAuthority'], argument);
    const found = await this.organisations.byId(ctx, key);
    if (!found) throw new NotFoundError('Organisation', id);
    return found;
  }

  async partnersOfPartners(
    ctx: RequestContext,
    args: PartnersOfPartnersArgs,
  ): Promise<PartnerReachConnection> {
    const start = await this.organisationArg(ctx, args.organisation, 'organisation');
    const after = args.after != null ? decodeReachCursor(args.after) : undefined;
    const links = this.graph.links();
    const reach = new Reach(links, start.id, args.maxDepth, args.via);
    // Levels are computed only until the page (plus one, for hasNextPage) is full.
    const { rows: page, hasMore } = await reach.page(
      args.first,
      after ? (r) => isAfter(r, after) : undefined,
    );
    let paths: Promise<Map<number, PathData[]>> | undefined;
    const pagePaths = () =>
      (paths ??= reach.examplePaths(
        page.map((r) => r.org),
        args.examplePaths,
      ));
    const edges = page.map((r) => ({
      cursor: encodeReachCursor([r.distance, r.paths, r.org]),
      node: Object.assign(new PartnerReach(), {
        organisationId: r.org,
        distance: r.distance,
        shortestPathCount: r.paths,
        examplePaths: async () => ((await pagePaths()).get(r.org) ?? []).map(asPath),
      }),
    }));
    let total: Promise<number> | undefined;
    let incomplete: Promise<number> | undefined;
    // The whole reach to maxDepth is what totalCount and completeness describe; computed when selected.
    const whole = () => (total ??= reach.totalCount());
    const basis = () => (incomplete ??= whole().then(() => reach.incompleteProjects()));
    const { engine, asOf } = this.answer(links, 0);
    const connection = Object.assign(new PartnerReachConnection(), {
      edges,
      pageInfo: {
        hasNextPage: hasMore,
        hasPreviousPage: after !== undefined,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges[edges.length - 1]?.cursor ?? null,
      },
      engine,
      asOf,
    });
    // Getters defined after Object.assign, which would read (and so compute) them: the
    // whole reach is searched only when one of these fields is selected.
    return Object.defineProperties(connection, {
      totalCount: { get: whole, enumerable: true },
      incompleteProjectCount: { get: basis, enumerable: true },
      complete: { get: () => basis().then((n) => n === 0), enumerable: true },
    });
  }

  async collaborationPath(
    ctx: RequestContext,
    args: CollaborationPathArgs,
  ): Promise<CollaborationPathResult> {
    const [from, to] = await Promise.all([
      this.organisationArg(ctx, args.from, 'from'),
      this.organisationArg(ctx, args.to, 'to'),
    ]);
    const links = this.graph.links();
    const expanded: number[] = [];
    const found = await shortestPath(links, from.id, to.id, args.maxDepth, args.via, expanded);
    // What the search read: the projects of every organisation it expanded.
    const incomplete = await links.incompleteProjects([...new Set(expanded)], args.via);
    const basis = this.answer(links, incomplete);
    const none = `No path of at most ${args.maxDepth} links (${args.via.join(', ')}) joins the two organisations`;
    return Object.assign(new CollaborationPathResult(), {
      ...basis,
      incompleteProjectCount: incomplete,
      complete: incomplete === 0,
      ...(found
        ? { path: asPath(found), distance: found.links.length, reason: null }
        : {
            path: null,
            distance: null,
            reason:
              incomplete === 0
                ? none
                : `${none} in the recorded data, which is incomplete: ${incomplete} of the projects searched have incomplete participant lists, so a path may exist`,
          }),
    });
  }

  async topicOverlap(ctx: RequestContext, args: SharedTopicsArgs): Promise<TopicOverlap> {
    const [a, b] = await Promise.all([
      this.projectsOfSide(ctx, args.a, 'a'),
      this.projectsOfSide(ctx, args.b, 'b'),
    ]);
    const rows = await this.repo.topicOverlap(a, b);
    // An organisation side's projects are the ones listing it: a project whose participant list
    // is incomplete and does not list it may still be one of its projects.
    const orgSides = [args.a, args.b].filter((id) => fromGlobalId(id, 'a').type !== 'Project');
    let incomplete = 0;
    if (orgSides.length) {
      const ids = await Promise.all(
        orgSides.map(async (id) => (await this.organisationArg(ctx, id, 'a')).id),
      );
      incomplete = await this.repo.incompleteWithout([...new Set(ids)]);
    }
    return Object.assign(new TopicOverlap(), {
      engine: GraphEngine.SQL,
      asOf: new Date(),
      complete: incomplete === 0,
      incompleteProjectCount: incomplete,
      topics: rows.map((r) =>
        Object.assign(new SharedTopic(), {
          topicId: r.topic_id,
          projectIdsA: r.a,
          projectIdsB: r.b,
        }),
      ),
    });
  }

  async similarProjects(ctx: RequestContext, args: SimilarProjectsArgs): Promise<SimilarProject[]> {
    const project = await this.projectArg(ctx, args.project, 'project');
    const rows = await this.repo.similarProjects(project.id, args.minScore, args.first);
    return rows.map((r) =>
      Object.assign(new SimilarProject(), {
        subjectId: project.id,
        projectId: r.id,
        score: r.score,
        topicScore: r.topic_score,
        textScore: r.text_score,
      }),
    );
  }

  async cooperationGaps(args: CooperationGapsArgs): Promise<CooperationGaps> {
    const programme = await this.programmes.byCode(args.programme);
    const asOf = args.asOf ?? new Date().toISOString().slice(0, 10);
    const [pairs, counts, overdue] = await Promise.all([
      this.repo.uncommittedSimilarPairs(programme.id, args.threshold, args.first),
      this.repo.participantCounts(programme.id),
      this.repo.overdue(programme.id, asOf),
    ]);
    return Object.assign(new CooperationGaps(), {
      programmeId: programme.id,
      similarPairCount: pairs[0]?.total ?? 0,
      similarPairs: pairs.map((r) => ({
        projectAId: r.a,
        projectBId: r.b,
        score: r.score,
        topicScore: r.topic_score,
        textScore: r.text_score,
      })),
      tooFewParticipants: counts
        .filter(
          (r) =>
            r.participants_known &&
            programme.minParticipants !== null &&
            r.participants < programme.minParticipants,
        )
        .map((r) => ({
          projectId: r.id,
          participants: r.participants,
          required: programme.minParticipants,
        })),
      unknownParticipantIds: counts.filter((r) => !r.participants_known).map((r) => r.id),
      overdue: overdue.map((r) => ({
        projectId: r.id,
        deadline: r.deadline,
        reason:
          r.status === 'ACTIVE'
            ? OverdueReason.NOT_COMPLETED
            : OverdueReason.NO_COMPLETION_RECORDED,
      })),
    });
  }

  /**
   * Organisations that are not yet partners of the subject (an organisation,
   * or a project's participants), ranked by the documented score. Candidates:
   * organisations working on the subject's topics, and organisations 2–3
   * links away.
   */
  async recommendedPartners(
    ctx: RequestContext,
    args: RecommendedPartnersArgs,
  ): Promise<PartnerRecommendations> {
    // An explicit null is the same as leaving the argument out.
    if ((args.organisation == null) === (args.project == null)) {
      throw new BadInputError('organisation', 'give exactly one of organisation and project');
    }
    let subject: number[];
    let topicProjects: number[];
    if (args.organisation != null) {
      const org = await this.organisationArg(ctx, args.organisation, 'organisation');
      subject = [org.id];
      topicProjects = await this.projectsOfSide(ctx, args.organisation, 'organisation');
    } else {
      const project = await this.projectArg(ctx, args.project!, 'project');
      subject = (await this.projects.participants(ctx, project.id)).map((p) => p.organisationId);
      topicProjects = [project.id];
    }
    // Distance counts up to 3 links; the third level is only expanded while the reach is
    // small, so that a subject next to a hub does not search most of the network.
    const links = this.graph.links();
    const reach = new Reach(links, subject, 3, ALL_LINK_KINDS);
    await reach.expandUntil((count) => count > MAX_RECOMMENDATION_REACH);
    const candidates = await this.repo.recommendationCandidates(
      subject,
      topicProjects,
      reach.idsAt([2, 3]),
    );
    const scored = candidates
      .filter((c) => !c.partner && !subject.includes(c.org))
      .map((c) => {
        const distance = reach.distanceOf(c.org);
        const closeness = distance === 2 ? 1 : distance === 3 ? 0.5 : 0;
        const score =
          0.5 * c.topic_share + 0.25 * closeness + 0.15 * +c.same_region + 0.1 * +c.same_language;
        return { ...c, distance: distance !== undefined && distance >= 2 ? distance : null, score };
      })
      .sort((a, b) => b.score - a.score || a.org - b.org)
      .slice(0, args.first);
    const paths = await reach.examplePaths(
      scored.filter((c) => c.distance !== null).map((c) => c.org),
      1,
    );
    // The ranking rests on the subject's projects (topics, current partners) and the search.
    const own = await this.repo.incompleteAmong(topicProjects);
    const searched = await reach.incompleteProjects();
    const partners = scored.map((c) =>
      Object.assign(new RecommendedPartner(), {
        organisationId: c.org,
        score: c.score,
        reasons: {
          sharedTopicIds: c.topic_ids,
          distance: c.distance,
          path: ((p) => (p ? asPath(p) : null))(paths.get(c.org)?.[0]),
          sameRegion: c.same_region,
          sameLanguage: c.same_language,
        },
      }),
    );
    // The subject's projects are among the searched ones (its organisations are expanded first),
    // except a project with no listed participants: the larger count is the union.
    const incomplete = Math.max(own, searched);
    return Object.assign(new PartnerRecommendations(), {
      ...this.answer(links, incomplete),
      incompleteProjectCount: incomplete,
      complete: incomplete === 0,
      partners,
    });
  }

  /**
   * Projects of other organisations (no shared participant) on the same
   * topics, earlier or parallel, best first; the project's reuse links are
   * a field of the result.
   */
  async priorWork(ctx: RequestContext, args: ProjectPageArgs): Promise<PriorWork> {
    const project = await this.projectArg(ctx, args.project, 'project');
    // Earlier or parallel projects of others on the same topics (sql/network.statements.ts).
    const rows = await this.repo.priorWork(project.id, 0.000001, args.first);
    // Prior work is judged by "no shared participant": incomplete lists of the project or of a result may hide one.
    const incomplete = await this.repo.incompleteAmong([project.id, ...rows.map((r) => r.id)]);
    return Object.assign(new PriorWork(), {
      engine: GraphEngine.SQL,
      asOf: new Date(),
      incompleteProjectCount: incomplete,
      complete: incomplete === 0,
      projectId: project.id,
      projects: rows.map((r) => ({
        subjectId: project.id,
        projectId: r.id,
        relation: r.extra,
        score: r.score,
      })),
    });
  }

  /** The network for drawing: organisations of the selected projects and their links, with metrics. */
  async network(args: NetworkArgs): Promise<NetworkView> {
    let programmeId: number | null = null;
    let topicId: number | null = null;
    // An explicit null (a GraphQL variable left empty) means "any", as an absent argument does.
    if (args.programme != null) {
      const programme = await this.programmes.byCode(args.programme);
      programmeId = programme.id;
    }
    if (args.topic != null) {
      topicId = (await this.topics.bySlug(args.topic)).id;
    }
    const filter = { programmeId, topicId, region: args.region ?? null };
    const ids = await this.repo.networkNodes(filter, args.maxNodes + 1);
    if (ids.length > args.maxNodes) {
      throw new BadInputError(
        'maxNodes',
        `the network has more than ${args.maxNodes} organisations; narrow the filter`,
      );
    }
    const index = this.graph.current;
    const links = this.graph.links();
    // The index joins the members' links in memory; SQL aggregates them in the database.
    const [edges, incomplete] = await Promise.all([
      index
        ? this.repo.networkMembers(filter).then((members) => networkEdgesFromIndex(index, members))
        : this.repo.networkEdges(filter),
      this.repo.networkIncomplete(filter),
    ]);
    // Betweenness is most of the work; it runs only if brokerScore is read.
    const metrics = lazyGraphMetrics(
      ids,
      edges.map((e) => [e.a, e.b]),
    );
    return Object.assign(new NetworkView(), {
      ...this.answer(links, incomplete),
      incompleteProjectCount: incomplete,
      complete: incomplete === 0,
      componentCount: metrics.componentCount,
      nodes: ids.map((org) =>
        Object.assign(new NetworkNode(), {
          organisationId: org,
          degree: metrics.degree.get(org) ?? 0,
          componentId: metrics.component.get(org) ?? 0,
          betweenness: metrics.betweenness,
        }),
      ),
      edges: edges.map((e) =>
        Object.assign(new NetworkEdge(), {
          sourceId: e.a,
          targetId: e.b,
          weight: e.weight,
          kinds: e.kinds,
        }),
      ),
    });
  }
}
