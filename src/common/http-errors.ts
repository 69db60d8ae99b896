import { STATUS_CODES } from 'node:http';
import { GraphQLFormattedError } from 'graphql';
import { ErrorCode } from './errors';

/** Where GraphQL is served; error bodies there are GraphQL-shaped. */
export const GRAPHQL_PATH = '/graphql';

/** The JSON body limit (create-app.ts): room for importGrantDecisions' CSV; named in the 413 message. */
export const JSON_BODY_LIMIT = '1mb';

// The HTTP status a code is answered with on plain routes and before GraphQL runs.
const STATUS_OF_CODE: Partial<Record<string, number>> = {
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.BAD_REQUEST]: 400,
  [ErrorCode.GRAPHQL_PARSE_FAILED]: 400,
  [ErrorCode.GRAPHQL_VALIDATION_FAILED]: 400,
  // Apollo answers these two itself with 200, as APQ clients expect.
  [ErrorCode.PERSISTED_QUERY_NOT_FOUND]: 400,
  [ErrorCode.PERSISTED_QUERY_NOT_SUPPORTED]: 400,
  [ErrorCode.OPERATION_RESOLUTION_FAILURE]: 400,
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.PAYLOAD_TOO_LARGE]: 413,
  [ErrorCode.UNSUPPORTED_MEDIA_TYPE]: 415,
  [ErrorCode.RULE_VIOLATION]: 422,
  [ErrorCode.QUERY_TOO_COMPLEX]: 400,
  [ErrorCode.RATE_LIMITED]: 429,
  [ErrorCode.SERVICE_UNAVAILABLE]: 503,
  [ErrorCode.TIMEOUT]: 503,
};

const CODE_OF_STATUS: Partial<Record<number, ErrorCode>> = {
  401: ErrorCode.UNAUTHENTICATED,
  403: ErrorCode.FORBIDDEN,
  404: ErrorCode.NOT_FOUND,
  409: ErrorCode.CONFLICT,
  413: ErrorCode.PAYLOAD_TOO_LARGE,
  415: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
  429: ErrorCode.RATE_LIMITED,
  503: ErrorCode.SERVICE_UNAVAILABLE,
  504: ErrorCode.TIMEOUT,
};

/** A code missing from the table is still a documented client-side answer: 400, never 500. */
export function statusOfCode(code: unknown): number {
  if (typeof code !== 'string') return 500;
  if (code === ErrorCode.INTERNAL_SERVER_ERROR) return 500;
  return STATUS_OF_CODE[code] ?? 400;
}

/** Any other 4xx is the request's fault (BAD_REQUEST); any other 5xx is ours. */
export function codeOfStatus(status: number): ErrorCode {
  return (
    CODE_OF_STATUS[status] ??
    (status >= 400 && status < 500 ? ErrorCode.BAD_REQUEST : ErrorCode.INTERNAL_SERVER_ERROR)
  );
}

/**
 * What an HTTP-level failure (body parser, router, controller) says, before
 * the error is masked by toClientError. The messages are ours, never the
 * parser's: those quote the body back or name internals.
 */
export function describeHttpFailure(
  status: number,
  options: { cause?: unknown; message?: unknown; limit?: string } = {},
): GraphQLFormattedError {
  const code = codeOfStatus(status);
  const { type, code: causeCode } = (options.cause ?? {}) as { type?: unknown; code?: unknown };
  let message: string;
  if (type === 'entity.parse.failed' || options.cause instanceof SyntaxError)
    message = 'The request body is not valid JSON';
  else if (status === 413)
    message = `The request body is larger than the limit${options.limit ? ` of ${options.limit}` : ''}`;
  else if (type === 'charset.unsupported' || type === 'encoding.unsupported')
    message = 'The request body has an unsupported charset or content encoding';
  else if (typeof type === 'string' || typeof causeCode === 'string')
    // Any other body-parser failure (e.g. a gzip body that is not gzip): zlib's words say nothing useful.
    message = 'The request body could not be read';
  else if (status < 500 && typeof options.message === 'string' && options.message)
    message = options.message;
  else message = STATUS_CODES[status] ?? 'Error';
  return { message, extensions: { code } };
}

export interface HttpErrorReply {
  status: number;
  body: Record<string, unknown>;
}

/**
 * The one rule for error bodies outside GraphQL execution: on /graphql a
 * GraphQL response (`{"errors":[{message, extensions:{code}}]}`), so GraphQL
 * clients read every failure the same way; elsewhere `{"error":{message, code, …}}`.
 * `extra` keeps the fields of a controller's own error body (e.g. a readiness report).
 */
export function httpErrorReply(
  path: string,
  status: number,
  error: GraphQLFormattedError,
  extra?: Record<string, unknown>,
): HttpErrorReply {
  // `http` is Apollo's status hint for the response, not part of the error.
  const { message, extensions: { http: _http, ...extensions } = {} } = error;
  if (path === GRAPHQL_PATH || path.startsWith(GRAPHQL_PATH + '/'))
    return { status, body: { errors: [{ message, extensions }] } };
  const own = extra?.error;
  return {
    status,
    body: {
      ...extra,
      error: {
        ...(own && typeof own === 'object' && !Array.isArray(own) ? own : {}),
        message,
        ...extensions,
      },
    },
  };
}

/** The path of a request Node refused to parse, from the bytes it read (null when there is none). */
function pathOfRawRequest(raw: unknown): string | null {
  if (!Buffer.isBuffer(raw)) return null;
  const m = /^[!-~]{1,20} (\/[^ ?#\r\n]{0,200})/.exec(raw.subarray(0, 256).toString('latin1'));
  return m ? m[1] : null;
}

/**
 * Requests Node's HTTP parser refuses before any route sees them (headers or
 * URL over 16 KB, a malformed request line) would get a bare status line.
 * They get a coded body too, by the same rule as every other error: on
 * /graphql (read from the bytes Node did receive) a GraphQL-shaped one.
 */
export function answerClientError(
  err: Error & { code?: string; rawPacket?: unknown },
  socket: { writable: boolean; end(data: string): void; destroy(): void },
): void {
  if (!socket.writable || err.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const status =
    err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const reply = httpErrorReply(pathOfRawRequest(err.rawPacket) ?? '', status, {
    message:
      status === 431 ? 'The request headers or URL are too large' : 'The request is malformed',
    extensions: { code: ErrorCode.BAD_REQUEST },
  });
  const body = JSON.stringify(reply.body);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * GraphQL over HTTP is UTF-8, and so is every JSON body this server reads: a
 * request that declares another charset (utf-16 included, which the JSON parser
 * would otherwise decode) is refused with 415 before its body is read.
 */
export function utf8BodiesOnly(
  req: { headers: Record<string, string | string[] | undefined> },
  _res: unknown,
  next: (error?: unknown) => void,
): void {
  // Only a body has a charset: a GET that happens to send the header is served.
  const length = Number(req.headers['content-length'] ?? 0);
  if (req.headers['transfer-encoding'] === undefined && !(length > 0)) return next();
  const type = req.headers['content-type'];
  const charset =
    typeof type === 'string' ? /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(type)?.[1] : undefined;
  if (charset === undefined || /^utf-8$/i.test(charset)) return next();
  next(
    Object.assign(new Error(`unsupported charset "${charset.slice(0, 40)}"`), {
      status: 415,
      statusCode: 415,
      expose: true,
      type: 'charset.unsupported',
      charset,
    }),
  );
}

const BEFORE_ERROR_REPLY = Symbol('beforeErrorReply');
type ErrorReplyHook = (status: number) => Promise<void>;

/**
 * Runs `hook` before an error is answered on this request (HttpErrorFilter):
 * how a download that fails gives back the rate-limit points it was charged.
 */
export function beforeErrorReply(req: object, hook: ErrorReplyHook): void {
  (req as { [BEFORE_ERROR_REPLY]?: ErrorReplyHook })[BEFORE_ERROR_REPLY] = hook;
}

export async function runBeforeErrorReply(req: object, status: number): Promise<void> {
  const hook = (req as { [BEFORE_ERROR_REPLY]?: ErrorReplyHook })[BEFORE_ERROR_REPLY];
  if (hook) await hook(status);
}
