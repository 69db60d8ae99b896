/**
 * The dashboard query (every figure group) over HTTP, on the real dataset and on the
 * EU-scale synthetic network, against the same statements run through `pg` alone.
 *
 *   npm run bench:dashboard
 *   npm run bench:dashboard -- --reuse            (the synthetic database already generated)
 *   npm run bench:dashboard -- --requests 50 --database kuntaverkko_bench_dashboard
 *   npm run bench:dashboard -- --only seed       (or eu; rows of the other kept from the last run)
 *
 * For each data set and scope: a warm-up, then `--requests` requests one after another
 * (p50/p95/p99), then the bare SQL: the statements the server runs for the same query,
 * in parallel on a pool as the server runs them. The CPU that other processes used
 * meanwhile is written down, since the machine may be shared.
 */
import 'reflect-metadata';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Pool } from 'pg';
import { loadConfig } from '../src/config/app-config';
import {
  dropDatabase,
  ensureDatabase,
  openDatabaseServer,
  withDatabase,
} from '../src/database/database-server';
import { prepareDatabase } from '../src/database/prepare-database';
import {
  similarPairCandidatesSql,
  similarPairCoverageSql,
} from '../src/network/sql/similarity.query';
import {
  FIGURE_SETTINGS_SQL,
  MAX_PAIR_CANDIDATES,
  MAX_PAIR_PROJECTS,
} from '../src/dashboard/dashboard-limits';
import * as SQL from '../src/dashboard/sql/dashboard.sql';
import { benchArgs, machine, machineCpuMs, processCpuMs, ROOT, writeSection } from './lib';

const args = benchArgs();
const arg = (k: string, d: string) => args.get(k) ?? d;
const SYNTHETIC_DB = arg('database', 'kuntaverkko_bench_dashboard');
const SEED_DB = 'kuntaverkko_bench_dashboard_seed';
const REQUESTS = Number(arg('requests', '100'));
const PORT = 3610;
const AS_OF = '2024-01-01';
const ONLY = arg('only', 'seed,eu').split(',');
/** --no-bare: skip the bare SQL of the live statements (seconds per dashboard at EU scale). */
const NO_BARE = args.get('no-bare') === 'true';
const RESULTS = join(ROOT, 'bench', 'results', 'dashboard.json');

const percentile = (values: number[], p: number) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

const DASHBOARD = `query($p: String) { dashboard(programme: $p) {
  applications { programmes applicationsReceived applicationsUnknown projectsGranted projectsGrantedPublished grantRate }
  projects { total participantsUnknown withoutTopic byCategory { key count } byStatus { key count }
    byTopic { key name count } byRegion { key name count } byLanguageStatus { key count } }
  participation { participations organisations municipalities jointAuthorities projectsWithKnownParticipants
    projectsWithUnknownParticipants participantsPerProject { participants projects }
    recordedParticipantsPerIncompleteProject { participants projects } meanParticipants }
  grants { projects known unknown knownTotalEur meanEur minEur maxEur maximumOnly complete }
  cooperation { pairsComputed similarPairs committedPairs coverage commitments
    byKind { key count } byStatus { key count } byProvenance { key count } }
  compliance(asOf: "${AS_OF}") { outOfCompliance atLeastOutOfCompliance tooFewParticipants participantsUnknown overdue inUncommittedSimilarPairs }
  equity { complete total { municipalities reached notReached population populationCovered }
    byRegion { key municipalities reached populationCovered } byLanguageStatus { key municipalities reached populationCovered }
    byPopulationClass { key municipalities reached populationCovered } }
  reuse { links projectsReusing outputs mostReused { sourceOutput links projects organisations sourceProject { id } } } } }`;

/** CPU ms the processes have used so far, together (from /proc). */
const cpuMs = (pids: number[]): number =>
  [...processCpuMs(pids).values()].reduce((a, b) => a + b, 0);

/** Share of the machine's CPU used by processes other than the server, its backends and this one. */
async function othersShare<T>(
  pool: Pool,
  serverPid: number | undefined,
  work: () => Promise<T>,
): Promise<[T, number]> {
  const backends = async () =>
    (
      await pool.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() OR datname IS NULL`,
      )
    ).rows.map((r) => r.pid);
  const pids = [...new Set([...(await backends()), ...(serverPid ? [serverPid] : [])])];
  const m0 = machineCpuMs();
  const own0 = cpuMs(pids);
  const self0 = process.cpuUsage();
  const result = await work();
  const self = process.cpuUsage(self0);
  const m1 = machineCpuMs();
  const all = [...new Set([...pids, ...(await backends())])];
  const own = cpuMs(all) - own0 + (self.user + self.system) / 1000;
  // Clamped: backends that end during the run take their CPU time with them.
  return [result, Math.min(1, Math.max(0, m1.busy - m0.busy - own) / (m1.total - m0.total))];
}

/** The statements the server runs for the full dashboard of one scope, in parallel on the pool. */
async function bareDashboard(pool: Pool, scope: number): Promise<void> {
  const shape = { all: scope === 0, programmes: scope !== 0 };
  // As the server runs a figure statement: in its own transaction under FIGURE_SETTINGS_SQL.
  const run = async (sql: string, params: unknown[] = []) => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(FIGURE_SETTINGS_SQL);
      await client.query(sql, [[scope], ...params]);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  };
  const pairs = async () => {
    const ids = scope === 0 ? null : [scope];
    const sizes = (
      await pool.query<{ programme_id: number; candidates: number | null }>(
        similarPairCandidatesSql,
        [ids, MAX_PAIR_PROJECTS],
      )
    ).rows;
    const gap: number[] = [];
    for (const s of sizes) {
      if (s.candidates === null || s.candidates > MAX_PAIR_CANDIDATES) continue;
      const r = (
        await pool.query<{ gap_project_ids: number[] }>(similarPairCoverageSql, [
          s.programme_id,
          0.3,
        ])
      ).rows[0];
      gap.push(...r.gap_project_ids);
    }
    await run(SQL.COMPLIANCE_SQL(shape), [AS_OF, gap]);
  };
  await Promise.all([
    run(SQL.APPLICATIONS_SQL),
    run(SQL.PROJECT_COUNTS_SQL(shape)),
    run(SQL.PARTICIPATION_SQL(shape)),
    run(SQL.PARTICIPANT_DISTRIBUTION_SQL(shape)),
    run(SQL.GRANTS_SQL(shape)),
    run(SQL.COMMITMENT_COUNTS_SQL(shape)),
    pairs(),
    run(SQL.EQUITY_SQL(shape)),
    run(SQL.REUSE_SQL(shape), [20]),
  ]);
}

interface Row {
  label: string;
  p50: number;
  p95: number;
  p99: number;
  liveP50: number;
  liveP95: number;
  bareP50: number | null;
  bareP95: number | null;
  others: number;
  requests: number;
  errors: number;
}

/** A server answering the dashboard from one figure engine (DASHBOARD_FIGURES). */
async function startApp(url: string, port: number, engine: 'kept' | 'live') {
  const app: ChildProcess = spawn(process.execPath, [join(ROOT, 'dist', 'src', 'main.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: String(port),
      NODE_ENV: 'production',
      SEED_ON_START: 'false',
      DB_POOL_SIZE: '20',
      STATEMENT_TIMEOUT_MS: '120000',
      REQUEST_TIMEOUT_MS: '120000',
      DASHBOARD_FIGURES: engine,
      RATE_LIMIT_POINTS: '0',
    },
    stdio: 'ignore',
  });
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health/ready`)).ok) break;
    } catch {
      // not up yet
    }
    if (i > 600) throw new Error('server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  return app;
}

/**
 * The kept figures (the server as it runs) and the live ones (the reference,
 * as before they were kept), side by side: two servers on the same database,
 * asked in turn, so that both see the same load from the rest of the machine.
 */
async function measure(
  url: string,
  label: string,
  cases: { name: string; programme: string | null; scope: number; target: string }[],
  requests: number,
): Promise<Row[]> {
  const kept = await startApp(url, PORT, 'kept');
  const live = await startApp(url, PORT + 1, 'live');
  const pool = new Pool({ connectionString: url, max: 10 });
  try {
    const rows: Row[] = [];
    for (const c of cases) {
      const ask = async (port: number) => {
        const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: DASHBOARD, variables: { p: c.programme } }),
        });
        const json = (await res.json()) as { errors?: unknown };
        return res.ok && !json.errors;
      };
      const warmUp = Math.max(3, Math.round(requests / 10));
      for (let i = 0; i < warmUp; i++) await Promise.all([ask(PORT), ask(PORT + 1)]);
      const [[times, liveTimes, errors], others] = await othersShare(pool, kept.pid, async () => {
        const t: number[] = [];
        const l: number[] = [];
        let e = 0;
        for (let i = 0; i < requests; i++) {
          let t0 = performance.now();
          if (!(await ask(PORT))) e++;
          t.push(performance.now() - t0);
          t0 = performance.now();
          if (!(await ask(PORT + 1))) e++;
          l.push(performance.now() - t0);
        }
        return [t, l, e] as const;
      });
      const bare: number[] = [];
      if (!NO_BARE) {
        for (let i = 0; i < warmUp; i++) await bareDashboard(pool, c.scope);
        for (let i = 0; i < requests; i++) {
          const t0 = performance.now();
          await bareDashboard(pool, c.scope);
          bare.push(performance.now() - t0);
        }
      }
      const row: Row = {
        label: `${label}: ${c.name} (target ${c.target})`,
        p50: percentile(times, 50),
        p95: percentile(times, 95),
        p99: percentile(times, 99),
        liveP50: percentile(liveTimes, 50),
        liveP95: percentile(liveTimes, 95),
        bareP50: bare.length ? percentile(bare, 50) : null,
        bareP95: bare.length ? percentile(bare, 95) : null,
        others,
        requests,
        errors,
      };
      console.log(row);
      rows.push(row);
    }
    return rows;
  } finally {
    kept.kill('SIGTERM');
    live.kill('SIGTERM');
    await pool.end();
  }
}

async function sizes(url: string): Promise<string> {
  const pool = new Pool({ connectionString: url, max: 1 });
  const r = (
    await pool.query<Record<string, number>>(`SELECT
      (SELECT count(*) FROM organisation)::int AS organisations, (SELECT count(*) FROM project)::int AS projects,
      (SELECT count(*) FROM participation)::int AS participations, (SELECT count(*) FROM cooperation_commitment)::int AS commitments,
      (SELECT count(*) FROM programme)::int AS programmes`)
  ).rows[0];
  await pool.end();
  const n = (x: number) => x.toLocaleString('en');
  return `${n(r.organisations)} organisations, ${n(r.projects)} projects, ${n(r.participations)} participations, ${n(r.commitments)} commitments, ${n(r.programmes)} programmes`;
}

async function main() {
  const config = loadConfig();
  const server = await openDatabaseServer({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
  });
  try {
    const seedUrl = withDatabase(server.url, SEED_DB);
    await dropDatabase(server.url, SEED_DB);
    await ensureDatabase(server.url, SEED_DB);
    await prepareDatabase(seedUrl, { seed: true });
    const synthUrl = withDatabase(server.url, SYNTHETIC_DB);
    if (args.get('reuse') !== 'true') {
      execFileSync(
        process.execPath,
        [
          join(ROOT, 'dist', 'scripts', 'generate.js'),
          ...['--organisations', arg('organisations', '100000')],
          ...['--projects', arg('projects', '200000')],
          ...['--seed', '42', '--database', SYNTHETIC_DB],
        ],
        {
          stdio: 'inherit',
          env: { ...process.env, DATABASE_URL: server.embedded ? server.url : config.DATABASE_URL },
        },
      );
    }
    const f = (x: number | null) => (x === null ? '–' : x.toFixed(1));
    const line = (r: Row) =>
      `| ${r.label} | ${f(r.p50)} | ${f(r.p95)} | ${f(r.p99)} | ${f(r.liveP50)} | ${f(r.liveP95)} | ${(r.liveP50 / r.p50).toFixed(1)}× | ${f(r.bareP50)} | ${f(r.bareP95)} | ${r.requests} | ${r.errors} | ${(r.others * 100).toFixed(0)} % |`;
    // Rows of the data set not measured this time are kept from the last run.
    const saved: Record<string, string[]> = existsSync(RESULTS)
      ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as Record<string, string[]>)
      : {};
    const day = new Date().toISOString().slice(0, 10);
    if (ONLY.includes('seed')) {
      const seedRows = await measure(
        seedUrl,
        'real data',
        [
          { name: 'every programme', programme: null, scope: 0, target: 'p95 ≤ 20 ms' },
          {
            name: 'vm-digi-joint-2019',
            programme: 'vm-digi-joint-2019',
            scope: 1,
            target: 'p95 ≤ 20 ms',
          },
        ],
        REQUESTS,
      );
      saved.seed = [`Real data (${await sizes(seedUrl)}), measured ${day}.`, ...seedRows.map(line)];
    }
    if (ONLY.includes('eu')) {
      const synthPool = new Pool({ connectionString: synthUrl, max: 1 });
      const first = (
        await synthPool.query<{ id: number; code: string }>(
          `SELECT id, code FROM programme WHERE synthetic ORDER BY code LIMIT 1`,
        )
      ).rows[0];
      await synthPool.end();
      const synthRows = await measure(
        synthUrl,
        'EU scale',
        [
          { name: 'every programme', programme: null, scope: 0, target: 'p95 ≤ 300 ms' },
          {
            name: `one programme (${first.code})`,
            programme: first.code,
            scope: first.id,
            target: 'p95 ≤ 100 ms',
          },
        ],
        Math.max(10, Math.round(REQUESTS / 5)),
      );
      saved.eu = [
        `EU scale (${await sizes(synthUrl)}; \`npm run generate -- --organisations 100000 --projects 200000 --seed 42\`), measured ${day}.`,
        ...synthRows.map(line),
      ];
    }
    mkdirSync(dirname(RESULTS), { recursive: true });
    writeFileSync(RESULTS, JSON.stringify(saved, null, 2) + '\n');
    const parts = ['seed', 'eu'].filter((k) => saved[k]).map((k) => saved[k]);
    const table = parts.flatMap((p) => p.slice(1)).join('\n');
    const data = parts.map((p) => `- ${p[0]}`).join('\n');
    writeSection(
      'dashboard',
      `## Dashboard aggregates

Measured by \`npm run bench:dashboard\`: ${machine()}; PostgreSQL ${server.embedded ? '17 (embedded)' : 'from DATABASE_URL'}.

${data}

The query asks for every figure group (docs/dashboard.md) with default arguments, asOf ${AS_OF}. Two servers
on the same database, one answering from the figures kept at write time (\`DASHBOARD_FIGURES=kept\`, the
default) and one aggregating live from the tables (\`live\`, the reference and what ran before), asked in
turn by one client after a warm-up, so both see the same load; times in ms, "live ÷ kept" the ratio of
the p50s. "Bare SQL" runs the live statements through \`pg\` alone, in parallel on a pool of 10, each in its
own transaction with JIT off (– when skipped with \`--no-bare\`).
"Others" is the share of the machine's CPU that other processes used during the GraphQL requests: this
machine is shared with other builds and tests, so the times are upper bounds; the ratios are the
comparison. How the figures are kept: [dashboard.md](dashboard.md#maintained-figures).

| query | kept p50 | kept p95 | kept p99 | live p50 | live p95 | live ÷ kept | bare SQL p50 | bare SQL p95 | requests | errors | others |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${table}
`,
    );
  } finally {
    await server.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
