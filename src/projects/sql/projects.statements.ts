import { sql, statementSet } from '../../common/statements';
import { LanguageStatus, OrganisationKind } from '../../organisations/organisation.enums';
import { ParticipantRole, ProjectCategory, ProjectStatus } from '../project.enums';

/**
 * Every statement of the projects read side (ProjectsRepository). Rendered into
 * src/queries/projects.repository.sql by `npm run sql`.
 */

/** A project row, named as the Project entity's properties. */
export interface ProjectRow {
  id: number;
  programmeId: number;
  category: ProjectCategory;
  listPosition: number | null;
  titleSv: string;
  titleFi: string | null;
  titleEn: string | null;
  description: string | null;
  status: ProjectStatus;
  startDate: string | null;
  endDate: string | null;
  grantEur: number | null;
  grantIsMaximum: boolean;
  participantsKnown: boolean;
  provenance: Record<string, string>;
  synthetic: boolean;
  deadlineOverrideReason: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A participation, its organisation and (for municipalities) its region, in one row. */
export interface ParticipantRow {
  projectId: number;
  organisationId: number;
  role: ParticipantRole;
  sourceKey: string;
  orgKind: OrganisationKind;
  orgCode: string | null;
  orgNameFi: string;
  orgNameSv: string | null;
  orgNameEn: string | null;
  orgRegionCode: string | null;
  orgLanguageStatus: LanguageStatus | null;
  orgPopulation2019: number | null;
  orgMergedIntoId: number | null;
  orgMergedOn: string | null;
  orgSourceKey: string;
  orgSynthetic: boolean;
  orgVersion: number;
  orgCreatedAt: Date;
  orgUpdatedAt: Date;
  regionNameFi: string | null;
  regionNameSv: string | null;
  regionNameEn: string | null;
}

/** A participation on its own. */
export interface ParticipationRow {
  projectId: number;
  organisationId: number;
  role: ParticipantRole;
  sourceKey: string;
}

/** A topic of a project. */
export interface ProjectTopicRow {
  projectId: number;
  id: number;
  slug: string;
  nameFi: string;
  nameSv: string;
  nameEn: string;
  description: string | null;
  sourceKey: string;
  synthetic: boolean;
}

/** The ids behind a list filter's keys; null where the key was not given or is unknown. */
export interface FilterKeysRow {
  programmeId: number | null;
  topicId: number | null;
  municipalityId: number | null;
}

export interface CountRow {
  id: number;
  n: number;
}

const PROJECT_COLUMNS = `p.id, p.programme_id AS "programmeId", p.category, p.list_position AS "listPosition",
           p.title_sv AS "titleSv", p.title_fi AS "titleFi", p.title_en AS "titleEn", p.description,
           p.status, p.start_date AS "startDate", p.end_date AS "endDate", p.grant_eur::float8 AS "grantEur",
           p.grant_is_maximum AS "grantIsMaximum", p.participants_known AS "participantsKnown",
           p.provenance, p.synthetic, p.deadline_override_reason AS "deadlineOverrideReason",
           p.version, p.created_at AS "createdAt", p.updated_at AS "updatedAt"`;

/**
 * Full-text search of projects: the same expression as project_search_idx, so the GIN index
 * serves it. `$6` is the client's web-search text. The one place the search is defined.
 */
const PROJECT_SEARCH_MATCH = `project_search_document(p.title_sv, p.title_fi, p.title_en, p.description) @@
             (websearch_to_tsquery('pg_catalog.swedish', $6) || websearch_to_tsquery('pg_catalog.finnish', $6)
              || websearch_to_tsquery('pg_catalog.english', $6))`;

/**
 * The list filter; a null parameter means "no such filter". PostgreSQL plans each execution with
 * its parameters (unnamed statements), so a null filter folds away and a given one can use its index.
 */
const PROJECT_FILTER = `($1::int IS NULL OR p.programme_id = $1)
       AND ($2::project_category IS NULL OR p.category = $2)
       AND ($3::project_status IS NULL OR p.status = $3)
       AND ($4::int IS NULL OR EXISTS (SELECT 1 FROM project_topic pt WHERE pt.project_id = p.id AND pt.topic_id = $4))
       AND ($5::int[] IS NULL OR NOT EXISTS (
             SELECT 1 FROM unnest($5::int[]) AS wanted(organisation_id)
              WHERE NOT EXISTS (SELECT 1 FROM participation pa
                                 WHERE pa.project_id = p.id AND pa.organisation_id = wanted.organisation_id)))
       AND ($6::text IS NULL OR ${PROJECT_SEARCH_MATCH})`;

const FILTER_PARAMS = [
  'programmeId',
  'category',
  'status',
  'topicId',
  'organisationIds (all take part)',
  'search',
] as const;

type FilterParams = [
  programmeId: number | null,
  category: ProjectCategory | null,
  status: ProjectStatus | null,
  topicId: number | null,
  organisationIds: number[] | null,
  search: string | null,
];

const PAGE_PARAMS = ['after id', 'before id', 'limit'] as const;
type PageParams = [after: number | null, before: number | null, limit: number];

export const PROJECTS_SQL = statementSet('projects.repository', 'ProjectsRepository', {
  byIds: sql<ProjectRow, [ids: number[]]>(
    ['ids'],
    `
    SELECT ${PROJECT_COLUMNS}
      FROM project p
     WHERE p.id = ANY($1::int[])`,
  ),

  byListing: sql<ProjectRow, [programme: string, category: ProjectCategory, position: number]>(
    ['programme code', 'category', 'list position'],
    `
    SELECT ${PROJECT_COLUMNS}
      FROM project p
      JOIN programme pr ON pr.id = p.programme_id
     WHERE pr.code = $1 AND p.category = $2::project_category AND p.list_position = $3`,
  ),

  filterKeys: sql<
    FilterKeysRow,
    [programme: string | null, topic: string | null, municipality: string | null]
  >(
    ['programme code', 'topic slug', 'municipality code'],
    `
    SELECT (SELECT id FROM programme WHERE code = $1::text) AS "programmeId",
           (SELECT id FROM topic WHERE slug = $2::text) AS "topicId",
           (SELECT id FROM organisation WHERE code = $3::text AND kind = 'MUNICIPALITY') AS "municipalityId"`,
  ),

  /** Up to `$9` projects between the cursors `$7` and `$8` (both exclusive), by id. */
  pageForward: sql<ProjectRow, [...FilterParams, ...PageParams]>(
    [...FILTER_PARAMS, ...PAGE_PARAMS],
    `
    SELECT ${PROJECT_COLUMNS}
      FROM project p
     WHERE ${PROJECT_FILTER}
       AND ($7::int IS NULL OR p.id > $7) AND ($8::int IS NULL OR p.id < $8)
     ORDER BY p.id
     LIMIT $9`,
  ),

  /** The same from the other end (for `last`), by id descending. */
  pageBackward: sql<ProjectRow, [...FilterParams, ...PageParams]>(
    [...FILTER_PARAMS, ...PAGE_PARAMS],
    `
    SELECT ${PROJECT_COLUMNS}
      FROM project p
     WHERE ${PROJECT_FILTER}
       AND ($7::int IS NULL OR p.id > $7) AND ($8::int IS NULL OR p.id < $8)
     ORDER BY p.id DESC
     LIMIT $9`,
  ),

  count: sql<{ n: number }, FilterParams>(
    [...FILTER_PARAMS],
    `
    SELECT count(*)::int AS n
      FROM project p
     WHERE ${PROJECT_FILTER}`,
  ),

  /**
   * Participants of projects, lead first, with their organisation and its region: one
   * statement for the whole participants → organisation → region nesting.
   */
  participantsOfProjects: sql<ParticipantRow, [projectIds: number[]]>(
    ['project ids'],
    `
    SELECT pa.project_id AS "projectId", pa.organisation_id AS "organisationId", pa.role,
           pa.source_key AS "sourceKey",
           o.kind AS "orgKind", o.code AS "orgCode", o.name_fi AS "orgNameFi", o.name_sv AS "orgNameSv",
           o.name_en AS "orgNameEn", o.region_code AS "orgRegionCode",
           o.language_status AS "orgLanguageStatus", o.population2019 AS "orgPopulation2019",
           o.merged_into_id AS "orgMergedIntoId", o.merged_on AS "orgMergedOn",
           o.source_key AS "orgSourceKey", o.synthetic AS "orgSynthetic", o.version AS "orgVersion",
           o.created_at AS "orgCreatedAt", o.updated_at AS "orgUpdatedAt",
           r.name_fi AS "regionNameFi", r.name_sv AS "regionNameSv", r.name_en AS "regionNameEn"
      FROM participation pa
      JOIN organisation o ON o.id = pa.organisation_id
      LEFT JOIN region r ON r.code = o.region_code
     WHERE pa.project_id = ANY($1::int[])
     ORDER BY pa.project_id, pa.role = 'LEAD' DESC, pa.organisation_id`,
  ),

  /** At most `$2` participations of each organisation, by project id. */
  participationsOfOrganisations: sql<ParticipationRow, [organisationIds: number[], limit: number]>(
    ['organisation ids', 'limit per organisation'],
    `
    SELECT "projectId", "organisationId", role, "sourceKey" FROM (
      SELECT pa.project_id AS "projectId", pa.organisation_id AS "organisationId", pa.role,
             pa.source_key AS "sourceKey",
             row_number() OVER (PARTITION BY pa.organisation_id ORDER BY pa.project_id) AS n
        FROM participation pa
       WHERE pa.organisation_id = ANY($1::int[])) ranked
     WHERE n <= $2
     ORDER BY "organisationId", "projectId"`,
  ),

  participationCounts: sql<CountRow, [organisationIds: number[]]>(
    ['organisation ids'],
    `
    SELECT organisation_id AS id, count(*)::int AS n
      FROM participation
     WHERE organisation_id = ANY($1::int[])
     GROUP BY 1`,
  ),

  topicsOfProjects: sql<ProjectTopicRow, [projectIds: number[]]>(
    ['project ids'],
    `
    SELECT pt.project_id AS "projectId", t.id, t.slug, t.name_fi AS "nameFi", t.name_sv AS "nameSv",
           t.name_en AS "nameEn", t.description, t.source_key AS "sourceKey", t.synthetic
      FROM project_topic pt
      JOIN topic t ON t.id = pt.topic_id
     WHERE pt.project_id = ANY($1::int[])
     ORDER BY pt.project_id, t.id`,
  ),

  projectCountsByTopic: sql<CountRow, [topicIds: number[]]>(
    ['topic ids'],
    `
    SELECT topic_id AS id, count(*)::int AS n
      FROM project_topic
     WHERE topic_id = ANY($1::int[])
     GROUP BY 1`,
  ),

  projectCountsByProgramme: sql<CountRow, [programmeIds: number[]]>(
    ['programme ids'],
    `
    SELECT programme_id AS id, count(*)::int AS n
      FROM project
     WHERE programme_id = ANY($1::int[])
     GROUP BY 1`,
  ),
});
