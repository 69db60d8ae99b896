import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadStatementSets, QUERIES_DIR, renderSnapshots } from './sql-snapshots';

describe('SQL snapshots (src/queries/)', () => {
  const rendered = renderSnapshots();

  it('finds the declared statement sets', () => {
    const sets = loadStatementSets();
    expect(sets.map((s) => s.repository)).toContain('ProjectsRepository');
    for (const set of sets) expect(set.statements.length).toBeGreaterThan(0);
  });

  it.each([...rendered.keys()])('%s is up to date (else run `npm run sql`)', (file) => {
    const path = join(QUERIES_DIR, file);
    expect(existsSync(path)).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe(rendered.get(file));
  });

  it('has no snapshot without its statements', () => {
    const committed = readdirSync(QUERIES_DIR).filter((f) => f.endsWith('.sql'));
    expect(committed.filter((f) => !rendered.has(f))).toEqual([]);
  });

  it('names every statement once, with its parameters numbered as in the SQL', () => {
    for (const set of loadStatementSets()) {
      const names = set.statements.map((s) => s.name);
      expect(new Set(names).size).toBe(names.length);
      for (const s of set.statements) {
        const used = [...s.text.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]));
        const highest = used.length ? Math.max(...used) : 0;
        expect({ statement: s.name, params: highest }).toEqual({
          statement: s.name,
          params: s.params.length,
        });
      }
    }
  });
});
