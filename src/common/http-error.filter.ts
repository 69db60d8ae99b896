import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { GqlContextType } from '@nestjs/graphql';
import type { Request, Response } from 'express';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { toClientError } from './errors';
import {
  describeHttpFailure,
  httpErrorReply,
  JSON_BODY_LIMIT,
  runBeforeErrorReply,
  statusOfCode,
} from './http-errors';

const log = new Logger('HTTP');

/**
 * Every error the server answers passes here, so all of them carry a code
 * from docs/errors.md. Inside GraphQL execution errors go on to Apollo's
 * formatError (domain errors are answers, not failures, and are not logged).
 * Everything else (the body parser's 413 and broken JSON, unknown routes,
 * the export and health controllers) is answered by httpErrorReply.
 * Static middleware registered in create-app.ts runs before Nest's router,
 * so files served there never reach the not-found handler.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType<GqlContextType>() === 'graphql') {
      if (exception instanceof GraphQLError) return exception;
      // As Nest's own GraphQL handling does: Apollo's formatError masks and logs it.
      throw exception;
    }
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    let formatted: GraphQLFormattedError;
    let status: number | undefined;
    let extra: Record<string, unknown> | undefined;
    if (exception instanceof HttpException) {
      status = exception.getStatus();
      const body = exception.getResponse();
      // A controller's own body (no Nest `statusCode`) is kept beside the code.
      if (body && typeof body === 'object' && !('statusCode' in body))
        extra = body as Record<string, unknown>;
      formatted = describeHttpFailure(status, {
        cause: exception.cause,
        message: extra ? undefined : exception.message,
        limit: JSON_BODY_LIMIT,
      });
    } else if (exception instanceof GraphQLError) {
      formatted = exception.toJSON();
    } else {
      formatted = { message: String(exception), extensions: {} };
    }
    const { error, unexpected } = toClientError(formatted, exception);
    if (unexpected)
      log.error(
        exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
      );
    if (res.headersSent) return;
    const code = error.extensions?.code;
    const reply = httpErrorReply(
      req.path,
      status !== undefined && !unexpected ? status : statusOfCode(code),
      error,
      extra,
    );
    const send = () => {
      if (res.headersSent) return;
      // A download route sets its file type and name before it runs: the error is JSON, not a file.
      res.removeHeader('content-disposition');
      res.status(reply.status).type('application/json').json(reply.body);
    };
    runBeforeErrorReply(req, reply.status).then(send, (e: unknown) => {
      log.warn(`before an error reply: ${String(e)}`);
      send();
    });
  }
}
