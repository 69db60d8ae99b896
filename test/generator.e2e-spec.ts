import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { dropDatabase, withDatabase } from '../src/database/database-server';
import { readDataset } from '../src/seed/dataset-files';

/** The real dataset's projects, as data/ has them. */
const REAL_PROJECTS = readDataset().projects.length;
const REAL_ORGANISATIONS =
  readDataset().municipalities.length + readDataset().jointAuthorities.length;

const run = promisify(execFile);
const GENERATE = join(__dirname, '..', 'dist', 'scripts', 'generate.js');
const SIZES = ['--organisations', '500', '--projects', '1000'];

// The generator sets session settings: a direct connection, never a transaction pooler's.
const serverUrl = () => process.env.TEST_PG_ADMIN_URL || process.env.TEST_PG_SERVER_URL!;
/** global-teardown drops every database whose name holds the run id. */
const databaseName = (label: string) => `kv_gen_${label}_${process.env.TEST_RUN_ID}`;

/** Runs the built generator (what `npm run generate` runs) against the test server. */
async function generate(args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [GENERATE, ...args], {
      env: { ...process.env, DATABASE_URL: serverUrl() },
    });
    return { code: 0, output: stdout + stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, output: err.stdout + err.stderr };
  }
}

async function connect(database: string): Promise<Client> {
  const client = new Client({ connectionString: withDatabase(serverUrl(), database) });
  await client.connect();
  return client;
}

async function one<T = Record<string, any>>(
  client: Client,
  sql: string,
  params?: unknown[],
): Promise<T> {
  return (await client.query(sql, params)).rows[0] as T;
}

/** md5 of every row's content (timestamps left out: they record when the row was loaded). */
const checksum = (table: string, where: string, order: string) =>
  `SELECT md5(coalesce(string_agg((to_jsonb(t) - 'created_at' - 'updated_at')::text, '|' ORDER BY ${order}), '')) AS md5
   FROM ${table} t WHERE ${where}`;

/** Real rows of every table the generator writes to, as the dataset loader left them. */
const REAL_ROWS: [string, string, string][] = [
  ['source', `key <> 'synthetic-generator'`, 'key'],
  ['region', 'true', 'code'],
  ['organisation', 'NOT synthetic', 'id'],
  ['programme', 'NOT synthetic', 'id'],
  ['topic', 'NOT synthetic', 'id'],
  ['project', 'NOT synthetic', 'id'],
  [
    'participation',
    'project_id IN (SELECT id FROM project WHERE NOT synthetic)',
    'project_id, organisation_id',
  ],
  [
    'project_topic',
    'project_id IN (SELECT id FROM project WHERE NOT synthetic)',
    'project_id, topic_id',
  ],
];

const PARTICIPATION_CHECKSUM = `SELECT md5(string_agg(project_id || ':' || organisation_id || ':' || role || ':' || source_key,
  ',' ORDER BY project_id, organisation_id)) AS md5 FROM participation`;
const PROJECT_CHECKSUM = checksum('project', 'synthetic', 'id');

describe('synthetic network generator (npm run generate)', () => {
  const names = { a: databaseName('a'), b: databaseName('b'), c: databaseName('c') };
  let a: Client;
  let firstRun: { code: number; output: string };

  beforeAll(async () => {
    firstRun = await generate([...SIZES, '--seed', '7', '--database', names.a]);
    a = await connect(names.a);
  }, 120_000);
  afterAll(async () => {
    await a?.end();
    for (const name of Object.values(names)) await dropDatabase(serverUrl(), name);
  });

  it('refuses the application database before touching anything', async () => {
    const refused = await generate([...SIZES, '--seed', '7', '--database', 'kuntaverkko']);
    expect(refused.code).toBe(2);
    expect(refused.output).toMatch(/refusing to write synthetic data into .*"kuntaverkko"/);
    const usage = await generate(['--organisations', '500']);
    expect(usage.code).toBe(2);
    expect(usage.output).toMatch(/--projects is required/);
  });

  it('adds the requested network with a summary of rows and timings', async () => {
    expect(firstRun.code).toBe(0);
    expect(firstRun.output).toMatch(/participation\s+\d+\s+\d+/);
    expect(firstRun.output).toMatch(/timings: .*generation .*COPY .*VACUUM ANALYZE/);
    const counts = await one(
      a,
      `SELECT
        (SELECT count(*)::int FROM organisation WHERE synthetic) AS organisations,
        (SELECT count(*)::int FROM organisation WHERE NOT synthetic AND kind = 'MUNICIPALITY') AS real_municipalities,
        (SELECT count(*)::int FROM project WHERE synthetic) AS projects,
        (SELECT count(*)::int FROM project WHERE NOT synthetic) AS real_projects,
        (SELECT count(*)::int FROM programme WHERE synthetic) AS programmes,
        (SELECT count(*)::int FROM topic WHERE synthetic) AS topics,
        (SELECT count(*)::int FROM cooperation_commitment) AS commitments,
        (SELECT count(*)::int FROM reuse_link) AS reuse_links`,
    );
    expect(counts).toEqual({
      organisations: 500,
      real_municipalities: 310,
      projects: 1000,
      real_projects: REAL_PROJECTS,
      programmes: 8,
      topics: 120,
      commitments: 500, // projects / 2 by default
      reuse_links: 50,
    });
    const shape = await one(
      a,
      `SELECT min(n)::int AS min, max(n)::int AS max, avg(n)::float AS mean,
              min(leads)::int AS min_leads, max(leads)::int AS max_leads
       FROM (SELECT p.project_id, count(*) AS n, count(*) FILTER (WHERE p.role = 'LEAD') AS leads
             FROM participation p JOIN project pr ON pr.id = p.project_id
             WHERE pr.synthetic GROUP BY p.project_id) x`,
    );
    expect(shape).toMatchObject({ min: 2, max: 8, min_leads: 1, max_leads: 1 });
    expect(shape.mean).toBeGreaterThan(3.2);
    expect(shape.mean).toBeLessThan(3.8);
  });

  it('labels every new row as synthetic, from its own source', async () => {
    const source = await one(a, `SELECT title, note FROM source WHERE key = 'synthetic-generator'`);
    expect(source.title).toBe('SYNTHETIC network from scripts/generate.ts');
    expect(source.note).toMatch(/Seed 7; 500 organisations, 1000 projects/);
    const unlabelled = await one(
      a,
      `SELECT
        (SELECT count(*)::int FROM organisation WHERE synthetic
           AND (code !~ '^S[0-9]+$' OR source_key <> 'synthetic-generator' OR name_en NOT LIKE 'Synthetic municipality %')) AS organisations,
        (SELECT count(*)::int FROM project WHERE synthetic AND title_sv NOT LIKE 'SYNTHETIC: %') AS projects,
        (SELECT count(*)::int FROM programme WHERE synthetic AND (code NOT LIKE 'synthetic-7-%' OR name_en NOT LIKE 'SYNTHETIC%')) AS programmes,
        (SELECT count(*)::int FROM topic WHERE synthetic AND (slug NOT LIKE 'synthetic-topic-%' OR source_key <> 'synthetic-generator')) AS topics,
        (SELECT count(*)::int FROM participation p JOIN project pr ON pr.id = p.project_id JOIN organisation o ON o.id = p.organisation_id
           WHERE pr.synthetic <> o.synthetic OR pr.synthetic <> (p.source_key = 'synthetic-generator')) AS participations,
        (SELECT count(*)::int FROM project_topic pt JOIN project pr ON pr.id = pt.project_id JOIN topic t ON t.id = pt.topic_id
           WHERE pr.synthetic <> t.synthetic OR pr.synthetic <> (pt.source_key = 'synthetic-generator')) AS project_topics,
        (SELECT count(*)::int FROM cooperation_commitment c JOIN project x ON x.id = c.project_a_id JOIN project y ON y.id = c.project_b_id
           WHERE NOT (x.synthetic AND y.synthetic)) AS commitments,
        (SELECT count(*)::int FROM reuse_link r JOIN project x ON x.id = r.project_id JOIN project y ON y.id = r.source_project_id
           WHERE NOT (x.synthetic AND y.synthetic) OR y.id >= x.id) AS reuse_links`,
    );
    expect(unlabelled).toEqual({
      organisations: 0,
      projects: 0,
      programmes: 0,
      topics: 0,
      participations: 0,
      project_topics: 0,
      commitments: 0,
      reuse_links: 0,
    });
  });

  it('leaves every real row exactly as the dataset loader wrote it', async () => {
    const template = await connect(process.env.TEST_TEMPLATE_SEEDED!);
    try {
      for (const [table, where, order] of REAL_ROWS) {
        const sql = checksum(table, where, order);
        expect({ table, ...(await one(a, sql)) }).toEqual({
          table,
          ...(await one(template, sql)),
        });
      }
    } finally {
      await template.end();
    }
  });

  it('moves every sequence past the new ids, so plain inserts still work', async () => {
    const fresh = async (table: string, insert: string) => {
      await a.query('BEGIN');
      try {
        const before = await one<{ max: number }>(a, `SELECT max(id)::int AS max FROM ${table}`);
        const row = await one<{ id: number }>(a, `${insert} RETURNING id`);
        return { table, fresh: row.id === before.max + 1 };
      } finally {
        await a.query('ROLLBACK');
      }
    };
    // Two real projects: no synthetic commitment can already join them.
    const real = await one<{ a: number; b: number }>(
      a,
      `SELECT min(id) AS a, max(id) AS b FROM project WHERE NOT synthetic`,
    );
    const results = [
      await fresh(
        'organisation',
        `INSERT INTO organisation (kind, name_fi, source_key) VALUES ('JOINT_AUTHORITY', 'Test', 'synthetic-generator')`,
      ),
      await fresh(
        'project',
        `INSERT INTO project (programme_id, category, title_sv) SELECT min(id), 'OTHER', 'Test' FROM programme`,
      ),
      await fresh(
        'topic',
        `INSERT INTO topic (slug, name_fi, name_sv, name_en, source_key) VALUES ('test', 'T', 'T', 'T', 'synthetic-generator')`,
      ),
      await fresh(
        'programme',
        `INSERT INTO programme (code, name_fi, name_sv, name_en, completion_deadline, min_participants, reuse_duty, cooperation_duty)
         VALUES ('test', 'T', 'T', 'T', '2030-01-01', 2, true, true)`,
      ),
      await fresh(
        'cooperation_commitment',
        `INSERT INTO cooperation_commitment (project_a_id, project_b_id, kind, provenance)
         VALUES (${real.a}, ${real.b}, 'JOINT_PROCUREMENT', 'DECLARED')`,
      ),
      await fresh(
        'reuse_link',
        `INSERT INTO reuse_link (project_id, source_output) VALUES (${real.b}, 'test')`,
      ),
    ];
    expect(results).toEqual(results.map(({ table }) => ({ table, fresh: true })));
  });

  it('is deterministic: the same seed gives identical rows, another seed other rows', async () => {
    const [second, other] = await Promise.all([
      generate([...SIZES, '--seed', '7', '--database', names.b]),
      generate([...SIZES, '--seed', '8', '--database', names.c]),
    ]);
    expect(second.code).toBe(0);
    expect(other.code).toBe(0);
    const digest = (output: string) => /digest ([0-9a-f]{64})/.exec(output)?.[1];
    expect(digest(second.output)).toBe(digest(firstRun.output));
    expect(digest(other.output)).not.toBe(digest(firstRun.output));

    const b = await connect(names.b);
    const c = await connect(names.c);
    try {
      for (const sql of [PARTICIPATION_CHECKSUM, PROJECT_CHECKSUM]) {
        const [x, y, z] = await Promise.all([one(a, sql), one(b, sql), one(c, sql)]);
        expect(y).toEqual(x);
        expect(z).not.toEqual(x);
      }
    } finally {
      await b.end();
      await c.end();
    }
  }, 120_000);

  it('re-creates the target on a second run instead of adding to it', async () => {
    await a.end();
    const again = await generate([...SIZES, '--seed', '7', '--database', names.a]);
    a = await connect(names.a);
    expect(again.code).toBe(0);
    expect(
      await one(
        a,
        `SELECT (SELECT count(*)::int FROM organisation) AS organisations, (SELECT count(*)::int FROM project) AS projects`,
      ),
    ).toEqual({ organisations: 500 + REAL_ORGANISATIONS, projects: 1000 + REAL_PROJECTS });
  }, 120_000);
});
