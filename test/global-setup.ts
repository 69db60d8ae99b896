import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { dropDatabase, ensureDatabase, withDatabase } from '../src/database/database-server';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { prepareDatabase } from '../src/database/prepare-database';

/**
 * One PostgreSQL per test run: the server named by DATABASE_URL, or an
 * embedded one in a temporary directory. Two template databases are made
 * once (schema only, and schema plus the dataset); every suite then gets a
 * fresh copy with CREATE DATABASE … TEMPLATE, which takes milliseconds.
 */
export default async function globalSetup(): Promise<void> {
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const server = await startEmbeddedPostgres({
      dataDir: mkdtempSync(join(tmpdir(), 'kuntaverkko-test-')),
      durable: false,
    });
    (globalThis as { __EMBEDDED_PG__?: typeof server }).__EMBEDDED_PG__ = server;
    serverUrl = server.url;
  }
  // Through a transaction pooler (.ci/run), databases are made and copied on a direct
  // connection: CREATE DATABASE … TEMPLATE fails while the pooler holds one open to the template.
  const adminUrl = process.env.TEST_DIRECT_PG_URL || serverUrl;
  const run = `${process.pid}_${Date.now().toString(36)}`;
  const templates = { schema: `kv_tpl_schema_${run}`, seeded: `kv_tpl_seeded_${run}` };
  for (const [kind, name] of Object.entries(templates)) {
    await dropDatabase(adminUrl, name);
    await ensureDatabase(adminUrl, name);
    await prepareDatabase(withDatabase(adminUrl, name), { seed: kind === 'seeded' });
  }
  // Workers inherit the environment of the process that ran the global setup.
  process.env.TEST_PG_SERVER_URL = serverUrl;
  process.env.TEST_PG_ADMIN_URL = adminUrl;
  process.env.TEST_TEMPLATE_SCHEMA = templates.schema;
  process.env.TEST_TEMPLATE_SEEDED = templates.seeded;
  process.env.TEST_RUN_ID = run;
  // Quick sanity check that the server answers with the right databases.
  const client = new Client({ connectionString: withDatabase(adminUrl, templates.seeded) });
  await client.connect();
  await client.query('SELECT 1 FROM programme');
  await client.end();
}
