/**
 * Graph queries over HTTP against a synthetic network, compared with the bare SQL.
 *
 *   npm run bench:graph -- --label "EU scale" --organisations 100000 --projects 200000 --commitments 100000
 *   npm run bench:graph -- --label dense --organisations 100000 --projects 1000000 --only pop2
 *   add --reuse to bench an already generated database (--database NAME, default kuntaverkko_bench)
 *
 * The network comes from `npm run generate` (seeded, synthetic, labelled). Starts are
 * 1,000 organisations drawn with a fixed seed. For each query: 1 client sends them one
 * after another (median, p95, req/s), 32 clients run autocannon for 15 s, and the same
 * statements the server runs are timed through `pg` alone (the "bare SQL").
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { xoroshiro128plus, unsafeUniformIntDistribution } from 'pure-rand';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../src/config/app-config';
import { openDatabaseServer, withDatabase } from '../src/database/database-server';
import { toGlobalId } from '../src/common/global-id';
import { Reach, shortestPath } from '../src/network/breadth-first';
import { SqlLinks } from '../src/network/link-sources';
import { ALL_LINK_KINDS, LinkKind } from '../src/network/sql/organisation-edges.sql';
import { similarProjectsSql } from '../src/network/sql/similarity.query';
import { benchArgs, machine, median, ROOT, writeSection } from './lib';

const args = benchArgs();
const arg = (k: string, d: string) => args.get(k) ?? d;
const LABEL = arg('label', 'synthetic');
const DATABASE = arg('database', 'kuntaverkko_bench');
const STARTS = Number(arg('starts', '1000'));
const SEED = Number(arg('seed', '42'));
const ONLY = arg('only', 'pop2,pop2p,pop3,pop3all,path,similar').split(',');
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
  bare: (i: number) => Promise<unknown>;
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
  const ds = {
    query: async (sql: string, params?: unknown[]) => (await pg.query(sql, params)).rows,
  } as unknown as DataSource;
  const sizes = (
    await pg.query(`SELECT (SELECT count(*) FROM organisation)::int AS organisations, (SELECT count(*) FROM project)::int AS projects,
      (SELECT count(*) FROM participation)::int AS participations, (SELECT count(*) FROM cooperation_commitment)::int AS commitments`)
  ).rows[0] as Record<string, number>;

  // Starts: organisations and projects drawn with a fixed seed (pure-rand xoroshiro128+).
  const orgIds = (
    await pg.query(`SELECT id FROM organisation WHERE synthetic ORDER BY id`)
  ).rows.map((r) => r.id as number);
  const projectIds = (
    await pg.query(`SELECT id FROM project WHERE synthetic ORDER BY id`)
  ).rows.map((r) => r.id as number);
  const rng = xoroshiro128plus(SEED);
  const pick = (list: number[]) => list[unsafeUniformIntDistribution(0, list.length - 1, rng)];
  const starts = Array.from({ length: STARTS }, () => pick(orgIds));
  const ends = Array.from({ length: STARTS }, () => pick(orgIds));
  const projects = Array.from({ length: STARTS }, () => pick(projectIds));
  const org = (id: number) => toGlobalId('Municipality', id);

  const pop = (depth: number, total: boolean, projectsOnly = false): Case => ({
    key: `pop${depth}${total ? 'all' : ''}${projectsOnly ? 'p' : ''}`,
    title: `partnersOfPartners, depth ${depth}, first 100${total ? ', with totalCount (whole reach)' : ''}${projectsOnly ? ', PROJECT links only' : ''}`,
    target:
      total || projectsOnly
        ? '–'
        : depth === 3
          ? 'p95 ≤ 100 ms'
          : Number(arg('projects', '0')) >= 1_000_000
            ? 'p95 ≤ 50 ms (dense)'
            : 'p95 ≤ 20 ms',
    body: (i) => ({
      query: `query($o: ID!) { partnersOfPartners(organisation: $o, maxDepth: ${depth}, first: 100, examplePaths: 0${projectsOnly ? ', via: [PROJECT]' : ''}) {
        ${total ? 'totalCount' : ''} edges { node { distance shortestPathCount organisation { id } } } } }`,
      variables: { o: org(starts[i]) },
    }),
    bare: async (i) => {
      const reach = new Reach(
        new SqlLinks(ds),
        starts[i],
        depth,
        projectsOnly ? [LinkKind.PROJECT] : ALL_LINK_KINDS,
      );
      return total ? reach.results() : reach.results((soFar) => soFar.length > 100);
    },
  });
  const cases: Case[] = [
    pop(2, false),
    pop(2, false, true),
    pop(3, false),
    pop(3, true),
    {
      key: 'path',
      title: 'collaborationPath, maxDepth 4',
      target: 'p95 ≤ 30 ms',
      body: (i: number) => ({
        query: `query($a: ID!, $b: ID!) { collaborationPath(from: $a, to: $b, maxDepth: 4) { distance path { organisations { id } links { kind } } } }`,
        variables: { a: org(starts[i]), b: org(ends[i]) },
      }),
      bare: (i: number) => shortestPath(new SqlLinks(ds), starts[i], ends[i], 4, ALL_LINK_KINDS),
    },
    {
      key: 'similar',
      title: 'similarProjects, first 10',
      target: 'p95 ≤ 30 ms',
      body: (i: number) => ({
        query: `query($p: ID!) { similarProjects(project: $p, first: 10) { score project { id } } }`,
        variables: { p: toGlobalId('Project', projects[i]) },
      }),
      bare: (i: number) => pg.query(similarProjectsSql(), [projects[i], 0.1, 10]),
    },
  ].filter((c) => ONLY.includes(c.key));

  const app: ChildProcess = spawn(process.execPath, [join(ROOT, 'dist', 'src', 'main.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: String(PORT),
      NODE_ENV: 'production',
      SEED_ON_START: 'false',
      DB_POOL_SIZE: '20',
    },
    stdio: 'ignore',
  });
  const endpoint = `http://127.0.0.1:${PORT}/graphql`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${PORT}/health/ready`)).ok) break;
    } catch {
      // not up yet
    }
    if (i > 300) throw new Error('server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }

  const lines: string[] = [];
  for (const c of cases) {
    // Warm-up: caches and plans, a tenth of the starts.
    for (let i = 0; i < STARTS / 10; i++) await c.bare(i);
    const bare: number[] = [];
    for (let i = 0; i < STARTS; i++) {
      const t0 = performance.now();
      await c.bare(i);
      bare.push(performance.now() - t0);
    }
    const single: number[] = [];
    let errors = 0;
    const t1 = performance.now();
    for (let i = 0; i < STARTS; i++) {
      const t0 = performance.now();
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(c.body(i)),
      });
      const json = (await res.json()) as { errors?: unknown };
      if (!res.ok || json.errors) errors++;
      single.push(performance.now() - t0);
    }
    const singleRps = (STARTS / (performance.now() - t1)) * 1000;
    let next = 0;
    const concurrent = await autocannon({
      url: endpoint,
      connections: 32,
      duration: 15,
      requests: [
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          setupRequest: (req) => ({ ...req, body: JSON.stringify(c.body(next++ % STARTS)) }),
        },
      ],
    });
    const f = (n: number) => n.toFixed(1);
    const row = `| ${c.title}${STARTS !== 1000 ? ` (${STARTS} starts)` : ''} | ${c.target ?? '–'} | ${f(median(single))} | ${f(percentile(single, 95))} | ${f(singleRps)} | ${f(median(bare))} | ${f(percentile(bare, 95))} | ${(median(single) / median(bare)).toFixed(2)}× | ${concurrent.latency.p50} | ${concurrent.latency.p97_5} | ${f(concurrent.requests.average)} | ${errors + concurrent.errors + concurrent.non2xx} |`;
    console.log(row);
    lines.push(row);
  }
  app.kill('SIGTERM');
  await pg.end();
  await server.stop();

  // Rows of earlier runs (other --only sets) on the same label are kept.
  const resultsFile = join(ROOT, 'bench', 'results', `graph-${slug}.json`);
  const saved: Record<string, string> = existsSync(resultsFile)
    ? JSON.parse(readFileSync(resultsFile, 'utf8'))
    : {};
  cases.forEach((c, i) => (saved[c.key] = lines[i]));
  saved._projects = String(sizes.projects);
  saved._summary = `${sizes.organisations.toLocaleString('en')} organisations, ${sizes.projects.toLocaleString('en')} projects, ${sizes.participations.toLocaleString('en')} participations`;
  mkdirSync(dirname(resultsFile), { recursive: true });
  writeFileSync(resultsFile, JSON.stringify(saved, null, 2) + '\n');
  const table = ['pop2', 'pop2p', 'pop3', 'pop3all', 'path', 'similar']
    .filter((k) => saved[k])
    .map((k) => saved[k]);

  writeSection(
    `graph-${slug}`,
    `## Graph queries, ${LABEL}: ${sizes.organisations.toLocaleString('en')} organisations, ${sizes.projects.toLocaleString('en')} projects, ${sizes.participations.toLocaleString('en')} participations, ${sizes.commitments.toLocaleString('en')} commitments

Measured by \`npm run bench:graph\` on ${new Date().toISOString().slice(0, 10)}: ${machine()}; PostgreSQL ${server.embedded ? '17 (embedded)' : 'from DATABASE_URL'}.
${STARTS} start organisations (projects for similarProjects) drawn with seed ${SEED}. Times in ms.
"1 client" sends the ${STARTS} requests one after another; "bare SQL" runs the same statements through \`pg\`
with no HTTP or GraphQL; "32 clients" is autocannon for 15 s (p97.5 is the percentile autocannon reports).

| query | target | 1 client median | 1 client p95 | 1 client req/s | bare SQL median | bare SQL p95 | GraphQL ÷ bare (median) | 32 clients median | 32 clients p97.5 | 32 clients req/s | errors |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${table.join('\n')}
`,
  );
  writeGrowth();
}

/** Depth-2 partnersOfPartners against network size, from every label benchmarked so far. */
function writeGrowth(): void {
  const dir = join(ROOT, 'bench', 'results');
  const rows = readdirSync(dir)
    .filter((f) => f.startsWith('graph-') && f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Record<string, string>)
    .filter((r) => r.pop2 && r._projects)
    .sort((a, b) => Number(a._projects) - Number(b._projects))
    .map((r) => {
      const cells = r.pop2.split('|').map((c) => c.trim());
      return `| ${r._summary} | ${cells[3]} | ${cells[4]} | ${cells[6]} | ${cells[7]} |`;
    });
  writeSection(
    'graph-growth',
    `## Growth: partnersOfPartners, depth 2, against network size

From the sections above (1 client, ms). Time follows the number of links a search touches, not the
size of the tables: every hop is an index scan, and the generator's heavy tail makes a smaller
network with the same participants per project denser around each organisation.

| network | GraphQL median | GraphQL p95 | bare SQL median | bare SQL p95 |
| --- | --- | --- | --- | --- |
${rows.join('\n')}
`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
