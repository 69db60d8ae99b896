import { ErrorCode } from './errors';
import { codeOfStatus, describeHttpFailure, httpErrorReply, statusOfCode } from './http-errors';

describe('HTTP error replies', () => {
  it('maps statuses to codes: known ones by name, other 4xx as BAD_REQUEST, other 5xx as internal', () => {
    expect(codeOfStatus(413)).toBe(ErrorCode.PAYLOAD_TOO_LARGE);
    expect(codeOfStatus(415)).toBe(ErrorCode.UNSUPPORTED_MEDIA_TYPE);
    expect(codeOfStatus(404)).toBe(ErrorCode.NOT_FOUND);
    expect(codeOfStatus(405)).toBe(ErrorCode.BAD_REQUEST);
    expect(codeOfStatus(431)).toBe(ErrorCode.BAD_REQUEST);
    expect(codeOfStatus(503)).toBe(ErrorCode.SERVICE_UNAVAILABLE);
    expect(codeOfStatus(502)).toBe(ErrorCode.INTERNAL_SERVER_ERROR);
  });

  it('answers every code but INTERNAL_SERVER_ERROR with a non-500 status, and back again', () => {
    for (const code of Object.values(ErrorCode)) {
      if (code === ErrorCode.INTERNAL_SERVER_ERROR) expect(statusOfCode(code)).toBe(500);
      else expect(statusOfCode(code)).not.toBe(500);
    }
    for (const status of [401, 403, 404, 409, 413, 415, 503])
      expect(statusOfCode(codeOfStatus(status))).toBe(status);
  });

  it('never repeats a parser message, which quotes the body back', () => {
    const parse = Object.assign(new SyntaxError('Unexpected token } in "{"secret":}"'), {
      type: 'entity.parse.failed',
    });
    expect(describeHttpFailure(400, { cause: parse, message: parse.message })).toEqual({
      message: 'The request body is not valid JSON',
      extensions: { code: 'BAD_REQUEST' },
    });
    const zlib = Object.assign(new Error('incorrect header check'), { code: 'Z_DATA_ERROR' });
    expect(describeHttpFailure(400, { cause: zlib, message: zlib.message }).message).toBe(
      'The request body could not be read',
    );
    expect(describeHttpFailure(413, { limit: '1mb' }).message).toMatch(/limit of 1mb/);
    expect(describeHttpFailure(500, { message: 'ECONNREFUSED 10.0.0.5:5432' }).message).toBe(
      'Internal Server Error',
    );
  });

  it('shapes the body as a GraphQL response on /graphql and as {error} elsewhere', () => {
    const error = { message: 'Cannot GET /x', extensions: { code: 'NOT_FOUND' } };
    expect(httpErrorReply('/graphql', 404, error).body).toEqual({ errors: [error] });
    expect(httpErrorReply('/x', 404, error).body).toEqual({
      error: { message: 'Cannot GET /x', code: 'NOT_FOUND' },
    });
    expect(
      httpErrorReply('/health/ready', 503, error, {
        status: 'error',
        error: { database: { status: 'down' } },
      }).body,
    ).toEqual({
      status: 'error',
      error: { database: { status: 'down' }, message: 'Cannot GET /x', code: 'NOT_FOUND' },
    });
  });
});
