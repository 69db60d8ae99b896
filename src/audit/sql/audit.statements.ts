import { sql, statementSet } from '../../common/statements';
import { ActorRole } from '../../auth/auth.enums';

/**
 * Every statement of AuditRepository: the audit trail, the idempotency records, and the one
 * statement that writes a mutation's audit rows and change messages together. Rendered into
 * src/queries/audit.repository.sql by `npm run sql`.
 */

/** An audit row, named as the AuditEvent entity's properties (the bigint id as text). */
export interface AuditEventRow {
  id: string;
  occurredAt: Date;
  actorTokenId: number | null;
  actorName: string;
  actorRole: ActorRole;
  operation: string;
  entityType: string;
  entityId: number;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  reason: string | null;
}

export interface IdempotencyRow {
  operation: string;
  requestHash: string;
  result: unknown;
  expired: boolean;
}

const EVENT_COLUMNS = `ae.id::text AS id, ae.occurred_at AS "occurredAt", ae.actor_token_id AS "actorTokenId",
           ae.actor_name AS "actorName", ae.actor_role AS "actorRole", ae.operation,
           ae.entity_type AS "entityType", ae.entity_id AS "entityId", ae.before, ae.after, ae.reason`;

const TRAIL_FILTER = `($1::text IS NULL OR (ae.entity_type = $1 AND ae.entity_id = $2::int))
       AND ($3::int IS NULL OR ae.actor_token_id = $3)`;
const TRAIL_PARAMS = ['entity type', 'entity id', 'actor token id'] as const;
type TrailParams = [
  entityType: string | null,
  entityId: number | null,
  actorTokenId: number | null,
];
const PAGE_PARAMS = ['after id', 'before id', 'limit'] as const;
type PageParams = [after: string | null, before: string | null, limit: number];

export const AUDIT_SQL = statementSet('audit.repository', 'AuditRepository', {
  /** Oldest first, between two exclusive ids. */
  trailForward: sql<AuditEventRow, [...TrailParams, ...PageParams]>(
    [...TRAIL_PARAMS, ...PAGE_PARAMS],
    `
    SELECT ${EVENT_COLUMNS}
      FROM audit_event ae
     WHERE ${TRAIL_FILTER}
       AND ($4::bigint IS NULL OR ae.id > $4) AND ($5::bigint IS NULL OR ae.id < $5)
     ORDER BY ae.id
     LIMIT $6::int`,
  ),

  trailBackward: sql<AuditEventRow, [...TrailParams, ...PageParams]>(
    [...TRAIL_PARAMS, ...PAGE_PARAMS],
    `
    SELECT ${EVENT_COLUMNS}
      FROM audit_event ae
     WHERE ${TRAIL_FILTER}
       AND ($4::bigint IS NULL OR ae.id > $4) AND ($5::bigint IS NULL OR ae.id < $5)
     ORDER BY ae.id DESC
     LIMIT $6::int`,
  ),

  trailCount: sql<{ n: number }, TrailParams>(
    [...TRAIL_PARAMS],
    `
    SELECT count(*)::int AS n
      FROM audit_event ae
     WHERE ${TRAIL_FILTER}`,
  ),

  /**
   * A mutation's audit rows (one per entry of $5…$9, all by the same actor and operation) and
   * its change messages ($10, JSON texts) for the outbox (live/change-feed.ts), in one statement.
   */
  insertEventsAndMessages: sql<
    never,
    [
      actorTokenId: number | null,
      actorName: string,
      actorRole: ActorRole,
      operation: string,
      entityTypes: string[],
      entityIds: number[],
      befores: (string | null)[],
      afters: (string | null)[],
      reasons: (string | null)[],
      messages: string[],
    ]
  >(
    [
      'actor token id',
      'actor name',
      'actor role',
      'operation',
      'entity types',
      'entity ids',
      'before (JSON texts)',
      'after (JSON texts)',
      'reasons',
      'change messages (JSON texts)',
    ],
    `
    WITH audit AS (
      INSERT INTO audit_event (actor_token_id, actor_name, actor_role, operation, entity_type, entity_id, before, after, reason)
      SELECT $1::int, $2::text, $3::actor_role, $4::text, e.entity_type, e.entity_id, e.before::jsonb, e.after::jsonb, e.reason
        FROM unnest($5::text[], $6::int[], $7::text[], $8::text[], $9::text[])
             WITH ORDINALITY AS e(entity_type, entity_id, before, after, reason, n)
       ORDER BY e.n
    )
    INSERT INTO change_outbox (payload) SELECT unnest($10::text[])`,
  ),

  /** Claims a key; no row when it was claimed before. */
  claimKey: sql<
    { claimed: number },
    [tokenId: number, key: string, operation: string, hash: string]
  >(
    ['token id', 'key', 'operation', 'request hash'],
    `
    INSERT INTO idempotency_record (token_id, key, operation, request_hash)
    VALUES ($1::int, $2::text, $3::text, $4::char(64))
    ON CONFLICT DO NOTHING
    RETURNING 1 AS claimed`,
  ),

  /** The record of a claimed key; `expired` after $3 hours. */
  keyRecord: sql<IdempotencyRow, [tokenId: number, key: string, ttlHours: number]>(
    ['token id', 'key', 'hours kept'],
    `
    SELECT operation, request_hash AS "requestHash", result,
           created_at < now() - make_interval(hours => $3::int) AS expired
      FROM idempotency_record
     WHERE token_id = $1::int AND key = $2::text`,
  ),

  /** Claims an expired key again, for a new request. */
  reclaimKey: sql<never, [tokenId: number, key: string, operation: string, hash: string]>(
    ['token id', 'key', 'operation', 'request hash'],
    `
    UPDATE idempotency_record
       SET operation = $3::text, request_hash = $4::char(64), result = NULL, created_at = now()
     WHERE token_id = $1::int AND key = $2::text`,
  ),

  /** Keeps a mutation's result (JSON text) under its key. */
  storeResult: sql<never, [tokenId: number, key: string, result: string]>(
    ['token id', 'key', 'result (JSON text)'],
    `UPDATE idempotency_record SET result = $3::jsonb WHERE token_id = $1::int AND key = $2::text`,
  ),

  sweepKeys: sql<never, [ttlHours: number]>(
    ['hours kept'],
    `DELETE FROM idempotency_record WHERE created_at < now() - make_interval(hours => $1::int)`,
  ),

  /** Kinds of the organisations an audit entry names (for their global ids in the trail). */
  organisationKinds: sql<{ id: number; kind: string }, [ids: number[]]>(
    ['organisation ids'],
    `SELECT id, kind::text AS kind FROM organisation WHERE id = ANY($1::int[])`,
  ),
});
