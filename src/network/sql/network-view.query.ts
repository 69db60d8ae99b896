import { LINKING_COMMITMENT } from './organisation-edges.sql';

/**
 * The network for drawing. $1 programme id, $2 topic id, $3 region code
 * (each null for "any"). Nodes are the organisations taking part in the
 * selected projects (in the region, if given); edges aggregate every link
 * between two of them, one row per pair with a weight and the kinds.
 */
const SELECTED = `
  sel AS MATERIALIZED (
    SELECT p.id FROM project p
    WHERE ($1::int IS NULL OR p.programme_id = $1)
      AND ($2::int IS NULL OR EXISTS (SELECT 1 FROM project_topic pt WHERE pt.project_id = p.id AND pt.topic_id = $2))),
  members AS MATERIALIZED (
    SELECT DISTINCT pa.organisation_id AS org, pa.project_id
    FROM sel JOIN participation pa ON pa.project_id = sel.id
    JOIN organisation o ON o.id = pa.organisation_id
    WHERE ($3::text IS NULL OR o.region_code = $3))`;

/** $4: a limit one above maxNodes, to tell "too many" without listing them all. */
export const NETWORK_NODES_SQL = `
  WITH ${SELECTED}
  SELECT DISTINCT org FROM members ORDER BY org LIMIT $4`;

export const NETWORK_EDGES_SQL = `
  WITH ${SELECTED},
  links AS (
    SELECT x.org AS a, y.org AS b, 'PROJECT' AS kind
    FROM members x JOIN members y ON y.project_id = x.project_id AND y.org > x.org
    UNION ALL
    SELECT least(x.org, y.org), greatest(x.org, y.org), 'COMMITMENT'
    FROM cooperation_commitment c
    JOIN members x ON x.project_id = c.project_a_id JOIN members y ON y.project_id = c.project_b_id
    WHERE ${LINKING_COMMITMENT} AND x.org <> y.org
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
  FROM links GROUP BY a, b ORDER BY a, b`;

/** The members (organisation, project) of the selected projects, for the graph index to join. */
export const NETWORK_MEMBERS_SQL = `
  WITH ${SELECTED}
  SELECT org, project_id FROM members`;

/** Selected projects ($1–$3 as above) whose participant lists are incomplete. */
export const NETWORK_INCOMPLETE_SQL = `
  WITH ${SELECTED}
  SELECT count(*)::int AS n FROM sel JOIN project p ON p.id = sel.id
  WHERE NOT p.participants_known`;
