import type { ApolloServerPlugin } from '@apollo/server';
import { ErrorCode } from '../common/errors';
import { graphqlDuration, graphqlErrors, graphqlRequests } from './metrics';

/** Distinct operation names kept as labels; later new names count as "other". */
const MAX_OPERATION_NAMES = 200;
const MAX_NAME_LENGTH = 64;
const KNOWN_CODES = new Set<string>(Object.values(ErrorCode));

/**
 * Clients name their operations freely, so the label set is bounded: unnamed
 * operations are "anonymous", long names are cut, and once MAX_OPERATION_NAMES
 * names have been seen any new one is "other". A failed parse is "unknown".
 */
export class OperationLabels {
  private readonly seen = new Set<string>();
  constructor(private readonly max = MAX_OPERATION_NAMES) {}

  label(name: string | null | undefined, resolved: boolean): string {
    if (!resolved) return 'unknown';
    if (!name) return 'anonymous';
    const cut = name.slice(0, MAX_NAME_LENGTH);
    if (this.seen.has(cut)) return cut;
    if (this.seen.size >= this.max) return 'other';
    this.seen.add(cut);
    return cut;
  }
}

/** A code from docs/errors.md, or "OTHER" (never a client-chosen string as a label). */
export function errorCodeLabel(code: unknown): string {
  return typeof code === 'string' && KNOWN_CODES.has(code) ? code : 'OTHER';
}

/**
 * Counts GraphQL requests, their latency and their errors by operation.
 * The errors are read as the client gets them (after formatError), so a
 * cancelled statement counts as TIMEOUT and a lost database as SERVICE_UNAVAILABLE.
 */
export function graphqlMetricsPlugin(labels = new OperationLabels()): ApolloServerPlugin {
  return {
    requestDidStart() {
      const started = process.hrtime.bigint();
      return Promise.resolve({
        willSendResponse(ctx) {
          const operation = ctx.operation;
          const names = {
            operation: labels.label(operation?.name?.value, operation !== undefined),
            type: operation?.operation ?? 'unknown',
          };
          graphqlRequests.inc(names);
          graphqlDuration.observe(names, Number(process.hrtime.bigint() - started) / 1e9);
          const body = ctx.response.body;
          if (body.kind === 'single') {
            for (const error of body.singleResult.errors ?? [])
              graphqlErrors.inc({ ...names, code: errorCodeLabel(error.extensions?.code) });
          }
          return Promise.resolve();
        },
      });
    },
  };
}
