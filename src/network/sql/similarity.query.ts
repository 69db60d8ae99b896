import { COMMITTED_STATUSES, statusInSql } from '../../cooperation/commitment-rules';
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

/** How many topic candidates keep their place for the title comparison (see below). */
export const TOPIC_CANDIDATES = 200;
/** Projects considered per topic of the subject; the most recent first. */
export const PER_TOPIC = 2000;

/**
 * Projects similar to $1, best first; $2 minimum score, $3 limit. Callers
 * may add conditions and one extra column (priorWork adds its relation).
 *
 * Bounded ranking, so that a very common topic cannot make one request
 * score the whole table:
 * - per topic of the subject, the PER_TOPIC most recent projects carrying it
 *   (a backward range scan of the index (topic_id, project_id)); on the
 *   real dataset, and wherever a topic has fewer projects, this is all of them;
 * - the topic score is computed for those; the title comparison, which needs
 *   the titles, runs for the best TOPIC_CANDIDATES of them;
 * - a project with no topics gets the 50 nearest titles by trigram distance
 *   instead (GiST index project_title_trgm_idx, a KNN scan). Only then: on
 *   the 200,000 generated titles that scan alone took about 150 ms.
 */
export function similarProjectsSql(
  options: {
    /** Condition on the candidate project `p`. */
    where?: string;
    /** An extra column computed per candidate (from `p`), returned as `extra`. */
    extra?: string;
    /** Condition on the scored rows (may use `extra`). */
    keep?: string;
  } = {},
): string {
  return `
    WITH a AS MATERIALIZED (SELECT id, title_sv FROM project WHERE id = $1),
    at AS MATERIALIZED (SELECT topic_id, weight FROM project_topic WHERE project_id = $1),
    sum_a AS MATERIALIZED (SELECT coalesce(sum(weight), 0) AS s FROM at),
    shared AS MATERIALIZED (
      SELECT DISTINCT x.project_id FROM at CROSS JOIN LATERAL (
        SELECT pt.project_id FROM project_topic pt
        WHERE pt.topic_id = at.topic_id AND pt.project_id <> $1
        ORDER BY pt.project_id DESC LIMIT ${PER_TOPIC}) x),
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
      (SELECT project_id, topic_score FROM topic_scores ORDER BY topic_score DESC, project_id LIMIT ${TOPIC_CANDIDATES})
      UNION
      SELECT near.id, coalesce(ts.topic_score, 0) FROM (
        SELECT p.id FROM project p WHERE p.id <> $1 AND NOT EXISTS (SELECT 1 FROM at)
        ORDER BY p.title_sv <-> (SELECT title_sv FROM project WHERE id = $1) LIMIT 50
      ) near LEFT JOIN topic_scores ts ON ts.project_id = near.id
    ),
    scored AS (
      SELECT p.id, coalesce(c.topic_score, 0) AS topic_score, similarity(p.title_sv, a.title_sv)::float8 AS text_score,
             ${options.extra ?? 'NULL'} AS extra
      FROM cand c JOIN project p ON p.id = c.project_id CROSS JOIN a
      WHERE ${options.where ?? 'TRUE'}
    )
    SELECT id, topic_score, text_score, ${scoreExpr('topic_score', 'text_score')}::float8 AS score, extra
    FROM scored
    WHERE ${scoreExpr('topic_score', 'text_score')} >= $2 AND ${options.keep ?? 'TRUE'}
    ORDER BY score DESC, id
    LIMIT $3`;
}

/** The stored pair (a < b) is committed: a commitment of any kind in COMMITTED_STATUSES (ACTIVE, FULFILLED). */
export const committedPair = (a: string, b: string) => `EXISTS (
      SELECT 1 FROM cooperation_commitment c
      WHERE c.project_a_id = ${a} AND c.project_b_id = ${b} AND ${statusInSql('c.status', COMMITTED_STATUSES)})`;

/**
 * CTEs ending in `scored`: every pair (a < b) of projects of programme $1
 * that share a topic, with its topic and title scores. The work is the
 * self-join of the programme's project_topic rows on topic_id, so it grows
 * with Σ over topics of n_t × (n_t − 1) / 2 (similarPairCandidatesSql).
 */
const PROGRAMME_PAIRS = `
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
  )`;

/**
 * Pairs of projects of programme $1 that share a topic, scored, at or above
 * $2, with no ACTIVE or FULFILLED commitment between them, best first; $3
 * limit. Also returns the number of such pairs (window count).
 */
export const uncommittedSimilarPairsSql = `
  WITH ${PROGRAMME_PAIRS}
  SELECT a, b, topic_score, text_score, ${scoreExpr('topic_score', 'text_score')}::float8 AS score,
         count(*) OVER ()::int AS total
  FROM scored s
  WHERE ${scoreExpr('topic_score', 'text_score')} >= $2
    AND NOT ${committedPair('s.a', 's.b')}
  ORDER BY score DESC, a, b
  LIMIT $3`;

/**
 * The same pairs as uncommittedSimilarPairsSql (programme $1, score at or
 * above $2), counted for the dashboard: all similar pairs, those with an
 * ACTIVE or FULFILLED commitment, and the projects of the uncommitted ones.
 */
export const similarPairCoverageSql = `
  WITH ${PROGRAMME_PAIRS},
  sim AS MATERIALIZED (
    SELECT a, b, ${committedPair('s.a', 's.b')} AS committed
    FROM scored s WHERE ${scoreExpr('topic_score', 'text_score')} >= $2)
  SELECT (SELECT count(*) FROM sim)::int AS pairs,
         (SELECT count(*) FROM sim WHERE committed)::int AS committed,
         ARRAY(SELECT a FROM sim WHERE NOT committed
               UNION SELECT b FROM sim WHERE NOT committed ORDER BY 1) AS gap_project_ids`;

/**
 * Per programme of $1 (int[]; null: every programme): its number of projects, and the number of
 * candidate pairs the pair scoring would join (pairs sharing a topic, once
 * per shared topic), so a caller can refuse work that would not fit a
 * request. The candidates are only counted for programmes of at most $2
 * projects (CASE runs the subquery only then).
 */
export const similarPairCandidatesSql = `
  SELECT pr.id AS programme_id, n.projects,
         CASE WHEN n.projects <= $2 THEN (
           SELECT coalesce(sum(t.n * (t.n - 1) / 2), 0) FROM (
             SELECT count(*)::float8 AS n FROM project_topic pt JOIN project p ON p.id = pt.project_id
             WHERE p.programme_id = pr.id GROUP BY pt.topic_id) t) END::float8 AS candidates
  FROM programme pr
  CROSS JOIN LATERAL (SELECT count(*)::int AS projects FROM project p WHERE p.programme_id = pr.id) n
  WHERE $1::int[] IS NULL OR pr.id = ANY($1::int[])`;
