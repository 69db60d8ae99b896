import { LINKING_STATUSES, statusInSql } from '../../cooperation/commitment-rules';
/**
 * The organisation-to-organisation links of the collaboration network, as
 * SQL that expands a frontier of organisations by one step. Every graph query
 * (partners of partners, collaboration paths, recommendations) expands
 * through this one definition, so the meaning of "linked" is in one place.
 *
 * A link is one row (src, dst, kind, via_id, via_from, via_to):
 * - PROJECT: src and dst take part in the same project (via_id = project);
 * - COMMITMENT: src's project and dst's project have a live cooperation
 *   commitment (via_id = commitment; via_from/via_to = the two projects);
 * - REUSE: one project builds on the other (via_id = reuse link);
 * - MEMBERSHIP: a joint authority and one of its member municipalities
 *   (via_id = the joint authority).
 * Two shared projects are two links, so path counts count distinct routes.
 *
 * Indexes: participation (organisation_id, project_id) and its primary key
 * (project_id, organisation_id) serve the two halves of every hop;
 * cooperation_commitment's pair key (a, b, kind) and its b index, reuse_link's
 * two indexes and joint_authority_member's primary key and municipality
 * index serve the others. Each branch is a separate UNION ALL arm so that
 * every join can use an index (an OR across columns could not).
 */
export enum LinkKind {
  PROJECT = 'PROJECT',
  COMMITMENT = 'COMMITMENT',
  REUSE = 'REUSE',
  MEMBERSHIP = 'MEMBERSHIP',
}

export const ALL_LINK_KINDS = [
  LinkKind.PROJECT,
  LinkKind.COMMITMENT,
  LinkKind.REUSE,
  LinkKind.MEMBERSHIP,
];

/**
 * Commitments that link projects (LINKING_STATUSES: proposed or committed); withdrawn and
 * lapsed ones no longer do. `c` is the cooperation_commitment alias.
 */
export const LINKING_COMMITMENT = statusInSql('c.status', LINKING_STATUSES);

/** The four kinds as SQL boolean expressions (statement parameters): which arms count. */
export interface KindGuards {
  project: string;
  commitment: string;
  reuse: string;
  membership: string;
}

/**
 * SELECT of all links leaving the organisations of `frontier` (a relation with a column
 * `org`). Every kind is an arm guarded by its boolean parameter, so one statement serves every
 * choice of kinds: PostgreSQL plans each execution with its parameter values, and an arm whose
 * guard is false becomes a one-time filter that reads nothing. Every arm names its columns.
 */
export function linksFrom(frontier: string, kinds: KindGuards): string {
  const arms: string[] = [];
  arms.push(`
      SELECT f.org AS src, p2.organisation_id AS dst, 'PROJECT' AS kind, p1.project_id AS via_id,
             p1.project_id AS via_from, p1.project_id AS via_to
      FROM ${frontier} f
      JOIN participation p1 ON p1.organisation_id = f.org
      JOIN participation p2 ON p2.project_id = p1.project_id AND p2.organisation_id <> f.org
      WHERE ${kinds.project}`);
  for (const [mine, theirs] of [
    ['project_a_id', 'project_b_id'],
    ['project_b_id', 'project_a_id'],
  ]) {
    arms.push(`
      SELECT f.org, p2.organisation_id, 'COMMITMENT', c.id, c.${mine}, c.${theirs}
      FROM ${frontier} f
      JOIN participation p1 ON p1.organisation_id = f.org
      JOIN cooperation_commitment c ON c.${mine} = p1.project_id AND ${LINKING_COMMITMENT}
      JOIN participation p2 ON p2.project_id = c.${theirs} AND p2.organisation_id <> f.org
      WHERE ${kinds.commitment}`);
  }
  for (const [mine, theirs] of [
    ['project_id', 'source_project_id'],
    ['source_project_id', 'project_id'],
  ]) {
    arms.push(`
      SELECT f.org, p2.organisation_id, 'REUSE', r.id, r.${mine}, r.${theirs}
      FROM ${frontier} f
      JOIN participation p1 ON p1.organisation_id = f.org
      JOIN reuse_link r ON r.${mine} = p1.project_id
      JOIN participation p2 ON p2.project_id = r.${theirs} AND p2.organisation_id <> f.org
      WHERE ${kinds.reuse}`);
  }
  arms.push(`
      SELECT f.org, m.municipality_id, 'MEMBERSHIP', m.joint_authority_id, NULL::int, NULL::int
      FROM ${frontier} f JOIN joint_authority_member m ON m.joint_authority_id = f.org
      WHERE ${kinds.membership}`);
  arms.push(`
      SELECT f.org, m.joint_authority_id, 'MEMBERSHIP', m.joint_authority_id, NULL::int, NULL::int
      FROM ${frontier} f JOIN joint_authority_member m ON m.municipality_id = f.org
      WHERE ${kinds.membership}`);
  return arms.join('\n      UNION ALL');
}
