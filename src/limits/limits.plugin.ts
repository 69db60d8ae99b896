import {
  ApolloServerPlugin,
  GraphQLRequestContextDidResolveOperation,
  GraphQLRequestListener,
  HeaderMap,
} from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import { Inject } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { AuthService } from '../auth/auth.service';
import { nulInArguments } from '../common/argument-text';
import { DomainError, ErrorCode } from '../common/errors';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { type RequestContext } from '../common/loader-registry';
import { cachedQueryCost } from './cost-rules';
import {
  QueryTooComplexError,
  RateLimitedError,
  type RateLimitState,
  rateLimitHeaders,
} from './limit-errors';
import {
  countTokens,
  fieldsLimitError,
  isValidationAborted,
  tokenLimitOf,
  withoutSuggestionMask,
} from './query-shape';
import { RateLimitService } from './rate-limit.service';

/** The rate-limit state of each request, for the `rateLimit` field. */
const STATES = new WeakMap<object, RateLimitState>();

export function rateLimitStateOf(ctx: object): RateLimitState | undefined {
  return STATES.get(ctx);
}

/** Apollo's automatic-persisted-query refusals, which carry no code, and what they mean. */
const APQ_REFUSALS = new Map([
  [
    'provided sha does not match query',
    'The persisted query hash is not the SHA-256 of the query sent with it',
  ],
  [
    'Unsupported persisted query version',
    'Unsupported persisted query version: only version 1 is supported',
  ],
]);

/** Where a client should send a subscription: the same path, over WebSocket. */
function webSocketEndpoint(req: unknown): string {
  const host = (req as { headers?: Record<string, unknown> } | undefined)?.headers?.host;
  return typeof host === 'string' && /^[A-Za-z0-9.:[\]-]{1,300}$/.test(host)
    ? `ws://${host}/graphql (wss:// behind TLS)`
    : 'the WebSocket endpoint /graphql';
}

/**
 * The edge of every operation, after validation and before anything runs, in
 * this order: a subscription sent over HTTP is refused (it needs a socket); a
 * mutation is authenticated before its input is looked at, so an anonymous
 * caller learns nothing about what valid input is; text holding NUL is refused
 * naming its argument.
 */
async function edgeChecks(
  rc: GraphQLRequestContextDidResolveOperation<RequestContext>,
  auth: AuthService,
) {
  const operation = rc.operation;
  if (!operation) return;
  if (operation.operation === 'subscription')
    throw new DomainError(
      ErrorCode.BAD_REQUEST,
      `Subscriptions are not served over HTTP: connect to ${webSocketEndpoint(rc.contextValue.req)} with the graphql-ws protocol`,
      { http: { status: 400 } },
    );
  if (operation.operation === 'mutation') {
    try {
      await auth.requireActor(rc.contextValue);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      throw new DomainError(e.extensions.code as ErrorCode, e.message, {
        http: { status: 401 },
      });
    }
  }
  const variables = rc.request.variables;
  const literalOnly = !variables || Object.keys(variables).length === 0;
  // Without variables the answer depends on the parsed operation alone (Apollo hands the same
  // object back for the same text), so a clean one is not walked again.
  if (literalOnly && CLEAN_OPERATIONS.has(operation)) return;
  const nul = nulInArguments(rc.document, operation, variables);
  if (nul) {
    nul.extensions.http = { status: 400 };
    throw nul;
  }
  if (literalOnly) CLEAN_OPERATIONS.add(operation);
}

/** Operations whose literal arguments hold no NUL. */
const CLEAN_OPERATIONS = new WeakSet<object>();

/**
 * After validation and before execution: edgeChecks, then the operation's cost against
 * MAX_QUERY_COST, then against the client's rate-limit budget. Both refuse
 * before any resolver runs, so a refused query runs no SQL. (A bearer token is
 * looked up once to name the client; the mutation reuses that lookup.)
 */
@Plugin()
export class LimitsPlugin implements ApolloServerPlugin<RequestContext> {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly rateLimits: RateLimitService,
    private readonly auth: AuthService,
  ) {}

  // eslint-disable-next-line @typescript-eslint/require-await -- Apollo's hook is async by contract
  async requestDidStart(): Promise<GraphQLRequestListener<RequestContext>> {
    let state: RateLimitState | undefined;
    return {
      didResolveOperation: async (rc) => {
        await edgeChecks(rc, this.auth);
        let cost: number;
        try {
          cost = cachedQueryCost(
            rc.schema,
            rc.document,
            rc.request.variables,
            rc.operationName ?? undefined,
          );
        } catch (e) {
          // Variables or arguments that cannot be coerced. Refuse the whole
          // operation: running its other fields at a guessed cost would let a
          // single bad argument bypass the cost and rate limits.
          if (!(e instanceof GraphQLError)) throw e;
          throw new DomainError(ErrorCode.BAD_USER_INPUT, e.message, { http: { status: 400 } });
        }
        if (cost > this.config.MAX_QUERY_COST)
          throw new QueryTooComplexError('cost', this.config.MAX_QUERY_COST, cost);
        if (!this.rateLimits.enabled) return;
        const spent = Math.max(1, cost);
        const result = await this.rateLimits.consume(
          await this.rateLimits.clientKey(rc.contextValue),
          spent,
        );
        state = result.state;
        STATES.set(rc.contextValue, state);
        if (!result.allowed) throw new RateLimitedError(state);
      },
      // Apollo wraps validation errors (GRAPHQL_VALIDATION_FAILED) and parse
      // errors (GRAPHQL_PARSE_FAILED); a broken limit is shown as itself.
      // eslint-disable-next-line @typescript-eslint/require-await
      didEncounterErrors: async (rc) => {
        const errors = rc.errors as GraphQLError[];
        for (let i = 0; i < errors.length; i++) {
          errors[i].message = withoutSuggestionMask(errors[i].message);
          const original = errors[i].originalError;
          if (original instanceof QueryTooComplexError) {
            errors[i] = original;
            continue;
          }
          // Apollo's own APQ refusals come without a code.
          if (APQ_REFUSALS.has(errors[i].message) && errors[i].extensions?.code === undefined) {
            errors[i] = new DomainError(
              ErrorCode.BAD_REQUEST,
              APQ_REFUSALS.get(errors[i].message)!,
              { http: { status: 400 } },
            );
            continue;
          }
          // graphql-js stops comparing fields past its own budget; say which limit that is.
          if (isValidationAborted(errors[i]) && rc.document) {
            errors[i] = fieldsLimitError(rc.document);
            continue;
          }
          const maxTokens = tokenLimitOf(errors[i]);
          if (maxTokens !== undefined && errors[i].extensions?.code === 'GRAPHQL_PARSE_FAILED')
            errors[i] = new QueryTooComplexError(
              'tokens',
              maxTokens,
              countTokens(rc.source ?? rc.request.query ?? ''),
            );
        }
      },
      // eslint-disable-next-line @typescript-eslint/require-await
      willSendResponse: async (rc) => {
        if (!state) return;
        const headers: HeaderMap = rc.response.http.headers;
        for (const [name, value] of rateLimitHeaders(state)) headers.set(name, value);
        if (rc.response.http.status === 429)
          headers.set(
            'retry-after',
            String(Math.max(1, Math.ceil((state.resetAt.getTime() - Date.now()) / 1000))),
          );
      },
    };
  }
}
