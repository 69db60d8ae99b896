/**
 * The dashboard's figures read from the counters kept at write time
 * (migrations/1796500000000-DashboardFigures.ts; docs/dashboard.md,
 * "Maintained figures"). Each statement returns exactly the rows of its live
 * twin in dashboard.sql.ts, which stays the reference: `npm run
 * dashboard:verify` and test/dashboard-figures.e2e-spec.ts compare the two.
 *
 * $1 = int[] of scope keys (0 = every programme). Counters are spread over
 * slots and may hold zeros; they are summed per (k, dim, key) and zeros are
 * left out, as a live GROUP BY leaves out empty groups.
 */

const SCOPES = `sc AS (SELECT DISTINCT k FROM unnest($1::int[]) k)`;

/** Counters of the scopes for the given dims: kc (k, dim, key, n, amount), zeros left out. */
const counted = (dims: string[]) => `
  kc AS (
    SELECT c.k, c.dim, c.key, sum(c.n)::bigint AS n, sum(c.amount) AS amount
    FROM dashboard_count c JOIN sc ON sc.k = c.k
    WHERE c.dim IN (${dims.map((d) => `'${d}'`).join(', ')})
    GROUP BY 1, 2, 3 HAVING sum(c.n) <> 0 OR sum(c.amount) <> 0)`;

const one = (dim: string, k = 'sc.k') =>
  `coalesce((SELECT sum(kc.n) FROM kc WHERE kc.k = ${k} AND kc.dim = '${dim}'), 0)`;

export const APPLICATIONS_KEPT_SQL = `
  WITH ${SCOPES}, ${counted(['projects'])}
  SELECT sc.k,
         count(pr.id)::int AS programmes,
         count(pr.id) FILTER (WHERE pr.applications_received IS NULL)::int AS applications_unknown,
         CASE WHEN count(pr.id) > 0 AND bool_and(pr.applications_received IS NOT NULL)
              THEN sum(pr.applications_received) END::int AS applications_received,
         CASE WHEN count(pr.id) > 0 AND bool_and(pr.projects_granted IS NOT NULL)
              THEN sum(pr.projects_granted) END::int AS projects_granted_published,
         ${one('projects')}::int AS projects
  FROM sc LEFT JOIN programme pr ON sc.k = 0 OR pr.id = sc.k
  GROUP BY sc.k`;

export const PROJECT_COUNTS_KEPT_SQL = `
  WITH ${SCOPES},
  ${counted(['projects', 'participantsUnknown', 'category', 'status', 'topic', 'withoutTopic', 'region', 'language'])}
  SELECT kc.k, CASE kc.dim WHEN 'projects' THEN 'total' ELSE kc.dim END AS dim,
         CASE kc.dim WHEN 'topic' THEN t.slug ELSE nullif(kc.key, '') END AS key,
         CASE kc.dim WHEN 'topic' THEN t.name_en WHEN 'region' THEN r.name_en END AS name,
         kc.n::int AS count
  FROM kc
  LEFT JOIN topic t ON kc.dim = 'topic' AND t.id::text = kc.key
  LEFT JOIN region r ON kc.dim = 'region' AND r.code = kc.key`;

export const PARTICIPATION_KEPT_SQL = `
  WITH ${SCOPES}, ${counted(['projects', 'participantsUnknown', 'participations', 'organisations'])}
  SELECT sc.k,
         (${one('projects')} - ${one('participantsUnknown')})::int AS projects_known,
         ${one('participantsUnknown')}::int AS projects_unknown,
         ${one('participations')}::int AS participations,
         ${one('organisations')}::int AS organisations,
         coalesce((SELECT sum(n) FROM kc WHERE kc.k = sc.k AND kc.dim = 'organisations' AND kc.key = 'MUNICIPALITY'), 0)::int
           AS municipalities,
         coalesce((SELECT sum(n) FROM kc WHERE kc.k = sc.k AND kc.dim = 'organisations' AND kc.key = 'JOINT_AUTHORITY'), 0)::int
           AS joint_authorities
  FROM sc`;

export const PARTICIPANT_DISTRIBUTION_KEPT_SQL = `
  WITH ${SCOPES}, ${counted(['participants'])}
  SELECT k, split_part(key, ':', 1) = 'known' AS known, split_part(key, ':', 2)::int AS participants,
         n::int AS projects
  FROM kc ORDER BY k, known, participants`;

/** min and max by index on the kept project facts; the rest from the counters. */
export const GRANTS_KEPT_SQL = `
  WITH ${SCOPES}, ${counted(['projects', 'grants', 'grantMaximum'])}
  SELECT sc.k,
         ${one('projects')}::int AS projects,
         ${one('grants')}::int AS known,
         (${one('projects')} - ${one('grants')})::int AS unknown,
         CASE WHEN ${one('grants')} > 0
              THEN (SELECT sum(kc.amount) FROM kc WHERE kc.k = sc.k AND kc.dim = 'grants') END::float8 AS total,
         CASE WHEN ${one('grants')} > 0
              THEN (SELECT sum(kc.amount) / sum(kc.n) FROM kc WHERE kc.k = sc.k AND kc.dim = 'grants') END::float8 AS mean,
         CASE WHEN sc.k = 0 THEN (SELECT min(grant_eur) FROM dashboard_project)
              ELSE (SELECT min(grant_eur) FROM dashboard_project d WHERE d.programme_id = sc.k) END::float8 AS min,
         CASE WHEN sc.k = 0 THEN (SELECT max(grant_eur) FROM dashboard_project)
              ELSE (SELECT max(grant_eur) FROM dashboard_project d WHERE d.programme_id = sc.k) END::float8 AS max,
         ${one('grantMaximum')}::int AS maximum_only
  FROM sc`;

/** Commitments are counted under one key per (kind, status, provenance). */
export const COMMITMENT_COUNTS_KEPT_SQL = `
  WITH ${SCOPES}, ${counted(['commitment'])},
  x AS (
    SELECT k, split_part(key, ':', 1) AS kind, split_part(key, ':', 2) AS status,
           split_part(key, ':', 3) AS provenance, n
    FROM kc)
  SELECT k, CASE WHEN GROUPING(kind) = 0 THEN 'kind' WHEN GROUPING(status) = 0 THEN 'status'
                 WHEN GROUPING(provenance) = 0 THEN 'provenance' ELSE 'total' END AS dim,
         coalesce(kind, status, provenance) AS key, sum(n)::int AS count
  FROM x GROUP BY GROUPING SETS ((k), (k, kind), (k, status), (k, provenance))
  HAVING sum(n) <> 0`;

/**
 * Compliance on the date $2: the open projects are counted by (too few
 * participants, status, deadline), so "overdue on $2" is a sum over the
 * deadlines before it. $3 = int[] of projects in uncommitted similar pairs:
 * their kept facts say which of them break no other rule.
 */
export const COMPLIANCE_KEPT_SQL = `
  WITH ${SCOPES}, ${counted(['tooFew', 'ruleUnknown', 'open'])},
  open AS (
    SELECT k, split_part(key, ':', 1) = 'T' AS too_few, split_part(key, ':', 2) AS status,
           split_part(key, ':', 3)::date < $2::date AS overdue, n
    FROM kc WHERE dim = 'open'),
  gap AS (
    SELECT sc.k, d.too_few, coalesce(d.open_status IS NOT NULL AND d.deadline < $2::date, false) AS overdue,
           d.open_status AS status
    FROM sc JOIN dashboard_project d ON sc.k = 0 OR d.programme_id = sc.k
    WHERE d.project_id = ANY($3::int[]))
  SELECT sc.k,
         ${one('tooFew')}::int AS too_few,
         ${one('ruleUnknown')}::int AS participants_unknown,
         coalesce((SELECT sum(n) FROM open WHERE open.k = sc.k AND overdue), 0)::int AS overdue,
         coalesce((SELECT sum(n) FROM open WHERE open.k = sc.k AND overdue AND status = 'ACTIVE'), 0)::int
           AS overdue_not_completed,
         (SELECT count(*) FROM gap WHERE gap.k = sc.k)::int AS in_gap,
         (${one('tooFew')}
          + coalesce((SELECT sum(n) FROM open WHERE open.k = sc.k AND NOT too_few AND overdue AND status = 'ACTIVE'), 0)
          + (SELECT count(*) FROM gap WHERE gap.k = sc.k AND NOT too_few AND NOT (overdue AND status = 'ACTIVE'))
         )::int AS out_of_compliance,
         (coalesce((SELECT sum(n) FROM open WHERE open.k = sc.k AND NOT too_few AND overdue AND status <> 'ACTIVE'), 0)
          - (SELECT count(*) FROM gap WHERE gap.k = sc.k AND NOT too_few AND overdue AND status <> 'ACTIVE')
         )::int AS completion_not_recorded
  FROM sc`;

/**
 * Municipalities (scope-independent counters, k = -1) beside those reached
 * in each scope, in total and by region, language status and population class.
 */
export const EQUITY_KEPT_SQL = `
  WITH ${SCOPES},
  m AS (
    SELECT split_part(c.dim, ':', 2) AS dim, c.key,
           sum(c.n) FILTER (WHERE c.dim LIKE 'municipalities:%') AS municipalities,
           sum(c.amount) FILTER (WHERE c.dim LIKE 'municipalities:%') AS population,
           coalesce(sum(c.n) FILTER (WHERE c.dim LIKE 'populationUnknown:%'), 0) AS population_unknown
    FROM dashboard_count c
    WHERE c.k = -1 AND (c.dim LIKE 'municipalities:%' OR c.dim LIKE 'populationUnknown:%')
    GROUP BY 1, 2 HAVING sum(c.n) FILTER (WHERE c.dim LIKE 'municipalities:%') <> 0),
  r AS (
    SELECT c.k, split_part(c.dim, ':', 2) AS dim, c.key, sum(c.n) AS reached, sum(c.amount) AS covered
    FROM dashboard_count c JOIN sc ON sc.k = c.k
    WHERE c.dim LIKE 'reached:%'
    GROUP BY 1, 2, 3),
  u AS (
    SELECT c.k, sum(c.n) AS n FROM dashboard_count c JOIN sc ON sc.k = c.k
    WHERE c.dim = 'participantsUnknown' GROUP BY 1)
  SELECT sc.k, m.dim, nullif(m.key, '') AS key,
         CASE WHEN m.dim = 'region' THEN rg.name_en END AS name,
         m.municipalities::int AS municipalities,
         coalesce(r.reached, 0)::int AS reached,
         m.population::float8 AS population,
         coalesce(r.covered, 0)::float8 AS population_covered,
         m.population_unknown::int AS population_unknown,
         coalesce(u.n, 0)::int AS projects_participants_unknown
  FROM sc CROSS JOIN m
  LEFT JOIN r ON r.k = sc.k AND r.dim = m.dim AND r.key = m.key
  LEFT JOIN u ON u.k = sc.k
  LEFT JOIN region rg ON m.dim = 'region' AND rg.code = m.key
  ORDER BY sc.k, m.dim, nullif(m.key, '')`;

/**
 * similarPairCandidatesSql (src/network/sql/similarity.query.ts) from the kept
 * facts: each programme's number of projects from the counters, and its topics
 * from dashboard_project by its index on programme_id (the join of
 * project_topic to project chose a scan of every topic row). The candidates
 * are counted only for programmes of at most $2 projects.
 */
export const PAIR_CANDIDATES_KEPT_SQL = `
  SELECT pr.id AS programme_id, n.projects,
         CASE WHEN n.projects <= $2 THEN (
           SELECT coalesce(sum(t.n * (t.n - 1) / 2), 0) FROM (
             SELECT count(*)::float8 AS n FROM dashboard_project d CROSS JOIN LATERAL unnest(d.topics) topic
             WHERE d.programme_id = pr.id GROUP BY topic) t) END::float8 AS candidates
  FROM programme pr
  CROSS JOIN LATERAL (
    SELECT coalesce(sum(c.n), 0)::int AS projects FROM dashboard_count c
    WHERE c.k = pr.id AND c.dim = 'projects' AND c.key = '') n
  WHERE $1::int[] IS NULL OR pr.id = ANY($1::int[])`;

/**
 * Reuse from dashboard_reuse_project (each reusing project's links per scope)
 * and dashboard_reuse_output (each output's links, reusing projects and their
 * participants per scope), the $2 most reused by index in the live order.
 */
export const REUSE_KEPT_SQL = `
  WITH ${SCOPES},
  -- Materialized: inlined, the sums ran once per output listed.
  rp AS MATERIALIZED (
    SELECT r.k, sum(r.links)::int AS links, count(*)::int AS projects_reusing
    FROM dashboard_reuse_project r JOIN sc ON sc.k = r.k GROUP BY r.k),
  ro AS MATERIALIZED (
    SELECT o.k, count(*)::int AS outputs FROM dashboard_reuse_output o JOIN sc ON sc.k = o.k GROUP BY o.k)
  SELECT sc.k, coalesce(rp.links, 0) AS links, coalesce(rp.projects_reusing, 0) AS projects_reusing,
         coalesce(ro.outputs, 0) AS outputs, top.source_project_id, top.source_output,
         top.links AS output_links, top.projects AS output_projects, top.organisations AS output_organisations
  FROM sc LEFT JOIN rp ON rp.k = sc.k LEFT JOIN ro ON ro.k = sc.k
  LEFT JOIN LATERAL (
    SELECT * FROM dashboard_reuse_output o WHERE o.k = sc.k
    ORDER BY o.organisations DESC, o.links DESC, o.source_project_id, o.source_output
    LIMIT $2) top ON TRUE
  ORDER BY sc.k, top.organisations DESC, top.links DESC, top.source_project_id, top.source_output`;
