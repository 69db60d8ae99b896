import { CHECKSUM_MODULUS } from '../graph-index';
import { LINKING_COMMITMENT } from './organisation-edges.sql';

/**
 * What the in-memory graph index (graph-index.ts) is built from and kept
 * current with. The full build reads every table with COPY in one
 * REPEATABLE READ snapshot; a change re-reads the lists of the projects and
 * organisations it names.
 */

/** COPY sources of the full build, one integer column list each. */
export const INDEX_COPY = {
  // Ordered by the primary key: both CSR lists then come out sorted without sorting.
  participation: `SELECT project_id, organisation_id FROM participation ORDER BY project_id, organisation_id`,
  commitments: `SELECT c.id, c.project_a_id, c.project_b_id FROM cooperation_commitment c WHERE ${LINKING_COMMITMENT}`,
  reuse: `SELECT id, project_id, source_project_id FROM reuse_link WHERE source_project_id IS NOT NULL`,
  members: `SELECT joint_authority_id, municipality_id FROM joint_authority_member`,
  incomplete: `SELECT id FROM project WHERE NOT participants_known`,
};

export const INDEX_BOUNDS_SQL = `
  SELECT (SELECT coalesce(max(id), 0) FROM organisation)::int AS max_organisation,
         (SELECT coalesce(max(id), 0) FROM project)::int AS max_project,
         (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM graph_change_seq)::text AS position`;

/** The lists a change re-reads: $1 projects, $2 organisations. */
export const REFRESH_SQL = {
  projectMembers: `SELECT project_id AS a, organisation_id AS b FROM participation WHERE project_id = ANY($1::int[])`,
  organisationProjects: `SELECT organisation_id AS a, project_id AS b FROM participation WHERE organisation_id = ANY($1::int[])`,
  commitments: `SELECT c.id, c.project_a_id AS a, c.project_b_id AS b FROM cooperation_commitment c
    WHERE (c.project_a_id = ANY($1::int[]) OR c.project_b_id = ANY($1::int[])) AND ${LINKING_COMMITMENT}`,
  reuse: `SELECT id, project_id AS a, source_project_id AS b FROM reuse_link
    WHERE (project_id = ANY($1::int[]) OR source_project_id = ANY($1::int[])) AND source_project_id IS NOT NULL`,
  members: `SELECT joint_authority_id AS a, municipality_id AS b FROM joint_authority_member
    WHERE joint_authority_id = ANY($1::int[]) OR municipality_id = ANY($1::int[])`,
  incomplete: `SELECT id FROM project WHERE id = ANY($1::int[]) AND NOT participants_known`,
};

const M = CHECKSUM_MODULUS;
const mix = (a: string, b: string) => `((${a})::bigint * 1000003 + (${b})::bigint * 7919) % ${M}`;
const sum = (value: string, from: string) =>
  `(SELECT count(*) || ':' || coalesce(sum(${value}), 0) FROM ${from})`;

/**
 * The same checksums GraphIndex.checksums() computes from its arrays: per table, the
 * number of rows and the sum of a mix of their ids. A sequential scan of each table
 * (participation is the largest: ~60 ms at 700,000 rows).
 */
export const CHECKSUMS_SQL = `
  SELECT ${sum(mix('project_id', 'organisation_id'), 'participation')} AS participation,
         ${sum(mix(mix('c.project_a_id', 'c.project_b_id'), 'c.id'), `cooperation_commitment c WHERE ${LINKING_COMMITMENT}`)} AS commitments,
         ${sum(mix(mix('least(project_id, source_project_id)', 'greatest(project_id, source_project_id)'), 'id'), 'reuse_link WHERE source_project_id IS NOT NULL')} AS reuse,
         ${sum(mix('joint_authority_id', 'municipality_id'), 'joint_authority_member')} AS members,
         ${sum(`id % ${M}`, 'project WHERE NOT participants_known')} AS incomplete`;

/** The members (organisation, project) of the projects network() draws; $1–$3 as NETWORK_NODES_SQL. */
export { NETWORK_MEMBERS_SQL } from './network-view.query';
