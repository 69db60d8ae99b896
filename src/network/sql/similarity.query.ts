/**
 * Project similarity, used by similarProjects, cooperationGaps and priorWork.
 *
 *   score = 0.7 × topicScore + 0.3 × textScore
 *   topicScore = weighted Jaccard of the two topic sets:
 *                Σ_t min(w_a(t), w_b(t)) / Σ_t max(w_a(t), w_b(t)),
 *                with w = project_topic.weight (1 for a main topic, less for a side topic);
 *                computed as inter / (Σ w_a + Σ w_b − inter).
 *   textScore  = pg_trgm similarity of the Swedish titles (0–1).
 *
 * Topics carry most of the weight because they are curated; titles catch
 * near-identical projects that were classified differently.
 */
export const TOPIC_WEIGHT = 0.7;
export const TEXT_WEIGHT = 0.3;

export const scoreExpr = (topic: string, text: string) =>
  `(${TOPIC_WEIGHT} * ${topic} + ${TEXT_WEIGHT} * ${text})`;

/**
 * Projects similar to $1, best first. Candidates are the projects sharing a
 * topic with it (project_topic (topic_id, project_id) index) and its 50
 * nearest titles by trigram distance (GiST index project_title_trgm_idx).
 * $2 minimum score, $3 limit. Optional extra condition on candidate `p`.
 */
export function similarProjectsSql(extraCondition = 'TRUE'): string {
  return `
    WITH a AS MATERIALIZED (SELECT id, title_sv FROM project WHERE id = $1),
    at AS MATERIALIZED (SELECT topic_id, weight FROM project_topic WHERE project_id = $1),
    sum_a AS MATERIALIZED (SELECT coalesce(sum(weight), 0) AS s FROM at),
    cand AS MATERIALIZED (
      SELECT pt.project_id FROM project_topic pt JOIN at ON at.topic_id = pt.topic_id WHERE pt.project_id <> $1
      UNION
      SELECT near.id FROM (
        SELECT p.id FROM project p, a WHERE p.id <> a.id ORDER BY p.title_sv <-> a.title_sv LIMIT 50
      ) near
    ),
    topics_b AS (
      SELECT pt.project_id, sum(pt.weight) AS sum_b,
             coalesce(sum(least(pt.weight, at.weight)) FILTER (WHERE at.topic_id IS NOT NULL), 0) AS inter
      FROM cand c JOIN project_topic pt ON pt.project_id = c.project_id LEFT JOIN at ON at.topic_id = pt.topic_id
      GROUP BY pt.project_id
    ),
    scored AS (
      SELECT p.id,
             coalesce(tb.inter / nullif((SELECT s FROM sum_a) + tb.sum_b - tb.inter, 0), 0)::float8 AS topic_score,
             similarity(p.title_sv, a.title_sv)::float8 AS text_score
      FROM cand c JOIN project p ON p.id = c.project_id CROSS JOIN a
      LEFT JOIN topics_b tb ON tb.project_id = c.project_id
      WHERE ${extraCondition}
    )
    SELECT id, topic_score, text_score, ${scoreExpr('topic_score', 'text_score')}::float8 AS score
    FROM scored
    WHERE ${scoreExpr('topic_score', 'text_score')} >= $2
    ORDER BY score DESC, id
    LIMIT $3`;
}

/**
 * Pairs of projects of programme $1 that share a topic, scored, at or above
 * $2, with no ACTIVE or FULFILLED commitment between them, best first; $3
 * limit. Also returns the number of such pairs (window count).
 */
export const uncommittedSimilarPairsSql = `
  WITH pp AS MATERIALIZED (SELECT id, title_sv FROM project WHERE programme_id = $1),
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
  SELECT a, b, topic_score, text_score, ${scoreExpr('topic_score', 'text_score')}::float8 AS score,
         count(*) OVER ()::int AS total
  FROM scored s
  WHERE ${scoreExpr('topic_score', 'text_score')} >= $2
    AND NOT EXISTS (
      SELECT 1 FROM cooperation_commitment c
      WHERE c.project_a_id = s.a AND c.project_b_id = s.b AND c.status IN ('ACTIVE', 'FULFILLED'))
  ORDER BY score DESC, a, b
  LIMIT $3`;
