-- The SQL that OutputsRepository sends, from src/outputs/sql/outputs.statements.ts.
-- Written by `npm run sql`; do not edit (src/common/sql-snapshots.spec.ts checks it).

-- OutputsRepository.ofProjects (may be answered by a replica)
--   $1: project ids
--   $2: most per project
SELECT id, project_id AS "projectId", position, title, description,
       published_at AS "publishedAt", source_key AS "sourceKey"
  FROM (SELECT o.*, row_number() OVER (PARTITION BY project_id ORDER BY position, id) AS n
          FROM project_output o
         WHERE project_id = ANY($1::int[])) x
 WHERE n <= $2::int
 ORDER BY project_id, position, id;
