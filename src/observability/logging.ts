import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerService } from '@nestjs/common';
import pino, { Logger as Pino } from 'pino';
import { pinoHttp, type Options } from 'pino-http';
import { requestIdOf, requestScope } from './request-scope';

/** Never written to the log: credentials in requests and responses. */
export const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
];

/** Probes and scrapes that went well are logged at debug, so they do not drown the rest. */
const ROUTINE = /^\/(health\/(live|ready)|metrics)(\?|$)/;

/** The one pino logger of the process: JSON lines on stdout at LOG_LEVEL. */
export function rootLogger(level: string): Pino {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' } });
}

/** pino-http options: one line per request, with the request id and no credentials. */
export function httpLogOptions(logger: Pino): Options {
  return {
    logger,
    // The scope middleware has already chosen the id (and echoed it); this is a fallback.
    genReqId: (req: IncomingMessage & { id?: unknown }) =>
      typeof req.id === 'string' ? req.id : requestIdOf(req.headers['x-request-id']),
    customLogLevel: (req: IncomingMessage, res: ServerResponse, error?: Error) => {
      if (error || res.statusCode >= 500) return 'error';
      if (res.statusCode >= 400) return 'warn';
      return ROUTINE.test(req.url ?? '') ? 'debug' : 'info';
    },
    serializers: {
      req: (req: {
        id: unknown;
        method: string;
        url: string;
        headers: Record<string, unknown>;
      }) => ({
        id: req.id,
        method: req.method,
        url: req.url,
        headers: req.headers,
      }),
    },
  };
}

/** Express middleware writing the one line per request (after the request scope's middleware). */
export function requestLogMiddleware(logger: Pino) {
  return pinoHttp(httpLogOptions(logger));
}

/**
 * Nest's LoggerService on the root pino logger: one JSON line per call, with
 * Nest's context and, inside a request, its id (`req.id`, as on the
 * request's own line). Used from the first start-up line on.
 *
 * Nest's calls are `(message, ...params, context?)`, and for errors
 * `(message, stack?, context?)`: the last string is the context, and an
 * error's stack goes to `err.stack`.
 */
export function nestLogger(logger: Pino): LoggerService {
  const line =
    (level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace') =>
    (message: unknown, ...rest: unknown[]) => {
      const last = rest[rest.length - 1];
      const context = rest.length > 0 && typeof last === 'string' ? last : undefined;
      const params = context === undefined ? rest : rest.slice(0, -1);
      const fields: Record<string, unknown> = { context };
      const reqId = requestScope.getStore()?.id;
      if (reqId) fields.req = { id: reqId };
      if (message instanceof Error) {
        fields.err = message;
        logger[level](fields, message.message);
        return;
      }
      if ((level === 'error' || level === 'fatal') && typeof params[0] === 'string')
        fields.err = { stack: params[0] };
      logger[level](fields, String(message));
    };
  return {
    fatal: line('fatal'),
    error: line('error'),
    warn: line('warn'),
    log: line('info'),
    debug: line('debug'),
    verbose: line('trace'),
  };
}
