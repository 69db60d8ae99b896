import { Client } from 'pg';
import { withDatabase } from '../src/database/database-server';

export default async function globalTeardown(): Promise<void> {
  const serverUrl = process.env.TEST_PG_ADMIN_URL || process.env.TEST_PG_SERVER_URL;
  const run = process.env.TEST_RUN_ID;
  if (serverUrl && run) {
    // Drop every database this run made (templates and per-suite copies).
    const client = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
    await client.connect();
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1`,
      [`kv_%${run}%`],
    );
    for (const { datname } of rows) {
      await client.query(
        `DROP DATABASE IF EXISTS ${client.escapeIdentifier(datname)} WITH (FORCE)`,
      );
    }
    await client.end();
  }
  const server = (globalThis as { __EMBEDDED_PG__?: { stop(): Promise<void> } }).__EMBEDDED_PG__;
  await server?.stop();
}
