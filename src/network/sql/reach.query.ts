import { LINKING_COMMITMENT, linksFrom, LinkKind } from './organisation-edges.sql';

/**
 * Breadth-first search over the organisation network, one SQL statement per
 * level (level-by-level expansion: the database does every join; Node keeps
 * only the ids and path counts of the organisations reached so far).
 *
 * $1 frontier ids, $2 their shortest-path counts, $3 every id already reached.
 * Returns the organisations first reached at this level and the number of
 * distinct shortest routes to each: the sum, over every link from the
 * frontier, of the routes to the link's source. The visited set is an
 * unnested array, so the anti-join is a hash anti-join.
 */
export function nextLevelSql(kinds: readonly LinkKind[]): string {
  return `
    WITH frontier AS MATERIALIZED (SELECT * FROM unnest($1::int[], $2::float8[]) AS f(org, paths)),
         visited AS MATERIALIZED (SELECT unnest($3::int[]) AS org)
    SELECT l.dst AS org, sum(f.paths)::float8 AS paths
    FROM (${linksFrom('frontier', kinds)}) l
    JOIN frontier f ON f.org = l.src
    WHERE NOT EXISTS (SELECT 1 FROM visited v WHERE v.org = l.dst)
    GROUP BY l.dst`;
}

/**
 * Links back from each target ($1) to organisations of the previous level
 * ($2), at most $3 per target, in a stable order (the far end, the kind by
 * name, the via id, the near project): the last hops of example shortest paths.
 */
export function linksBackSql(kinds: readonly LinkKind[]): string {
  return `
    WITH targets AS MATERIALIZED (SELECT unnest($1::int[]) AS org),
         previous AS MATERIALIZED (SELECT unnest($2::int[]) AS org)
    SELECT target, pred, kind, via_id, via_from, via_to FROM (
      SELECT l.src AS target, l.dst AS pred, l.kind, l.via_id, l.via_from, l.via_to,
             row_number() OVER (PARTITION BY l.src ORDER BY l.dst, l.kind, l.via_id, l.via_from) AS n
      FROM (${linksFrom('targets', kinds)}) l
      WHERE EXISTS (SELECT 1 FROM previous p WHERE p.org = l.dst)
    ) ranked
    WHERE n <= $3
    ORDER BY target, n`;
}

/**
 * One level of a search that remembers how each organisation was reached:
 * for every organisation first reached from the frontier ($1), one parent
 * link (the smallest in a stable order). $2: every id already reached.
 */
export function nextLevelWithParentsSql(kinds: readonly LinkKind[]): string {
  return `
    WITH frontier AS MATERIALIZED (SELECT unnest($1::int[]) AS org),
         visited AS MATERIALIZED (SELECT unnest($2::int[]) AS org)
    SELECT DISTINCT ON (l.dst) l.dst AS org, l.src AS parent, l.kind, l.via_id, l.via_from, l.via_to
    FROM (${linksFrom('frontier', kinds)}) l
    WHERE NOT EXISTS (SELECT 1 FROM visited v WHERE v.org = l.dst)
    ORDER BY l.dst, l.src, l.kind, l.via_id, l.via_from`;
}

/**
 * Incomplete participant lists among the projects a search that expanded the
 * organisations $1 read: their own projects ($2: PROJECT links followed), and
 * the far projects of their live commitments ($3) and reuse links ($4).
 */
export const INCOMPLETE_PROJECTS_SQL = `
  WITH own AS MATERIALIZED (
    SELECT DISTINCT pa.project_id AS id FROM participation pa WHERE pa.organisation_id = ANY($1::int[])),
  read AS (
    SELECT id FROM own WHERE $2
    UNION SELECT CASE WHEN c.project_a_id = own.id THEN c.project_b_id ELSE c.project_a_id END
      FROM own JOIN cooperation_commitment c ON (c.project_a_id = own.id OR c.project_b_id = own.id) AND ${LINKING_COMMITMENT}
      WHERE $3
    UNION SELECT CASE WHEN r.project_id = own.id THEN r.source_project_id ELSE r.project_id END
      FROM own JOIN reuse_link r ON r.project_id = own.id OR r.source_project_id = own.id
      WHERE $4)
  SELECT count(*)::int AS n FROM read JOIN project p ON p.id = read.id WHERE NOT p.participants_known`;
