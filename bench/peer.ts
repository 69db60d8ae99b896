/**
 * This server against PostGraphile 4 on the same database, side by side (issue #11).
 *
 *   npm run bench:peer
 *   npm run bench:peer -- --duration 10 --rounds 2 --clients 1,10 --shapes a,b,c
 *   --server-url URL: the PostgreSQL server to make the database in (DATABASE_URL, else
 *   postgres://postgres@127.0.0.1:5432/postgres); --database NAME (kv_bench_peer), made anew and
 *   dropped at the end (--keep keeps it); --organisations N --projects M --seed S (10000, 20000, 7);
 *   --peer-dir DIR: where PostGraphile is installed (a folder under the system's temporary
 *   directory); --report-only writes docs/benchmarks.md again from bench/results/peer.json
 *
 * PostGraphile is a measuring tool, not a dependency: it needs graphql 15, so it is installed
 * with npm into a scratch folder outside this project's dependency tree. Both servers read the
 * database that `npm run generate` makes (the real dataset and a seeded synthetic network). Both
 * are first asked every shape once and must give the same projects, participants and topics.
 * Then autocannon alternates between them, A/B/A/B, for each shape and number of clients, and the
 * CPU time of each server process is read from /proc around every run. This server runs as
 * `npm start` runs it (NODE_ENV=production) with rate limiting off (RATE_LIMIT_POINTS=0), since
 * PostGraphile has none; its limits, cost analysis, metrics and request budget stay on.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { dropDatabase, withDatabase } from '../src/database/database-server';
import { benchArgs, load, machine, processCpuMs, ROOT, writeSection, type LoadResult } from './lib';

const args = benchArgs();
const arg = (k: string, d: string) => args.get(k) ?? d;
const SERVER_URL = arg(
  'server-url',
  process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
);
const DATABASE = arg('database', 'kv_bench_peer');
const ORGANISATIONS = arg('organisations', '10000');
const PROJECTS = arg('projects', '20000');
const SEED = arg('seed', '7');
const DURATION = Number(arg('duration', '8'));
const WARMUP = Number(arg('warmup', '3'));
const ROUNDS = Number(arg('rounds', '2'));
const CLIENTS = arg('clients', '1,10').split(',').map(Number);
const SHAPES = arg('shapes', 'a,b,c').split(',');
const PEER_DIR = arg('peer-dir', join(tmpdir(), 'kuntaverkko-bench-peer'));
const RESULTS = join(ROOT, 'bench', 'results', 'peer.json');
const OURS_PORT = 3761;
const PEER_PORT = 3762;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// The shapes, as each server spells them. Both order the same way: projects by id, participants
// lead first then by organisation id, topics by id, municipalities by code, participations by
// project id.

interface Shape {
  name: string;
  description: string;
  ours: string;
  peer: string;
  /** Both answers as the same plain structure, for the equality check. */
  normalise: { ours: (data: any) => unknown; peer: (data: any) => unknown };
}

const SHAPE_LIST: Shape[] = [
  {
    name: 'a',
    description:
      '100 projects: titleSv, status; participants with role and organisation (nameFi, code, region nameFi); topics (slug, nameEn)',
    ours: `{ projects(first: 100) { edges { node { titleSv status
      participants { role organisation { nameFi ... on Municipality { code region { nameFi } } } }
      topics { slug nameEn } } } } }`,
    peer: `{ allProjects(first: 100, orderBy: ID_ASC) { nodes { titleSv status
      participationsByProjectId(orderBy: [ROLE_ASC, ORGANISATION_ID_ASC]) { nodes { role
        organisationByOrganisationId { nameFi code regionByRegionCode { nameFi } } } }
      projectTopicsByProjectId(orderBy: TOPIC_ID_ASC) { nodes { topicByTopicId { slug nameEn } } } } } }`,
    normalise: {
      ours: (d) =>
        d.projects.edges.map(({ node: p }: any) => ({
          titleSv: p.titleSv,
          status: p.status,
          participants: p.participants.map((x: any) => ({
            role: x.role,
            nameFi: x.organisation.nameFi,
            code: x.organisation.code ?? null,
            region: x.organisation.region?.nameFi ?? null,
          })),
          topics: p.topics.map((t: any) => ({ slug: t.slug, nameEn: t.nameEn })),
        })),
      peer: (d) =>
        d.allProjects.nodes.map((p: any) => ({
          titleSv: p.titleSv,
          status: p.status,
          participants: p.participationsByProjectId.nodes.map((x: any) => ({
            role: x.role,
            nameFi: x.organisationByOrganisationId.nameFi,
            code: x.organisationByOrganisationId.code ?? null,
            region: x.organisationByOrganisationId.regionByRegionCode?.nameFi ?? null,
          })),
          topics: p.projectTopicsByProjectId.nodes.map((t: any) => ({
            slug: t.topicByTopicId.slug,
            nameEn: t.topicByTopicId.nameEn,
          })),
        })),
    },
  },
  {
    name: 'b',
    description:
      '50 municipalities (by code) with their participations (up to 100 each, by project): role, project titleSv, programme code, topics (slug, nameEn)',
    ours: `{ municipalities(first: 50) { edges { node { code nameFi
      participations(first: 100) { role project { titleSv programme { code } topics { slug nameEn } } } } } } }`,
    peer: `{ allOrganisations(first: 50, orderBy: CODE_ASC, condition: { kind: MUNICIPALITY }) { nodes { code nameFi
      participationsByOrganisationId(first: 100, orderBy: PROJECT_ID_ASC) { nodes { role
        projectByProjectId { titleSv programmeByProgrammeId { code }
          projectTopicsByProjectId(orderBy: TOPIC_ID_ASC) { nodes { topicByTopicId { slug nameEn } } } } } } } } }`,
    normalise: {
      ours: (d) =>
        d.municipalities.edges.map(({ node: m }: any) => ({
          code: m.code,
          nameFi: m.nameFi,
          participations: m.participations.map((x: any) => ({
            role: x.role,
            titleSv: x.project.titleSv,
            programme: x.project.programme.code,
            topics: x.project.topics.map((t: any) => ({ slug: t.slug, nameEn: t.nameEn })),
          })),
        })),
      peer: (d) =>
        d.allOrganisations.nodes.map((m: any) => ({
          code: m.code,
          nameFi: m.nameFi,
          participations: m.participationsByOrganisationId.nodes.map((x: any) => ({
            role: x.role,
            titleSv: x.projectByProjectId.titleSv,
            programme: x.projectByProjectId.programmeByProgrammeId.code,
            topics: x.projectByProjectId.projectTopicsByProjectId.nodes.map((t: any) => ({
              slug: t.topicByTopicId.slug,
              nameEn: t.topicByTopicId.nameEn,
            })),
          })),
        })),
    },
  },
  {
    name: 'c',
    description: 'a trivial query: the number of programmes (the fixed cost of a request)',
    ours: `{ programmes { totalCount } }`,
    peer: `{ allProgrammes { totalCount } }`,
    normalise: {
      ours: (d) => d.programmes.totalCount,
      peer: (d) => d.allProgrammes.totalCount,
    },
  },
];

const TARGETS: Record<string, number> = {
  'a:10': 1.2,
  'a:1': 1.2,
  'b:1': 1.2,
  'b:10': 1.2,
  'c:10': 1.5,
};

// ---------------------------------------------------------------------------------------------

function ensurePostGraphile(): string {
  const cli = join(PEER_DIR, 'node_modules', 'postgraphile', 'cli.js');
  if (existsSync(cli)) return cli;
  mkdirSync(PEER_DIR, { recursive: true });
  if (!existsSync(join(PEER_DIR, 'package.json')))
    writeFileSync(
      join(PEER_DIR, 'package.json'),
      JSON.stringify({ name: 'kuntaverkko-bench-peer', private: true }),
    );
  console.log(`installing postgraphile@4 into ${PEER_DIR}`);
  execFileSync('npm', ['install', '--no-audit', '--no-fund', 'postgraphile@4'], {
    cwd: PEER_DIR,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return cli;
}

function postGraphileVersion(): string {
  const pkg = JSON.parse(
    readFileSync(join(PEER_DIR, 'node_modules', 'postgraphile', 'package.json'), 'utf8'),
  ) as { version: string };
  return pkg.version;
}

function spawnLogged(name: string, argv: string[], env: Record<string, string>): ChildProcess {
  const log = openSync(join(tmpdir(), `kv-bench-peer-${name}.log`), 'w');
  return spawn(process.execPath, argv, {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', log, log],
  });
}

async function post(port: number, query: string): Promise<{ data?: unknown; errors?: unknown }> {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return (await res.json()) as { data?: unknown; errors?: unknown };
}

async function ready(port: number, child: ChildProcess, query: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`the server on port ${port} exited`);
    try {
      if ((await post(port, query)).data) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`the server on port ${port} did not start`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function sqlStatements(): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${OURS_PORT}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('kuntaverkko_sql_statements_total '));
  return Number(line?.split(' ')[1]);
}

interface Run extends LoadResult {
  server: 'ours' | 'peer';
  round: number;
  /** CPU time of the server process per answered request, ms. */
  cpuPerRequest: number;
}

interface Measured {
  shape: string;
  clients: number;
  runs: Run[];
}

interface Results {
  when: string;
  context: string;
  statements: { pageSize: number; statements: number }[];
  measured: Measured[];
}

async function measure(
  child: ChildProcess,
  port: number,
  body: unknown,
  clients: number,
  seconds: number,
) {
  const before = processCpuMs([child.pid!]).get(child.pid!)!;
  const r = await load(`http://127.0.0.1:${port}/graphql`, body, clients, seconds);
  const after = processCpuMs([child.pid!]).get(child.pid!)!;
  return { ...r, cpuPerRequest: r.requests ? (after - before) / r.requests : NaN };
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function summary(m: Measured, server: 'ours' | 'peer') {
  const runs = m.runs.filter((r) => r.server === server);
  const requests = sum(runs.map((r) => r.requests));
  return {
    rps: sum(runs.map((r) => r.rps)) / runs.length,
    p50: runs.map((r) => r.p50).sort((a, b) => a - b)[Math.floor(runs.length / 2)],
    cpu: sum(runs.map((r) => r.cpuPerRequest * r.requests)) / requests,
    errors: sum(runs.map((r) => r.errors)),
  };
}

function report(results: Results): string {
  const f = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '–');
  const rows = results.measured.map((m) => {
    const ours = summary(m, 'ours');
    const peer = summary(m, 'peer');
    const target = TARGETS[`${m.shape}:${m.clients}`];
    return `| (${m.shape}) | ${m.clients} | ${f(ours.rps)} req/s, p50 ${f(ours.p50, 0)} ms, ${f(ours.cpu)} ms CPU | ${f(peer.rps)} req/s, p50 ${f(peer.p50, 0)} ms, ${f(peer.cpu)} ms CPU | **${f(ours.rps / peer.rps, 2)}×** | ${target ? `≥ ${target}×` : '–'} | ${ours.errors} / ${peer.errors} |`;
  });
  const a = results.measured.filter((m) => m.shape === 'a');
  const cpuA = a.map((m) => `${f(summary(m, 'ours').cpu)} ms at ${m.clients} client(s)`).join(', ');
  const shapes = SHAPE_LIST.filter((s) => results.measured.some((m) => m.shape === s.name))
    .map((s) => `- (${s.name}) ${s.description}.`)
    .join('\n');
  return `## This server against PostGraphile 4 (\`npm run bench:peer\`)

${results.context}. Measured ${results.when}.

Each cell is the mean of ${ROUNDS} runs of ${DURATION} s (after ${WARMUP} s of warm-up), the two
servers taking turns A/B/A/B; CPU is the server process's own CPU time per answered request (from
/proc). Ratio = this server's throughput ÷ PostGraphile's. Before measuring, both servers gave the
same projects, participants and topics for every shape. The machine was shared with other work
while this ran, so absolute times drift; the ratios, measured side by side, are the figures.

${shapes}

| shape | clients | this server | PostGraphile 4 | ratio | target | errors (ours / peer) |
| --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}

SQL statements per request for (a): ${results.statements.map((s) => `${s.statements} at page size ${s.pageSize}`).join(', ')} (target ≤ 4 at any page size; PostGraphile sends 1).
Server CPU per request for (a): ${cpuA} (target ≤ 6 ms).`;
}

async function main(): Promise<void> {
  if (args.has('report-only')) {
    const saved = JSON.parse(readFileSync(RESULTS, 'utf8')) as Results;
    writeSection('peer', report(saved));
    console.log(report(saved));
    return;
  }
  const cli = ensurePostGraphile();
  const url = withDatabase(SERVER_URL, DATABASE);
  console.log(
    `generating ${DATABASE} (${ORGANISATIONS} organisations, ${PROJECTS} projects, seed ${SEED})`,
  );
  execFileSync(
    process.execPath,
    [
      join(ROOT, 'dist', 'scripts', 'generate.js'),
      '--organisations',
      ORGANISATIONS,
      '--projects',
      PROJECTS,
      '--seed',
      SEED,
      '--database',
      DATABASE,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DATABASE_URL: SERVER_URL } },
  );
  const pg = new Client({ connectionString: url });
  await pg.connect();
  const [{ server_version: version }] = (
    await pg.query<{ server_version: string }>('SHOW server_version')
  ).rows;
  const [counts] = (
    await pg.query<{ o: number; p: number; pa: number; pt: number }>(
      `SELECT (SELECT count(*) FROM organisation)::int AS o, (SELECT count(*) FROM project)::int AS p,
              (SELECT count(*) FROM participation)::int AS pa, (SELECT count(*) FROM project_topic)::int AS pt`,
    )
  ).rows;
  await pg.end();

  const ours = spawnLogged('ours', [join(ROOT, 'dist', 'src', 'main.js')], {
    DATABASE_URL: url,
    PORT: String(OURS_PORT),
    NODE_ENV: 'production',
    SEED_ON_START: 'false',
    RATE_LIMIT_POINTS: '0',
  });
  const peer = spawnLogged(
    'postgraphile',
    [
      cli,
      '--connection',
      url,
      '--schema',
      'public',
      '--host',
      '127.0.0.1',
      '--port',
      String(PEER_PORT),
      '--disable-query-log',
      '--disable-graphiql',
    ],
    { NODE_ENV: 'production' },
  );
  const results: Results = {
    when: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    context: '',
    statements: [],
    measured: [],
  };
  try {
    await ready(OURS_PORT, ours, SHAPE_LIST[2].ours);
    await ready(PEER_PORT, peer, SHAPE_LIST[2].peer);
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT })
      .toString()
      .trim();
    results.context = `${machine()}; PostgreSQL ${version} at ${new URL(SERVER_URL).host}; PostGraphile ${postGraphileVersion()} (its CLI, defaults, \`NODE_ENV=production\`) and this server at commit ${commit} (\`NODE_ENV=production\`, \`RATE_LIMIT_POINTS=0\`, default pool of 10 connections each) on the same database: ${counts.o.toLocaleString('en')} organisations, ${counts.p.toLocaleString('en')} projects, ${counts.pa.toLocaleString('en')} participations, ${counts.pt.toLocaleString('en')} project topics (the real dataset and \`npm run generate -- --organisations ${ORGANISATIONS} --projects ${PROJECTS} --seed ${SEED}\`); autocannon on the same machine`;

    for (const shape of SHAPE_LIST) {
      const [a, b] = await Promise.all([post(OURS_PORT, shape.ours), post(PEER_PORT, shape.peer)]);
      if (a.errors || b.errors)
        throw new Error(`shape ${shape.name}: ${JSON.stringify(a.errors ?? b.errors)}`);
      const x = JSON.stringify(shape.normalise.ours(a.data));
      const y = JSON.stringify(shape.normalise.peer(b.data));
      if (x !== y) throw new Error(`shape ${shape.name}: the two servers answer differently`);
      console.log(`shape ${shape.name}: the same answer from both (${x.length} characters)`);
    }

    for (const first of [10, 100]) {
      const query = SHAPE_LIST[0].ours.replace('first: 100', `first: ${first}`);
      const before = await sqlStatements();
      await post(OURS_PORT, query);
      results.statements.push({ pageSize: first, statements: (await sqlStatements()) - before });
    }

    for (const shape of SHAPE_LIST.filter((s) => SHAPES.includes(s.name))) {
      for (const clients of CLIENTS) {
        const m: Measured = { shape: shape.name, clients, runs: [] };
        await load(`http://127.0.0.1:${OURS_PORT}/graphql`, { query: shape.ours }, clients, WARMUP);
        await load(`http://127.0.0.1:${PEER_PORT}/graphql`, { query: shape.peer }, clients, WARMUP);
        for (let round = 1; round <= ROUNDS; round++) {
          for (const [server, child, port, query] of [
            ['ours', ours, OURS_PORT, shape.ours],
            ['peer', peer, PEER_PORT, shape.peer],
          ] as const) {
            const r = await measure(child, port, { query }, clients, DURATION);
            m.runs.push({ server, round, ...r });
            console.log(
              `(${shape.name}) ${clients} client(s), round ${round}, ${server}: ${r.rps.toFixed(1)} req/s, p50 ${r.p50} ms, ${r.cpuPerRequest.toFixed(1)} ms CPU/request, ${r.errors} errors`,
            );
          }
        }
        results.measured.push(m);
      }
    }
  } finally {
    await stop(ours);
    await stop(peer);
    if (!args.has('keep')) await dropDatabase(SERVER_URL, DATABASE);
  }
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  writeFileSync(RESULTS, JSON.stringify(results, null, 2) + '\n');
  writeSection('peer', report(results));
  console.log(report(results));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
