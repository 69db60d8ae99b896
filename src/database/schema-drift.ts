import { readFileSync, writeFileSync } from 'node:fs';
import { DataSource } from 'typeorm';

export interface SchemaChanges {
  up: string[];
  down: string[];
}

/** The SQL TypeORM would run to make the database match the entities; empty when they agree. */
export async function pendingSchemaChanges(ds: DataSource): Promise<SchemaChanges> {
  const log = await ds.driver.createSchemaBuilder().log();
  return {
    up: log.upQueries.map((q) => q.query),
    down: log.downQueries.map((q) => q.query).reverse(),
  };
}

export function renderMigration(className: string, changes: SchemaChanges): string {
  const line = (q: string) => `    await queryRunner.query(${JSON.stringify(q)});`;
  return `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${changes.up.map(line).join('\n')}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${changes.down.map(line).join('\n')}
  }
}
`;
}

/** Adds a generated migration to migrations/index.ts, after the last import and at the end of the list. */
export function registerMigration(indexFile: string, fileName: string, className: string): void {
  const text = readFileSync(indexFile, 'utf8');
  const lines = text.split('\n');
  const lastImport = lines.map((l) => l.startsWith('import ')).lastIndexOf(true);
  lines.splice(lastImport + 1, 0, `import { ${className} } from './${fileName}';`);
  // The list may be on one line or wrapped by prettier; append before its closing bracket.
  const updated = lines
    .join('\n')
    .replace(/,?(\s*)\];\s*$/, (_end, space: string) => `, ${className}${space}];\n`);
  writeFileSync(indexFile, updated);
}
