import { decodeCursor, encodeCursor } from './cursor';

describe('cursors', () => {
  it.each([
    ['091', 'string'],
    [42, 'number'],
  ] as const)('round-trips %p', (key, type) => {
    expect(decodeCursor(encodeCursor(key), 'after', type)).toBe(key);
  });

  it.each([
    ['garbage', 'number'],
    [Buffer.from('[1,2]').toString('base64url'), 'number'],
    [Buffer.from('["1"]').toString('base64url'), 'number'],
    [Buffer.from('[1.5]').toString('base64url'), 'number'],
    [Buffer.from('{}').toString('base64url'), 'string'],
  ] as const)('rejects %p as BAD_USER_INPUT on the named argument', (cursor, type) => {
    expect(() => decodeCursor(cursor, 'before', type)).toThrow(
      expect.objectContaining({
        extensions: { code: 'BAD_USER_INPUT', argument: 'before' },
      }) as Error,
    );
  });
});
