import { sql, statementSet } from '../../common/statements';
import { type OrganisationRow } from '../../organisations/sql/organisations.statements';
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
  titleSv: string | null;
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

/** An organisation as a participant carries it: the organisation table's columns, in JSON (no timestamps). */
export type OrganisationJson = Omit<OrganisationRow, 'createdAt' | 'updatedAt'>;

export interface RegionJson {
  code: string;
  nameFi: string;
  nameSv: string;
  nameEn: string;
}

/** One participant of a project with its organisation and (for a municipality) its region. */
export interface ParticipantJson {
  organisationId: number;
  role: ParticipantRole;
  sourceKey: string;
  organisation: OrganisationJson;
  region: RegionJson | null;
}

/** A project's participants, lead first, as one JSON array. */
export interface ParticipantsRow {
  projectId: number;
  participants: ParticipantJson[];
}

/** A participation on its own. */
export interface ParticipationRow {
  projectId: number;
  organisationId: number;
  role: ParticipantRole;
  sourceKey: string;
}

/** A topic, as the topic table's columns in JSON. */
export interface TopicJson {
  id: number;
  slug: string;
  nameFi: string;
  nameSv: string;
  nameEn: string;
  description: string | null;
  sourceKey: string;
  synthetic: boolean;
}

/** A project's topics, by id, as one JSON array. */
export interface ProjectTopicsRow {
  projectId: number;
  topics: TopicJson[];
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
 * Full-text search of projects (docs/database.md, "Search"): a project matches when its titles
 * or description match, or when one of its topics' names or descriptions does; each text is
 * stemmed in its own language (Finnish, Swedish, English) and the query is read in all three.
 * Both sides are the exact expressions of project_search_idx and topic_search_idx, so the GIN
 * indexes serve them. `$6` is the client's web-search text. The one place the search is defined.
 */
const SEARCH_QUERY = `(websearch_to_tsquery('pg_catalog.finnish', $6)
              || websearch_to_tsquery('pg_catalog.swedish', $6)
              || websearch_to_tsquery('pg_catalog.english', $6))`;
const PROJECT_SEARCH_MATCH = `p.id IN (
             SELECT s.id FROM project s
              WHERE project_search_document(s.title_sv, s.title_fi, s.title_en, s.description) @@ ${SEARCH_QUERY}
             UNION
             SELECT pt.project_id FROM project_topic pt JOIN topic t ON t.id = pt.topic_id
              WHERE topic_search_document(t.name_fi, t.name_sv, t.name_en,
                      t.description_fi, t.description_sv, t.description) @@ ${SEARCH_QUERY})`;

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

// All of these are reads that a hot standby may answer (docs/scaling.md, "Where reads go").
export const PROJECTS_SQL = statementSet('projects.repository', 'ProjectsRepository', {
  byIds: sql<ProjectRow, [ids: number[]]>(
    ['ids'],
    `
    SELECT ${PROJECT_COLUMNS}
      FROM project p
     WHERE p.id = ANY($1::int[])`,
    { replica: true },
  ),

  byListing: sql<ProjectRow, [programme: string, category: ProjectCategory, position: number]>(
    ['programme code', 'category', 'list position'],
    `
    SELECT ${PROJECT_COLUMNS}
      FROM project p
      JOIN programme pr ON pr.id = p.programme_id
     WHERE pr.code = $1 AND p.category = $2::project_category AND p.list_position = $3`,
    { replica: true },
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
    { replica: true },
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
    { replica: true },
  ),

  /** The same from the other end (for `last`,
    { replica: true },), by id descending. */
  pageBackward: sql<ProjectRow, [...FilterParams, ...PageParams]>(
    [...FILTER_PARAMS, ...PAGE_PARAMS],
    `
    SELECT ${PROJECT_COLUMNS}
      FROM project p
     WHERE ${PROJECT_FILTER}
       AND ($7::int IS NULL OR p.id > $7) AND ($8::int IS NULL OR p.id < $8)
     ORDER BY p.id DESC
     LIMIT $9`,
    { replica: true },
  ),

  count: sql<{ n: number }, FilterParams>(
    [...FILTER_PARAMS],
    `
    SELECT count(*)::int AS n
      FROM project p
     WHERE ${PROJECT_FILTER}`,
    { replica: true },
  ),

  /**
   * Participants of projects, lead first, with their organisation and its region: the whole
   * participants → organisation → region nesting in one statement, one row (and one JSON
   * array, which the client parses in one go instead of column by column) per project.
   */
  participantsOfProjects: sql<ParticipantsRow, [projectIds: number[]]>(
    ['project ids'],
    `
    SELECT pa.project_id AS "projectId",
           json_agg(json_build_object(
             'organisationId', pa.organisation_id, 'role', pa.role, 'sourceKey', pa.source_key,
             'organisation', json_build_object(
               'id', o.id, 'kind', o.kind, 'code', o.code, 'nameFi', o.name_fi, 'nameSv', o.name_sv,
               'nameEn', o.name_en, 'regionCode', o.region_code, 'languageStatus', o.language_status,
               'population2019', o.population2019, 'mergedIntoId', o.merged_into_id,
               'mergedOn', o.merged_on, 'sourceKey', o.source_key, 'synthetic', o.synthetic,
               'version', o.version),
             'region', CASE WHEN r.code IS NOT NULL THEN json_build_object(
               'code', r.code, 'nameFi', r.name_fi, 'nameSv', r.name_sv, 'nameEn', r.name_en) END)
             ORDER BY pa.role = 'LEAD' DESC, pa.organisation_id) AS participants
      FROM participation pa
      JOIN organisation o ON o.id = pa.organisation_id
      LEFT JOIN region r ON r.code = o.region_code
     WHERE pa.project_id = ANY($1::int[])
     GROUP BY pa.project_id`,
    { replica: true },
  ),

  /**
   * At most `$2` participations of each organisation, by project id, each with its project's
   * row: the participations → project nesting in one statement.
   */
  participationsOfOrganisations: sql<
    ParticipationRow & ProjectRow,
    [organisationIds: number[], limit: number]
  >(
    ['organisation ids', 'limit per organisation'],
    `
    SELECT ranked."projectId", ranked."organisationId", ranked.role, ranked."sourceKey",
           ${PROJECT_COLUMNS}
      FROM (SELECT pa.project_id AS "projectId", pa.organisation_id AS "organisationId", pa.role,
                   pa.source_key AS "sourceKey",
                   row_number() OVER (PARTITION BY pa.organisation_id ORDER BY pa.project_id) AS n
              FROM participation pa
             WHERE pa.organisation_id = ANY($1::int[])) ranked
      JOIN project p ON p.id = ranked."projectId"
     WHERE ranked.n <= $2
     ORDER BY ranked."organisationId", ranked."projectId"`,
    { replica: true },
  ),

  /**
   * The same, each project also with its topics (by topic id) as one JSON array, for a selection
   * that asks for them: participations → project → topics in one statement.
   */
  participationsOfOrganisationsWithTopics: sql<
    ParticipationRow & ProjectRow & { topics: TopicJson[] },
    [organisationIds: number[], limit: number]
  >(
    ['organisation ids', 'limit per organisation'],
    `
    SELECT ranked."projectId", ranked."organisationId", ranked.role, ranked."sourceKey",
           ${PROJECT_COLUMNS},
           coalesce((SELECT json_agg(json_build_object(
                       'id', t.id, 'slug', t.slug, 'nameFi', t.name_fi, 'nameSv', t.name_sv,
                       'nameEn', t.name_en, 'description', t.description,
                       'sourceKey', t.source_key, 'synthetic', t.synthetic) ORDER BY t.id)
                       FROM project_topic pt
                       JOIN topic t ON t.id = pt.topic_id
                      WHERE pt.project_id = p.id), '[]') AS topics
      FROM (SELECT pa.project_id AS "projectId", pa.organisation_id AS "organisationId", pa.role,
                   pa.source_key AS "sourceKey",
                   row_number() OVER (PARTITION BY pa.organisation_id ORDER BY pa.project_id) AS n
              FROM participation pa
             WHERE pa.organisation_id = ANY($1::int[])) ranked
      JOIN project p ON p.id = ranked."projectId"
     WHERE ranked.n <= $2
     ORDER BY ranked."organisationId", ranked."projectId"`,
    { replica: true },
  ),

  participationCounts: sql<CountRow, [organisationIds: number[]]>(
    ['organisation ids'],
    `
    SELECT organisation_id AS id, count(*)::int AS n
      FROM participation
     WHERE organisation_id = ANY($1::int[])
     GROUP BY 1`,
    { replica: true },
  ),

  /** Topics of projects, by topic id: one row (one JSON array) per project. */
  topicsOfProjects: sql<ProjectTopicsRow, [projectIds: number[]]>(
    ['project ids'],
    `
    SELECT pt.project_id AS "projectId",
           json_agg(json_build_object(
             'id', t.id, 'slug', t.slug, 'nameFi', t.name_fi, 'nameSv', t.name_sv, 'nameEn', t.name_en,
             'description', t.description, 'sourceKey', t.source_key, 'synthetic', t.synthetic)
             ORDER BY t.id) AS topics
      FROM project_topic pt
      JOIN topic t ON t.id = pt.topic_id
     WHERE pt.project_id = ANY($1::int[])
     GROUP BY pt.project_id`,
    { replica: true },
  ),

  projectCountsByTopic: sql<CountRow, [topicIds: number[]]>(
    ['topic ids'],
    `
    SELECT topic_id AS id, count(*)::int AS n
      FROM project_topic
     WHERE topic_id = ANY($1::int[])
     GROUP BY 1`,
    { replica: true },
  ),

  projectCountsByProgramme: sql<CountRow, [programmeIds: number[]]>(
    ['programme ids'],
    `
    SELECT programme_id AS id, count(*)::int AS n
      FROM project
     WHERE programme_id = ANY($1::int[])
     GROUP BY 1`,
    { replica: true },
  ),
});
