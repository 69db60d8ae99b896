import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, TestDatabase } from './support/test-app';
import { readDataset } from '../src/seed/dataset-files';

const run = promisify(execFile);
const DB_SCRIPT = join(__dirname, '..', 'dist', 'scripts', 'db.js');

/** Runs the built database CLI (what `npm run migration:run` etc. run) against one database. */
async function db(url: string, command: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [DB_SCRIPT, command], {
      env: { ...process.env, DATABASE_URL: url },
    });
    return { code: 0, output: stdout + stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, output: err.stdout + err.stderr };
  }
}

describe('schema lifecycle: migrations, drift check and the dataset loader', () => {
  let empty: TestDatabase;
  beforeAll(async () => {
    // A copy of the schema-only template, emptied of every table, so migrations start from nothing.
    empty = await createTestDatabase({ seeded: false });
    await empty.sql(`DROP SCHEMA public CASCADE; CREATE SCHEMA public;`);
  });
  afterAll(async () => {
    await empty.drop();
  });

  const tables = async () =>
    (
      await empty.sql<{ t: string }>(
        `SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`,
      )
    ).map((r) => r.t);
  const counts = async () =>
    (
      await empty.sql(`SELECT (SELECT count(*) FROM organisation)::int AS organisations,
        (SELECT count(*) FROM project)::int AS projects, (SELECT count(*) FROM participation)::int AS participations,
        (SELECT count(*) FROM project_topic)::int AS project_topics, (SELECT count(*) FROM source)::int AS sources`)
    )[0];

  it('builds the schema from migrations only, and the entities agree with it', async () => {
    expect(await tables()).toEqual([]);
    const migrate = await db(empty.url, 'migrate');
    expect(migrate.code).toBe(0);
    expect(migrate.output).toMatch(/applied Initial/);
    expect(await tables()).toEqual(
      expect.arrayContaining([
        'organisation',
        'project',
        'participation',
        'cooperation_commitment',
        'typeorm_migrations',
      ]),
    );
    const check = await db(empty.url, 'check');
    expect(check).toEqual({
      code: 0,
      output: expect.stringMatching(/entities and migrations agree/),
    });
  });

  it('loads the dataset idempotently: a second load adds nothing', async () => {
    expect((await db(empty.url, 'seed')).code).toBe(0);
    const first = await counts();
    const data = readDataset();
    expect(first).toEqual({
      organisations: data.municipalities.length + data.jointAuthorities.length,
      projects: data.projects.length,
      participations: data.participants.length,
      project_topics: data.projectTopics.length,
      // Those of data/sources.csv, and 'api' (made by a migration) for facts written through the API.
      sources: data.sources.length + 1,
    });
    const ids = await empty.sql(`SELECT id, title_sv FROM project ORDER BY id`);
    expect((await db(empty.url, 'seed')).code).toBe(0);
    expect(await counts()).toEqual(first);
    expect(await empty.sql(`SELECT id, title_sv FROM project ORDER BY id`)).toEqual(ids);
  });

  it('fails the drift check when the database and the entities disagree', async () => {
    await empty.sql(`ALTER TABLE project ADD COLUMN stray integer`);
    const check = await db(empty.url, 'check');
    expect(check.code).toBe(1);
    expect(check.output).toMatch(/drifted apart/);
    await empty.sql(`ALTER TABLE project DROP COLUMN stray`);
  });

  it('reverts every migration with its down step and can apply them again', async () => {
    await empty.sql(`TRUNCATE source, organisation, programme, topic, region CASCADE`);
    const migrations = (await empty.sql(`SELECT count(*)::int AS n FROM typeorm_migrations`))[0]
      .n as number;
    for (let i = 0; i < migrations; i++) expect((await db(empty.url, 'revert')).code).toBe(0);
    expect(await tables()).toEqual(['typeorm_migrations']);
    expect(
      (
        await empty.sql(`SELECT count(*)::int AS n FROM pg_type WHERE typname = 'project_status'`)
      )[0].n,
    ).toBe(0);
    expect((await db(empty.url, 'migrate')).code).toBe(0);
    expect((await db(empty.url, 'check')).code).toBe(0);
    // One CLI process per migration (each starts Node and connects): minutes on a busy machine.
  }, 300_000);

  it('keeps one lead per project and ordered commitment pairs in the database itself', async () => {
    await db(empty.url, 'seed');
    const [{ id }] = await empty.sql(
      `SELECT id FROM project WHERE list_position = 1 AND category = 'OTHER'`,
    );
    await expect(
      empty.sql(
        `INSERT INTO participation (project_id, organisation_id, role, source_key)
                 VALUES ($1, (SELECT id FROM organisation WHERE code = '091'), 'LEAD', 'vm-press-release-2020')`,
        [id],
      ),
    ).rejects.toThrow(/participation_one_lead_idx/);
    await expect(
      empty.sql(
        `INSERT INTO cooperation_commitment (project_a_id, project_b_id, kind, provenance) VALUES (2, 1, 'KNOWLEDGE_SHARING', 'DECLARED')`,
      ),
    ).rejects.toThrow(/cooperation_commitment_ordered_pair/);
  });
});
