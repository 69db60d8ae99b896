import { control, sql, statementSet } from '../../common/statements';

/**
 * Every statement of ChangeFeedRepository: the change_outbox table (writes queue their messages
 * with AuditRepository.writeEvents) and the listener's LISTEN. Rendered into
 * src/queries/change-feed.repository.sql by `npm run sql`.
 */

/** The channel (PostgreSQL NOTIFY or Redis) that carries changes between instances. */
export const CHANGE_CHANNEL = 'kuntaverkko_changes';

/** Messages sent per NOTIFY transaction. */
export const DRAIN_BATCH = 500;

/** Takes the oldest batch of messages; instances draining at once take different rows. */
const TAKE_BATCH = `DELETE FROM change_outbox WHERE id IN (
      SELECT id FROM change_outbox ORDER BY id LIMIT ${DRAIN_BATCH} FOR UPDATE SKIP LOCKED)
    RETURNING id, payload`;

export const CHANGE_OUTBOX_SQL = statementSet('change-feed.repository', 'ChangeFeedRepository', {
  /** The listener's session joins the channel (a session of its own: never through a pooler). */
  listen: control(`LISTEN ${CHANGE_CHANNEL}`),

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
