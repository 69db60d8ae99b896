/**
 * Database commands, used by the npm scripts:
 *   migrate | revert | generate <Name> | check | seed
 * Without DATABASE_URL they start the embedded PostgreSQL under DATA_DIR
 * (the same one `npm start` uses) and stop it afterwards.
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../src/config/paths';
import { loadConfig } from '../src/config/app-config';
import { createDataSource } from '../src/database/data-source';
import { openDatabaseServer } from '../src/database/database-server';
import {
  pendingSchemaChanges,
  registerMigration,
  renderMigration,
} from '../src/database/schema-drift';
import { loadDataset } from '../src/seed/dataset-loader';

async function main(): Promise<number> {
  const [command, name] = process.argv.slice(2);
  const config = loadConfig();
  const server = await openDatabaseServer({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    attach: true,
  });
  const ds = createDataSource({ url: server.url, statementTimeoutMs: 600_000 });
  try {
    await ds.initialize();
    switch (command) {
      case 'migrate': {
        const done = await ds.runMigrations({ transaction: 'each' });
        console.log(
          done.length ? done.map((m) => `applied ${m.name}`).join('\n') : 'schema is up to date',
        );
        return 0;
      }
      case 'revert':
        await ds.undoLastMigration({ transaction: 'each' });
        console.log('reverted the last migration');
        return 0;
      case 'generate': {
        if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
          console.error('usage: npm run migration:generate -- <PascalCaseName>');
          return 2;
        }
        await ds.runMigrations({ transaction: 'each' });
        const changes = await pendingSchemaChanges(ds);
        if (changes.up.length === 0) {
          console.log('entities and migrations agree: nothing to generate');
          return 0;
        }
        const timestamp = Date.now();
        const file = join(projectRoot(), 'migrations', `${timestamp}-${name}.ts`);
        writeFileSync(file, renderMigration(`${name}${timestamp}`, changes));
        registerMigration(
          join(projectRoot(), 'migrations', 'index.ts'),
          `${timestamp}-${name}`,
          `${name}${timestamp}`,
        );
        console.log(
          `wrote migrations/${timestamp}-${name}.ts and listed it in migrations/index.ts`,
        );
        return 0;
      }
      case 'check': {
        await ds.runMigrations({ transaction: 'each' });
        const changes = await pendingSchemaChanges(ds);
        if (changes.up.length > 0) {
          console.error(
            'entities and migrations have drifted apart; a migration would run:\n' +
              changes.up.join(';\n'),
          );
          return 1;
        }
        console.log('entities and migrations agree');
        return 0;
      }
      case 'seed': {
        await ds.runMigrations({ transaction: 'each' });
        const summary = await loadDataset(ds, { replace: true });
        console.log(`dataset loaded: ${JSON.stringify(summary)}`);
        return 0;
      }
      default:
        console.error('usage: db migrate | revert | generate <Name> | check | seed');
        return 2;
    }
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await server.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
