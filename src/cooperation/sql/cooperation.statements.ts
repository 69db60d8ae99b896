import { sql, statementSet } from '../../common/statements';
import { CommitmentKind, CommitmentProvenance, CommitmentStatus } from '../cooperation.enums';

/**
 * Every statement of cooperation commitments and reuse links (CooperationRepository): the reads
 * behind their fields, loaders and the commitments export, which a hot standby may answer
 * (docs/scaling.md), and the writes, which run in the mutation's transaction.
 * Rendered into src/queries/cooperation.repository.sql by `npm run sql`.
 */

/** A commitment row, named as the CooperationCommitment entity's properties. */
export interface CommitmentRow {
  id: number;
  projectAId: number;
  projectBId: number;
  kind: CommitmentKind;
  status: CommitmentStatus;
  provenance: CommitmentProvenance;
  note: string | null;
  evidenceUrl: string | null;
  committedOn: string | null;
  verifiedAt: Date | null;
  verifiedBy: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** One step of a commitment's status history. */
export interface StatusChangeRow {
  id: number;
  commitmentId: number;
  fromStatus: CommitmentStatus | null;
  toStatus: CommitmentStatus;
  changedAt: Date;
  changedBy: string;
  reason: string | null;
}

export interface ReuseLinkRow {
  id: number;
  projectId: number;
  sourceProjectId: number | null;
  sourceOutput: string | null;
  description: string | null;
  evidenceUrl: string | null;
  createdAt: Date;
}

const COMMITMENT_COLUMNS = `id, project_a_id AS "projectAId", project_b_id AS "projectBId", kind, status,
           provenance, note, evidence_url AS "evidenceUrl", committed_on AS "committedOn",
           verified_at AS "verifiedAt", verified_by AS "verifiedBy", version,
           created_at AS "createdAt", updated_at AS "updatedAt"`;

const REUSE_LINK_COLUMNS = `id, project_id AS "projectId", source_project_id AS "sourceProjectId",
           source_output AS "sourceOutput", description, evidence_url AS "evidenceUrl",
           created_at AS "createdAt"`;

export const COOPERATION_SQL = statementSet('cooperation.repository', 'CooperationRepository', {
  commitmentsByIds: sql<CommitmentRow, [ids: number[]]>(
    ['commitment ids'],
    `
    SELECT ${COMMITMENT_COLUMNS}
      FROM cooperation_commitment
     WHERE id = ANY($1::int[])`,
    { replica: true },
  ),

  /** Commitments on either side of the projects, by id. */
  commitmentsOfProjects: sql<CommitmentRow, [projectIds: number[]]>(
    ['project ids'],
    `
    SELECT ${COMMITMENT_COLUMNS}
      FROM cooperation_commitment
     WHERE project_a_id = ANY($1::int[]) OR project_b_id = ANY($1::int[])
     ORDER BY id`,
    { replica: true },
  ),

  /** The status histories of commitments, oldest first. */
  historyOf: sql<StatusChangeRow, [commitmentIds: number[]]>(
    ['commitment ids'],
    `
    SELECT id, commitment_id AS "commitmentId", from_status AS "fromStatus", to_status AS "toStatus",
           changed_at AS "changedAt", changed_by AS "changedBy", reason
      FROM commitment_status_change
     WHERE commitment_id = ANY($1::int[])
     ORDER BY id`,
    { replica: true },
  ),

  reuseLinksByIds: sql<ReuseLinkRow, [ids: number[]]>(
    ['reuse link ids'],
    `
    SELECT ${REUSE_LINK_COLUMNS}
      FROM reuse_link
     WHERE id = ANY($1::int[])`,
    { replica: true },
  ),

  /** What the projects build on, by id. */
  reuseLinksOfProjects: sql<ReuseLinkRow, [projectIds: number[]]>(
    ['project ids'],
    `
    SELECT ${REUSE_LINK_COLUMNS}
      FROM reuse_link
     WHERE project_id = ANY($1::int[])
     ORDER BY id`,
    { replica: true },
  ),

  /**
   * Records a commitment and the first entry of its history in one statement; no row when the
   * pair already has a commitment of that kind. With `$9`, it is verified by `$10` now.
   */
  record: sql<
    CommitmentRow,
    [
      projectAId: number,
      projectBId: number,
      kind: CommitmentKind,
      status: CommitmentStatus,
      provenance: CommitmentProvenance,
      note: string | null,
      evidenceUrl: string | null,
      committedOn: string | null,
      verified: boolean,
      recordedBy: string,
    ]
  >(
    [
      'project a id (the smaller)',
      'project b id',
      'kind',
      'status',
      'provenance',
      'note',
      'evidence url',
      'committed on',
      'verified by the recorder',
      'recorded by',
    ],
    `
    WITH c AS (
      INSERT INTO cooperation_commitment
        (project_a_id, project_b_id, kind, status, provenance, note, evidence_url, committed_on,
         verified_at, verified_by)
      VALUES ($1, $2, $3::commitment_kind, $4::commitment_status, $5::commitment_provenance, $6, $7,
              $8::date, CASE WHEN $9::boolean THEN now() END, CASE WHEN $9::boolean THEN $10::text END)
      ON CONFLICT ON CONSTRAINT cooperation_commitment_pair_kind_key DO NOTHING
      RETURNING *),
    h AS (
      INSERT INTO commitment_status_change (commitment_id, from_status, to_status, changed_by)
      SELECT id, NULL, status, $10::text FROM c)
    SELECT ${COMMITMENT_COLUMNS} FROM c`,
  ),

  /** The commitment a pair already has of a kind. */
  idOfPair: sql<{ id: number }, [projectAId: number, projectBId: number, kind: CommitmentKind]>(
    ['project a id (the smaller)', 'project b id', 'kind'],
    `
    SELECT id FROM cooperation_commitment
     WHERE project_a_id = $1 AND project_b_id = $2 AND kind = $3::commitment_kind`,
  ),

  /** A commitment, locked for the rest of the transaction. */
  lock: sql<CommitmentRow, [id: number]>(
    ['commitment id'],
    `
    SELECT ${COMMITMENT_COLUMNS}
      FROM cooperation_commitment
     WHERE id = $1
       FOR UPDATE`,
  ),

  /** Moves a commitment to a status and records the step in its history, in one statement. */
  changeStatus: sql<
    CommitmentRow,
    [
      id: number,
      status: CommitmentStatus,
      from: CommitmentStatus,
      changedBy: string,
      reason: string | null,
    ]
  >(
    ['commitment id', 'new status', 'status before', 'changed by', 'reason'],
    `
    WITH c AS (
      UPDATE cooperation_commitment
         SET status = $2::commitment_status, version = version + 1, updated_at = now()
       WHERE id = $1
      RETURNING *),
    h AS (
      INSERT INTO commitment_status_change (commitment_id, from_status, to_status, changed_by, reason)
      SELECT id, $3::commitment_status, status, $4::text, $5::text FROM c)
    SELECT ${COMMITMENT_COLUMNS} FROM c`,
  ),

  verify: sql<CommitmentRow, [id: number, verifiedBy: string]>(
    ['commitment id', 'verified by'],
    `
    UPDATE cooperation_commitment
       SET provenance = 'VERIFIED', verified_at = now(), verified_by = $2,
           version = version + 1, updated_at = now()
     WHERE id = $1
    RETURNING ${COMMITMENT_COLUMNS}`,
  ),

  recordReuseLink: sql<
    ReuseLinkRow,
    [
      projectId: number,
      sourceProjectId: number | null,
      sourceOutput: string | null,
      description: string | null,
      evidenceUrl: string | null,
    ]
  >(
    ['project id', 'source project id', 'source output', 'description', 'evidence url'],
    `
    INSERT INTO reuse_link (project_id, source_project_id, source_output, description, evidence_url)
    VALUES ($1, $2, $3, $4, $5)
    RETURNING ${REUSE_LINK_COLUMNS}`,
  ),
});
