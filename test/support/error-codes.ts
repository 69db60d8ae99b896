import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The codes docs/errors.md documents: the backquoted names in the first
 * column of its table. Read from the file, so a newly documented code is
 * accepted by the suites without editing them.
 */
export function documentedCodes(): Set<string> {
  const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'errors.md'), 'utf8');
  const codes = doc
    .split('\n')
    .filter((l) => l.startsWith('| `'))
    .flatMap((l) => [...l.split('|')[1].matchAll(/`([A-Z_]+)`/g)].map((m) => m[1]));
  return new Set(codes);
}

/** Text that must never reach a client: stack frames, module paths, SQL and driver errors. */
export const LEAK =
  /\n? {4}at |node_modules|QueryFailedError|EntityNotFound|SELECT |INSERT |UPDATE |DELETE FROM|relation "|syntax error at or near|duplicate key value|violates .* constraint|\bstacktrace\b|\.ts:\d+|\.js:\d+/;
