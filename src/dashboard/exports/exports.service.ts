import { Injectable } from '@nestjs/common';
import { BadInputError, DomainError } from '../../common/errors';
import { LoaderRegistry, type RequestContext } from '../../common/loader-registry';
import { ConnectionShape } from '../../common/pagination';
import { CooperationCommitment } from '../../cooperation/cooperation-commitment.entity';
import { CooperationService } from '../../cooperation/cooperation.service';
import { Region } from '../../organisations/region.entity';
import { MunicipalitiesService } from '../../municipalities/municipalities.service';
import { NetworkArgs } from '../../network/dto/network.args';
import { NetworkService } from '../../network/network.service';
import { Organisation } from '../../organisations/organisation.entity';
import { OrganisationsService } from '../../organisations/organisations.service';
import { Programme } from '../../programmes/programme.entity';
import { ProgrammesService } from '../../programmes/programmes.service';
import { ProjectFilter } from '../../projects/dto/projects.args';
import { ParticipantRole, Participation, Project } from '../../projects/project.entity';
import { ProjectsService } from '../../projects/projects.service';
import { Topic } from '../../topics/topic.entity';
import { organisationGlobalId } from './export-columns';
import { GraphEdgeRow, GraphNodeRow } from './graph-xml';

/** Projects per page read from the `projects` list; each page gets fresh loaders. */
export const EXPORT_PAGE_SIZE = 500;
/**
 * Most projects one export may cover. Memory stays at one page however large
 * the export; this bounds the time one download can keep the server busy
 * (about 200,000 projects take a minute, see docs/exports.md).
 */
export const MAX_EXPORT_PROJECTS = 250_000;

export interface ProjectRow {
  project: Project;
  programme: Programme | null;
  participants: Participation[];
  lead: Organisation | null;
  topics: Topic[];
}

export interface ParticipantRow {
  project: Project;
  participation: Participation;
  organisation: Organisation;
  region: Region | null;
}

export interface CommitmentRow {
  commitment: CooperationCommitment;
  projectA: Project | null;
  projectB: Project | null;
}

export interface NetworkFile {
  nodes: GraphNodeRow[];
  edges: GraphEdgeRow[];
}

/**
 * The rows of the exports. Every export reads the `projects` list query
 * (ProjectsService.list: the same filter, validation and SQL as GraphQL)
 * page by page along its keyset cursor, and fills the columns through the
 * same batched loaders as the GraphQL fields. Only one page is in memory at
 * a time, and the next page is read only when the client has taken the last.
 */
@Injectable()
export class ExportsService {
  constructor(
    private readonly projects: ProjectsService,
    private readonly programmes: ProgrammesService,
    private readonly organisations: OrganisationsService,
    private readonly municipalities: MunicipalitiesService,
    private readonly cooperation: CooperationService,
    private readonly network: NetworkService,
  ) {}

  /**
   * The projects matching the filter, a page at a time. The first page and the
   * size check run before this returns, so that an unknown programme or a bad
   * filter is a clean error response rather than a broken download.
   */
  private async projectPages(filter: ProjectFilter): Promise<AsyncIterable<Project[]>> {
    const read = (after?: string) => this.projects.list({ filter, first: EXPORT_PAGE_SIZE, after });
    let page: ConnectionShape<Project>;
    try {
      page = await read();
    } catch (e) {
      throw asQueryParameterError(e);
    }
    if (page.pageInfo.hasNextPage) {
      const total = await page.totalCount;
      if (total > MAX_EXPORT_PROJECTS) {
        throw new BadInputError(
          'filter',
          `matches ${total} projects; an export holds at most ${MAX_EXPORT_PROJECTS}, so narrow the filter`,
        );
      }
    }
    return (async function* () {
      for (;;) {
        yield page.edges.map((e) => e.node);
        if (!page.pageInfo.hasNextPage) return;
        page = await read(page.pageInfo.endCursor!);
      }
    })();
  }

  async projectRows(filter: ProjectFilter): Promise<AsyncIterable<ProjectRow[]>> {
    const pages = await this.projectPages(filter);
    return mapPages(pages, (projects, ctx) =>
      Promise.all(
        projects.map(async (project) => {
          const [programme, participants, topics] = await Promise.all([
            this.programmes.byId(ctx, project.programmeId),
            this.projects.participants(ctx, project.id),
            this.projects.topics(ctx, project.id),
          ]);
          const lead = participants.find((p) => p.role === ParticipantRole.LEAD);
          return {
            project,
            programme,
            participants,
            lead: lead ? await this.organisations.byId(ctx, lead.organisationId) : null,
            topics,
          };
        }),
      ),
    );
  }

  async participantRows(filter: ProjectFilter): Promise<AsyncIterable<ParticipantRow[]>> {
    const pages = await this.projectPages(filter);
    return mapPages(pages, async (projects, ctx) => {
      const perProject = await Promise.all(
        projects.map(async (project) => {
          const participations = await this.projects.participants(ctx, project.id);
          return Promise.all(
            participations.map(async (participation) => {
              const organisation = (await this.organisations.byId(
                ctx,
                participation.organisationId,
              ))!;
              const region = organisation.regionCode
                ? await this.municipalities.region(ctx, organisation.regionCode)
                : null;
              return { project, participation, organisation, region };
            }),
          );
        }),
      );
      return perProject.flat();
    });
  }

  /**
   * Commitments of the matching projects (Project.commitments), each once: a
   * commitment between two matching projects is written where it is first met.
   * Pages run in project id order, so remembering the ids written is enough.
   */
  async commitmentRows(filter: ProjectFilter): Promise<AsyncIterable<CommitmentRow[]>> {
    const pages = await this.projectPages(filter);
    const written = new Set<number>();
    return mapPages(pages, async (projects, ctx) => {
      const lists = await Promise.all(projects.map((p) => this.cooperation.commitments(ctx, p.id)));
      const fresh: CooperationCommitment[] = [];
      for (const c of lists.flat()) {
        if (written.has(c.id)) continue;
        written.add(c.id);
        fresh.push(c);
      }
      return Promise.all(
        fresh.map(async (commitment) => ({
          commitment,
          projectA: await this.projects.byId(ctx, commitment.projectAId),
          projectB: await this.projects.byId(ctx, commitment.projectBId),
        })),
      );
    });
  }

  /** The `network` query's nodes and edges, with the organisations' names (≤ maxNodes nodes). */
  async networkFile(args: NetworkArgs): Promise<NetworkFile> {
    const view = await this.network.network(args);
    const ctx: RequestContext = { loaders: new LoaderRegistry() };
    const orgs = await Promise.all(
      view.nodes.map((n) => this.organisations.byId(ctx, n.organisationId)),
    );
    const byId = new Map(orgs.filter((o): o is Organisation => o !== null).map((o) => [o.id, o]));
    const gid = (id: number) => organisationGlobalId(byId.get(id)!);
    return {
      nodes: view.nodes.map((n) => {
        const o = byId.get(n.organisationId)!;
        return {
          id: gid(o.id),
          nameFi: o.nameFi,
          nameSv: o.nameSv,
          kind: o.kind,
          code: o.code,
          regionCode: o.regionCode,
          degree: n.degree,
          component: n.componentId,
          brokerScore: n.brokerScore,
        };
      }),
      edges: view.edges.map((e, i) => ({
        id: `e${i}`,
        source: gid(e.sourceId),
        target: gid(e.targetId),
        weight: e.weight,
        kinds: e.kinds,
      })),
    };
  }
}

/**
 * The list names a bad filter field as in GraphQL ("filter.organisation"); on
 * these routes the filter fields are the query parameters themselves.
 */
function asQueryParameterError(e: unknown): unknown {
  const argument = e instanceof DomainError ? e.extensions.argument : undefined;
  if (
    !(e instanceof DomainError) ||
    typeof argument !== 'string' ||
    !argument.startsWith('filter.')
  )
    return e;
  return new BadInputError(
    argument.slice('filter.'.length),
    e.message.replace(`${argument}: `, ''),
  );
}

/** Turns each page into rows with loaders of its own, so nothing is cached beyond one page. */
async function* mapPages<T, R>(
  pages: AsyncIterable<T[]>,
  map: (page: T[], ctx: RequestContext) => Promise<R[]>,
): AsyncGenerator<R[]> {
  for await (const page of pages) {
    yield await map(page, { loaders: new LoaderRegistry() });
  }
}
