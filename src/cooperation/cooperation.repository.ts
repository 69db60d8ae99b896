import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { revive, snapshot } from '../audit/snapshot';
import { type Queryable, rowsOf } from '../common/statements';
import {
  CommitmentStatusChange,
  CooperationCommitment,
  ReuseLink,
} from './cooperation-commitment.entity';
import { CommitmentKind, CommitmentProvenance, CommitmentStatus } from './cooperation.enums';
import { COOPERATION_SQL } from './sql/cooperation.statements';

/** A commitment to record (the `record` statement's parameters, by name). */
export interface NewCommitment {
  projectAId: number;
  projectBId: number;
  kind: CommitmentKind;
  status: CommitmentStatus;
  provenance: CommitmentProvenance;
  note: string | null;
  evidenceUrl: string | null;
  committedOn: string | null;
  /** Recorded by an administrator: verified by the recorder now. */
  verified: boolean;
  recordedBy: string;
}

export interface NewReuseLink {
  projectId: number;
  sourceProjectId: number | null;
  sourceOutput: string | null;
  description: string | null;
  evidenceUrl: string | null;
}

/**
 * Cooperation commitments and reuse links in PostgreSQL (sql/cooperation.statements.ts): the only
 * holder of the DataSource in cooperation/. Reads use the pool; writes take the mutation's
 * transaction (`tx`). Rows become entity instances without TypeORM's hydration.
 */
@Injectable()
export class CooperationRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async commitmentsByIds(ids: readonly number[]): Promise<CooperationCommitment[]> {
    return (await rowsOf(this.ds, COOPERATION_SQL.commitmentsByIds, [[...ids]])).map(toCommitment);
  }

  /** Commitments on either side of the projects, by id. */
  async commitmentsOfProjects(projectIds: readonly number[]): Promise<CooperationCommitment[]> {
    const rows = await rowsOf(this.ds, COOPERATION_SQL.commitmentsOfProjects, [[...projectIds]]);
    return rows.map(toCommitment);
  }

  async historyOf(commitmentIds: readonly number[]): Promise<CommitmentStatusChange[]> {
    const rows = await rowsOf(this.ds, COOPERATION_SQL.historyOf, [[...commitmentIds]]);
    return rows.map((r) =>
      Object.assign(Object.create(CommitmentStatusChange.prototype) as CommitmentStatusChange, r),
    );
  }

  async reuseLinksByIds(ids: readonly number[]): Promise<ReuseLink[]> {
    return (await rowsOf(this.ds, COOPERATION_SQL.reuseLinksByIds, [[...ids]])).map(toReuseLink);
  }

  async reuseLinksOfProjects(projectIds: readonly number[]): Promise<ReuseLink[]> {
    const rows = await rowsOf(this.ds, COOPERATION_SQL.reuseLinksOfProjects, [[...projectIds]]);
    return rows.map(toReuseLink);
  }

  /** The recorded commitment, or null when the pair already has one of that kind. */
  async record(tx: Queryable, c: NewCommitment): Promise<CooperationCommitment | null> {
    const [row] = await rowsOf(tx, COOPERATION_SQL.record, [
      c.projectAId,
      c.projectBId,
      c.kind,
      c.status,
      c.provenance,
      c.note,
      c.evidenceUrl,
      c.committedOn,
      c.verified,
      c.recordedBy,
    ]);
    return row ? toCommitment(row) : null;
  }

  async idOfPair(
    tx: Queryable,
    projectAId: number,
    projectBId: number,
    kind: CommitmentKind,
  ): Promise<number | null> {
    const [row] = await rowsOf(tx, COOPERATION_SQL.idOfPair, [projectAId, projectBId, kind]);
    return row?.id ?? null;
  }

  /** The commitment, locked for the transaction; null when there is none. */
  async lock(tx: Queryable, id: number): Promise<CooperationCommitment | null> {
    const [row] = await rowsOf(tx, COOPERATION_SQL.lock, [id]);
    return row ? toCommitment(row) : null;
  }

  /** Moves the commitment to `status`, with a new version and an entry in its history. */
  async changeStatus(
    tx: Queryable,
    id: number,
    step: { from: CommitmentStatus; to: CommitmentStatus; by: string; reason: string | null },
  ): Promise<CooperationCommitment> {
    const [row] = await rowsOf(tx, COOPERATION_SQL.changeStatus, [
      id,
      step.to,
      step.from,
      step.by,
      step.reason,
    ]);
    return toCommitment(row);
  }

  async verify(tx: Queryable, id: number, verifiedBy: string): Promise<CooperationCommitment> {
    const [row] = await rowsOf(tx, COOPERATION_SQL.verify, [id, verifiedBy]);
    return toCommitment(row);
  }

  async recordReuseLink(tx: Queryable, link: NewReuseLink): Promise<ReuseLink> {
    const [row] = await rowsOf(tx, COOPERATION_SQL.recordReuseLink, [
      link.projectId,
      link.sourceProjectId,
      link.sourceOutput,
      link.description,
      link.evidenceUrl,
    ]);
    return toReuseLink(row);
  }

  /** As the audit trail, change messages and idempotent retries keep them. */
  commitmentSnapshot(c: CooperationCommitment): Record<string, unknown> {
    return snapshot(this.ds, CooperationCommitment, c);
  }

  reuseLinkSnapshot(link: ReuseLink): Record<string, unknown> {
    return snapshot(this.ds, ReuseLink, link);
  }

  /** A commitment from a change message's snapshot. */
  reviveCommitment(json: Record<string, unknown>): CooperationCommitment {
    return revive(this.ds, CooperationCommitment, json);
  }
}

function toCommitment(row: object): CooperationCommitment {
  return Object.assign(
    Object.create(CooperationCommitment.prototype) as CooperationCommitment,
    row,
  );
}

function toReuseLink(row: object): ReuseLink {
  return Object.assign(Object.create(ReuseLink.prototype) as ReuseLink, row);
}
