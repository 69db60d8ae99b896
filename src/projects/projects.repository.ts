import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type KeysetPage } from '../common/pagination';
import { rowsOf } from '../common/statements';
import { Organisation } from '../organisations/organisation.entity';
import { Region } from '../municipalities/region.entity';
import { Topic } from '../topics/topic.entity';
import { Participation, Project, ProjectCategory, ProjectStatus } from './project.entity';
import {
  PROJECTS_SQL,
  type CountRow,
  type FilterKeysRow,
  type ParticipantRow,
  type ParticipationRow,
  type ProjectRow,
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
 * prototype gives the getters (`__typename`, `grantKnown`), the row the values.
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
    const organisations = new Map<number, Organisation>();
    const regions = new Map<string, Region>();
    return rows.map((row) => {
      let organisation = organisations.get(row.organisationId);
      if (!organisation) {
        organisation = toOrganisation(row, regions);
        organisations.set(row.organisationId, organisation);
      }
      const participation = toParticipation(row);
      participation.organisation = organisation;
      return participation;
    });
  }

  async participationsOf(
    organisationIds: readonly number[],
    limit: number,
  ): Promise<Participation[]> {
    const rows = await rowsOf(this.ds, PROJECTS_SQL.participationsOfOrganisations, [
      [...organisationIds],
      limit,
    ]);
    return rows.map(toParticipation);
  }

  participationCounts(organisationIds: readonly number[]): Promise<CountRow[]> {
    return rowsOf(this.ds, PROJECTS_SQL.participationCounts, [[...organisationIds]]);
  }

  async topicsOf(projectIds: readonly number[]): Promise<TopicOnProject[]> {
    const rows = await rowsOf(this.ds, PROJECTS_SQL.topicsOfProjects, [[...projectIds]]);
    // One instance per topic, however many projects carry it.
    const topics = new Map<number, Topic>();
    return rows.map(({ projectId, ...columns }) => {
      let topic = topics.get(columns.id);
      if (!topic) {
        topic = Object.assign(Object.create(Topic.prototype) as Topic, columns);
        topics.set(columns.id, topic);
      }
      return { projectId, topic };
    });
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

function toProject(row: ProjectRow): Project {
  return Object.assign(Object.create(Project.prototype) as Project, row);
}

function toParticipation(row: ParticipationRow): Participation {
  const p = Object.create(Participation.prototype) as Participation;
  p.projectId = row.projectId;
  p.organisationId = row.organisationId;
  p.role = row.role;
  p.sourceKey = row.sourceKey;
  return p;
}

function toOrganisation(row: ParticipantRow, regions: Map<string, Region>): Organisation {
  const o = Object.create(Organisation.prototype) as Organisation;
  o.id = row.organisationId;
  o.kind = row.orgKind;
  o.code = row.orgCode;
  o.nameFi = row.orgNameFi;
  o.nameSv = row.orgNameSv;
  o.nameEn = row.orgNameEn;
  o.regionCode = row.orgRegionCode;
  o.languageStatus = row.orgLanguageStatus;
  o.population2019 = row.orgPopulation2019;
  o.mergedIntoId = row.orgMergedIntoId;
  o.mergedOn = row.orgMergedOn;
  o.sourceKey = row.orgSourceKey;
  o.synthetic = row.orgSynthetic;
  o.version = row.orgVersion;
  o.createdAt = row.orgCreatedAt;
  o.updatedAt = row.orgUpdatedAt;
  if (row.orgRegionCode !== null && row.regionNameFi !== null) {
    let region = regions.get(row.orgRegionCode);
    if (!region) {
      region = Object.create(Region.prototype) as Region;
      region.code = row.orgRegionCode;
      region.nameFi = row.regionNameFi;
      region.nameSv = row.regionNameSv!;
      region.nameEn = row.regionNameEn!;
      regions.set(row.orgRegionCode, region);
    }
    o.region = region;
  }
  return o;
}
