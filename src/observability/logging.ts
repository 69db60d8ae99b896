import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerService } from '@nestjs/common';
import pino, { Logger as Pino } from 'pino';
import type { Options } from 'pino-http';
import { requestIdOf } from './request-scope';

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

/**
 * Nest's LoggerService on the root pino logger, for the lines written before
 * the application (and nestjs-pino's request-aware logger) exists.
 */
export function startupLogger(logger: Pino): LoggerService {
  const line =
    (level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace') =>
    (message: unknown, ...rest: unknown[]) => {
      const context = typeof rest[rest.length - 1] === 'string' ? rest[rest.length - 1] : undefined;
      logger[level]({ context }, String(message));
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
