import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../common/errors';
import { expectGlobalId } from '../common/global-id';
import { groupBy, indexBy, type RequestContext } from '../common/loader-registry';
import { ConnectionShape, keysetConnection } from '../common/pagination';
import { OrganisationsService } from '../organisations/organisations.service';
import { Topic } from '../topics/topic.entity';
import { ProjectByListingArgs, ProjectsArgs } from './dto/projects.args';
import { Participation, Project } from './project.entity';
import { ProjectsRepository, type ProjectListFilter } from './projects.repository';

/** Nested levels of a page's projects, read before GraphQL walks the page. */
export interface PreloadedLevels {
  participants?: Participation[];
  topics?: Topic[];
}

/**
 * The rules of reading projects: what is NOT_FOUND, how a list is filtered and paged, and
 * which reads are batched per request (every nested field goes through a DataLoader, so a
 * page costs one statement per level however long it is). The SQL is in ProjectsRepository.
 */
@Injectable()
export class ProjectsService {
  constructor(
    private readonly repository: ProjectsRepository,
    private readonly organisations: OrganisationsService,
  ) {}

  byId(ctx: RequestContext, id: number): Promise<Project | null> {
    return this.byIdLoader(ctx).load(id);
  }

  private byIdLoader(ctx: RequestContext) {
    return ctx.loaders.get<number, Project | null>('projectById', async (ids) =>
      indexBy(ids, await this.repository.byIds(ids), (p) => p.id),
    );
  }

  async require(ctx: RequestContext, id: number): Promise<Project> {
    const found = await this.byId(ctx, id);
    if (!found) throw new NotFoundError('Project', id);
    return found;
  }

  async byListing(args: ProjectByListingArgs): Promise<Project> {
    const found = await this.repository.byListing(args.programme, args.category, args.position);
    if (!found)
      throw new NotFoundError('Project', `${args.programme}/${args.category}/${args.position}`);
    return found;
  }

  /** Ordered by id (the published list order for the dataset). Unknown filter keys are NOT_FOUND. */
  async list(args: ProjectsArgs): Promise<ConnectionShape<Project>> {
    const filter = await this.resolveFilter(args);
    return keysetConnection(
      args,
      'number',
      (p: Project) => p.id,
      (page) => this.repository.page(filter, page),
      () => this.repository.count(filter),
    );
  }

  /** The filter's keys as ids, NOT_FOUND for an unknown one; one statement, only when keys are given. */
  private async resolveFilter(args: ProjectsArgs): Promise<ProjectListFilter> {
    const f = args.filter ?? {};
    const organisationIds: number[] = [];
    let programmeId: number | null = null;
    let topicId: number | null = null;
    if (f.programme || f.topic || f.municipality) {
      const keys = await this.repository.filterKeys(
        f.programme ?? null,
        f.topic ?? null,
        f.municipality ?? null,
      );
      if (f.programme && keys.programmeId === null)
        throw new NotFoundError('Programme', f.programme);
      if (f.topic && keys.topicId === null) throw new NotFoundError('Topic', f.topic);
      if (f.municipality && keys.municipalityId === null)
        throw new NotFoundError('Municipality', f.municipality);
      programmeId = keys.programmeId;
      topicId = keys.topicId;
      if (keys.municipalityId !== null) organisationIds.push(keys.municipalityId);
    }
    if (f.organisation) {
      organisationIds.push(
        expectGlobalId(f.organisation, ['Municipality', 'JointAuthority'], 'filter.organisation'),
      );
    }
    return {
      programmeId,
      category: f.category ?? null,
      status: f.status ?? null,
      topicId,
      organisationIds: organisationIds.length ? organisationIds : null,
      search: f.search ?? null,
    };
  }

  /**
   * Reads the nested levels a page selects (participants, lead, topics) through the same
   * per-request loaders, before GraphQL walks the page: its fields then answer from memory
   * instead of making a promise per project and field. A level that fails is left to its
   * field, which then reports the error in its place.
   */
  async preload(
    ctx: RequestContext,
    projects: Project[],
    fields: ReadonlySet<string>,
  ): Promise<void> {
    if (projects.length === 0) return;
    const ids = projects.map((p) => p.id);
    const wantParticipants = fields.has('participants') || fields.has('lead');
    const [participants, topics] = await Promise.all([
      wantParticipants ? this.participantsLoader(ctx).loadMany(ids) : undefined,
      fields.has('topics') ? this.topicsLoader(ctx).loadMany(ids) : undefined,
    ]);
    projects.forEach((p, i) => {
      const levels: PreloadedLevels = {};
      const ps = participants?.[i];
      const ts = topics?.[i];
      if (Array.isArray(ps)) levels.participants = ps;
      if (Array.isArray(ts)) levels.topics = ts;
      preloadedLevels.set(p, levels);
    });
  }

  /** What `preload` read for this project, if anything. */
  preloaded(project: Project): PreloadedLevels | undefined {
    return preloadedLevels.get(project);
  }

  /** Participants of a project, lead first, with their organisations; batched per request. */
  participants(ctx: RequestContext, projectId: number): Promise<Participation[]> {
    return this.participantsLoader(ctx).load(projectId);
  }

  private participantsLoader(ctx: RequestContext) {
    return ctx.loaders.get<number, Participation[]>('participationsByProject', async (ids) => {
      const rows = await this.repository.participantsOf(ids);
      // Read in the same statement; later lookups of these organisations in the request hit the cache.
      this.organisations.prime(
        ctx,
        rows.map((r) => r.organisation!),
      );
      return groupBy(ids, rows, (r) => r.projectId);
    });
  }

  /**
   * Projects an organisation takes part in, at most `limit` each, batched per request; with
   * `withTopics` (the selection asks for the projects' topics) the topics come in the same
   * statement, and the project's `topics` field answers from memory.
   */
  participations(
    ctx: RequestContext,
    organisationId: number,
    limit: number,
    withTopics = false,
  ): Promise<Participation[]> {
    const name = `participationsByOrganisation:${limit}${withTopics ? ':topics' : ''}`;
    return ctx.loaders
      .get<number, Participation[]>(name, async (ids) => {
        let rows: Participation[];
        if (withTopics) {
          const read = await this.repository.participationsWithTopicsOf(ids, limit);
          for (const [project, topics] of read.topics) preloadedLevels.set(project, { topics });
          rows = read.participations;
        } else rows = await this.repository.participationsOf(ids, limit);
        // Read in the same statement; later lookups of these projects in the request hit the cache.
        const byId = this.byIdLoader(ctx);
        for (const r of rows) byId.prime(r.projectId, r.project!);
        return groupBy(ids, rows, (r) => r.organisationId);
      })
      .load(organisationId);
  }

  participationCount(ctx: RequestContext, organisationId: number): Promise<number> {
    return ctx.loaders
      .get<number, number>('participationCountByOrganisation', async (ids) =>
        countsIn(ids, await this.repository.participationCounts(ids)),
      )
      .load(organisationId);
  }

  topics(ctx: RequestContext, projectId: number): Promise<Topic[]> {
    return this.topicsLoader(ctx).load(projectId);
  }

  private topicsLoader(ctx: RequestContext) {
    return ctx.loaders.get<number, Topic[]>('topicsByProject', async (ids) =>
      groupBy(ids, await this.repository.topicsOf(ids), (r) => r.projectId).map((g) =>
        g.map((r) => r.topic),
      ),
    );
  }

  /** Number of projects per topic or per programme, batched per request. */
  countBy(ctx: RequestContext, by: 'topic' | 'programme', id: number): Promise<number> {
    return ctx.loaders
      .get<number, number>(`projectCountBy:${by}`, async (ids) =>
        countsIn(ids, await this.repository.projectCounts(by, ids)),
      )
      .load(id);
  }
}

/** Keyed by the page's own project objects, so it lives exactly as long as the request's page. */
const preloadedLevels = new WeakMap<Project, PreloadedLevels>();

/** Counts in the order of `ids`, 0 where a key has no row. */
function countsIn(ids: readonly number[], rows: { id: number; n: number }[]): number[] {
  const byId = new Map(rows.map((r) => [r.id, r.n]));
  return ids.map((id) => byId.get(id) ?? 0);
}
