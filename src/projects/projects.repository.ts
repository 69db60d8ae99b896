import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type KeysetPage } from '../common/pagination';
import { rowsOf } from '../common/statements';
import { Organisation } from '../organisations/organisation.entity';
import { Region } from '../organisations/region.entity';
import { Topic } from '../topics/topic.entity';
import { Participation, Project, ProjectCategory, ProjectStatus } from './project.entity';
import {
  PROJECTS_SQL,
  type CountRow,
  type FilterKeysRow,
  type ParticipationRow,
  type ProjectRow,
  type TopicJson,
} from './sql/projects.statements';

/** The list filter with its keys resolved to ids; null means "no such filter". */
export interface ProjectListFilter {
  programmeId: number | null;
  category: ProjectCategory | null;
  status: ProjectStatus | null;
  topicId: number | null;
  /** Projects all of these organisations take part in. */
  organisationIds: number[] | null;
  search: string | null;
}

/** A topic as it sits on one project. */
export interface TopicOnProject {
  projectId: number;
  topic: Topic;
}

/**
 * The projects read side's access to PostgreSQL: the only holder of the DataSource here. Every
 * method sends one declared statement (sql/projects.statements.ts) and turns its typed rows into
 * the objects GraphQL serves. Rows become entity instances without TypeORM's hydration: the
 * prototype gives the getters (`__typename`, `grantKnown`), the row (itself) the values.
 */
@Injectable()
export class ProjectsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async byIds(ids: readonly number[]): Promise<Project[]> {
    return (await rowsOf(this.ds, PROJECTS_SQL.byIds, [[...ids]])).map(toProject);
  }

  async byListing(
    programme: string,
    category: ProjectCategory,
    position: number,
  ): Promise<Project | null> {
    const [row] = await rowsOf(this.ds, PROJECTS_SQL.byListing, [programme, category, position]);
    return row ? toProject(row) : null;
  }

  /** The ids of a list filter's programme code, topic slug and municipality code, in one statement. */
  async filterKeys(
    programme: string | null,
    topic: string | null,
    municipality: string | null,
  ): Promise<FilterKeysRow> {
    const [row] = await rowsOf(this.ds, PROJECTS_SQL.filterKeys, [programme, topic, municipality]);
    return row;
  }

  /** One keyset page by id (descending when backward). */
  async page(f: ProjectListFilter, page: KeysetPage<number>): Promise<Project[]> {
    const statement = page.backward ? PROJECTS_SQL.pageBackward : PROJECTS_SQL.pageForward;
    const rows = await rowsOf(this.ds, statement, [
      ...filterParams(f),
      page.after,
      page.before,
      page.limit,
    ]);
    return rows.map(toProject);
  }

  async count(f: ProjectListFilter): Promise<number> {
    const [row] = await rowsOf(this.ds, PROJECTS_SQL.count, filterParams(f));
    return row.n;
  }

  /**
   * Participants of the projects, lead first, each with its organisation (and a municipality's
   * region) attached, so that the nested levels need no statements of their own.
   */
  async participantsOf(projectIds: readonly number[]): Promise<Participation[]> {
    const rows = await rowsOf(this.ds, PROJECTS_SQL.participantsOfProjects, [[...projectIds]]);
    // One instance per organisation and region, however many projects they take part in.
    const organisations = new Map<number, Organisation>();
    const regions = new Map<string, Region>();
    const participations: Participation[] = [];
    for (const row of rows) {
      for (const json of row.participants) {
        let organisation = organisations.get(json.organisationId);
        if (!organisation) {
          organisation = adopt(json.organisation, Organisation.prototype);
          if (json.region) {
            let region = regions.get(json.region.code);
            if (!region) {
              region = adopt(json.region, Region.prototype);
              regions.set(region.code, region);
            }
            organisation.region = region;
          }
          organisations.set(json.organisationId, organisation);
        }
        const p = Object.create(Participation.prototype) as Participation;
        p.projectId = row.projectId;
        p.organisationId = json.organisationId;
        p.role = json.role;
        p.sourceKey = json.sourceKey;
        p.organisation = organisation;
        participations.push(p);
      }
    }
    return participations;
  }

  /** Participations of organisations, each with its project attached. */
  async participationsOf(
    organisationIds: readonly number[],
    limit: number,
  ): Promise<Participation[]> {
    const rows = await rowsOf(this.ds, PROJECTS_SQL.participationsOfOrganisations, [
      [...organisationIds],
      limit,
    ]);
    const projects = new Map<number, Project>();
    return rows.map(({ projectId, organisationId, role, sourceKey, ...projectRow }) => {
      let project = projects.get(projectId);
      if (!project) {
        project = toProject(projectRow);
        projects.set(projectId, project);
      }
      const p = toParticipation({ projectId, organisationId, role, sourceKey });
      p.project = project;
      return p;
    });
  }

  /**
   * Participations of organisations, each with its project attached and that project's topics
   * (by topic id) beside it: one statement for the three levels.
   */
  async participationsWithTopicsOf(
    organisationIds: readonly number[],
    limit: number,
  ): Promise<{ participations: Participation[]; topics: Map<Project, Topic[]> }> {
    const rows = await rowsOf(this.ds, PROJECTS_SQL.participationsOfOrganisationsWithTopics, [
      [...organisationIds],
      limit,
    ]);
    const projects = new Map<number, Project>();
    const topicsOf = new Map<Project, Topic[]>();
    const topicById = new Map<number, Topic>();
    const participations = rows.map(
      ({ projectId, organisationId, role, sourceKey, topics, ...projectRow }) => {
        let project = projects.get(projectId);
        if (!project) {
          project = toProject(projectRow);
          projects.set(projectId, project);
          topicsOf.set(
            project,
            topics.map((json) => sharedTopic(topicById, json)),
          );
        }
        const p = toParticipation({ projectId, organisationId, role, sourceKey });
        p.project = project;
        return p;
      },
    );
    return { participations, topics: topicsOf };
  }

  participationCounts(organisationIds: readonly number[]): Promise<CountRow[]> {
    return rowsOf(this.ds, PROJECTS_SQL.participationCounts, [[...organisationIds]]);
  }

  async topicsOf(projectIds: readonly number[]): Promise<TopicOnProject[]> {
    const rows = await rowsOf(this.ds, PROJECTS_SQL.topicsOfProjects, [[...projectIds]]);
    // One instance per topic, however many projects carry it.
    const topics = new Map<number, Topic>();
    const found: TopicOnProject[] = [];
    for (const row of rows)
      for (const json of row.topics)
        found.push({ projectId: row.projectId, topic: sharedTopic(topics, json) });
    return found;
  }

  projectCounts(by: 'topic' | 'programme', ids: readonly number[]): Promise<CountRow[]> {
    const statement =
      by === 'topic' ? PROJECTS_SQL.projectCountsByTopic : PROJECTS_SQL.projectCountsByProgramme;
    return rowsOf(this.ds, statement, [[...ids]]);
  }
}

function filterParams(
  f: ProjectListFilter,
): [
  number | null,
  ProjectCategory | null,
  ProjectStatus | null,
  number | null,
  number[] | null,
  string | null,
] {
  return [f.programmeId, f.category, f.status, f.topicId, f.organisationIds, f.search];
}

/** One Topic instance per topic id, however many projects carry it. */
function sharedTopic(topics: Map<number, Topic>, json: TopicJson): Topic {
  let topic = topics.get(json.id);
  if (!topic) {
    topic = adopt(json, Topic.prototype);
    topics.set(json.id, topic);
  }
  return topic;
}

function toProject(row: ProjectRow): Project {
  return adopt(row, Project.prototype);
}

/**
 * Gives a freshly parsed row (or JSON object, nobody else's) the entity's prototype in place,
 * instead of copying it into a new object: one allocation less per row, which is most of what
 * the garbage collector does on a page (docs/benchmarks.md).
 */
function adopt<R extends object, T>(row: R, prototype: T): T {
  return Object.setPrototypeOf(row, prototype as object) as T;
}

function toParticipation(row: ParticipationRow): Participation {
  const p = Object.create(Participation.prototype) as Participation;
  p.projectId = row.projectId;
  p.organisationId = row.organisationId;
  p.role = row.role;
  p.sourceKey = row.sourceKey;
  return p;
}
