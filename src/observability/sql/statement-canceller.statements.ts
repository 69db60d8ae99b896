import { sql, statementSet } from '../../common/statements';

/**
 * The statements of StatementCanceller (request-budget.ts), on its own connection: it cancels
 * a timed-out request's statement only while that backend still runs it. Rendered into
 * src/queries/statement-canceller.sql by `npm run sql`.
 */
export const CANCELLER_SQL = statementSet('statement-canceller', 'StatementCanceller', {
  /** When the backend's running statement started, if it is running one. */
  runningSince: sql<{ started: string }, [pid: number]>(
    ['backend pid'],
    `SELECT query_start::text AS started FROM pg_stat_activity WHERE pid = $1 AND state = 'active'`,
  ),

  /** Cancels the backend's statement if it is still the one that started at $2. */
  cancel: sql<{ cancelled: boolean }, [pid: number, started: string]>(
    ['backend pid', 'its statement start (runningSince)'],
    `
    SELECT pg_cancel_backend(pid) AS cancelled FROM pg_stat_activity
    WHERE pid = $1 AND state = 'active' AND query_start::text = $2`,
  ),
});
