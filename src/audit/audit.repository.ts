import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type Actor } from '../auth/actor';
import { type KeysetPage } from '../common/pagination';
import { type Queryable, rowsOf } from '../common/statements';
import { AuditEvent } from './audit-event.entity';
import { AUDIT_SQL, type IdempotencyRow } from './sql/audit.statements';

/** The audit trail's filter; null means "no such filter". */
export interface AuditTrailFilter {
  entity: { type: string; id: number } | null;
  actorTokenId: number | null;
}

/** One audit row as a write gives it, before and after already in their API view. */
export interface AuditRow {
  entityType: string;
  entityId: number;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  reason: string | null;
}

/**
 * The audit_event and idempotency_record tables. The trail is read from the DataSource; every
 * write is given the `Queryable` of the mutation's transaction. The token CLI builds one with
 * `new` (no Nest).
 */
@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async readTrailPage(f: AuditTrailFilter, page: KeysetPage<string>): Promise<AuditEvent[]> {
    const statement = page.backward ? AUDIT_SQL.trailBackward : AUDIT_SQL.trailForward;
    const rows = await rowsOf(this.ds, statement, [
      ...trailParams(f),
      page.after,
      page.before,
      page.limit,
    ]);
    return rows.map((row) => Object.assign(new AuditEvent(), row));
  }

  async readTrailCount(f: AuditTrailFilter): Promise<number> {
    const [row] = await rowsOf(this.ds, AUDIT_SQL.trailCount, trailParams(f));
    return row.n;
  }

  /** A mutation's audit rows and change messages (JSON texts), in one statement. */
  async writeEvents(
    db: Queryable,
    actor: Pick<Actor, 'tokenId' | 'name' | 'role'>,
    operation: string,
    rows: AuditRow[],
    messages: string[],
  ): Promise<void> {
    const json = (value: Record<string, unknown> | null) =>
      value === null ? null : JSON.stringify(value);
    await rowsOf(db, AUDIT_SQL.insertEventsAndMessages, [
      actor.tokenId,
      actor.name,
      actor.role,
      operation,
      rows.map((r) => r.entityType),
      rows.map((r) => r.entityId),
      rows.map((r) => json(r.before)),
      rows.map((r) => json(r.after)),
      rows.map((r) => r.reason),
      messages,
    ]);
  }

  /** True when this request claimed the key; false when another did before. */
  async claimKey(
    db: Queryable,
    k: { tokenId: number; key: string; operation: string; hash: string },
  ): Promise<boolean> {
    const claimed = await rowsOf(db, AUDIT_SQL.claimKey, [k.tokenId, k.key, k.operation, k.hash]);
    return claimed.length > 0;
  }

  async readKey(
    db: Queryable,
    tokenId: number,
    key: string,
    ttlHours: number,
  ): Promise<IdempotencyRow | null> {
    const [row] = await rowsOf(db, AUDIT_SQL.keyRecord, [tokenId, key, ttlHours]);
    return row ?? null;
  }

  async reclaimKey(
    db: Queryable,
    k: { tokenId: number; key: string; operation: string; hash: string },
  ): Promise<void> {
    await rowsOf(db, AUDIT_SQL.reclaimKey, [k.tokenId, k.key, k.operation, k.hash]);
  }

  async writeResult(db: Queryable, tokenId: number, key: string, json: string): Promise<void> {
    await rowsOf(db, AUDIT_SQL.storeResult, [tokenId, key, json]);
  }

  async deleteExpiredKeys(ttlHours: number): Promise<void> {
    await rowsOf(this.ds, AUDIT_SQL.sweepKeys, [ttlHours]);
  }

  /** Organisation id → kind, read in the write's transaction. */
  async readOrganisationKinds(db: Queryable, ids: number[]): Promise<Map<number, string>> {
    const rows = await rowsOf(db, AUDIT_SQL.organisationKinds, [ids]);
    return new Map(rows.map((r) => [r.id, r.kind]));
  }
}

function trailParams(f: AuditTrailFilter): [string | null, number | null, number | null] {
  return [f.entity?.type ?? null, f.entity?.id ?? null, f.actorTokenId];
}
