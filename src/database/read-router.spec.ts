import { DatabaseError } from 'pg';
import { retryOnPrimary, standbyDown } from './read-router';

function fromServer(code: string): DatabaseError {
  const e = new DatabaseError('from the server', 0, 'error');
  e.code = code;
  return e;
}

function fromSocket(code: string): Error {
  return Object.assign(new Error(`write ${code}`), { code, errno: -32, syscall: 'write' });
}

describe('what a failed replica read means', () => {
  it('takes the standby out and retries on the primary when the socket broke, whatever its code looks like', () => {
    // EPIPE has the shape of a SQLSTATE (five capitals) but was never sent by PostgreSQL.
    for (const code of ['EPIPE', 'ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT']) {
      expect(standbyDown(fromSocket(code))).toBe(true);
      expect(retryOnPrimary(fromSocket(code))).toBe(true);
    }
    expect(standbyDown(new Error('Connection terminated unexpectedly'))).toBe(true);
  });

  it('takes the standby out on connection, shutdown and system errors from the server', () => {
    for (const code of ['08006', '57P01', '57P03', '53300', '58030', 'XX000'])
      expect(standbyDown(fromServer(code))).toBe(true);
  });

  it('retries a recovery conflict on the primary and keeps the standby', () => {
    expect(retryOnPrimary(fromServer('40001'))).toBe(true);
    expect(standbyDown(fromServer('40001'))).toBe(false);
  });

  it("leaves the request's own errors to the request", () => {
    for (const code of ['22P02', '57014', '42P01']) {
      expect(standbyDown(fromServer(code))).toBe(false);
      expect(retryOnPrimary(fromServer(code))).toBe(false);
    }
  });
});
