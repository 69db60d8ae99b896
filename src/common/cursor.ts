import { BadInputError } from './errors';

/** Opaque page cursors: base64url of a JSON array holding the sort key. */
export type Key = string | number;

export function encodeCursor(key: Key): string {
  return Buffer.from(JSON.stringify([key]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, argument: string, keyType: 'string' | 'number'): Key {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 1 && typeof parsed[0] === keyType) {
      if (keyType === 'string' || Number.isSafeInteger(parsed[0])) return parsed[0] as Key;
    }
  } catch {
    // fall through to the client error below
  }
  throw new BadInputError(argument, 'is not a valid cursor');
}
