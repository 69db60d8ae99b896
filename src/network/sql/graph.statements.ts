import { control, sql, statementSet } from '../../common/statements';
import { CHECKSUM_MODULUS } from '../graph-index';
import { LINKING_COMMITMENT, LinkKind, linksFrom } from './organisation-edges.sql';

/**
 * Every statement of the graph engines (GraphRepository): the SQL engine's search steps, and
 * what the in-memory graph index (graph-index.ts) is built from and kept current with.
 * Rendered into src/queries/graph.repository.sql by `npm run sql`.
 *
 * The search steps take the link kinds as four boolean parameters (project, commitment,
 * reuse, membership), which guard the arms of the one link definition (organisation-edges.sql.ts).
 */

/** The link kinds as the four guards' values, in parameter order. */
export type KindFlags = [
  project: boolean,
  commitment: boolean,
  reuse: boolean,
  membership: boolean,
];

export function kindFlags(kinds: readonly LinkKind[]): KindFlags {
  return [
    kinds.includes(LinkKind.PROJECT),
    kinds.includes(LinkKind.COMMITMENT),
    kinds.includes(LinkKind.REUSE),
    kinds.includes(LinkKind.MEMBERSHIP),
  ];
}

const guards = (first: number) => ({
  project: `$${first}::boolean`,
  commitment: `$${first + 1}::boolean`,
  reuse: `$${first + 2}::boolean`,
  membership: `$${first + 3}::boolean`,
});
const KIND_PARAMS = [
  'project links count',
  'commitment links count',
  'reuse links count',
  'membership links count',
];

/** One link as the SQL link definition gives it. */
export interface LinkRow {
  kind: LinkKind;
  via_id: number;
  via_from: number | null;
  via_to: number | null;
}

export interface LinkBackRow extends LinkRow {
  target: number;
  pred: number;
}

export interface ParentLinkRow extends LinkRow {
  org: number;
  parent: number;
}

export interface IdPairRow {
  a: number;
  b: number;
}

export interface IdLinkRow extends IdPairRow {
  id: number;
}

export interface IndexBoundsRow {
  max_organisation: number;
  max_project: number;
}

/** Read on the primary before a build's snapshot (`feedMark`). */
export interface FeedMarkRow {
  /** The graph change feed's position: bigint, as text. */
  position: string;
  /** A WAL position ('16/B374D848'): every transaction committed so far ends at or before it. */
  lsn: string;
}

/** Per link table: row count and the sum of a mix of the ids, as "count:sum". */
export interface ChecksumsRow {
  participation: string;
  commitments: string;
  reuse: string;
  members: string;
  incomplete: string;
}

const M = CHECKSUM_MODULUS;
const mix = (a: string, b: string) => `((${a})::bigint * 1000003 + (${b})::bigint * 7919) % ${M}`;
const sum = (value: string, from: string) =>
  `(SELECT count(*) || ':' || coalesce(sum(${value}), 0) FROM ${from})`;

export const GRAPH_SQL = statementSet('graph.repository', 'GraphRepository', {
  /**
   * One level of breadth-first search: the organisations first reached from the frontier
   * (not already reached), and the number of distinct shortest routes to each: the sum, over
   * every link from the frontier, of the routes to the link's source. The visited set is an
   * unnested array, so the anti-join is a hash anti-join.
   */
  nextLevel: sql<
    { org: number; paths: number },
    [frontier: number[], paths: number[], reached: number[], ...kinds: KindFlags]
  >(
    ['frontier ids', 'their shortest-path counts', 'every id already reached', ...KIND_PARAMS],
    `
    WITH frontier AS MATERIALIZED (SELECT * FROM unnest($1::int[], $2::float8[]) AS f(org, paths)),
         visited AS MATERIALIZED (SELECT unnest($3::int[]) AS org)
    SELECT l.dst AS org, sum(f.paths)::float8 AS paths
    FROM (${linksFrom('frontier', guards(4))}) l
    JOIN frontier f ON f.org = l.src
    WHERE NOT EXISTS (SELECT 1 FROM visited v WHERE v.org = l.dst)
    GROUP BY l.dst`,
  ),

  /**
   * Links back from each target to organisations of the previous level, at most k per target,
   * in a stable order (the far end, the kind by name, the via id, the near project): the last
   * hops of example shortest paths.
   */
  linksBack: sql<
    LinkBackRow,
    [targets: number[], previous: number[], k: number, ...kinds: KindFlags]
  >(
    ['targets', 'organisations of the previous level', 'links per target', ...KIND_PARAMS],
    `
    WITH targets AS MATERIALIZED (SELECT unnest($1::int[]) AS org),
         previous AS MATERIALIZED (SELECT unnest($2::int[]) AS org)
    SELECT target, pred, kind, via_id, via_from, via_to FROM (
      SELECT l.src AS target, l.dst AS pred, l.kind, l.via_id, l.via_from, l.via_to,
             row_number() OVER (PARTITION BY l.src ORDER BY l.dst, l.kind, l.via_id, l.via_from) AS n
      FROM (${linksFrom('targets', guards(4))}) l
      WHERE EXISTS (SELECT 1 FROM previous p WHERE p.org = l.dst)
    ) ranked
    WHERE n <= $3::int
    ORDER BY target, n`,
  ),

  /**
   * One level of a search that remembers how each organisation was reached: for every
   * organisation first reached from the frontier, one parent link (the smallest in a stable order).
   */
  nextLevelWithParents: sql<
    ParentLinkRow,
    [frontier: number[], visited: number[], ...kinds: KindFlags]
  >(
    ['frontier ids', 'every id already reached', ...KIND_PARAMS],
    `
    WITH frontier AS MATERIALIZED (SELECT unnest($1::int[]) AS org),
         visited AS MATERIALIZED (SELECT unnest($2::int[]) AS org)
    SELECT DISTINCT ON (l.dst) l.dst AS org, l.src AS parent, l.kind, l.via_id, l.via_from, l.via_to
    FROM (${linksFrom('frontier', guards(3))}) l
    WHERE NOT EXISTS (SELECT 1 FROM visited v WHERE v.org = l.dst)
    ORDER BY l.dst, l.src, l.kind, l.via_id, l.via_from`,
  ),

  /**
   * Incomplete participant lists among the projects a search that expanded the organisations
   * read: their own projects (when PROJECT links count), and the far projects of their
   * linking commitments and reuse links (when those count).
   */
  incompleteProjects: sql<
    { n: number },
    [organisations: number[], project: boolean, commitment: boolean, reuse: boolean]
  >(
    [
      'organisations expanded',
      'project links count',
      'commitment links count',
      'reuse links count',
    ],
    `
    WITH own AS MATERIALIZED (
      SELECT DISTINCT pa.project_id AS id FROM participation pa WHERE pa.organisation_id = ANY($1::int[])),
    read AS (
      SELECT id FROM own WHERE $2::boolean
      UNION SELECT CASE WHEN c.project_a_id = own.id THEN c.project_b_id ELSE c.project_a_id END
        FROM own JOIN cooperation_commitment c ON (c.project_a_id = own.id OR c.project_b_id = own.id) AND ${LINKING_COMMITMENT}
        WHERE $3::boolean
      UNION SELECT CASE WHEN r.project_id = own.id THEN r.source_project_id ELSE r.project_id END
        FROM own JOIN reuse_link r ON r.project_id = own.id OR r.source_project_id = own.id
        WHERE $4::boolean)
    SELECT count(*)::int AS n FROM read JOIN project p ON p.id = read.id WHERE NOT p.participants_known`,
  ),

  // The snapshot the index reads in, on a connection of its own (GraphSnapshot).
  beginSnapshot: control('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY'),
  /** A full build at EU scale reads for seconds: longer than STATEMENT_TIMEOUT_MS allows. */
  noStatementTimeout: control('SET LOCAL statement_timeout = 0'),
  endSnapshot: control('COMMIT'),

  /**
   * On the primary, before a full build's snapshot: the feed position, and the WAL position
   * every transaction committed so far ends at or before. The sequence's last value is exact
   * only on the primary (a standby shows the value WAL-logged ahead, up to 32 past the last
   * one used), so it is never read in a standby's snapshot. At the very start of a WAL page
   * (or segment) the insert position points past the page header, where no record ends, and
   * an idle standby would never replay up to it: the end of the previous page is given instead.
   */
  feedMark: sql<FeedMarkRow, []>(
    [],
    `
    SELECT (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM graph_change_seq)::text AS position,
           (CASE WHEN w.at % pg_size_bytes(current_setting('wal_segment_size')) = 40 THEN w.lsn - 40
                 WHEN w.at % current_setting('wal_block_size')::int = 24 THEN w.lsn - 24
                 ELSE w.lsn END)::text AS lsn
    FROM (SELECT i.lsn, i.lsn - '0/0'::pg_lsn AS at
          FROM (SELECT pg_current_wal_insert_lsn() AS lsn) i) w`,
  ),

  /**
   * On a standby, before its snapshot: it has replayed the WAL up to $1, so a snapshot taken
   * now sees every transaction committed on the primary before that position was read.
   */
  replayedPast: sql<{ replayed: boolean }, [lsn: string]>(
    ['WAL position (feedMark)'],
    `SELECT pg_is_in_recovery() AND coalesce(pg_last_wal_replay_lsn() >= $1::pg_lsn, false) AS replayed`,
  ),

  // The full build: COPY sources, one integer column list each, all in one snapshot, sent as
  // `COPY (…) TO STDOUT` (GraphSnapshot).
  /** Ordered by the primary key: both CSR lists then come out sorted without sorting. */
  copyParticipation: sql<{ project_id: number; organisation_id: number }, []>(
    [],
    `SELECT project_id, organisation_id FROM participation ORDER BY project_id, organisation_id`,
  ),
  copyCommitments: sql<{ id: number; project_a_id: number; project_b_id: number }, []>(
    [],
    `SELECT c.id, c.project_a_id, c.project_b_id FROM cooperation_commitment c WHERE ${LINKING_COMMITMENT}`,
  ),
  copyReuse: sql<{ id: number; project_id: number; source_project_id: number }, []>(
    [],
    `SELECT id, project_id, source_project_id FROM reuse_link WHERE source_project_id IS NOT NULL`,
  ),
  copyMembers: sql<{ joint_authority_id: number; municipality_id: number }, []>(
    [],
    `SELECT joint_authority_id, municipality_id FROM joint_authority_member`,
  ),
  copyIncomplete: sql<{ id: number }, []>(
    [],
    `SELECT id FROM project WHERE NOT participants_known`,
  ),

  /** The arrays' sizes. */
  bounds: sql<IndexBoundsRow, []>(
    [],
    `
    SELECT (SELECT coalesce(max(id), 0) FROM organisation)::int AS max_organisation,
           (SELECT coalesce(max(id), 0) FROM project)::int AS max_project`,
  ),

  // The lists a change re-reads.
  refreshProjectMembers: sql<IdPairRow, [projects: number[]]>(
    ['projects'],
    `SELECT project_id AS a, organisation_id AS b FROM participation WHERE project_id = ANY($1::int[])`,
  ),
  refreshOrganisationProjects: sql<IdPairRow, [organisations: number[]]>(
    ['organisations'],
    `SELECT organisation_id AS a, project_id AS b FROM participation WHERE organisation_id = ANY($1::int[])`,
  ),
  refreshCommitments: sql<IdLinkRow, [projects: number[]]>(
    ['projects'],
    `
    SELECT c.id, c.project_a_id AS a, c.project_b_id AS b FROM cooperation_commitment c
    WHERE (c.project_a_id = ANY($1::int[]) OR c.project_b_id = ANY($1::int[])) AND ${LINKING_COMMITMENT}`,
  ),
  refreshReuse: sql<IdLinkRow, [projects: number[]]>(
    ['projects'],
    `
    SELECT id, project_id AS a, source_project_id AS b FROM reuse_link
    WHERE (project_id = ANY($1::int[]) OR source_project_id = ANY($1::int[])) AND source_project_id IS NOT NULL`,
  ),
  refreshMembers: sql<IdPairRow, [organisations: number[]]>(
    ['organisations'],
    `
    SELECT joint_authority_id AS a, municipality_id AS b FROM joint_authority_member
    WHERE joint_authority_id = ANY($1::int[]) OR municipality_id = ANY($1::int[])`,
  ),
  refreshIncomplete: sql<{ id: number }, [projects: number[]]>(
    ['projects'],
    `SELECT id FROM project WHERE id = ANY($1::int[]) AND NOT participants_known`,
  ),

  /**
   * The same checksums GraphIndex.checksums() computes from its arrays: per table, the number
   * of rows and the sum of a mix of their ids. A sequential scan of each table (participation
   * is the largest: ~60 ms at 700,000 rows).
   */
  checksums: sql<ChecksumsRow, []>(
    [],
    `
    SELECT ${sum(mix('project_id', 'organisation_id'), 'participation')} AS participation,
           ${sum(mix(mix('c.project_a_id', 'c.project_b_id'), 'c.id'), `cooperation_commitment c WHERE ${LINKING_COMMITMENT}`)} AS commitments,
           ${sum(mix(mix('least(project_id, source_project_id)', 'greatest(project_id, source_project_id)'), 'id'), 'reuse_link WHERE source_project_id IS NOT NULL')} AS reuse,
           ${sum(mix('joint_authority_id', 'municipality_id'), 'joint_authority_member')} AS members,
           ${sum(`id % ${M}`, 'project WHERE NOT participants_known')} AS incomplete`,
  ),
});
