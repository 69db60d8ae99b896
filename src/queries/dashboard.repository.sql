-- The SQL that DashboardRepository sends, from src/dashboard/sql/dashboard.statements.ts.
-- Written by `npm run sql`; do not edit (src/common/sql-snapshots.spec.ts checks it).

-- DashboardRepository.figureSettings
SELECT set_config('jit', 'off', true) AS jit, set_config('work_mem', '32MB', true) AS work_mem;

-- DashboardRepository.programmesInScope (may be answered by a replica)
--   $1: scope
--   $2: first
SELECT id FROM programme WHERE $1::int = 0 OR id = $1 ORDER BY code LIMIT $2;

-- DashboardRepository.programmeIds (may be answered by a replica)
SELECT id FROM programme ORDER BY id;

-- DashboardRepository.rebuild
SELECT dashboard_rebuild();

-- DashboardRepository.projectList
--   $1: scopes
SELECT s.k, count(pr.id)::int AS programmes,
       count(pr.id) FILTER (WHERE NOT pr.project_list_complete)::int AS partial,
       CASE WHEN bool_and(pr.projects_granted IS NOT NULL) THEN sum(pr.projects_granted)::int END AS granted,
       (SELECT count(*)::int FROM project p WHERE s.k = 0 OR p.programme_id = s.k) AS recorded
FROM unnest($1::int[]) AS s(k)
LEFT JOIN programme pr ON s.k = 0 OR pr.id = s.k
GROUP BY s.k;

-- DashboardRepository.projectListKept (may be answered by a replica)
--   $1: scopes
SELECT s.k, count(pr.id)::int AS programmes,
       count(pr.id) FILTER (WHERE NOT pr.project_list_complete)::int AS partial,
       CASE WHEN bool_and(pr.projects_granted IS NOT NULL) THEN sum(pr.projects_granted)::int END AS granted,
       (SELECT coalesce(sum(c.n), 0)::int FROM dashboard_count c WHERE c.k = s.k AND c.dim = 'projects' AND c.key = '') AS recorded
FROM unnest($1::int[]) AS s(k)
LEFT JOIN programme pr ON s.k = 0 OR pr.id = s.k
GROUP BY s.k;

-- DashboardRepository.applications
--   $1: scopes
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
GROUP BY sc.k;

-- DashboardRepository.projectCountsAll
--   $1: scopes
WITH
sc AS (SELECT DISTINCT k FROM unnest($1::int[]) k),
sp AS MATERIALIZED (
  SELECT 0 AS k, p.id, p.category, p.status, p.participants_known FROM project p),
-- A project once per region and once per language status: distinct pairs, then plain
-- counts (hash aggregates; count(DISTINCT) sorted 355,000 rows per dimension at EU scale).

spa AS (
  SELECT 0 AS k, x.project_id, x.organisation_id FROM participation x),

spt AS (
  SELECT 0 AS k, x.topic_id FROM project_topic x),
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
SELECT k, 'language', language_status::text, NULL, count(*)::int FROM pl GROUP BY k, language_status;

-- DashboardRepository.projectCountsProgrammes
--   $1: scopes
WITH
sc AS (SELECT DISTINCT k FROM unnest($1::int[]) k),
sp AS MATERIALIZED (
  SELECT sc.k, p.id, p.category, p.status, p.participants_known FROM sc JOIN project p ON p.programme_id = sc.k WHERE sc.k <> 0),
-- A project once per region and once per language status: distinct pairs, then plain
-- counts (hash aggregates; count(DISTINCT) sorted 355,000 rows per dimension at EU scale).

spa AS (
  SELECT sp.k, x.project_id, x.organisation_id FROM sp JOIN participation x ON x.project_id = sp.id WHERE sp.k <> 0),

spt AS (
  SELECT sp.k, x.topic_id FROM sp JOIN project_topic x ON x.project_id = sp.id WHERE sp.k <> 0),
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
SELECT k, 'language', language_status::text, NULL, count(*)::int FROM pl GROUP BY k, language_status;

-- DashboardRepository.projectCountsBoth
--   $1: scopes
WITH
sc AS (SELECT DISTINCT k FROM unnest($1::int[]) k),
sp AS MATERIALIZED (
  SELECT sc.k, p.id, p.category, p.status, p.participants_known FROM sc JOIN project p ON p.programme_id = sc.k WHERE sc.k <> 0 UNION ALL SELECT 0 AS k, p.id, p.category, p.status, p.participants_known FROM project p),
-- A project once per region and once per language status: distinct pairs, then plain
-- counts (hash aggregates; count(DISTINCT) sorted 355,000 rows per dimension at EU scale).

spa AS (
  SELECT sp.k, x.project_id, x.organisation_id FROM sp JOIN participation x ON x.project_id = sp.id WHERE sp.k <> 0 UNION ALL SELECT 0 AS k, x.project_id, x.organisation_id FROM participation x),

spt AS (
  SELECT sp.k, x.topic_id FROM sp JOIN project_topic x ON x.project_id = sp.id WHERE sp.k <> 0 UNION ALL SELECT 0 AS k, x.topic_id FROM project_topic x),
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
SELECT k, 'language', language_status::text, NULL, count(*)::int FROM pl GROUP BY k, language_status;

-- DashboardRepository.participationAll
--   $1: scopes
WITH
sc AS (SELECT DISTINCT k FROM unnest($1::int[]) k),
sp AS MATERIALIZED (
  SELECT 0 AS k, p.id, p.participants_known FROM project p),
-- Grouped joins, not count(DISTINCT) per scope: hash aggregates, no sorts.

spa AS (
  SELECT 0 AS k, x.project_id, x.organisation_id FROM participation x),
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
FROM sc LEFT JOIN lists l ON l.k = sc.k LEFT JOIN orgs o ON o.k = sc.k;

-- DashboardRepository.participationProgrammes
--   $1: scopes
WITH
sc AS (SELECT DISTINCT k FROM unnest($1::int[]) k),
sp AS MATERIALIZED (
  SELECT sc.k, p.id, p.participants_known FROM sc JOIN project p ON p.programme_id = sc.k WHERE sc.k <> 0),
-- Grouped joins, not count(DISTINCT) per scope: hash aggregates, no sorts.

spa AS (
  SELECT sp.k, x.project_id, x.organisation_id FROM sp JOIN participation x ON x.project_id = sp.id WHERE sp.k <> 0),
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
FROM sc LEFT JOIN lists l ON l.k = sc.k LEFT JOIN orgs o ON o.k = sc.k;

-- DashboardRepository.participationBoth
--   $1: scopes
WITH
sc AS (SELECT DISTINCT k FROM unnest($1::int[]) k),
sp AS MATERIALIZED (
  SELECT sc.k, p.id, p.participants_known FROM sc JOIN project p ON p.programme_id = sc.k WHERE sc.k <> 0 UNION ALL SELECT 0 AS k, p.id, p.participants_known FROM project p),
-- Grouped joins, not count(DISTINCT) per scope: hash aggregates, no sorts.

spa AS (
  SELECT sp.k, x.project_id, x.organisation_id FROM sp JOIN participation x ON x.project_id = sp.id WHERE sp.k <> 0 UNION ALL SELECT 0 AS k, x.project_id, x.organisation_id FROM participation x),
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
FROM sc LEFT JOIN lists l ON l.k = sc.k LEFT JOIN orgs o ON o.k = sc.k;

-- DashboardRepository.participantDistributionAll
--   $1: scopes
WITH
sc AS (SELECT DISTINCT k FROM unnest($1::int[]) k),
sp AS MATERIALIZED (
  SELECT 0 AS k, p.id, p.participants_known FROM project p),
pc AS (
  SELECT sp.k, sp.participants_known AS known, count(pa.organisation_id)::int AS participants
  FROM sp LEFT JOIN participation pa ON pa.project_id = sp.id
  GROUP BY sp.k, sp.id, sp.participants_known)
SELECT k, known, participants, count(*)::int AS projects
FROM pc GROUP BY k, known, participants ORDER BY k, known, participants;

-- DashboardRepository.participantDistributionProgrammes
--   $1: scopes
WITH
sc AS (SELECT DISTINCT k FROM unnest($1::int[]) k),
sp AS MATERIALIZED (
  SELECT sc.k, p.id, p.participants_known FROM sc JOIN project p ON p.programme_id = sc.k WHERE sc.k <> 0),
pc AS (
  SELECT sp.k, sp.participants_known AS known, count(pa.organisation_id)::int AS participants
  FROM sp LEFT JOIN participation pa ON pa.project_id = sp.id
  GROUP BY sp.k, sp.id, sp.participants_known)
SELECT k, known, participants, count(*)::int AS projects
FROM pc GROUP BY k, known, participants ORDER BY k, known, participants;

-- DashboardRepository.participantDistributionBoth
--   $1: scopes
WITH
sc AS (SELECT DISTINCT k FROM unnest($1::int[]) k),
sp AS MATERIALIZED (
  SELECT sc.k, p.id, p.participants_known FROM sc JOIN project p ON p.programme_id = sc.k WHERE sc.k <> 0 UNION ALL SELECT 0 AS k, p.id, p.participants_known FROM project p),
pc AS (
  SELECT sp.k, sp.participants_known AS known, count(pa.organisation_id)::int AS participants
  FROM sp LEFT JOIN participation pa ON pa.project_id = sp.id
  GROUP BY sp.k, sp.id, sp.participants_known)
SELECT k, known, participants, count(*)::int AS projects
FROM pc GROUP BY k, known, participants ORDER BY k, known, participants;

-- DashboardRepository.grantsAll
--   $1: scopes
WITH
sc AS (SELECT DISTINCT k FROM unnest($1::int[]) k),
sp AS MATERIALIZED (
  SELECT 0 AS k, p.id, p.grant_eur, p.grant_is_maximum FROM project p)
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
GROUP BY sc.k;

-- DashboardRepository.grantsProgrammes
--   $1: scopes
WITH
sc AS (SELECT DISTINCT k FROM unnest($1::int[]) k),
sp AS MATERIALIZED (
  SELECT sc.k, p.id, p.grant_eur, p.grant_is_maximum FROM sc JOIN project p ON p.programme_id = sc.k WHERE sc.k <> 0)
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
GROUP BY sc.k;

-- DashboardRepository.grantsBoth
--   $1: scopes
WITH
sc AS (SELECT DISTINCT k FROM unnest($1::int[]) k),
sp AS MATERIALIZED (
  SELECT sc.k, p.id, p.grant_eur, p.grant_is_maximum FROM sc JOIN project p ON p.programme_id = sc.k WHERE sc.k <> 0 UNION ALL SELECT 0 AS k, p.id, p.grant_eur, p.grant_is_maximum FROM project p)
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
GROUP BY sc.k;

-- DashboardRepository.commitmentCountsAll
--   $1: scopes
WITH
sc AS (SELECT DISTINCT k FROM unnest($1::int[]) k),
sp AS MATERIALIZED (
  SELECT 0 AS k, p.id FROM project p),
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
FROM rows GROUP BY GROUPING SETS ((k), (k, kind), (k, status), (k, provenance));

-- DashboardRepository.commitmentCountsProgrammes
--   $1: scopes
WITH
sc AS (SELECT DISTINCT k FROM unnest($1::int[]) k),
sp AS MATERIALIZED (
  SELECT sc.k, p.id FROM sc JOIN project p ON p.programme_id = sc.k WHERE sc.k <> 0),
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
FROM rows GROUP BY GROUPING SETS ((k), (k, kind), (k, status), (k, provenance));

-- DashboardRepository.commitmentCountsBoth
--   $1: scopes
WITH
sc AS (SELECT DISTINCT k FROM unnest($1::int[]) k),
sp AS MATERIALIZED (
  SELECT sc.k, p.id FROM sc JOIN project p ON p.programme_id = sc.k WHERE sc.k <> 0 UNION ALL SELECT 0 AS k, p.id FROM project p),
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
FROM rows GROUP BY GROUPING SETS ((k), (k, kind), (k, status), (k, provenance));

-- DashboardRepository.complianceAll
--   $1: scopes
--   $2: asOf
--   $3: gapProjectIds
WITH
sc AS (SELECT DISTINCT k FROM unnest($1::int[]) k),
sp AS MATERIALIZED (
  SELECT 0 AS k, p.id, p.status, p.participants_known, p.end_date, p.programme_id FROM project p),
-- The project's columns ride along in the grouping (id is unique per scope): no join back.
pc AS (
  SELECT sp.k, sp.id, sp.status, sp.participants_known, sp.end_date, sp.programme_id,
         count(pa.organisation_id) AS participants
  FROM sp LEFT JOIN participation pa ON pa.project_id = sp.id
  GROUP BY sp.k, sp.id, sp.status, sp.participants_known, sp.end_date, sp.programme_id),
gap AS (SELECT DISTINCT g AS id FROM unnest($3::int[]) g),
flags AS (
  SELECT pc.k, pc.status,
         coalesce(pc.status <> 'WITHDRAWN' AND pc.participants_known AND pc.participants < pr.min_participants, false) AS too_few,
         (pc.status <> 'WITHDRAWN' AND NOT pc.participants_known) AS unknown,
         (coalesce(pc.status IN ('GRANTED', 'ACTIVE') AND coalesce(pc.end_date, pr.completion_deadline) < $2::date, false)) AS overdue,
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
FROM flags GROUP BY k;

-- DashboardRepository.complianceProgrammes
--   $1: scopes
--   $2: asOf
--   $3: gapProjectIds
WITH
sc AS (SELECT DISTINCT k FROM unnest($1::int[]) k),
sp AS MATERIALIZED (
  SELECT sc.k, p.id, p.status, p.participants_known, p.end_date, p.programme_id FROM sc JOIN project p ON p.programme_id = sc.k WHERE sc.k <> 0),
-- The project's columns ride along in the grouping (id is unique per scope): no join back.
pc AS (
  SELECT sp.k, sp.id, sp.status, sp.participants_known, sp.end_date, sp.programme_id,
         count(pa.organisation_id) AS participants
  FROM sp LEFT JOIN participation pa ON pa.project_id = sp.id
  GROUP BY sp.k, sp.id, sp.status, sp.participants_known, sp.end_date, sp.programme_id),
gap AS (SELECT DISTINCT g AS id FROM unnest($3::int[]) g),
flags AS (
  SELECT pc.k, pc.status,
         coalesce(pc.status <> 'WITHDRAWN' AND pc.participants_known AND pc.participants < pr.min_participants, false) AS too_few,
         (pc.status <> 'WITHDRAWN' AND NOT pc.participants_known) AS unknown,
         (coalesce(pc.status IN ('GRANTED', 'ACTIVE') AND coalesce(pc.end_date, pr.completion_deadline) < $2::date, false)) AS overdue,
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
FROM flags GROUP BY k;

-- DashboardRepository.complianceBoth
--   $1: scopes
--   $2: asOf
--   $3: gapProjectIds
WITH
sc AS (SELECT DISTINCT k FROM unnest($1::int[]) k),
sp AS MATERIALIZED (
  SELECT sc.k, p.id, p.status, p.participants_known, p.end_date, p.programme_id FROM sc JOIN project p ON p.programme_id = sc.k WHERE sc.k <> 0 UNION ALL SELECT 0 AS k, p.id, p.status, p.participants_known, p.end_date, p.programme_id FROM project p),
-- The project's columns ride along in the grouping (id is unique per scope): no join back.
pc AS (
  SELECT sp.k, sp.id, sp.status, sp.participants_known, sp.end_date, sp.programme_id,
         count(pa.organisation_id) AS participants
  FROM sp LEFT JOIN participation pa ON pa.project_id = sp.id
  GROUP BY sp.k, sp.id, sp.status, sp.participants_known, sp.end_date, sp.programme_id),
gap AS (SELECT DISTINCT g AS id FROM unnest($3::int[]) g),
flags AS (
  SELECT pc.k, pc.status,
         coalesce(pc.status <> 'WITHDRAWN' AND pc.participants_known AND pc.participants < pr.min_participants, false) AS too_few,
         (pc.status <> 'WITHDRAWN' AND NOT pc.participants_known) AS unknown,
         (coalesce(pc.status IN ('GRANTED', 'ACTIVE') AND coalesce(pc.end_date, pr.completion_deadline) < $2::date, false)) AS overdue,
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
FROM flags GROUP BY k;

-- DashboardRepository.equityAll
--   $1: scopes
WITH
sc AS (SELECT DISTINCT k FROM unnest($1::int[]) k),
sp AS MATERIALIZED (
  SELECT 0 AS k, p.id, p.participants_known FROM project p),

spa AS (
  SELECT 0 AS k, x.project_id, x.organisation_id FROM participation x),
reached AS (SELECT DISTINCT k, organisation_id AS id FROM spa),
unknown AS (SELECT k AS scope, count(*) AS n FROM sp WHERE NOT participants_known GROUP BY k),
m AS (
  SELECT sc.k, o.region_code, r.name_en AS region_name, o.language_status::text AS language_status,
         CASE WHEN o.population2019 IS NULL THEN NULL WHEN o.population2019 < 2000 THEN 'UNDER_2000' WHEN o.population2019 < 5000 THEN '2000_4999' WHEN o.population2019 < 10000 THEN '5000_9999' WHEN o.population2019 < 20000 THEN '10000_19999' WHEN o.population2019 < 50000 THEN '20000_49999' WHEN o.population2019 < 100000 THEN '50000_99999' ELSE '100000_AND_OVER' END AS population_class,
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
ORDER BY k, dim, key;

-- DashboardRepository.equityProgrammes
--   $1: scopes
WITH
sc AS (SELECT DISTINCT k FROM unnest($1::int[]) k),
sp AS MATERIALIZED (
  SELECT sc.k, p.id, p.participants_known FROM sc JOIN project p ON p.programme_id = sc.k WHERE sc.k <> 0),

spa AS (
  SELECT sp.k, x.project_id, x.organisation_id FROM sp JOIN participation x ON x.project_id = sp.id WHERE sp.k <> 0),
reached AS (SELECT DISTINCT k, organisation_id AS id FROM spa),
unknown AS (SELECT k AS scope, count(*) AS n FROM sp WHERE NOT participants_known GROUP BY k),
m AS (
  SELECT sc.k, o.region_code, r.name_en AS region_name, o.language_status::text AS language_status,
         CASE WHEN o.population2019 IS NULL THEN NULL WHEN o.population2019 < 2000 THEN 'UNDER_2000' WHEN o.population2019 < 5000 THEN '2000_4999' WHEN o.population2019 < 10000 THEN '5000_9999' WHEN o.population2019 < 20000 THEN '10000_19999' WHEN o.population2019 < 50000 THEN '20000_49999' WHEN o.population2019 < 100000 THEN '50000_99999' ELSE '100000_AND_OVER' END AS population_class,
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
ORDER BY k, dim, key;

-- DashboardRepository.equityBoth
--   $1: scopes
WITH
sc AS (SELECT DISTINCT k FROM unnest($1::int[]) k),
sp AS MATERIALIZED (
  SELECT sc.k, p.id, p.participants_known FROM sc JOIN project p ON p.programme_id = sc.k WHERE sc.k <> 0 UNION ALL SELECT 0 AS k, p.id, p.participants_known FROM project p),

spa AS (
  SELECT sp.k, x.project_id, x.organisation_id FROM sp JOIN participation x ON x.project_id = sp.id WHERE sp.k <> 0 UNION ALL SELECT 0 AS k, x.project_id, x.organisation_id FROM participation x),
reached AS (SELECT DISTINCT k, organisation_id AS id FROM spa),
unknown AS (SELECT k AS scope, count(*) AS n FROM sp WHERE NOT participants_known GROUP BY k),
m AS (
  SELECT sc.k, o.region_code, r.name_en AS region_name, o.language_status::text AS language_status,
         CASE WHEN o.population2019 IS NULL THEN NULL WHEN o.population2019 < 2000 THEN 'UNDER_2000' WHEN o.population2019 < 5000 THEN '2000_4999' WHEN o.population2019 < 10000 THEN '5000_9999' WHEN o.population2019 < 20000 THEN '10000_19999' WHEN o.population2019 < 50000 THEN '20000_49999' WHEN o.population2019 < 100000 THEN '50000_99999' ELSE '100000_AND_OVER' END AS population_class,
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
ORDER BY k, dim, key;

-- DashboardRepository.reuseAll
--   $1: scopes
--   $2: first
WITH
sc AS (SELECT DISTINCT k FROM unnest($1::int[]) k),
sp AS MATERIALIZED (
  SELECT 0 AS k, p.id FROM project p),
-- Every programme: the links alone (each link's project is in it), not joined to every project.

rl AS (
  SELECT 0 AS k, x.id, x.project_id, x.source_project_id, x.source_output FROM reuse_link x),
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
ORDER BY sc.k, top.organisations DESC, top.links DESC, top.source_project_id, top.source_output;

-- DashboardRepository.reuseProgrammes
--   $1: scopes
--   $2: first
WITH
sc AS (SELECT DISTINCT k FROM unnest($1::int[]) k),
sp AS MATERIALIZED (
  SELECT sc.k, p.id FROM sc JOIN project p ON p.programme_id = sc.k WHERE sc.k <> 0),
-- Every programme: the links alone (each link's project is in it), not joined to every project.

rl AS (
  SELECT sp.k, x.id, x.project_id, x.source_project_id, x.source_output FROM sp JOIN reuse_link x ON x.project_id = sp.id WHERE sp.k <> 0),
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
ORDER BY sc.k, top.organisations DESC, top.links DESC, top.source_project_id, top.source_output;

-- DashboardRepository.reuseBoth
--   $1: scopes
--   $2: first
WITH
sc AS (SELECT DISTINCT k FROM unnest($1::int[]) k),
sp AS MATERIALIZED (
  SELECT sc.k, p.id FROM sc JOIN project p ON p.programme_id = sc.k WHERE sc.k <> 0 UNION ALL SELECT 0 AS k, p.id FROM project p),
-- Every programme: the links alone (each link's project is in it), not joined to every project.

rl AS (
  SELECT sp.k, x.id, x.project_id, x.source_project_id, x.source_output FROM sp JOIN reuse_link x ON x.project_id = sp.id WHERE sp.k <> 0 UNION ALL SELECT 0 AS k, x.id, x.project_id, x.source_project_id, x.source_output FROM reuse_link x),
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
ORDER BY sc.k, top.organisations DESC, top.links DESC, top.source_project_id, top.source_output;

-- DashboardRepository.pairCandidates
--   $1: programmeIds
--   $2: maxProjects
SELECT pr.id AS programme_id, n.projects,
       CASE WHEN n.projects <= $2 THEN (
         SELECT coalesce(sum(t.n * (t.n - 1) / 2), 0) FROM (
           SELECT count(*)::float8 AS n FROM project_topic pt JOIN project p ON p.id = pt.project_id
           WHERE p.programme_id = pr.id GROUP BY pt.topic_id) t) END::float8 AS candidates
FROM programme pr
CROSS JOIN LATERAL (SELECT count(*)::int AS projects FROM project p WHERE p.programme_id = pr.id) n
WHERE $1::int[] IS NULL OR pr.id = ANY($1::int[]);

-- DashboardRepository.pairCoverage
--   $1: programmeId
--   $2: threshold
WITH
pp AS MATERIALIZED (SELECT id, title_sv FROM project WHERE programme_id = $1),
w AS MATERIALIZED (SELECT pt.project_id, pt.topic_id, pt.weight FROM project_topic pt JOIN pp ON pp.id = pt.project_id),
totals AS (SELECT project_id, sum(weight) AS s FROM w GROUP BY project_id),
inter AS (
  SELECT x.project_id AS a, y.project_id AS b, sum(least(x.weight, y.weight)) AS i
  FROM w x JOIN w y ON y.topic_id = x.topic_id AND y.project_id > x.project_id
  GROUP BY 1, 2
),
scored AS (
  SELECT inter.a, inter.b,
         (inter.i / nullif(ta.s + tb.s - inter.i, 0))::float8 AS topic_score,
         similarity(pa.title_sv, pb.title_sv)::float8 AS text_score
  FROM inter
  JOIN totals ta ON ta.project_id = inter.a JOIN totals tb ON tb.project_id = inter.b
  JOIN pp pa ON pa.id = inter.a JOIN pp pb ON pb.id = inter.b
),
sim AS MATERIALIZED (
  SELECT a, b, EXISTS (
    SELECT 1 FROM cooperation_commitment c
    WHERE c.project_a_id = s.a AND c.project_b_id = s.b AND c.status IN ('ACTIVE', 'FULFILLED')) AS committed
  FROM scored s WHERE (0.7 * topic_score + 0.3 * text_score) >= $2)
SELECT (SELECT count(*) FROM sim)::int AS pairs,
       (SELECT count(*) FROM sim WHERE committed)::int AS committed,
       ARRAY(SELECT a FROM sim WHERE NOT committed
             UNION SELECT b FROM sim WHERE NOT committed ORDER BY 1) AS gap_project_ids;

-- DashboardRepository.applicationsKept (may be answered by a replica)
--   $1: scopes
WITH sc AS (SELECT DISTINCT k FROM unnest($1::int[]) k),
kc AS (
  SELECT c.k, c.dim, c.key, sum(c.n)::bigint AS n, sum(c.amount) AS amount
  FROM dashboard_count c JOIN sc ON sc.k = c.k
  WHERE c.dim IN ('projects')
  GROUP BY 1, 2, 3 HAVING sum(c.n) <> 0 OR sum(c.amount) <> 0)
SELECT sc.k,
       count(pr.id)::int AS programmes,
       count(pr.id) FILTER (WHERE pr.applications_received IS NULL)::int AS applications_unknown,
       CASE WHEN count(pr.id) > 0 AND bool_and(pr.applications_received IS NOT NULL)
            THEN sum(pr.applications_received) END::int AS applications_received,
       CASE WHEN count(pr.id) > 0 AND bool_and(pr.projects_granted IS NOT NULL)
            THEN sum(pr.projects_granted) END::int AS projects_granted_published,
       coalesce((SELECT sum(kc.n) FROM kc WHERE kc.k = sc.k AND kc.dim = 'projects'), 0)::int AS projects
FROM sc LEFT JOIN programme pr ON sc.k = 0 OR pr.id = sc.k
GROUP BY sc.k;

-- DashboardRepository.projectCountsKept (may be answered by a replica)
--   $1: scopes
WITH sc AS (SELECT DISTINCT k FROM unnest($1::int[]) k),

kc AS (
  SELECT c.k, c.dim, c.key, sum(c.n)::bigint AS n, sum(c.amount) AS amount
  FROM dashboard_count c JOIN sc ON sc.k = c.k
  WHERE c.dim IN ('projects', 'participantsUnknown', 'category', 'status', 'topic', 'withoutTopic', 'region', 'language')
  GROUP BY 1, 2, 3 HAVING sum(c.n) <> 0 OR sum(c.amount) <> 0)
SELECT kc.k, CASE kc.dim WHEN 'projects' THEN 'total' ELSE kc.dim END AS dim,
       CASE kc.dim WHEN 'topic' THEN t.slug ELSE nullif(kc.key, '') END AS key,
       CASE kc.dim WHEN 'topic' THEN t.name_en WHEN 'region' THEN r.name_en END AS name,
       kc.n::int AS count
FROM kc
LEFT JOIN topic t ON kc.dim = 'topic' AND t.id::text = kc.key
LEFT JOIN region r ON kc.dim = 'region' AND r.code = kc.key;

-- DashboardRepository.participationKept (may be answered by a replica)
--   $1: scopes
WITH sc AS (SELECT DISTINCT k FROM unnest($1::int[]) k),
kc AS (
  SELECT c.k, c.dim, c.key, sum(c.n)::bigint AS n, sum(c.amount) AS amount
  FROM dashboard_count c JOIN sc ON sc.k = c.k
  WHERE c.dim IN ('projects', 'participantsUnknown', 'participations', 'organisations')
  GROUP BY 1, 2, 3 HAVING sum(c.n) <> 0 OR sum(c.amount) <> 0)
SELECT sc.k,
       (coalesce((SELECT sum(kc.n) FROM kc WHERE kc.k = sc.k AND kc.dim = 'projects'), 0) - coalesce((SELECT sum(kc.n) FROM kc WHERE kc.k = sc.k AND kc.dim = 'participantsUnknown'), 0))::int AS projects_known,
       coalesce((SELECT sum(kc.n) FROM kc WHERE kc.k = sc.k AND kc.dim = 'participantsUnknown'), 0)::int AS projects_unknown,
       coalesce((SELECT sum(kc.n) FROM kc WHERE kc.k = sc.k AND kc.dim = 'participations'), 0)::int AS participations,
       coalesce((SELECT sum(kc.n) FROM kc WHERE kc.k = sc.k AND kc.dim = 'organisations'), 0)::int AS organisations,
       coalesce((SELECT sum(n) FROM kc WHERE kc.k = sc.k AND kc.dim = 'organisations' AND kc.key = 'MUNICIPALITY'), 0)::int
         AS municipalities,
       coalesce((SELECT sum(n) FROM kc WHERE kc.k = sc.k AND kc.dim = 'organisations' AND kc.key = 'JOINT_AUTHORITY'), 0)::int
         AS joint_authorities
FROM sc;

-- DashboardRepository.participantDistributionKept (may be answered by a replica)
--   $1: scopes
WITH sc AS (SELECT DISTINCT k FROM unnest($1::int[]) k),
kc AS (
  SELECT c.k, c.dim, c.key, sum(c.n)::bigint AS n, sum(c.amount) AS amount
  FROM dashboard_count c JOIN sc ON sc.k = c.k
  WHERE c.dim IN ('participants')
  GROUP BY 1, 2, 3 HAVING sum(c.n) <> 0 OR sum(c.amount) <> 0)
SELECT k, split_part(key, ':', 1) = 'known' AS known, split_part(key, ':', 2)::int AS participants,
       n::int AS projects
FROM kc ORDER BY k, known, participants;

-- DashboardRepository.grantsKept (may be answered by a replica)
--   $1: scopes
WITH sc AS (SELECT DISTINCT k FROM unnest($1::int[]) k),
kc AS (
  SELECT c.k, c.dim, c.key, sum(c.n)::bigint AS n, sum(c.amount) AS amount
  FROM dashboard_count c JOIN sc ON sc.k = c.k
  WHERE c.dim IN ('projects', 'grants', 'grantMaximum')
  GROUP BY 1, 2, 3 HAVING sum(c.n) <> 0 OR sum(c.amount) <> 0)
SELECT sc.k,
       coalesce((SELECT sum(kc.n) FROM kc WHERE kc.k = sc.k AND kc.dim = 'projects'), 0)::int AS projects,
       coalesce((SELECT sum(kc.n) FROM kc WHERE kc.k = sc.k AND kc.dim = 'grants'), 0)::int AS known,
       (coalesce((SELECT sum(kc.n) FROM kc WHERE kc.k = sc.k AND kc.dim = 'projects'), 0) - coalesce((SELECT sum(kc.n) FROM kc WHERE kc.k = sc.k AND kc.dim = 'grants'), 0))::int AS unknown,
       CASE WHEN coalesce((SELECT sum(kc.n) FROM kc WHERE kc.k = sc.k AND kc.dim = 'grants'), 0) > 0
            THEN (SELECT sum(kc.amount) FROM kc WHERE kc.k = sc.k AND kc.dim = 'grants') END::float8 AS total,
       CASE WHEN coalesce((SELECT sum(kc.n) FROM kc WHERE kc.k = sc.k AND kc.dim = 'grants'), 0) > 0
            THEN (SELECT sum(kc.amount) / sum(kc.n) FROM kc WHERE kc.k = sc.k AND kc.dim = 'grants') END::float8 AS mean,
       CASE WHEN sc.k = 0 THEN (SELECT min(grant_eur) FROM dashboard_project)
            ELSE (SELECT min(grant_eur) FROM dashboard_project d WHERE d.programme_id = sc.k) END::float8 AS min,
       CASE WHEN sc.k = 0 THEN (SELECT max(grant_eur) FROM dashboard_project)
            ELSE (SELECT max(grant_eur) FROM dashboard_project d WHERE d.programme_id = sc.k) END::float8 AS max,
       coalesce((SELECT sum(kc.n) FROM kc WHERE kc.k = sc.k AND kc.dim = 'grantMaximum'), 0)::int AS maximum_only
FROM sc;

-- DashboardRepository.commitmentCountsKept (may be answered by a replica)
--   $1: scopes
WITH sc AS (SELECT DISTINCT k FROM unnest($1::int[]) k),
kc AS (
  SELECT c.k, c.dim, c.key, sum(c.n)::bigint AS n, sum(c.amount) AS amount
  FROM dashboard_count c JOIN sc ON sc.k = c.k
  WHERE c.dim IN ('commitment')
  GROUP BY 1, 2, 3 HAVING sum(c.n) <> 0 OR sum(c.amount) <> 0),
x AS (
  SELECT k, split_part(key, ':', 1) AS kind, split_part(key, ':', 2) AS status,
         split_part(key, ':', 3) AS provenance, n
  FROM kc)
SELECT k, CASE WHEN GROUPING(kind) = 0 THEN 'kind' WHEN GROUPING(status) = 0 THEN 'status'
               WHEN GROUPING(provenance) = 0 THEN 'provenance' ELSE 'total' END AS dim,
       coalesce(kind, status, provenance) AS key, sum(n)::int AS count
FROM x GROUP BY GROUPING SETS ((k), (k, kind), (k, status), (k, provenance))
HAVING sum(n) <> 0;

-- DashboardRepository.complianceKept (may be answered by a replica)
--   $1: scopes
--   $2: asOf
--   $3: gapProjectIds
WITH sc AS (SELECT DISTINCT k FROM unnest($1::int[]) k),
kc AS (
  SELECT c.k, c.dim, c.key, sum(c.n)::bigint AS n, sum(c.amount) AS amount
  FROM dashboard_count c JOIN sc ON sc.k = c.k
  WHERE c.dim IN ('tooFew', 'ruleUnknown', 'open')
  GROUP BY 1, 2, 3 HAVING sum(c.n) <> 0 OR sum(c.amount) <> 0),
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
       coalesce((SELECT sum(kc.n) FROM kc WHERE kc.k = sc.k AND kc.dim = 'tooFew'), 0)::int AS too_few,
       coalesce((SELECT sum(kc.n) FROM kc WHERE kc.k = sc.k AND kc.dim = 'ruleUnknown'), 0)::int AS participants_unknown,
       coalesce((SELECT sum(n) FROM open WHERE open.k = sc.k AND overdue), 0)::int AS overdue,
       coalesce((SELECT sum(n) FROM open WHERE open.k = sc.k AND overdue AND status = 'ACTIVE'), 0)::int
         AS overdue_not_completed,
       (SELECT count(*) FROM gap WHERE gap.k = sc.k)::int AS in_gap,
       (coalesce((SELECT sum(kc.n) FROM kc WHERE kc.k = sc.k AND kc.dim = 'tooFew'), 0)
        + coalesce((SELECT sum(n) FROM open WHERE open.k = sc.k AND NOT too_few AND overdue AND status = 'ACTIVE'), 0)
        + (SELECT count(*) FROM gap WHERE gap.k = sc.k AND NOT too_few AND NOT (overdue AND status = 'ACTIVE'))
       )::int AS out_of_compliance,
       (coalesce((SELECT sum(n) FROM open WHERE open.k = sc.k AND NOT too_few AND overdue AND status <> 'ACTIVE'), 0)
        - (SELECT count(*) FROM gap WHERE gap.k = sc.k AND NOT too_few AND overdue AND status <> 'ACTIVE')
       )::int AS completion_not_recorded
FROM sc;

-- DashboardRepository.equityKept (may be answered by a replica)
--   $1: scopes
WITH sc AS (SELECT DISTINCT k FROM unnest($1::int[]) k),
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
ORDER BY sc.k, m.dim, nullif(m.key, '');

-- DashboardRepository.reuseKept (may be answered by a replica)
--   $1: scopes
--   $2: first
WITH sc AS (SELECT DISTINCT k FROM unnest($1::int[]) k),
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
ORDER BY sc.k, top.organisations DESC, top.links DESC, top.source_project_id, top.source_output;

-- DashboardRepository.pairCandidatesKept (may be answered by a replica)
--   $1: programmeIds
--   $2: maxProjects
SELECT pr.id AS programme_id, n.projects,
       CASE WHEN n.projects <= $2 THEN (
         SELECT coalesce(sum(t.n * (t.n - 1) / 2), 0) FROM (
           SELECT count(*)::float8 AS n FROM dashboard_project d CROSS JOIN LATERAL unnest(d.topics) topic
           WHERE d.programme_id = pr.id GROUP BY topic) t) END::float8 AS candidates
FROM programme pr
CROSS JOIN LATERAL (
  SELECT coalesce(sum(c.n), 0)::int AS projects FROM dashboard_count c
  WHERE c.k = pr.id AND c.dim = 'projects' AND c.key = '') n
WHERE $1::int[] IS NULL OR pr.id = ANY($1::int[]);

-- DashboardRepository.pairCoverageKept (may be answered by a replica)
--   $1: programmeIds
--   $2: threshold
SELECT pr.id AS programme_id, coalesce(m.maintained, true) AS computed,
       coalesce(x.pairs, 0) AS pairs, coalesce(x.committed, 0) AS committed,
       coalesce(x.gap_project_ids, '{}') AS gap_project_ids
FROM programme pr
LEFT JOIN dashboard_pair_programme m ON m.programme_id = pr.id
LEFT JOIN LATERAL (
  WITH sim AS MATERIALIZED (
    SELECT s.a, s.b, EXISTS (
             SELECT 1 FROM cooperation_commitment c
             WHERE c.project_a_id = s.a AND c.project_b_id = s.b
               AND c.status IN ('ACTIVE', 'FULFILLED')) AS committed
    FROM dashboard_similar_pair s WHERE s.programme_id = pr.id AND s.score >= $2)
  SELECT count(*)::int AS pairs, count(*) FILTER (WHERE committed)::int AS committed,
         ARRAY(SELECT a FROM sim WHERE NOT committed
               UNION SELECT b FROM sim WHERE NOT committed ORDER BY 1) AS gap_project_ids
  FROM sim) x ON coalesce(m.maintained, true)
WHERE $1::int[] IS NULL OR pr.id = ANY($1::int[]);
