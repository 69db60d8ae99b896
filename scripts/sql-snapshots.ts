/**
 * Writes the SQL of every repository statement into src/queries/<set>.sql (`npm run sql`).
 * Run it after changing a `*.statements.ts` file, and commit the result with the change.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { QUERIES_DIR, renderSnapshots } from '../src/common/sql-snapshots';

const rendered = renderSnapshots();
mkdirSync(QUERIES_DIR, { recursive: true });
for (const stale of readdirSync(QUERIES_DIR).filter((f) => f.endsWith('.sql') && !rendered.has(f)))
  rmSync(join(QUERIES_DIR, stale));
for (const [file, text] of rendered) writeFileSync(join(QUERIES_DIR, file), text);
console.log(`wrote ${rendered.size} file(s) in src/queries/`);
