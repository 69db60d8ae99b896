-- The SQL that NetworkRepository sends, from src/network/sql/network.statements.ts.
-- Written by `npm run sql`; do not edit (src/common/sql-snapshots.spec.ts checks it).

-- NetworkRepository.projectsOfOrganisation (may be answered by a replica)
--   $1: organisation
SELECT project_id FROM participation WHERE organisation_id = $1 ORDER BY project_id;

-- NetworkRepository.topicOverlap (may be answered by a replica)
--   $1: projects of side a
--   $2: projects of side b
WITH sides AS (
  SELECT 'a' AS side, topic_id, project_id FROM project_topic WHERE project_id = ANY($1::int[])
  UNION ALL
  SELECT 'b', topic_id, project_id FROM project_topic WHERE project_id = ANY($2::int[]))
SELECT topic_id,
       array_agg(DISTINCT project_id ORDER BY project_id) FILTER (WHERE side = 'a') AS a,
       array_agg(DISTINCT project_id ORDER BY project_id) FILTER (WHERE side = 'b') AS b
FROM sides GROUP BY topic_id
HAVING bool_or(side = 'a') AND bool_or(side = 'b')
ORDER BY topic_id;

-- NetworkRepository.incompleteWithout (may be answered by a replica)
--   $1: organisations
SELECT count(*)::int AS n FROM project p WHERE NOT p.participants_known AND (
  SELECT count(*) FROM participation pa WHERE pa.project_id = p.id AND pa.organisation_id = ANY($1::int[])
) < cardinality($1::int[]);

-- NetworkRepository.incompleteAmong (may be answered by a replica)
--   $1: projects
SELECT count(*)::int AS n FROM project WHERE id = ANY($1::int[]) AND NOT participants_known;

-- NetworkRepository.similarProjects (may be answered by a replica)
--   $1: project
--   $2: minimum score
--   $3: limit
WITH a AS MATERIALIZED (SELECT id, title_sv FROM project WHERE id = $1),
at AS MATERIALIZED (SELECT topic_id, weight FROM project_topic WHERE project_id = $1),
sum_a AS MATERIALIZED (SELECT coalesce(sum(weight), 0) AS s FROM at),
shared AS MATERIALIZED (
  SELECT DISTINCT x.project_id FROM at CROSS JOIN LATERAL (
    SELECT pt.project_id FROM project_topic pt
    WHERE pt.topic_id = at.topic_id AND pt.project_id <> $1
    ORDER BY pt.project_id DESC LIMIT 2000) x),
topic_scores AS (
  SELECT pt.project_id,
         (sum(least(pt.weight, at.weight)) FILTER (WHERE at.topic_id IS NOT NULL)
           / nullif((SELECT s FROM sum_a) + sum(pt.weight)
                    - coalesce(sum(least(pt.weight, at.weight)) FILTER (WHERE at.topic_id IS NOT NULL), 0), 0))::float8
           AS topic_score
  FROM shared c JOIN project_topic pt ON pt.project_id = c.project_id LEFT JOIN at ON at.topic_id = pt.topic_id
  GROUP BY pt.project_id
),
cand AS (
  (SELECT project_id, topic_score FROM topic_scores ORDER BY topic_score DESC, project_id LIMIT 200)
  UNION
  SELECT near.id, coalesce(ts.topic_score, 0) FROM (
    SELECT p.id FROM project p WHERE p.id <> $1 AND NOT EXISTS (SELECT 1 FROM at)
    ORDER BY p.title_sv <-> (SELECT title_sv FROM project WHERE id = $1) LIMIT 50
  ) near LEFT JOIN topic_scores ts ON ts.project_id = near.id
),
scored AS (
  SELECT p.id, coalesce(c.topic_score, 0) AS topic_score, similarity(p.title_sv, a.title_sv)::float8 AS text_score,
         NULL AS extra
  FROM cand c JOIN project p ON p.id = c.project_id CROSS JOIN a
  WHERE TRUE
)
SELECT id, topic_score, text_score, (0.7 * topic_score + 0.3 * text_score)::float8 AS score, extra
FROM scored
WHERE (0.7 * topic_score + 0.3 * text_score) >= $2 AND TRUE
ORDER BY score DESC, id
LIMIT $3;

-- NetworkRepository.priorWork (may be answered by a replica)
--   $1: project
--   $2: minimum score
--   $3: limit
WITH a AS MATERIALIZED (SELECT id, title_sv FROM project WHERE id = $1),
at AS MATERIALIZED (SELECT topic_id, weight FROM project_topic WHERE project_id = $1),
sum_a AS MATERIALIZED (SELECT coalesce(sum(weight), 0) AS s FROM at),
shared AS MATERIALIZED (
  SELECT DISTINCT x.project_id FROM at CROSS JOIN LATERAL (
    SELECT pt.project_id FROM project_topic pt
    WHERE pt.topic_id = at.topic_id AND pt.project_id <> $1
    ORDER BY pt.project_id DESC LIMIT 2000) x),
topic_scores AS (
  SELECT pt.project_id,
         (sum(least(pt.weight, at.weight)) FILTER (WHERE at.topic_id IS NOT NULL)
           / nullif((SELECT s FROM sum_a) + sum(pt.weight)
                    - coalesce(sum(least(pt.weight, at.weight)) FILTER (WHERE at.topic_id IS NOT NULL), 0), 0))::float8
           AS topic_score
  FROM shared c JOIN project_topic pt ON pt.project_id = c.project_id LEFT JOIN at ON at.topic_id = pt.topic_id
  GROUP BY pt.project_id
),
cand AS (
  (SELECT project_id, topic_score FROM topic_scores ORDER BY topic_score DESC, project_id LIMIT 200)
  UNION
  SELECT near.id, coalesce(ts.topic_score, 0) FROM (
    SELECT p.id FROM project p WHERE p.id <> $1 AND NOT EXISTS (SELECT 1 FROM at)
    ORDER BY p.title_sv <-> (SELECT title_sv FROM project WHERE id = $1) LIMIT 50
  ) near LEFT JOIN topic_scores ts ON ts.project_id = near.id
),
scored AS (
  SELECT p.id, coalesce(c.topic_score, 0) AS topic_score, similarity(p.title_sv, a.title_sv)::float8 AS text_score,
         (SELECT CASE
WHEN p.end_date IS NOT NULL AND s.start_date IS NOT NULL AND p.end_date < s.start_date THEN 'EARLIER'
WHEN p.start_date IS NOT NULL AND s.end_date IS NOT NULL AND p.start_date > s.end_date THEN NULL
WHEN p.start_date IS NOT NULL AND s.start_date IS NOT NULL THEN 'PARALLEL'
WHEN pp.completion_deadline < sp.completion_deadline THEN 'EARLIER'
WHEN pp.id = sp.id THEN 'PARALLEL'
ELSE NULL END FROM project s JOIN programme sp ON sp.id = s.programme_id
             JOIN programme pp ON pp.id = p.programme_id WHERE s.id = $1) AS extra
  FROM cand c JOIN project p ON p.id = c.project_id CROSS JOIN a
  WHERE EXISTS (SELECT 1 FROM project_topic x JOIN at ON at.topic_id = x.topic_id WHERE x.project_id = p.id)
      AND NOT EXISTS (
        SELECT 1 FROM participation x JOIN participation y ON y.organisation_id = x.organisation_id
        WHERE x.project_id = $1 AND y.project_id = p.id)
)
SELECT id, topic_score, text_score, (0.7 * topic_score + 0.3 * text_score)::float8 AS score, extra
FROM scored
WHERE (0.7 * topic_score + 0.3 * text_score) >= $2 AND extra IS NOT NULL
ORDER BY score DESC, id
LIMIT $3;

-- NetworkRepository.uncommittedSimilarPairs (may be answered by a replica)
--   $1: programme id
--   $2: threshold
--   $3: limit
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
)
SELECT a, b, topic_score, text_score, (0.7 * topic_score + 0.3 * text_score)::float8 AS score,
       count(*) OVER ()::int AS total
FROM scored s
WHERE (0.7 * topic_score + 0.3 * text_score) >= $2
  AND NOT EXISTS (
    SELECT 1 FROM cooperation_commitment c
    WHERE c.project_a_id = s.a AND c.project_b_id = s.b AND c.status IN ('ACTIVE', 'FULFILLED'))
ORDER BY score DESC, a, b
LIMIT $3;

-- NetworkRepository.participantCounts (may be answered by a replica)
--   $1: programme id
SELECT p.id, p.participants_known, count(pa.organisation_id)::int AS participants
FROM project p LEFT JOIN participation pa ON pa.project_id = p.id
WHERE p.programme_id = $1 AND p.status <> 'WITHDRAWN'
GROUP BY p.id ORDER BY p.id;

-- NetworkRepository.overdue (may be answered by a replica)
--   $1: programme id
--   $2: as of (date)
SELECT p.id, to_char(coalesce(p.end_date, pr.completion_deadline), 'YYYY-MM-DD') AS deadline, p.status
FROM project p JOIN programme pr ON pr.id = p.programme_id
WHERE p.programme_id = $1 AND coalesce(p.status IN ('GRANTED', 'ACTIVE') AND coalesce(p.end_date, pr.completion_deadline) < $2::date, false)
ORDER BY p.id;

-- NetworkRepository.recommendationCandidates (may be answered by a replica)
--   $1: subject organisations
--   $2: the subject's projects
--   $3: organisations 2–3 links away
WITH subject AS MATERIALIZED (SELECT unnest($1::int[]) AS org),
st AS MATERIALIZED (SELECT topic_id, count(*)::float8 AS w FROM project_topic WHERE project_id = ANY($2) GROUP BY topic_id),
by_topic AS MATERIALIZED (
  SELECT DISTINCT pa.organisation_id AS org, pt.topic_id
  FROM st JOIN project_topic pt ON pt.topic_id = st.topic_id JOIN participation pa ON pa.project_id = pt.project_id),
topic_agg AS (
  SELECT b.org, sum(st.w) AS w, array_agg(b.topic_id ORDER BY b.topic_id) AS topic_ids
  FROM by_topic b JOIN st ON st.topic_id = b.topic_id GROUP BY b.org),
candidates AS (SELECT org FROM by_topic UNION SELECT unnest($3::int[])),
partners AS (
  SELECT DISTINCT p2.organisation_id AS org
  FROM subject s JOIN participation p1 ON p1.organisation_id = s.org JOIN participation p2 ON p2.project_id = p1.project_id),
subject_orgs AS MATERIALIZED (SELECT o.region_code, o.language_status FROM organisation o JOIN subject s ON s.org = o.id)
SELECT c.org,
       coalesce(ta.w / nullif((SELECT sum(w) FROM st), 0), 0)::float8 AS topic_share,
       coalesce(ta.topic_ids, '{}') AS topic_ids,
       o.region_code IN (SELECT region_code FROM subject_orgs) AS same_region,
       o.language_status IN (SELECT language_status FROM subject_orgs) AS same_language,
       EXISTS (SELECT 1 FROM partners p WHERE p.org = c.org) AS partner
FROM candidates c
JOIN organisation o ON o.id = c.org AND o.merged_into_id IS NULL
LEFT JOIN topic_agg ta ON ta.org = c.org;

-- NetworkRepository.networkNodes (may be answered by a replica)
--   $1: programme id or null
--   $2: topic id or null
--   $3: region code or null
--   $4: maxNodes + 1
WITH
sel AS MATERIALIZED (
  SELECT p.id FROM project p
  WHERE ($1::int IS NULL OR p.programme_id = $1)
    AND ($2::int IS NULL OR EXISTS (SELECT 1 FROM project_topic pt WHERE pt.project_id = p.id AND pt.topic_id = $2))),
members AS MATERIALIZED (
  SELECT DISTINCT pa.organisation_id AS org, pa.project_id
  FROM sel JOIN participation pa ON pa.project_id = sel.id
  JOIN organisation o ON o.id = pa.organisation_id
  WHERE ($3::text IS NULL OR o.region_code = $3))
SELECT DISTINCT org FROM members ORDER BY org LIMIT $4;

-- NetworkRepository.networkEdges (may be answered by a replica)
--   $1: programme id or null
--   $2: topic id or null
--   $3: region code or null
WITH
sel AS MATERIALIZED (
  SELECT p.id FROM project p
  WHERE ($1::int IS NULL OR p.programme_id = $1)
    AND ($2::int IS NULL OR EXISTS (SELECT 1 FROM project_topic pt WHERE pt.project_id = p.id AND pt.topic_id = $2))),
members AS MATERIALIZED (
  SELECT DISTINCT pa.organisation_id AS org, pa.project_id
  FROM sel JOIN participation pa ON pa.project_id = sel.id
  JOIN organisation o ON o.id = pa.organisation_id
  WHERE ($3::text IS NULL OR o.region_code = $3)),
links AS (
  SELECT x.org AS a, y.org AS b, 'PROJECT' AS kind
  FROM members x JOIN members y ON y.project_id = x.project_id AND y.org > x.org
  UNION ALL
  SELECT least(x.org, y.org), greatest(x.org, y.org), 'COMMITMENT'
  FROM cooperation_commitment c
  JOIN members x ON x.project_id = c.project_a_id JOIN members y ON y.project_id = c.project_b_id
  WHERE c.status IN ('PROPOSED', 'ACTIVE', 'FULFILLED') AND x.org <> y.org
  UNION ALL
  SELECT least(x.org, y.org), greatest(x.org, y.org), 'REUSE'
  FROM reuse_link r
  JOIN members x ON x.project_id = r.project_id JOIN members y ON y.project_id = r.source_project_id
  WHERE x.org <> y.org
  UNION ALL
  SELECT least(m.joint_authority_id, m.municipality_id), greatest(m.joint_authority_id, m.municipality_id), 'MEMBERSHIP'
  FROM joint_authority_member m
  WHERE m.joint_authority_id IN (SELECT org FROM members) AND m.municipality_id IN (SELECT org FROM members))
-- The kinds in name order; four bool_or instead of array_agg(DISTINCT), which sorted every
-- group again (a fifth of the query at 110,000 edges).
SELECT a, b, count(*)::int AS weight, array_remove(ARRAY[
  CASE WHEN bool_or(kind = 'COMMITMENT') THEN 'COMMITMENT' END,
  CASE WHEN bool_or(kind = 'MEMBERSHIP') THEN 'MEMBERSHIP' END,
  CASE WHEN bool_or(kind = 'PROJECT') THEN 'PROJECT' END,
  CASE WHEN bool_or(kind = 'REUSE') THEN 'REUSE' END], NULL) AS kinds
FROM links GROUP BY a, b ORDER BY a, b;

-- NetworkRepository.networkMembers (may be answered by a replica)
--   $1: programme id or null
--   $2: topic id or null
--   $3: region code or null
WITH
sel AS MATERIALIZED (
  SELECT p.id FROM project p
  WHERE ($1::int IS NULL OR p.programme_id = $1)
    AND ($2::int IS NULL OR EXISTS (SELECT 1 FROM project_topic pt WHERE pt.project_id = p.id AND pt.topic_id = $2))),
members AS MATERIALIZED (
  SELECT DISTINCT pa.organisation_id AS org, pa.project_id
  FROM sel JOIN participation pa ON pa.project_id = sel.id
  JOIN organisation o ON o.id = pa.organisation_id
  WHERE ($3::text IS NULL OR o.region_code = $3))
SELECT org, project_id FROM members;

-- NetworkRepository.networkIncomplete (may be answered by a replica)
--   $1: programme id or null
--   $2: topic id or null
--   $3: region code or null
WITH
sel AS MATERIALIZED (
  SELECT p.id FROM project p
  WHERE ($1::int IS NULL OR p.programme_id = $1)
    AND ($2::int IS NULL OR EXISTS (SELECT 1 FROM project_topic pt WHERE pt.project_id = p.id AND pt.topic_id = $2))),
members AS MATERIALIZED (
  SELECT DISTINCT pa.organisation_id AS org, pa.project_id
  FROM sel JOIN participation pa ON pa.project_id = sel.id
  JOIN organisation o ON o.id = pa.organisation_id
  WHERE ($3::text IS NULL OR o.region_code = $3))
SELECT count(*)::int AS n FROM sel JOIN project p ON p.id = sel.id
WHERE NOT p.participants_known;
