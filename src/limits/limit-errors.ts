import { DomainError, ErrorCode } from '../common/errors';

/** Which query limit was broken; named in `extensions.limit`. */
export type QueryLimit = 'cost' | 'depth' | 'aliases' | 'directives' | 'tokens' | 'fields';

/**
 * A query over one of the limits of docs/limits.md. Raised before anything
 * runs, with HTTP status 400 (`extensions.http` is read and removed by Apollo).
 */
export class QueryTooComplexError extends DomainError {
  constructor(limit: QueryLimit, maximum: number, actual: number) {
    super(
      ErrorCode.QUERY_TOO_COMPLEX,
      `The query's ${limit} is ${actual}, over the limit of ${maximum}; see docs/limits.md`,
      { limit, maximum, actual, http: { status: 400 } },
    );
  }
}

/** What a client's rate-limit window looks like after (or instead of) this operation. */
export interface RateLimitState {
  /** Points per window. */
  limit: number;
  /** What this operation costs. */
  cost: number;
  /** Points spent in the current window, this operation included when it was allowed. */
  used: number;
  remaining: number;
  /** When the window ends and the budget is full again. */
  resetAt: Date;
  windowSeconds: number;
}

/** GitHub-style headers that tell a client where its budget stands. */
export function rateLimitHeaders(state: RateLimitState): [string, string][] {
  return [
    ['x-ratelimit-limit', String(state.limit)],
    ['x-ratelimit-remaining', String(state.remaining)],
    ['x-ratelimit-used', String(state.used)],
    ['x-ratelimit-reset', String(Math.ceil(state.resetAt.getTime() / 1000))],
    ['x-ratelimit-cost', String(state.cost)],
  ];
}

/** The budget of this window is spent: HTTP 429 with Retry-After. */
export class RateLimitedError extends DomainError {
  constructor(state: RateLimitState, now = Date.now()) {
    const retryAfterSeconds = Math.max(1, Math.ceil((state.resetAt.getTime() - now) / 1000));
    super(
      ErrorCode.RATE_LIMITED,
      `Rate limit of ${state.limit} points per ${state.windowSeconds} s reached: this query costs ${state.cost} and ${state.remaining} remain; retry after ${state.resetAt.toISOString()}`,
      {
        limit: state.limit,
        cost: state.cost,
        remaining: state.remaining,
        resetAt: state.resetAt.toISOString(),
        retryAfterSeconds,
        http: { status: 429 },
      },
    );
  }
}
