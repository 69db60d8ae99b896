/**
 * Graph queries over HTTP against a synthetic network: the graph index and the SQL
 * engine side by side, in one run.
 *
 *   npm run bench:graph -- --label "EU scale" --organisations 100000 --projects 200000 --commitments 100000
 *   npm run bench:graph -- --label dense --organisations 100000 --projects 1000000 --only pop2
 *   add --reuse to bench an already generated database (--database NAME, default kuntaverkko_bench)
 *   --starts N (default 1000) starts for the index; --sql-starts M (default 200) of them also
 *   for the SQL engine, which is 10–100 times slower
 *
 * The network comes from `npm run generate` (seeded, synthetic, labelled). Starts are
 * organisations drawn with a fixed seed. Three servers run on the database: two with
 * GRAPH_ENGINE=index, one with GRAPH_ENGINE=sql. For each query, 1 client sends the
 * starts one after another to an index server and (for the first M) the same request to
 * the SQL server, in turn, and the answers must be identical (apart from engine and asOf);
 * 32 clients then run autocannon against the index server. Last, a committed write's
 * visibility on both index servers is timed.
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadavg } from 'node:os';
import { Client } from 'pg';
import { xoroshiro128plus, unsafeUniformIntDistribution } from 'pure-rand';
import { loadConfig } from '../src/config/app-config';
import { openDatabaseServer, withDatabase } from '../src/database/database-server';
import { toGlobalId } from '../src/common/global-id';
import { benchArgs, machine, median, ROOT, writeSection } from './lib';

const args = benchArgs();
const arg = (k: string, d: string) => args.get(k) ?? d;
const LABEL = arg('label', 'synthetic');
const DATABASE = arg('database', 'kuntaverkko_bench');
const STARTS = Number(arg('starts', '1000'));
const SEED = Number(arg('seed', '42'));
const SQL_STARTS = Math.min(STARTS, Number(arg('sql-starts', '200')));
const WRITES = Number(arg('writes', '50'));
const ONLY = arg('only', 'pop2,pop2p,pop3,pop3all,path').split(',');
const PORT = 3600;
const slug = LABEL.toLowerCase().replace(/[^a-z0-9]+/g, '-');

const percentile = (values: number[], p: number) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

interface Case {
  key: string;
  title: string;
  target?: string;
  body: (i: number) => { query: string; variables: Record<string, unknown> };
}

async function main() {
  const config = loadConfig();
  const server = await openDatabaseServer({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
  });
  const url = withDatabase(server.url, DATABASE);
  if (args.get('reuse') !== 'true') {
    execFileSync(
      process.execPath,
      [
        join(ROOT, 'dist', 'scripts', 'generate.js'),
        '--organisations',
        arg('organisations', '100000'),
        '--projects',
        arg('projects', '200000'),
        '--commitments',
        arg('commitments', String(Number(arg('projects', '200000')) / 2)),
        '--seed',
        String(SEED),
        '--database',
        DATABASE,
      ],
      {
        stdio: 'inherit',
        env: { ...process.env, DATABASE_URL: server.embedded ? server.url : config.DATABASE_URL },
      },
    );
  }
  const pg = new Client({ connectionString: url });
  await pg.connect();
  const sizes = (
    await pg.query(`SELECT (SELECT count(*) FROM organisation)::int AS organisations, (SELECT count(*) FROM project)::int AS projects,
      (SELECT count(*) FROM participation)::int AS participations, (SELECT count(*) FROM cooperation_commitment)::int AS commitments`)
  ).rows[0] as Record<string, number>;

  // Starts: organisations drawn with a fixed seed (pure-rand xoroshiro128+).
  const orgIds = (
    await pg.query(`SELECT id FROM organisation WHERE synthetic ORDER BY id`)
  ).rows.map((r) => r.id as number);
  const rng = xoroshiro128plus(SEED);
  const pick = (list: number[]) => list[unsafeUniformIntDistribution(0, list.length - 1, rng)];
  const starts = Array.from({ length: STARTS }, () => pick(orgIds));
  const ends = Array.from({ length: STARTS }, () => pick(orgIds));
  const org = (id: number) => toGlobalId('Municipality', id);

  const pop = (depth: number, total: boolean, projectsOnly = false): Case => ({
    key: `pop${depth}${total ? 'all' : ''}${projectsOnly ? 'p' : ''}`,
    title: `partnersOfPartners, depth ${depth}, first 100${total ? ', with totalCount' : ''}${projectsOnly ? ', PROJECT links only' : ''}`,
    target: projectsOnly
      ? '–'
      : total
        ? 'p95 ≤ 300 ms'
        : depth === 3
          ? 'p95 ≤ 60 ms'
          : Number(arg('projects', '0')) >= 1_000_000
            ? 'p95 ≤ 50 ms (dense)'
            : 'p95 ≤ 15 ms',
    body: (i) => ({
      query: `query($o: ID!) { partnersOfPartners(organisation: $o, maxDepth: ${depth}, first: 100, examplePaths: 1${projectsOnly ? ', via: [PROJECT]' : ''}) {
        ${total ? 'totalCount complete incompleteProjectCount' : ''} edges { node { distance shortestPathCount organisation { id } examplePaths { organisations { id } links { kind } } } } } }`,
      variables: { o: org(starts[i]) },
    }),
  });
  const cases: Case[] = [
    pop(2, false),
    pop(2, false, true),
    pop(3, false),
    pop(3, true),
    {
      key: 'path',
      title: 'collaborationPath, maxDepth 4',
      target: 'p95 ≤ 10 ms',
      body: (i: number) => ({
        query: `query($a: ID!, $b: ID!) { collaborationPath(from: $a, to: $b, maxDepth: 4) { distance complete path { organisations { id } links { kind } } } }`,
        variables: { a: org(starts[i]), b: org(ends[i]) },
      }),
    },
  ].filter((c) => ONLY.includes(c.key));

  const start = (port: number, engine: string): ChildProcess =>
    spawn(process.execPath, [join(ROOT, 'dist', 'src', 'main.js')], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: url,
        PORT: String(port),
        NODE_ENV: 'production',
        SEED_ON_START: 'false',
        DB_POOL_SIZE: '20',
        RATE_LIMIT_POINTS: '0',
        REQUEST_TIMEOUT_MS: '60000',
        STATEMENT_TIMEOUT_MS: '60000',
        GRAPH_ENGINE: engine,
      },
      stdio: 'ignore',
    });
  const apps = [start(PORT, 'index'), start(PORT + 1, 'sql'), start(PORT + 2, 'index')];
  const metrics = async (port: number) => {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const value = (name: string) =>
      Number(
        text
          .split('\n')
          .find((l) => l.startsWith(name + ' '))
          ?.split(' ')[1] ?? NaN,
      );
    return value;
  };
  for (const port of [PORT, PORT + 1, PORT + 2]) {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/health/ready`)).ok) {
          if (port === PORT + 1 || (await metrics(port))('kuntaverkko_graph_index_ready') === 1)
            break;
        }
      } catch {
        // not up yet
      }
      if (i > 1200) throw new Error('server did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const indexMetrics = await metrics(PORT);
  const buildSeconds = indexMetrics('kuntaverkko_graph_index_build_seconds');
  const indexMiB = indexMetrics('kuntaverkko_graph_index_bytes') / 2 ** 20;
  const heapMiB = indexMetrics('kuntaverkko_nodejs_heap_size_used_bytes') / 2 ** 20;

  const post = async (port: number, body: unknown) => {
    const t0 = performance.now();
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as { errors?: unknown; data?: unknown };
    return { ms: performance.now() - t0, ok: res.ok && !json.errors, json };
  };
  /** The answer without what says which engine gave it. */
  const comparable = (json: unknown) =>
    JSON.stringify(json, (k, v: unknown) => (k === 'engine' || k === 'asOf' ? undefined : v));

  const lines: string[] = [];
  for (const c of cases) {
    // Warm-up: a tenth of the starts, both engines.
    for (let i = 0; i < STARTS / 10; i++) await post(PORT, c.body(i));
    // The whole depth-3 reach costs the SQL engine seconds per start: fewer of them there.
    const sqlStarts = c.key === 'pop3all' ? Math.min(SQL_STARTS, 40) : SQL_STARTS;
    for (let i = 0; i < sqlStarts / 10; i++) await post(PORT + 1, c.body(i));
    const index: number[] = [];
    const indexShared: number[] = [];
    const sql: number[] = [];
    let errors = 0;
    let differ = 0;
    const t1 = performance.now();
    for (let i = 0; i < STARTS; i++) {
      const a = await post(PORT, c.body(i));
      index.push(a.ms);
      if (!a.ok) errors++;
      if (i < sqlStarts) {
        indexShared.push(a.ms);
        const b = await post(PORT + 1, c.body(i));
        sql.push(b.ms);
        if (!b.ok) errors++;
        if (comparable(a.json) !== comparable(b.json)) differ++;
      }
    }
    const elapsed = performance.now() - t1 - sql.reduce((x, y) => x + y, 0);
    let next = 0;
    const concurrent = await autocannon({
      url: `http://127.0.0.1:${PORT}/graphql`,
      connections: 32,
      duration: Number(arg('seconds', '10')),
      requests: [
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          setupRequest: (req) => ({ ...req, body: JSON.stringify(c.body(next++ % STARTS)) }),
        },
      ],
    });
    const f = (n: number) => n.toFixed(1);
    const row = `| ${c.title} | ${c.target ?? '–'} | ${f(median(index))} | ${f(percentile(index, 95))} | ${f((STARTS / elapsed) * 1000)} | ${f(median(sql))} | ${f(percentile(sql, 95))} | ${(median(sql) / median(indexShared)).toFixed(1)}× | ${(percentile(sql, 95) / percentile(indexShared, 95)).toFixed(1)}× | ${differ} of ${sqlStarts} | ${concurrent.latency.p50} | ${concurrent.latency.p97_5} | ${f(concurrent.requests.average)} | ${errors + concurrent.errors + concurrent.non2xx} | ${loadavg()[0].toFixed(1)} |`;
    console.log(row);
    lines.push(row);
  }

  // A committed write, visible in graph answers on both index instances: a new participation
  // of a start organisation in a project of an organisation it has no link to yet.
  const visible: number[] = [];
  for (let w = 0; w < WRITES; w++) {
    const a = starts[w];
    const b = ends[w];
    if (a === b) continue;
    const { rows } = await pg.query<{ project_id: number }>(
      `SELECT project_id FROM participation WHERE organisation_id = $1 LIMIT 1`,
      [b],
    );
    if (!rows[0]) continue;
    await pg.query(
      `INSERT INTO participation (project_id, organisation_id, role, source_key)
       SELECT $1, $2, 'PARTNER', source_key FROM participation WHERE project_id = $1 LIMIT 1 ON CONFLICT DO NOTHING`,
      [rows[0].project_id, a],
    );
    const committed = performance.now();
    const body = {
      query: `query($a: ID!, $b: ID!) { collaborationPath(from: $a, to: $b, maxDepth: 1) { distance } }`,
      variables: { a: org(a), b: org(b) },
    };
    const seen = async (port: number) => {
      for (;;) {
        const r = await post(port, body);
        const d = (r.json as { data?: { collaborationPath?: { distance: number | null } } }).data
          ?.collaborationPath?.distance;
        if (d === 1) return performance.now() - committed;
        if (performance.now() - committed > 30_000) return Infinity;
        await new Promise((res) => setTimeout(res, 5));
      }
    };
    const [x, y] = await Promise.all([seen(PORT), seen(PORT + 2)]);
    visible.push(Math.max(x, y));
  }

  for (const app of apps) app.kill('SIGTERM');
  await pg.end();
  await server.stop();

  const resultsFile = join(ROOT, 'bench', 'results', `graph-${slug}.json`);
  const saved: Record<string, string> = existsSync(resultsFile)
    ? JSON.parse(readFileSync(resultsFile, 'utf8'))
    : {};
  cases.forEach((c, i) => (saved[`index-${c.key}`] = lines[i]));
  if (visible.length)
    saved['index-write'] =
      `| a committed write visible in graph answers on both of two instances (${visible.length} writes) | p99 ≤ 1 s | median ${f0(median(visible))} ms, p99 ${f0(percentile(visible, 99))} ms, max ${f0(Math.max(...visible))} ms (load ${loadavg()[0].toFixed(1)}) |`;
  saved['index-memory'] =
    `| index memory (arrays) / build at start | ≤ 120 MB / ≤ 3 s (EU scale) | ${indexMiB.toFixed(1)} MiB (Node heap in use after the build: ${heapMiB.toFixed(0)} MiB) / ${buildSeconds.toFixed(2)} s |`;
  saved._projects = String(sizes.projects);
  saved._summary = `${sizes.organisations.toLocaleString('en')} organisations, ${sizes.projects.toLocaleString('en')} projects, ${sizes.participations.toLocaleString('en')} participations`;
  mkdirSync(dirname(resultsFile), { recursive: true });
  writeFileSync(resultsFile, JSON.stringify(saved, null, 2) + '\n');
  const table = ['pop2', 'pop2p', 'pop3', 'pop3all', 'path']
    .filter((k) => saved[`index-${k}`])
    .map((k) => saved[`index-${k}`]);

  writeSection(
    `graph-index-${slug}`,
    `## Graph index against the SQL engine, ${LABEL}: ${sizes.organisations.toLocaleString('en')} organisations, ${sizes.projects.toLocaleString('en')} projects, ${sizes.participations.toLocaleString('en')} participations, ${sizes.commitments.toLocaleString('en')} commitments

Measured by \`npm run bench:graph\` on ${new Date().toISOString().slice(0, 10)}: ${machine()}, shared with other
work while it ran (absolute times vary with that load; the ratios were measured side by side, request by request);
PostgreSQL ${server.embedded ? '17 (embedded)' : '15 from DATABASE_URL'}. ${STARTS} start organisations drawn with seed ${SEED};
the first ${SQL_STARTS} of them also sent to the SQL engine, in turn with the index. Times in ms, over HTTP and GraphQL.
"32 clients" is autocannon against the index server (p97.5 is the percentile autocannon reports).
"differ" counts answers of the two engines that were not identical (engine and asOf left out).

| query | target | index median | index p95 | index req/s (1 client) | SQL median | SQL p95 | SQL ÷ index (median) | SQL ÷ index (p95) | differ | 32 clients median | 32 clients p97.5 | 32 clients req/s | errors | load (1 min) |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${table.join('\n')}

| what | target | measured |
| --- | --- | --- |
${[saved['index-memory'], saved['index-write']].filter(Boolean).join('\n')}
`,
  );
}

const f0 = (n: number) => n.toFixed(0);

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
