import { DataSource } from 'typeorm';
import { loadConfig, type AppConfig } from '../src/config/app-config';
import { createDataSource } from '../src/database/data-source';
import { openDatabaseServer } from '../src/database/database-server';

/**
 * Runs a command-line tool against the app database: DATABASE_URL, or the
 * embedded server of a running `npm start`, or an embedded server started
 * for the command and stopped afterwards. Pending migrations are applied.
 */
export async function withAppDatabase<T>(
  work: (ds: DataSource, config: AppConfig) => Promise<T>,
): Promise<T> {
  const config = loadConfig();
  const server = await openDatabaseServer({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    attach: true,
  });
  const ds = createDataSource({ url: server.url, statementTimeoutMs: 600_000 });
  try {
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
    return await work(ds, config);
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await server.stop();
  }
}

/** Exit codes: 0 done, 1 failed, 2 usage or input error. */
export function runCli(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
