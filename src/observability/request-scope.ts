import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A statement the request has sent and not yet had answered. */
export interface RunningStatement {
  /** PostgreSQL backend pid of the pooled connection it runs on. */
  pid: number;
  seq: number;
}

/**
 * What the server knows about one HTTP request while it runs: its id (also in
 * its log lines and the x-request-id header) and its time budget. SQL sent on
 * its behalf is tracked so that it can be cancelled when the budget runs out.
 */
export interface RequestScope {
  id: string;
  timedOut: boolean;
  /** Keyed by the TypeORM query runner the statement runs on (one statement at a time each). */
  running: Map<object, RunningStatement>;
}

export const requestScope = new AsyncLocalStorage<RequestScope>();

/** Client-chosen ids are kept only when short and plain, so log lines stay parseable. */
const CLIENT_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request id: a valid incoming x-request-id, or a new UUID. */
export function requestIdOf(header: string | string[] | undefined): string {
  const given = Array.isArray(header) ? header[0] : header;
  return given && CLIENT_ID.test(given) ? given : randomUUID();
}

let statementSeq = 0;
export function nextStatementSeq(): number {
  statementSeq = (statementSeq + 1) % Number.MAX_SAFE_INTEGER;
  return statementSeq;
}

export interface RequestTracking {
  /** Requests that have started and whose responses have not closed yet. */
  inFlight: Set<ServerResponse>;
  /** Set at shutdown: new requests are refused, finished responses close their connection. */
  draining: boolean;
}

/**
 * Express middleware that opens the request's scope, gives it an id (echoed as
 * x-request-id), and starts its budget: when `budgetMs` passes before the
 * response is done, `onTimeout` is called (it cancels the request's SQL).
 * Requests `unbudgeted` matches (streamed downloads) have no overall budget:
 * each of their statements is still bounded by STATEMENT_TIMEOUT_MS.
 */
export function requestScopeMiddleware(options: {
  budgetMs: number;
  tracking: RequestTracking;
  onTimeout: (scope: RequestScope) => void;
  unbudgeted?: (url: string) => boolean;
}) {
  const { budgetMs, tracking, onTimeout, unbudgeted = () => false } = options;
  return (req: IncomingMessage & { id?: unknown }, res: ServerResponse, next: () => void) => {
    const id = requestIdOf(req.headers['x-request-id']);
    req.id = id;
    res.setHeader('x-request-id', id);
    if (tracking.draining) {
      // Shutting down: tell the client to go elsewhere, and close this connection.
      res.statusCode = 503;
      res.setHeader('connection', 'close');
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          errors: [
            {
              message: 'The server is shutting down; try again',
              extensions: { code: 'SERVICE_UNAVAILABLE' },
            },
          ],
        }),
      );
      return;
    }
    const scope: RequestScope = { id, timedOut: false, running: new Map() };
    tracking.inFlight.add(res);
    const timer = unbudgeted(req.url ?? '')
      ? undefined
      : setTimeout(() => {
          scope.timedOut = true;
          onTimeout(scope);
        }, budgetMs);
    timer?.unref();
    res.once('close', () => {
      clearTimeout(timer);
      tracking.inFlight.delete(res);
    });
    requestScope.run(scope, next);
  };
}
