/**
 * The dashboard's figures, one statement per figure group. docs/dashboard.md
 * defines every figure exactly as computed here.
 *
 * Every statement takes $1 = int[] of scope keys and returns rows tagged `k`:
 * a key is a programme id, or 0 for "every programme". A request that asks
 * for several scopes at once (the across-programmes dashboard and its
 * per-programme breakdown) runs each statement once for all of them.
 *
 * Every statement is one pass over the scoped projects and the rows hanging
 * off them (participation, project_topic, commitments, reuse links); the
 * scope join uses the index project(programme_id) for a programme and a
 * sequential scan for "every programme" (whose participation and topic rows
 * are read without the join, scopedRows). The service runs each statement
 * under FIGURE_SETTINGS_SQL (no JIT). Cooperation coverage and the
 * compliance rules are not here: they are the named SQL of src/network/sql
 * (similarity.query.ts, compliance.query.ts), shared with cooperationGaps.
 */
import { overdueCondition, participantRuleApplies } from '../../network/sql/compliance.query';

/** Scope keys, and the projects of each scope with the given columns of `p`. */
/** Which kinds of scope a statement is written for: "every programme", programme ids, or both. */
export interface ScopeShape {
  all: boolean;
  programmes: boolean;
}

/**
 * The scoped projects. One arm per kind of scope present, rather than
 * "k = 0 OR programme_id = k": a programme's projects then come from the
 * index on programme_id, and the planner's row estimate fits the scope, so
 * a programme's rows are joined through indexes and every programme's by
 * hash joins.
 */
const scoped = (shape: ScopeShape, columns: string) => `
  sc AS (SELECT DISTINCT k FROM unnest($1::int[]) k),
  sp AS MATERIALIZED (
    ${[
      shape.programmes
        ? `SELECT sc.k, ${columns} FROM sc JOIN project p ON p.programme_id = sc.k WHERE sc.k <> 0`
        : '',
      shape.all ? `SELECT 0 AS k, ${columns} FROM project p` : '',
    ]
      .filter(Boolean)
      .join(' UNION ALL ')})`;

/**
 * CTE `name`: the rows of `table` (a table with project_id) hanging off the
 * scoped projects, as k and `columns` of `x`; after `scoped`. The "every
 * programme" arm reads the table alone: every row's project is in it (foreign
 * key), and joining 700,000 participations to 200,000 projects only to learn
 * that was the largest hash join of these statements.
 */
const scopedRows = (shape: ScopeShape, name: string, table: string, columns: string) => `
  ${name} AS (
    ${[
      shape.programmes
        ? `SELECT sp.k, ${columns} FROM sp JOIN ${table} x ON x.project_id = sp.id WHERE sp.k <> 0`
        : '',
      shape.all ? `SELECT 0 AS k, ${columns} FROM ${table} x` : '',
    ]
      .filter(Boolean)
      .join(' UNION ALL ')})`;

/** Participations of the scoped projects: spa (k, project_id, organisation_id). */
const scopedParticipation = (shape: ScopeShape) =>
  scopedRows(shape, 'spa', 'participation', 'x.project_id, x.organisation_id');

/** Applications: the programme rows' published figures, and the projects recorded. */
export const APPLICATIONS_SQL = `
  WITH sc AS (SELECT DISTINCT k FROM unnest($1::int[]) k)
  SELECT sc.k,
         count(pr.id)::int AS programmes,
         count(pr.id) FILTER (WHERE pr.applications_received IS NULL)::int AS applications_unknown,
         CASE WHEN count(pr.id) > 0 AND bool_and(pr.applications_received IS NOT NULL)
              THEN sum(pr.applications_received) END::int AS applications_received,
         CASE WHEN count(pr.id) > 0 AND bool_and(pr.projects_granted IS NOT NULL)
              THEN sum(pr.projects_granted) END::int AS projects_granted_published,
         (SELECT count(*) FROM project p WHERE sc.k = 0 OR p.programme_id = sc.k)::int AS projects
  FROM sc LEFT JOIN programme pr ON sc.k = 0 OR pr.id = sc.k
  GROUP BY sc.k`;

/**
 * Projects counted along one dimension per row (dim, key, name, count):
 * total, participantsUnknown, category, status, topic (a project once per
 * topic), withoutTopic, region and language (a project once per region and
 * per language status among its recorded participants).
 */
export const PROJECT_COUNTS_SQL = (shape: ScopeShape) => `
  WITH ${scoped(shape, 'p.id, p.category, p.status, p.participants_known')},
  -- A project once per region and once per language status: distinct pairs, then plain
  -- counts (hash aggregates; count(DISTINCT) sorted 355,000 rows per dimension at EU scale).
  ${scopedParticipation(shape)},
  ${scopedRows(shape, 'spt', 'project_topic', 'x.topic_id')},
  po AS MATERIALIZED (
    SELECT spa.k, spa.project_id AS id, o.region_code, o.language_status
    FROM spa JOIN organisation o ON o.id = spa.organisation_id),
  pr AS (SELECT DISTINCT k, id, region_code FROM po),
  pl AS (SELECT DISTINCT k, id, language_status FROM po WHERE language_status IS NOT NULL)
  -- One scan of the scope for the totals, categories and statuses.
  SELECT k, CASE WHEN GROUPING(category) = 0 THEN 'category'
                 WHEN GROUPING(status) = 0 THEN 'status' ELSE 'total' END AS dim,
         coalesce(category::text, status::text) AS key, NULL AS name, count(*)::int AS count
  FROM sp GROUP BY GROUPING SETS ((k), (k, category), (k, status))
  UNION ALL
  SELECT k, 'participantsUnknown', NULL, NULL, count(*)::int FROM sp WHERE NOT participants_known GROUP BY k
  UNION ALL
  SELECT spt.k, 'topic', t.slug, t.name_en, count(*)::int
  FROM spt JOIN topic t ON t.id = spt.topic_id
  GROUP BY spt.k, t.slug, t.name_en
  UNION ALL
  -- In WHERE, not in a FILTER: an anti join rather than a subplan per project.
  SELECT k, 'withoutTopic', NULL, NULL, count(*)::int
  FROM sp WHERE NOT EXISTS (SELECT 1 FROM project_topic pt WHERE pt.project_id = sp.id)
  GROUP BY k
  UNION ALL
  SELECT pr.k, 'region', pr.region_code, r.name_en, count(*)::int
  FROM pr JOIN region r ON r.code = pr.region_code
  GROUP BY pr.k, pr.region_code, r.name_en
  UNION ALL
  SELECT k, 'language', language_status::text, NULL, count(*)::int FROM pl GROUP BY k, language_status`;

/** Participations, distinct organisations by kind, and the projects with a complete list. */
export const PARTICIPATION_SQL = (shape: ScopeShape) => `
  WITH ${scoped(shape, 'p.id, p.participants_known')},
  -- Grouped joins, not count(DISTINCT) per scope: hash aggregates, no sorts.
  ${scopedParticipation(shape)},
  po AS (SELECT k, organisation_id, count(*) AS n FROM spa GROUP BY k, organisation_id),
  orgs AS (
    SELECT po.k, sum(po.n)::int AS participations, count(*)::int AS organisations,
           count(*) FILTER (WHERE o.kind = 'MUNICIPALITY')::int AS municipalities,
           count(*) FILTER (WHERE o.kind = 'JOINT_AUTHORITY')::int AS joint_authorities
    FROM po JOIN organisation o ON o.id = po.organisation_id
    GROUP BY po.k),
  lists AS (
    SELECT k, count(*) FILTER (WHERE participants_known)::int AS projects_known,
           count(*) FILTER (WHERE NOT participants_known)::int AS projects_unknown
    FROM sp GROUP BY k)
  SELECT sc.k, coalesce(l.projects_known, 0) AS projects_known,
         coalesce(l.projects_unknown, 0) AS projects_unknown,
         coalesce(o.participations, 0) AS participations, coalesce(o.organisations, 0) AS organisations,
         coalesce(o.municipalities, 0) AS municipalities,
         coalesce(o.joint_authorities, 0) AS joint_authorities
  FROM sc LEFT JOIN lists l ON l.k = sc.k LEFT JOIN orgs o ON o.k = sc.k`;

/**
 * Projects per number of recorded participants (`participants`, `projects`),
 * separately for complete lists (`known`) and incomplete ones.
 */
export const PARTICIPANT_DISTRIBUTION_SQL = (shape: ScopeShape) => `
  WITH ${scoped(shape, 'p.id, p.participants_known')},
  pc AS (
    SELECT sp.k, sp.participants_known AS known, count(pa.organisation_id)::int AS participants
    FROM sp LEFT JOIN participation pa ON pa.project_id = sp.id
    GROUP BY sp.k, sp.id, sp.participants_known)
  SELECT k, known, participants, count(*)::int AS projects
  FROM pc GROUP BY k, known, participants ORDER BY k, known, participants`;

/** Grant amounts: only known amounts enter the sums; unknown ones are counted. */
export const GRANTS_SQL = (shape: ScopeShape) => `
  WITH ${scoped(shape, 'p.id, p.grant_eur, p.grant_is_maximum')}
  SELECT sc.k,
         count(sp.id)::int AS projects,
         count(sp.grant_eur)::int AS known,
         (count(sp.id) - count(sp.grant_eur))::int AS unknown,
         sum(sp.grant_eur)::float8 AS total,
         avg(sp.grant_eur)::float8 AS mean,
         min(sp.grant_eur)::float8 AS min,
         max(sp.grant_eur)::float8 AS max,
         count(*) FILTER (WHERE sp.grant_eur IS NOT NULL AND sp.grant_is_maximum)::int AS maximum_only
  FROM sc LEFT JOIN sp ON sp.k = sc.k
  GROUP BY sc.k`;

/**
 * Commitments of the scope (either project in it), counted by kind, status
 * and provenance (dim, key, count), plus the total.
 */
export const COMMITMENT_COUNTS_SQL = (shape: ScopeShape) => `
  WITH ${scoped(shape, 'p.id')},
  -- A commitment once per scope holding either project: UNION over the columns counted, so
  -- there is no join back to the commitments, and one grouped pass for the four counts.
  rows AS (
    SELECT sp.k, c.id, c.kind, c.status, c.provenance
    FROM sp JOIN cooperation_commitment c ON c.project_a_id = sp.id
    UNION
    SELECT sp.k, c.id, c.kind, c.status, c.provenance
    FROM sp JOIN cooperation_commitment c ON c.project_b_id = sp.id)
  SELECT k, CASE WHEN GROUPING(kind) = 0 THEN 'kind' WHEN GROUPING(status) = 0 THEN 'status'
                 WHEN GROUPING(provenance) = 0 THEN 'provenance' ELSE 'total' END AS dim,
         coalesce(kind::text, status::text, provenance::text) AS key, count(*)::int AS count
  FROM rows GROUP BY GROUPING SETS ((k), (k, kind), (k, status), (k, provenance))`;

/**
 * Compliance as cooperationGaps judges it, on the date $2: projects with too
 * few known participants, with an unknown list, overdue, in an uncommitted
 * similar pair ($3 = int[] of such projects, from similarPairCoverageSql),
 * and out of compliance on any of the three rules.
 */
export const COMPLIANCE_SQL = (shape: ScopeShape) => `
  WITH ${scoped(shape, 'p.id, p.status, p.participants_known, p.end_date, p.programme_id')},
  -- The project's columns ride along in the grouping (id is unique per scope): no join back.
  pc AS (
    SELECT sp.k, sp.id, sp.status, sp.participants_known, sp.end_date, sp.programme_id,
           count(pa.organisation_id) AS participants
    FROM sp LEFT JOIN participation pa ON pa.project_id = sp.id
    GROUP BY sp.k, sp.id, sp.status, sp.participants_known, sp.end_date, sp.programme_id),
  gap AS (SELECT DISTINCT g AS id FROM unnest($3::int[]) g),
  flags AS (
    SELECT pc.k, pc.status,
           coalesce(${participantRuleApplies('pc')} AND pc.participants_known AND pc.participants < pr.min_participants, false) AS too_few,
           (${participantRuleApplies('pc')} AND NOT pc.participants_known) AS unknown,
           (${overdueCondition('pc', 'pr', '$2')}) AS overdue,
           (gap.id IS NOT NULL) AS in_gap
    FROM pc
    JOIN programme pr ON pr.id = pc.programme_id LEFT JOIN gap ON gap.id = pc.id)
  SELECT k,
         count(*) FILTER (WHERE too_few)::int AS too_few,
         count(*) FILTER (WHERE unknown)::int AS participants_unknown,
         count(*) FILTER (WHERE overdue)::int AS overdue,
         count(*) FILTER (WHERE overdue AND status = 'ACTIVE')::int AS overdue_not_completed,
         count(*) FILTER (WHERE in_gap)::int AS in_gap,
         count(*) FILTER (WHERE too_few OR (overdue AND status = 'ACTIVE') OR in_gap)::int AS out_of_compliance,
         count(*) FILTER (WHERE overdue AND status <> 'ACTIVE' AND NOT too_few AND NOT in_gap)::int
           AS completion_not_recorded
  FROM flags GROUP BY k`;

/** Population classes (population on 31.12.2019), smallest first; docs/dashboard.md. */
export const POPULATION_CLASSES = [
  { key: 'UNDER_2000', upTo: 2000 },
  { key: '2000_4999', upTo: 5000 },
  { key: '5000_9999', upTo: 10000 },
  { key: '10000_19999', upTo: 20000 },
  { key: '20000_49999', upTo: 50000 },
  { key: '50000_99999', upTo: 100000 },
  { key: '100000_AND_OVER', upTo: null },
] as const;

const populationClass = (population: string) =>
  `CASE WHEN ${population} IS NULL THEN NULL ${POPULATION_CLASSES.map((c) =>
    c.upTo === null ? `ELSE '${c.key}'` : `WHEN ${population} < ${c.upTo} THEN '${c.key}'`,
  ).join(' ')} END`;

/**
 * Municipalities reached (taking part in a project of the scope) and not,
 * in total and by region, language status and population class, with their
 * population. One pass: GROUPING SETS over all municipalities.
 */
export const EQUITY_SQL = (shape: ScopeShape) => `
  WITH ${scoped(shape, 'p.id, p.participants_known')},
  ${scopedParticipation(shape)},
  reached AS (SELECT DISTINCT k, organisation_id AS id FROM spa),
  unknown AS (SELECT k AS scope, count(*) AS n FROM sp WHERE NOT participants_known GROUP BY k),
  m AS (
    SELECT sc.k, o.region_code, r.name_en AS region_name, o.language_status::text AS language_status,
           ${populationClass('o.population2019')} AS population_class,
           o.population2019::bigint AS population, re.id IS NOT NULL AS reached
    FROM sc CROSS JOIN organisation o
    JOIN region r ON r.code = o.region_code
    LEFT JOIN reached re ON re.k = sc.k AND re.id = o.id
    WHERE o.kind = 'MUNICIPALITY')
  SELECT k,
         CASE WHEN GROUPING(region_code) = 0 THEN 'region'
              WHEN GROUPING(language_status) = 0 THEN 'language'
              WHEN GROUPING(population_class) = 0 THEN 'populationClass'
              ELSE 'total' END AS dim,
         coalesce(region_code, language_status, population_class) AS key,
         -- A bucket's name is its own: the region's, and none for the other dimensions.
         CASE WHEN GROUPING(region_code) = 0 THEN max(region_name) END AS name,
         count(*)::int AS municipalities,
         count(*) FILTER (WHERE reached)::int AS reached,
         sum(population)::float8 AS population,
         sum(population) FILTER (WHERE reached)::float8 AS population_covered,
         count(*) FILTER (WHERE population IS NULL)::int AS population_unknown,
         count(*) FILTER (WHERE reached AND population IS NULL)::int AS reached_population_unknown,
         coalesce(max(u.n), 0)::int AS projects_participants_unknown
  FROM m LEFT JOIN unknown u ON u.scope = m.k
  GROUP BY GROUPING SETS ((k), (k, region_code), (k, language_status), (k, population_class))
  ORDER BY k, dim, key`;

/**
 * Reuse by the scope's projects: links, projects that reuse, distinct
 * outputs (a project here, or a named output), and the $2 most reused
 * outputs by the organisations (recorded participants) of the projects that
 * reuse them.
 */
export const REUSE_SQL = (shape: ScopeShape) => `
  WITH ${scoped(shape, 'p.id')},
  -- Every programme: the links alone (each link's project is in it), not joined to every project.
  ${scopedRows(shape, 'rl', 'reuse_link', 'x.id, x.project_id, x.source_project_id, x.source_output')},
  summary AS (
    SELECT k, count(*)::int AS links, count(DISTINCT project_id)::int AS projects_reusing,
           count(DISTINCT (source_project_id, CASE WHEN source_project_id IS NULL THEN source_output END))::int AS outputs
    FROM rl GROUP BY k),
  outputs AS (
    SELECT rl.k, rl.source_project_id,
           CASE WHEN rl.source_project_id IS NULL THEN rl.source_output END AS source_output,
           count(DISTINCT rl.id)::int AS links, count(DISTINCT rl.project_id)::int AS projects,
           count(DISTINCT pa.organisation_id)::int AS organisations
    FROM rl LEFT JOIN participation pa ON pa.project_id = rl.project_id
    GROUP BY 1, 2, 3)
  SELECT sc.k, coalesce(s.links, 0) AS links, coalesce(s.projects_reusing, 0) AS projects_reusing,
         coalesce(s.outputs, 0) AS outputs, top.source_project_id, top.source_output,
         top.links AS output_links, top.projects AS output_projects, top.organisations AS output_organisations
  FROM sc LEFT JOIN summary s ON s.k = sc.k
  LEFT JOIN LATERAL (
    SELECT * FROM outputs o WHERE o.k = sc.k
    ORDER BY o.organisations DESC, o.links DESC, o.source_project_id, o.source_output
    LIMIT $2) top ON TRUE
  ORDER BY sc.k, top.organisations DESC, top.links DESC, top.source_project_id, top.source_output`;
