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
