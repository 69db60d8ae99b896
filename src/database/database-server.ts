import { Client } from 'pg';
import { APP_DATABASE } from '../config/paths';
import { EmbeddedStatus, runningEmbeddedServer, startEmbeddedPostgres } from './embedded-postgres';

export { APP_DATABASE };

export interface DatabaseServer {
  /** URL of the application database. */
  url: string;
  embedded: boolean;
  /** The supervised embedded server's state; undefined for an external or attached one. */
  status?: () => EmbeddedStatus;
  /** Stops the embedded server; a no-op for an external one. */
  stop(): Promise<void>;
}

/**
 * With DATABASE_URL: that server and database, started by someone else.
 * Without: an embedded PostgreSQL under dataDir, with the app database made on first start.
 */
export async function openDatabaseServer(options: {
  databaseUrl?: string;
  dataDir: string;
  log?: (line: string) => void;
  notice?: (line: string) => void;
  /** Use the embedded server of a running `npm start` if there is one (command-line tools). */
  attach?: boolean;
}): Promise<DatabaseServer> {
  if (options.databaseUrl) {
    return { url: options.databaseUrl, embedded: false, stop: () => Promise.resolve() };
  }
  if (options.attach) {
    const running = await runningEmbeddedServer(options.dataDir);
    if (running)
      return {
        url: withDatabase(running, APP_DATABASE),
        embedded: true,
        stop: () => Promise.resolve(),
      };
  }
  const server = await startEmbeddedPostgres({
    dataDir: options.dataDir,
    log: options.log,
    notice: options.notice,
  });
  try {
    await ensureDatabase(server.url, APP_DATABASE);
  } catch (e) {
    await server.stop();
    throw e;
  }
  return {
    url: withDatabase(server.url, APP_DATABASE),
    embedded: true,
    status: () => server.status(),
    stop: () => server.stop(),
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Creates the database unless it exists. */
export async function ensureDatabase(
  serverUrl: string,
  database: string,
  template?: string,
): Promise<void> {
  const client = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) {
      const from = template ? ` TEMPLATE ${client.escapeIdentifier(template)}` : '';
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}${from}`);
    }
  } finally {
    await client.end();
  }
}

export async function dropDatabase(serverUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(database)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
