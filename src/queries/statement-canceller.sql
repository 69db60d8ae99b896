-- The SQL that StatementCanceller sends, from src/observability/sql/statement-canceller.statements.ts.
-- Written by `npm run sql`; do not edit (src/common/sql-snapshots.spec.ts checks it).

-- StatementCanceller.runningSince
--   $1: backend pid
SELECT query_start::text AS started FROM pg_stat_activity WHERE pid = $1 AND state = 'active';

-- StatementCanceller.cancel
--   $1: backend pid
--   $2: its statement start (runningSince)
SELECT pg_cancel_backend(pid) AS cancelled FROM pg_stat_activity
WHERE pid = $1 AND state = 'active' AND query_start::text = $2;
