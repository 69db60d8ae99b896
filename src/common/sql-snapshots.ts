import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { statementSetInfo, type StatementSetInfo } from './statements';

/**
 * The committed SQL of every repository: one `src/queries/<set>.sql` per statement set, so a
 * reviewer reads what the server sends to PostgreSQL without running it (the way schema.gql
 * shows the API). A module joins by declaring its statements with `statementSet` in a file
 * named `*.statements.ts` under src/; `npm run sql` writes the files, and
 * src/common/sql-snapshots.spec.ts fails when one is stale.
 */

export const SRC_DIR = join(__dirname, '..');
export const QUERIES_DIR = join(SRC_DIR, 'queries');
const STATEMENT_FILE = /\.statements\.(ts|js)$/;

/** Every `*.statements.ts` under src/, sorted. */
export function statementFiles(dir: string = SRC_DIR): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...statementFiles(path));
    else if (STATEMENT_FILE.test(name) && !name.endsWith('.d.ts')) found.push(path);
  }
  return found;
}

export interface StatementSetSource extends StatementSetInfo {
  /** The declaring file, relative to the project root. */
  source: string;
}

/** The statement sets the files export. */
export function loadStatementSets(files: string[] = statementFiles()): StatementSetSource[] {
  const sets: StatementSetSource[] = [];
  for (const file of files) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = require(file) as Record<string, unknown>;
    for (const value of Object.values(loaded)) {
      const info = statementSetInfo(value);
      if (info) sets.push({ ...info, source: relative(join(SRC_DIR, '..'), file) });
    }
  }
  const names = sets.map((s) => s.file);
  const twice = names.find((f, i) => names.indexOf(f) !== i);
  if (twice) throw new Error(`two statement sets are named ${twice}`);
  return sets.sort((a, b) => a.file.localeCompare(b.file));
}

/** The text of one snapshot file. */
export function renderSet(set: StatementSetSource): string {
  const lines = [
    `-- The SQL that ${set.repository} sends, from ${set.source.replace(/\.js$/, '.ts')}.`,
    '-- Written by `npm run sql`; do not edit (src/common/sql-snapshots.spec.ts checks it).',
  ];
  for (const s of set.statements) {
    const note = s.replica
      ? ' (may be answered by a replica)'
      : s.control
        ? ' (transaction or session control: sent as written, never prepared)'
        : '';
    lines.push('', `-- ${s.name}${note}`);
    s.params.forEach((p, i) => lines.push(`--   $${i + 1}: ${p}`));
    lines.push(`${s.text};`);
  }
  return lines.join('\n') + '\n';
}

/** File name (under src/queries/) → its text. */
export function renderSnapshots(
  sets: StatementSetSource[] = loadStatementSets(),
): Map<string, string> {
  return new Map(sets.map((s) => [`${s.file}.sql`, renderSet(s)]));
}
