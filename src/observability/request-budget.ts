import { Client } from 'pg';
import type { EntitySubscriberInterface, AfterQueryEvent, QueryRunner } from 'typeorm';
import { DomainError, ErrorCode } from '../common/errors';
import { clientQueryable, rowsOf } from '../common/statements';
import { cancelledStatements, requestTimeouts } from './metrics';
import { nextStatementSeq, requestScope, type RequestScope } from './request-scope';
import { CANCELLER_SQL } from './sql/statement-canceller.statements';

/** Statements a timed-out request may still send: the ones that end its transaction cleanly. */
const CLEAN_UP = /^\s*ROLLBACK\b/i;

/**
 * Called for every statement sent through the pool, just before it is sent
 * (from the TypeORM logger). A request past its budget may send nothing more
 * but its ROLLBACK; otherwise the statement is recorded as running for it.
 */
export function beforeStatement(query: string, queryRunner: QueryRunner | undefined): void {
  const scope = requestScope.getStore();
  if (!scope || !queryRunner) return;
  if (scope.timedOut && !CLEAN_UP.test(query)) {
    throw new DomainError(
      ErrorCode.TIMEOUT,
      'The request took longer than its time budget and was cancelled',
    );
  }
  const pid = (queryRunner as { databaseConnection?: { processID?: number } }).databaseConnection
    ?.processID;
  if (typeof pid === 'number') scope.running.set(queryRunner, { pid, seq: nextStatementSeq() });
}

/** Forgets a statement once it is answered (TypeORM calls this after success and failure). */
export class StatementTracker implements EntitySubscriberInterface {
  afterQuery(event: AfterQueryEvent): void {
    requestScope.getStore()?.running.delete(event.queryRunner);
  }
}

/**
 * Cancels the SQL a timed-out request is running, with pg_cancel_backend on a
 * connection of its own (the pool may be full of the very statements to cancel).
 *
 * A pooled connection serves other requests once it is released, so a pid alone
 * could name someone else's statement. The cancel therefore names the statement:
 * it reads the backend's query_start, checks that the request's statement is
 * still unanswered (so that query_start is this statement's), and cancels only
 * if the backend still runs the statement that started at that instant.
 */
export class StatementCanceller {
  constructor(
    private readonly databaseUrl: string,
    private readonly warn: (line: string) => void,
  ) {}

  cancel(scope: RequestScope): void {
    requestTimeouts.inc();
    if (scope.running.size === 0) return;
    void this.cancelRunning(scope).catch((e) =>
      this.warn(`could not cancel the SQL of request ${scope.id}: ${String(e)}`),
    );
  }

  private async cancelRunning(scope: RequestScope): Promise<void> {
    const client = new Client({
      connectionString: this.databaseUrl,
      connectionTimeoutMillis: 2000,
      application_name: 'kuntaverkko-canceller',
    });
    client.on('error', () => undefined);
    await client.connect();
    const db = clientQueryable(client);
    try {
      // A statement registered but not yet started on the server shows as idle: look again.
      for (let attempt = 0; attempt < 20 && scope.running.size > 0; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, 100));
        for (const [runner, statement] of [...scope.running]) {
          const [seen] = await rowsOf(db, CANCELLER_SQL.runningSince, [statement.pid]);
          if (!seen || scope.running.get(runner)?.seq !== statement.seq) continue;
          const [done] = await rowsOf(db, CANCELLER_SQL.cancel, [statement.pid, seen.started]);
          if (done?.cancelled) {
            cancelledStatements.inc();
            // Answered or not, it is no longer this request's to cancel.
            if (scope.running.get(runner)?.seq === statement.seq) scope.running.delete(runner);
          }
        }
      }
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
