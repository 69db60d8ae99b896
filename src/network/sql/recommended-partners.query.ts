/**
 * Candidates for recommendedPartners, with the parts of their score.
 * $1 subject organisations, $2 the subject's projects (their topics are the
 * subject's topics, weighted by how many of those projects carry each),
 * $3 organisations 2–3 links away (from the breadth-first search).
 *
 * topic_share: the weighted share of the subject's topics the candidate
 * works on (0–1). Merged municipalities are left out: they no longer exist.
 * Indexes: project_topic (topic_id, project_id), participation primary key.
 */
export const RECOMMENDATION_CANDIDATES_SQL = `
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
  LEFT JOIN topic_agg ta ON ta.org = c.org`;
