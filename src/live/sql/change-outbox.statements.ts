import { sql, statementSet } from '../../common/statements';

/**
 * Every statement of ChangeFeed on the change_outbox table (writes queue their messages with
 * AuditRepository.insertEventsAndMessages). Rendered into src/queries/change-feed.sql by
 * `npm run sql`.
 */

/** Messages sent per NOTIFY transaction. */
export const DRAIN_BATCH = 500;

/** Takes the oldest batch of messages; instances draining at once take different rows. */
const TAKE_BATCH = `DELETE FROM change_outbox WHERE id IN (
      SELECT id FROM change_outbox ORDER BY id LIMIT ${DRAIN_BATCH} FOR UPDATE SKIP LOCKED)
    RETURNING id, payload`;

export const CHANGE_OUTBOX_SQL = statementSet('change-feed', 'ChangeFeed', {
  /** One batch sent with NOTIFY on channel $1, in the order written; returns how many. */
  takeAndNotify: sql<{ n: number }, [channel: string]>(
    ['channel'],
    `
    WITH batch AS (
    ${TAKE_BATCH})
    SELECT count(*)::int AS n FROM (SELECT pg_notify($1::text, payload) FROM batch ORDER BY id) sent`,
  ),

  /** One batch, for sending to Redis within the same transaction (bigint ids as text). */
  takeBatch: sql<{ id: string; payload: string }, []>(
    [],
    `
    ${TAKE_BATCH}`,
  ),
});
