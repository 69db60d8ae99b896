-- The SQL that ProgrammesRepository sends, from src/programmes/sql/programmes.statements.ts.
-- Written by `npm run sql`; do not edit (src/common/sql-snapshots.spec.ts checks it).

-- ProgrammesRepository.byIds (may be answered by a replica)
--   $1: ids
SELECT pr.id, pr.code, pr.name_fi AS "nameFi", pr.name_sv AS "nameSv", pr.name_en AS "nameEn",
       pr.call_opened_on AS "callOpenedOn", pr.call_closed_on AS "callClosedOn",
       pr.decided_year AS "decidedYear", pr.decided_on AS "decidedOn",
       pr.applications_received AS "applicationsReceived", pr.projects_granted AS "projectsGranted",
       pr.project_list_complete AS "projectListComplete", pr.budget_eur::float8 AS "budgetEur",
       pr.granted_total_eur::float8 AS "grantedTotalEur", pr.themes, pr.exclusions,
       pr.completion_deadline AS "completionDeadline", pr.min_participants AS "minParticipants",
       pr.max_grant_share::float8 AS "maxGrantShare", pr.reuse_duty AS "reuseDuty",
       pr.cooperation_duty AS "cooperationDuty", pr.provenance, pr.synthetic
  FROM programme pr
 WHERE pr.id = ANY($1::int[]);

-- ProgrammesRepository.byCode (may be answered by a replica)
--   $1: code
SELECT pr.id, pr.code, pr.name_fi AS "nameFi", pr.name_sv AS "nameSv", pr.name_en AS "nameEn",
       pr.call_opened_on AS "callOpenedOn", pr.call_closed_on AS "callClosedOn",
       pr.decided_year AS "decidedYear", pr.decided_on AS "decidedOn",
       pr.applications_received AS "applicationsReceived", pr.projects_granted AS "projectsGranted",
       pr.project_list_complete AS "projectListComplete", pr.budget_eur::float8 AS "budgetEur",
       pr.granted_total_eur::float8 AS "grantedTotalEur", pr.themes, pr.exclusions,
       pr.completion_deadline AS "completionDeadline", pr.min_participants AS "minParticipants",
       pr.max_grant_share::float8 AS "maxGrantShare", pr.reuse_duty AS "reuseDuty",
       pr.cooperation_duty AS "cooperationDuty", pr.provenance, pr.synthetic
  FROM programme pr
 WHERE pr.code = $1::text;

-- ProgrammesRepository.pageForward (may be answered by a replica)
--   $1: after id
--   $2: before id
--   $3: limit
SELECT pr.id, pr.code, pr.name_fi AS "nameFi", pr.name_sv AS "nameSv", pr.name_en AS "nameEn",
       pr.call_opened_on AS "callOpenedOn", pr.call_closed_on AS "callClosedOn",
       pr.decided_year AS "decidedYear", pr.decided_on AS "decidedOn",
       pr.applications_received AS "applicationsReceived", pr.projects_granted AS "projectsGranted",
       pr.project_list_complete AS "projectListComplete", pr.budget_eur::float8 AS "budgetEur",
       pr.granted_total_eur::float8 AS "grantedTotalEur", pr.themes, pr.exclusions,
       pr.completion_deadline AS "completionDeadline", pr.min_participants AS "minParticipants",
       pr.max_grant_share::float8 AS "maxGrantShare", pr.reuse_duty AS "reuseDuty",
       pr.cooperation_duty AS "cooperationDuty", pr.provenance, pr.synthetic
  FROM programme pr
 WHERE ($1::int IS NULL OR pr.id > $1) AND ($2::int IS NULL OR pr.id < $2)
 ORDER BY pr.id
 LIMIT $3::int;

-- ProgrammesRepository.pageBackward (may be answered by a replica)
--   $1: after id
--   $2: before id
--   $3: limit
SELECT pr.id, pr.code, pr.name_fi AS "nameFi", pr.name_sv AS "nameSv", pr.name_en AS "nameEn",
       pr.call_opened_on AS "callOpenedOn", pr.call_closed_on AS "callClosedOn",
       pr.decided_year AS "decidedYear", pr.decided_on AS "decidedOn",
       pr.applications_received AS "applicationsReceived", pr.projects_granted AS "projectsGranted",
       pr.project_list_complete AS "projectListComplete", pr.budget_eur::float8 AS "budgetEur",
       pr.granted_total_eur::float8 AS "grantedTotalEur", pr.themes, pr.exclusions,
       pr.completion_deadline AS "completionDeadline", pr.min_participants AS "minParticipants",
       pr.max_grant_share::float8 AS "maxGrantShare", pr.reuse_duty AS "reuseDuty",
       pr.cooperation_duty AS "cooperationDuty", pr.provenance, pr.synthetic
  FROM programme pr
 WHERE ($1::int IS NULL OR pr.id > $1) AND ($2::int IS NULL OR pr.id < $2)
 ORDER BY pr.id DESC
 LIMIT $3::int;

-- ProgrammesRepository.count (may be answered by a replica)
SELECT count(*)::int AS n FROM programme;
