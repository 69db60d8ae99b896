-- The SQL that GraphRepository sends, from src/network/sql/graph.statements.ts.
-- Written by `npm run sql`; do not edit (src/common/sql-snapshots.spec.ts checks it).

-- GraphRepository.nextLevel
--   $1: frontier ids
--   $2: their shortest-path counts
--   $3: every id already reached
--   $4: project links count
--   $5: commitment links count
--   $6: reuse links count
--   $7: membership links count
WITH frontier AS MATERIALIZED (SELECT * FROM unnest($1::int[], $2::float8[]) AS f(org, paths)),
     visited AS MATERIALIZED (SELECT unnest($3::int[]) AS org)
SELECT l.dst AS org, sum(f.paths)::float8 AS paths
FROM (
  SELECT f.org AS src, p2.organisation_id AS dst, 'PROJECT' AS kind, p1.project_id AS via_id,
         p1.project_id AS via_from, p1.project_id AS via_to
  FROM frontier f
  JOIN participation p1 ON p1.organisation_id = f.org
  JOIN participation p2 ON p2.project_id = p1.project_id AND p2.organisation_id <> f.org
  WHERE $4::boolean
  UNION ALL
  SELECT f.org, p2.organisation_id, 'COMMITMENT', c.id, c.project_a_id, c.project_b_id
  FROM frontier f
  JOIN participation p1 ON p1.organisation_id = f.org
  JOIN cooperation_commitment c ON c.project_a_id = p1.project_id AND c.status IN ('PROPOSED', 'ACTIVE', 'FULFILLED')
  JOIN participation p2 ON p2.project_id = c.project_b_id AND p2.organisation_id <> f.org
  WHERE $5::boolean
  UNION ALL
  SELECT f.org, p2.organisation_id, 'COMMITMENT', c.id, c.project_b_id, c.project_a_id
  FROM frontier f
  JOIN participation p1 ON p1.organisation_id = f.org
  JOIN cooperation_commitment c ON c.project_b_id = p1.project_id AND c.status IN ('PROPOSED', 'ACTIVE', 'FULFILLED')
  JOIN participation p2 ON p2.project_id = c.project_a_id AND p2.organisation_id <> f.org
  WHERE $5::boolean
  UNION ALL
  SELECT f.org, p2.organisation_id, 'REUSE', r.id, r.project_id, r.source_project_id
  FROM frontier f
  JOIN participation p1 ON p1.organisation_id = f.org
  JOIN reuse_link r ON r.project_id = p1.project_id
  JOIN participation p2 ON p2.project_id = r.source_project_id AND p2.organisation_id <> f.org
  WHERE $6::boolean
  UNION ALL
  SELECT f.org, p2.organisation_id, 'REUSE', r.id, r.source_project_id, r.project_id
  FROM frontier f
  JOIN participation p1 ON p1.organisation_id = f.org
  JOIN reuse_link r ON r.source_project_id = p1.project_id
  JOIN participation p2 ON p2.project_id = r.project_id AND p2.organisation_id <> f.org
  WHERE $6::boolean
  UNION ALL
  SELECT f.org, m.municipality_id, 'MEMBERSHIP', m.joint_authority_id, NULL::int, NULL::int
  FROM frontier f JOIN joint_authority_member m ON m.joint_authority_id = f.org
  WHERE $7::boolean
  UNION ALL
  SELECT f.org, m.joint_authority_id, 'MEMBERSHIP', m.joint_authority_id, NULL::int, NULL::int
  FROM frontier f JOIN joint_authority_member m ON m.municipality_id = f.org
  WHERE $7::boolean) l
JOIN frontier f ON f.org = l.src
WHERE NOT EXISTS (SELECT 1 FROM visited v WHERE v.org = l.dst)
GROUP BY l.dst;

-- GraphRepository.linksBack
--   $1: targets
--   $2: organisations of the previous level
--   $3: links per target
--   $4: project links count
--   $5: commitment links count
--   $6: reuse links count
--   $7: membership links count
WITH targets AS MATERIALIZED (SELECT unnest($1::int[]) AS org),
     previous AS MATERIALIZED (SELECT unnest($2::int[]) AS org)
SELECT target, pred, kind, via_id, via_from, via_to FROM (
  SELECT l.src AS target, l.dst AS pred, l.kind, l.via_id, l.via_from, l.via_to,
         row_number() OVER (PARTITION BY l.src ORDER BY l.dst, l.kind, l.via_id, l.via_from) AS n
  FROM (
  SELECT f.org AS src, p2.organisation_id AS dst, 'PROJECT' AS kind, p1.project_id AS via_id,
         p1.project_id AS via_from, p1.project_id AS via_to
  FROM targets f
  JOIN participation p1 ON p1.organisation_id = f.org
  JOIN participation p2 ON p2.project_id = p1.project_id AND p2.organisation_id <> f.org
  WHERE $4::boolean
  UNION ALL
  SELECT f.org, p2.organisation_id, 'COMMITMENT', c.id, c.project_a_id, c.project_b_id
  FROM targets f
  JOIN participation p1 ON p1.organisation_id = f.org
  JOIN cooperation_commitment c ON c.project_a_id = p1.project_id AND c.status IN ('PROPOSED', 'ACTIVE', 'FULFILLED')
  JOIN participation p2 ON p2.project_id = c.project_b_id AND p2.organisation_id <> f.org
  WHERE $5::boolean
  UNION ALL
  SELECT f.org, p2.organisation_id, 'COMMITMENT', c.id, c.project_b_id, c.project_a_id
  FROM targets f
  JOIN participation p1 ON p1.organisation_id = f.org
  JOIN cooperation_commitment c ON c.project_b_id = p1.project_id AND c.status IN ('PROPOSED', 'ACTIVE', 'FULFILLED')
  JOIN participation p2 ON p2.project_id = c.project_a_id AND p2.organisation_id <> f.org
  WHERE $5::boolean
  UNION ALL
  SELECT f.org, p2.organisation_id, 'REUSE', r.id, r.project_id, r.source_project_id
  FROM targets f
  JOIN participation p1 ON p1.organisation_id = f.org
  JOIN reuse_link r ON r.project_id = p1.project_id
  JOIN participation p2 ON p2.project_id = r.source_project_id AND p2.organisation_id <> f.org
  WHERE $6::boolean
  UNION ALL
  SELECT f.org, p2.organisation_id, 'REUSE', r.id, r.source_project_id, r.project_id
  FROM targets f
  JOIN participation p1 ON p1.organisation_id = f.org
  JOIN reuse_link r ON r.source_project_id = p1.project_id
  JOIN participation p2 ON p2.project_id = r.project_id AND p2.organisation_id <> f.org
  WHERE $6::boolean
  UNION ALL
  SELECT f.org, m.municipality_id, 'MEMBERSHIP', m.joint_authority_id, NULL::int, NULL::int
  FROM targets f JOIN joint_authority_member m ON m.joint_authority_id = f.org
  WHERE $7::boolean
  UNION ALL
  SELECT f.org, m.joint_authority_id, 'MEMBERSHIP', m.joint_authority_id, NULL::int, NULL::int
  FROM targets f JOIN joint_authority_member m ON m.municipality_id = f.org
  WHERE $7::boolean) l
  WHERE EXISTS (SELECT 1 FROM previous p WHERE p.org = l.dst)
) ranked
WHERE n <= $3::int
ORDER BY target, n;

-- GraphRepository.nextLevelWithParents
--   $1: frontier ids
--   $2: every id already reached
--   $3: project links count
--   $4: commitment links count
--   $5: reuse links count
--   $6: membership links count
WITH frontier AS MATERIALIZED (SELECT unnest($1::int[]) AS org),
     visited AS MATERIALIZED (SELECT unnest($2::int[]) AS org)
SELECT DISTINCT ON (l.dst) l.dst AS org, l.src AS parent, l.kind, l.via_id, l.via_from, l.via_to
FROM (
  SELECT f.org AS src, p2.organisation_id AS dst, 'PROJECT' AS kind, p1.project_id AS via_id,
         p1.project_id AS via_from, p1.project_id AS via_to
  FROM frontier f
  JOIN participation p1 ON p1.organisation_id = f.org
  JOIN participation p2 ON p2.project_id = p1.project_id AND p2.organisation_id <> f.org
  WHERE $3::boolean
  UNION ALL
  SELECT f.org, p2.organisation_id, 'COMMITMENT', c.id, c.project_a_id, c.project_b_id
  FROM frontier f
  JOIN participation p1 ON p1.organisation_id = f.org
  JOIN cooperation_commitment c ON c.project_a_id = p1.project_id AND c.status IN ('PROPOSED', 'ACTIVE', 'FULFILLED')
  JOIN participation p2 ON p2.project_id = c.project_b_id AND p2.organisation_id <> f.org
  WHERE $4::boolean
  UNION ALL
  SELECT f.org, p2.organisation_id, 'COMMITMENT', c.id, c.project_b_id, c.project_a_id
  FROM frontier f
  JOIN participation p1 ON p1.organisation_id = f.org
  JOIN cooperation_commitment c ON c.project_b_id = p1.project_id AND c.status IN ('PROPOSED', 'ACTIVE', 'FULFILLED')
  JOIN participation p2 ON p2.project_id = c.project_a_id AND p2.organisation_id <> f.org
  WHERE $4::boolean
  UNION ALL
  SELECT f.org, p2.organisation_id, 'REUSE', r.id, r.project_id, r.source_project_id
  FROM frontier f
  JOIN participation p1 ON p1.organisation_id = f.org
  JOIN reuse_link r ON r.project_id = p1.project_id
  JOIN participation p2 ON p2.project_id = r.source_project_id AND p2.organisation_id <> f.org
  WHERE $5::boolean
  UNION ALL
  SELECT f.org, p2.organisation_id, 'REUSE', r.id, r.source_project_id, r.project_id
  FROM frontier f
  JOIN participation p1 ON p1.organisation_id = f.org
  JOIN reuse_link r ON r.source_project_id = p1.project_id
  JOIN participation p2 ON p2.project_id = r.project_id AND p2.organisation_id <> f.org
  WHERE $5::boolean
  UNION ALL
  SELECT f.org, m.municipality_id, 'MEMBERSHIP', m.joint_authority_id, NULL::int, NULL::int
  FROM frontier f JOIN joint_authority_member m ON m.joint_authority_id = f.org
  WHERE $6::boolean
  UNION ALL
  SELECT f.org, m.joint_authority_id, 'MEMBERSHIP', m.joint_authority_id, NULL::int, NULL::int
  FROM frontier f JOIN joint_authority_member m ON m.municipality_id = f.org
  WHERE $6::boolean) l
WHERE NOT EXISTS (SELECT 1 FROM visited v WHERE v.org = l.dst)
ORDER BY l.dst, l.src, l.kind, l.via_id, l.via_from;

-- GraphRepository.incompleteProjects
--   $1: organisations expanded
--   $2: project links count
--   $3: commitment links count
--   $4: reuse links count
WITH own AS MATERIALIZED (
  SELECT DISTINCT pa.project_id AS id FROM participation pa WHERE pa.organisation_id = ANY($1::int[])),
read AS (
  SELECT id FROM own WHERE $2::boolean
  UNION SELECT CASE WHEN c.project_a_id = own.id THEN c.project_b_id ELSE c.project_a_id END
    FROM own JOIN cooperation_commitment c ON (c.project_a_id = own.id OR c.project_b_id = own.id) AND c.status IN ('PROPOSED', 'ACTIVE', 'FULFILLED')
    WHERE $3::boolean
  UNION SELECT CASE WHEN r.project_id = own.id THEN r.source_project_id ELSE r.project_id END
    FROM own JOIN reuse_link r ON r.project_id = own.id OR r.source_project_id = own.id
    WHERE $4::boolean)
SELECT count(*)::int AS n FROM read JOIN project p ON p.id = read.id WHERE NOT p.participants_known;

-- GraphRepository.beginSnapshot (transaction or session control: sent as written, never prepared)
BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;

-- GraphRepository.noStatementTimeout (transaction or session control: sent as written, never prepared)
SET LOCAL statement_timeout = 0;

-- GraphRepository.endSnapshot (transaction or session control: sent as written, never prepared)
COMMIT;

-- GraphRepository.feedMark
SELECT (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM graph_change_seq)::text AS position,
       (CASE WHEN w.at % pg_size_bytes(current_setting('wal_segment_size')) = 40 THEN w.lsn - 40
             WHEN w.at % current_setting('wal_block_size')::int = 24 THEN w.lsn - 24
             ELSE w.lsn END)::text AS lsn
FROM (SELECT i.lsn, i.lsn - '0/0'::pg_lsn AS at
      FROM (SELECT pg_current_wal_insert_lsn() AS lsn) i) w;

-- GraphRepository.replayedPast
--   $1: WAL position (feedMark)
SELECT pg_is_in_recovery() AND coalesce(pg_last_wal_replay_lsn() >= $1::pg_lsn, false) AS replayed;

-- GraphRepository.copyParticipation
SELECT project_id, organisation_id FROM participation ORDER BY project_id, organisation_id;

-- GraphRepository.copyCommitments
SELECT c.id, c.project_a_id, c.project_b_id FROM cooperation_commitment c WHERE c.status IN ('PROPOSED', 'ACTIVE', 'FULFILLED');

-- GraphRepository.copyReuse
SELECT id, project_id, source_project_id FROM reuse_link WHERE source_project_id IS NOT NULL;

-- GraphRepository.copyMembers
SELECT joint_authority_id, municipality_id FROM joint_authority_member;

-- GraphRepository.copyIncomplete
SELECT id FROM project WHERE NOT participants_known;

-- GraphRepository.bounds
SELECT (SELECT coalesce(max(id), 0) FROM organisation)::int AS max_organisation,
       (SELECT coalesce(max(id), 0) FROM project)::int AS max_project;

-- GraphRepository.refreshProjectMembers
--   $1: projects
SELECT project_id AS a, organisation_id AS b FROM participation WHERE project_id = ANY($1::int[]);

-- GraphRepository.refreshOrganisationProjects
--   $1: organisations
SELECT organisation_id AS a, project_id AS b FROM participation WHERE organisation_id = ANY($1::int[]);

-- GraphRepository.refreshCommitments
--   $1: projects
SELECT c.id, c.project_a_id AS a, c.project_b_id AS b FROM cooperation_commitment c
WHERE (c.project_a_id = ANY($1::int[]) OR c.project_b_id = ANY($1::int[])) AND c.status IN ('PROPOSED', 'ACTIVE', 'FULFILLED');

-- GraphRepository.refreshReuse
--   $1: projects
SELECT id, project_id AS a, source_project_id AS b FROM reuse_link
WHERE (project_id = ANY($1::int[]) OR source_project_id = ANY($1::int[])) AND source_project_id IS NOT NULL;

-- GraphRepository.refreshMembers
--   $1: organisations
SELECT joint_authority_id AS a, municipality_id AS b FROM joint_authority_member
WHERE joint_authority_id = ANY($1::int[]) OR municipality_id = ANY($1::int[]);

-- GraphRepository.refreshIncomplete
--   $1: projects
SELECT id FROM project WHERE id = ANY($1::int[]) AND NOT participants_known;

-- GraphRepository.checksums
SELECT (SELECT count(*) || ':' || coalesce(sum(((project_id)::bigint * 1000003 + (organisation_id)::bigint * 7919) % 2147483629), 0) FROM participation) AS participation,
       (SELECT count(*) || ':' || coalesce(sum(((((c.project_a_id)::bigint * 1000003 + (c.project_b_id)::bigint * 7919) % 2147483629)::bigint * 1000003 + (c.id)::bigint * 7919) % 2147483629), 0) FROM cooperation_commitment c WHERE c.status IN ('PROPOSED', 'ACTIVE', 'FULFILLED')) AS commitments,
       (SELECT count(*) || ':' || coalesce(sum(((((least(project_id, source_project_id))::bigint * 1000003 + (greatest(project_id, source_project_id))::bigint * 7919) % 2147483629)::bigint * 1000003 + (id)::bigint * 7919) % 2147483629), 0) FROM reuse_link WHERE source_project_id IS NOT NULL) AS reuse,
       (SELECT count(*) || ':' || coalesce(sum(((joint_authority_id)::bigint * 1000003 + (municipality_id)::bigint * 7919) % 2147483629), 0) FROM joint_authority_member) AS members,
       (SELECT count(*) || ':' || coalesce(sum(id % 2147483629), 0) FROM project WHERE NOT participants_known) AS incomplete;
