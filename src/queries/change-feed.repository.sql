-- The SQL that ChangeFeedRepository sends, from src/live/sql/change-outbox.statements.ts.
-- Written by `npm run sql`; do not edit (src/common/sql-snapshots.spec.ts checks it).

-- ChangeFeedRepository.listen (transaction or session control: sent as written, never prepared)
LISTEN kuntaverkko_changes;

-- ChangeFeedRepository.takeAndNotify
--   $1: channel
WITH batch AS (
DELETE FROM change_outbox WHERE id IN (
  SELECT id FROM change_outbox ORDER BY id LIMIT 500 FOR UPDATE SKIP LOCKED)
RETURNING id, payload)
SELECT count(*)::int AS n FROM (SELECT pg_notify($1::text, payload) FROM batch ORDER BY id) sent;

-- ChangeFeedRepository.takeBatch
DELETE FROM change_outbox WHERE id IN (
  SELECT id FROM change_outbox ORDER BY id LIMIT 500 FOR UPDATE SKIP LOCKED)
RETURNING id, payload;
