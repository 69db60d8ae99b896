import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, ErrorCode } from '../../common/errors';

const STATUS: Partial<Record<string, number>> = {
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.NOT_FOUND]: 404,
};

/** Domain errors on the plain HTTP routes: the same codes as in GraphQL, as JSON with an HTTP status. */
@Catch(DomainError)
export class DomainErrorFilter implements ExceptionFilter {
  catch(error: DomainError, host: ArgumentsHost) {
    const code = String(error.extensions.code);
    host
      .switchToHttp()
      .getResponse<Response>()
      .status(STATUS[code] ?? 500)
      .json({ error: { message: error.message, ...error.extensions } });
  }
}
