import { GraphQLError, GraphQLFormattedError } from 'graphql';

/**
 * The one error vocabulary of the API. Every error a client sees carries one
 * of these in `extensions.code`; docs/errors.md lists them.
 */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  RULE_VIOLATION = 'RULE_VIOLATION',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  GRAPHQL_PARSE_FAILED = 'GRAPHQL_PARSE_FAILED',
  GRAPHQL_VALIDATION_FAILED = 'GRAPHQL_VALIDATION_FAILED',
  /** Automatic persisted queries: the hash is not (or no longer) known; send the query with it. */
  PERSISTED_QUERY_NOT_FOUND = 'PERSISTED_QUERY_NOT_FOUND',
  PERSISTED_QUERY_NOT_SUPPORTED = 'PERSISTED_QUERY_NOT_SUPPORTED',
  OPERATION_RESOLUTION_FAILURE = 'OPERATION_RESOLUTION_FAILURE',
  BAD_REQUEST = 'BAD_REQUEST',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE = 'UNSUPPORTED_MEDIA_TYPE',
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  TIMEOUT = 'TIMEOUT',
  /** Over a query limit (depth, aliases, directives, tokens or cost); nothing was run. */
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  /** The client's cost budget for the current window is spent. */
  RATE_LIMITED = 'RATE_LIMITED',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/** A domain rule or lookup failed; the message is safe to show to the client. */
export class DomainError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, key: string | number) {
    super(ErrorCode.NOT_FOUND, `${what} ${JSON.stringify(key)} was not found`, { what, key });
  }
}

export class BadInputError extends DomainError {
  constructor(argument: string, message: string) {
    super(ErrorCode.BAD_USER_INPUT, `${argument}: ${message}`, { argument });
  }
}

/** A programme or domain rule forbids the change; `extensions.rule` names the rule. */
export class RuleViolationError extends DomainError {
  constructor(rule: string, message: string, extensions: Record<string, unknown> = {}) {
    super(ErrorCode.RULE_VIOLATION, message, { ...extensions, rule });
  }
}

/** The change was based on an old version, or clashes with an existing object. */
export class ConflictError extends DomainError {
  constructor(message: string, extensions: Record<string, unknown> = {}) {
    super(ErrorCode.CONFLICT, message, extensions);
  }
}

const KNOWN = new Set<string>(Object.values(ErrorCode));

// graphql-js's messages for argument values it cannot coerce at execution time (values.js).
const ARGUMENT_COERCION =
  /^Argument "[^"]+" (of non-null type "[^"]+" must not be null|of required type "[^"]+" was provided the variable|has invalid value)/;

// PostgreSQL SQLSTATE classes that mean the database is out of reach, not that the query is wrong.
const UNAVAILABLE_SQLSTATE = /^(08|57P0[1-3]|53300)/;

function sqlState(error: unknown): string | undefined {
  let e = error as { code?: unknown; driverError?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; e && depth < 4; depth++) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
    e = (e.driverError ?? e.cause) as typeof e;
  }
  return undefined;
}

// What pg, pg-pool and TypeORM say when a connection is refused or dies under a query.
const CONNECTION_LOST =
  /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|timeout expired|is not queryable/;

function isConnectionFailure(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown; name?: unknown } | undefined;
  const code = typeof e?.code === 'string' ? e.code : '';
  const message = typeof e?.message === 'string' ? e.message : '';
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'].includes(code) ||
    CONNECTION_LOST.test(message) ||
    isReleasedRunner(error)
  );
}

/**
 * TypeORM releases a query runner whose connection failed; a transaction's next
 * statement on it then finds it released. Also what a bug would look like, so it is logged.
 */
function isReleasedRunner(error: unknown): boolean {
  const name = (error as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' && /^QueryRunner(Provider)?AlreadyReleasedError$/.test(name);
}

/**
 * Maps any error to what the client may see: known codes pass through with
 * their message; database trouble becomes SERVICE_UNAVAILABLE or TIMEOUT;
 * everything else is a masked INTERNAL_SERVER_ERROR (logged by the caller).
 * Stack traces and SQL never leave the server.
 */
export function toClientError(
  formatted: GraphQLFormattedError,
  original: unknown,
): { error: GraphQLFormattedError; unexpected: boolean } {
  const cause = (original as GraphQLError | undefined)?.originalError ?? original;
  const code = formatted.extensions?.code;
  const base = { locations: formatted.locations, path: formatted.path };
  const state = sqlState(cause);
  if (state === '57014') {
    // pg_cancel_backend ("user request") is how a request past REQUEST_TIMEOUT_MS is stopped.
    const byBudget = /user request/.test(String((cause as { message?: unknown })?.message));
    return {
      error: {
        ...base,
        message: byBudget
          ? 'The request took longer than its time budget and was cancelled'
          : 'The query took too long and was cancelled',
        extensions: { code: ErrorCode.TIMEOUT },
      },
      unexpected: false,
    };
  }
  // A constraint the services should have checked first: the client still gets a
  // clean code (and no SQL), and the server logs it as a missing check.
  if (state && /^2[23]/.test(state)) {
    return {
      error: {
        ...base,
        message:
          state === '23505'
            ? 'This clashes with an existing object'
            : 'The input breaks a rule of the data model',
        extensions: { code: state === '23505' ? ErrorCode.CONFLICT : ErrorCode.BAD_USER_INPUT },
      },
      unexpected: true,
    };
  }
  if ((state && UNAVAILABLE_SQLSTATE.test(state)) || isConnectionFailure(cause)) {
    return {
      error: {
        ...base,
        message: 'The database is unavailable; try again shortly',
        extensions: { code: ErrorCode.SERVICE_UNAVAILABLE },
      },
      unexpected: isReleasedRunner(cause),
    };
  }
  // graphql-js coerces arguments during execution: an explicit null (or a missing variable)
  // for an argument that needs a value is the request's mistake, not ours.
  if (
    // Apollo has already called it INTERNAL_SERVER_ERROR, as any error without a code.
    (code === undefined || code === ErrorCode.INTERNAL_SERVER_ERROR) &&
    cause instanceof GraphQLError &&
    !cause.originalError &&
    ARGUMENT_COERCION.test(formatted.message)
  ) {
    return {
      error: {
        ...base,
        message: formatted.message,
        extensions: { code: ErrorCode.BAD_USER_INPUT },
      },
      unexpected: false,
    };
  }
  if (typeof code === 'string' && KNOWN.has(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
    const { stacktrace: _stack, exception: _exception, ...extensions } = formatted.extensions ?? {};
    return { error: { ...base, message: formatted.message, extensions }, unexpected: false };
  }
  return {
    error: {
      ...base,
      message: 'Internal server error',
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    },
    unexpected: true,
  };
}
