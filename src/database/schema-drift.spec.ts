import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerMigration } from './schema-drift';

describe('registerMigration', () => {
  const write = (text: string) => {
    const file = join(mkdtempSync(join(tmpdir(), 'kv-index-')), 'index.ts');
    writeFileSync(file, text);
    return file;
  };

  it('appends to a one-line list', () => {
    const file = write(`import { A1 } from './1-A';\n\nexport const MIGRATIONS = [A1];\n`);
    registerMigration(file, '2-B', 'B2');
    expect(readFileSync(file, 'utf8')).toBe(
      `import { A1 } from './1-A';\nimport { B2 } from './2-B';\n\nexport const MIGRATIONS = [A1, B2];\n`,
    );
  });

  it('appends to a list prettier wrapped over several lines', () => {
    const file = write(
      `import { A1 } from './1-A';\n\nexport const MIGRATIONS = [\n  A1,\n  C3,\n];\n`,
    );
    registerMigration(file, '4-D', 'D4');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain(`import { D4 } from './4-D';`);
    expect(text).toMatch(/C3, D4\s*\];/);
  });
});

describe('migrations/index.ts', () => {
  it('lists every migration file in migrations/, in order', () => {
    const dir = join(__dirname, '..', '..', 'migrations');
    const files = readdirSync(dir)
      .filter((f) => /^\d+-\w+\.ts$/.test(f))
      .sort();
    const index = readFileSync(join(dir, 'index.ts'), 'utf8');
    const listed = index.slice(index.indexOf('MIGRATIONS')).match(/\b[A-Z]\w+\d{13}\b/g) ?? [];
    expect(listed).toEqual(files.map((f) => f.replace(/^(\d+)-(\w+)\.ts$/, '$2$1')));
  });
});
