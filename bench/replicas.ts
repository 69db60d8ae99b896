/**
 * Read replicas under bench:load's read mix: a primary and a hot standby from Debian's
 * PostgreSQL binaries (test/support/replication.ts), the synthetic network of bench:load
 * (`npm run generate`) on the primary, and two built servers on it: one alone, one with
 * DATABASE_READ_URLS naming the standby. The reads of bench:load's mix (bench/load-mix.ts: the
 * same documents, weights and arguments, without the mutations) run A/B alternately against
 * both with autocannon; then the standby is killed with SIGKILL under 20 clients.
 *
 *   npm run bench:replicas     (--duration 15 --connections 20 --rounds 3
 *                               --organisations 10000 --projects 20000 --seed 42)
 *
 * Reports, into docs/benchmarks.md ("Read replicas") and bench/results/replicas.json:
 * - the share of the mix's SQL statements answered by the standby: of every statement the routed
 *   server sent during its timed runs, those a standby answered
 *   (kuntaverkko_db_reads_total{target="replica"}) against all others, which went through the
 *   primary's pool (kuntaverkko_sql_statements_total: statements not declared replica-safe,
 *   replica reads that fell back to the primary, and the server's own background statements);
 *   and the same per kind of request, sent one at a time;
 * - requests/s and server CPU per request of the routed server against the primary alone;
 * - failed requests across the standby's SIGKILL.
 */
import autocannon from 'autocannon';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { withDatabase } from '../src/database/database-server';
import { startReplicatedCluster } from '../test/support/replication';
import { startServer, type ServerProcess } from '../test/support/server-process';
import { loadReadData, ReadMix, type PlannedRead, type ReadData } from './load-mix';
import { benchArgs, machine, machineCpuMs, processCpuMs, ROOT, writeSection } from './lib';

const args = benchArgs();
const arg = (k: string, d: string) => args.get(k) ?? d;
const DURATION = Number(arg('duration', '15'));
const CONNECTIONS = Number(arg('connections', '20'));
const ROUNDS = Number(arg('rounds', '3'));
const SEED = Number(arg('seed', '42'));
const ORGANISATIONS = arg('organisations', '10000');
const PROJECTS = arg('projects', '20000');
const COMMITMENTS = arg('commitments', String(Number(PROJECTS) / 2));
/** Requests of each kind sent one at a time for the per-kind statement counts. */
const PER_KIND = 5;
const KILL_CLIENTS = 20;
const DATABASE = 'kuntaverkko_load';
const RESULTS_FILE = join(ROOT, 'bench', 'results', 'replicas.json');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();
const loadAverage = () => /load average: (.*)$/.exec(uptime())?.[1] ?? '?';

/** The sum of the /metrics samples whose line starts with `prefix`. */
async function metricSum(server: ServerProcess, prefix: string): Promise<number> {
  const text = await (await fetch(`${server.baseUrl}/metrics`)).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith(prefix))
    .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

interface Statements {
  /** Answered by the standby. */
  replica: number;
  /** Every statement through the primary's pool. */
  primary: number;
  /** Of those, replica-declared reads the router sent to the primary (no standby, …). */
  fallback: number;
}

async function statements(server: ServerProcess): Promise<Statements> {
  return {
    replica: await metricSum(server, 'kuntaverkko_db_reads_total{target="replica"'),
    primary: await metricSum(server, 'kuntaverkko_sql_statements_total'),
    fallback: await metricSum(server, 'kuntaverkko_db_reads_total{target="primary"'),
  };
}

const minus = (a: Statements, b: Statements): Statements => ({
  replica: a.replica - b.replica,
  primary: a.primary - b.primary,
  fallback: a.fallback - b.fallback,
});

/** ok (HTTP 200 with data and no errors), else an error by extensions.code or HTTP status. */
function outcome(status: number, text: string): string {
  try {
    const json = JSON.parse(text) as {
      data?: unknown;
      errors?: { extensions?: { code?: string } }[];
    };
    if (status === 200 && json.data && !json.errors?.length) return 'ok';
    return json.errors?.[0]?.extensions?.code ?? `HTTP ${status}`;
  } catch {
    return `HTTP ${status}`;
  }
}

interface Run {
  server: 'primary alone' | 'routed';
  round: number;
  requests: number;
  rps: number;
  p50: number;
  p97_5: number;
  outcomes: Record<string, number>;
  /** The server process's CPU per answered request (ms). */
  serverCpuMs: number;
  /** Share of the machine's CPU busy during the run, all processes. */
  machineBusy: number;
  statements?: Statements;
}

/** The mix for `seconds` with `connections` clients; every response classified. */
async function drive(
  server: ServerProcess,
  mix: ReadMix,
  connections: number,
  seconds: number,
): Promise<Omit<Run, 'server' | 'round' | 'statements'>> {
  const outcomes: Record<string, number> = {};
  const pid = server.child.pid!;
  const cpuBefore = processCpuMs([pid]).get(pid) ?? 0;
  const machineBefore = machineCpuMs();
  const res = await autocannon({
    url: `${server.baseUrl}/graphql`,
    connections,
    duration: seconds,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => ({
          ...req,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(mix.next().body),
        }),
        onResponse: (status, body) => {
          const o = outcome(status, body);
          outcomes[o] = (outcomes[o] ?? 0) + 1;
        },
      },
    ],
  });
  const cpu = (processCpuMs([pid]).get(pid) ?? 0) - cpuBefore;
  const machineAfter = machineCpuMs();
  if (res.errors) outcomes['no response'] = res.errors;
  return {
    requests: res.requests.total,
    rps: res.requests.total / (res.duration || seconds),
    p50: res.latency.p50,
    p97_5: res.latency.p97_5,
    outcomes,
    serverCpuMs: cpu / Math.max(1, res.requests.total),
    machineBusy:
      (machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total),
  };
}

async function post(server: ServerProcess, planned: PlannedRead): Promise<string> {
  const res = await fetch(`${server.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(planned.body),
  });
  return outcome(res.status, await res.text());
}

/** Each kind of read PER_KIND times, one at a time: its statements on the standby and the primary. */
async function perKind(server: ServerProcess, data: ReadData) {
  const mix = new ReadMix(data, SEED + 1000);
  const rows: { op: string; weight: number; outcomes: string[]; per: Statements }[] = [];
  for (const [weight, op, make] of mix.table) {
    const before = await statements(server);
    const outcomes: string[] = [];
    for (let i = 0; i < PER_KIND; i++) outcomes.push(await post(server, make()));
    const d = minus(await statements(server), before);
    rows.push({
      op,
      weight,
      outcomes,
      per: {
        replica: d.replica / PER_KIND,
        primary: d.primary / PER_KIND,
        fallback: d.fallback / PER_KIND,
      },
    });
  }
  return rows;
}

/** Clients sending the mix one request after another until `until()`; outcomes counted. */
async function clients(server: ServerProcess, mix: ReadMix, n: number, until: () => boolean) {
  const outcomes: Record<string, number> = {};
  const one = async () => {
    while (!until()) {
      let o: string;
      try {
        o = await post(server, mix.next());
      } catch {
        o = 'no response';
      }
      outcomes[o] = (outcomes[o] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: n }, one));
  return outcomes;
}

async function graphIndexBuilt(server: ServerProcess): Promise<void> {
  const deadline = Date.now() + 300_000;
  while (!/graph index built/.test(server.output())) {
    if (Date.now() > deadline) throw new Error('the graph index was not built in 5 minutes');
    await sleep(500);
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const loadBefore = loadAverage();
  const cluster = await startReplicatedCluster();
  let primaryOnly: ServerProcess | undefined;
  let routed: ServerProcess | undefined;
  try {
    console.log(
      `generating ${ORGANISATIONS} organisations, ${PROJECTS} projects, ${COMMITMENTS} commitments (seed ${SEED}) on the primary`,
    );
    execFileSync(
      process.execPath,
      [
        join(ROOT, 'dist', 'scripts', 'generate.js'),
        ...['--organisations', ORGANISATIONS, '--projects', PROJECTS],
        ...['--commitments', COMMITMENTS, '--seed', String(SEED), '--database', DATABASE],
      ],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...process.env, DATABASE_URL: withDatabase(cluster.primaryUrl, 'postgres') },
      },
    );
    await cluster.caughtUp(300_000);
    const primaryUrl = withDatabase(cluster.primaryUrl, DATABASE);
    const standbyUrl = withDatabase(cluster.standbyUrl, DATABASE);
    // bench:load's server settings, with rate limiting off (its "unlimited" run).
    const env = {
      NODE_ENV: 'production',
      RATE_LIMIT_POINTS: '0',
      DB_POOL_SIZE: '10',
      SEED_ON_START: 'false',
      DATABASE_URL: primaryUrl,
      DATABASE_LISTEN_URL: primaryUrl,
    };
    primaryOnly = await startServer(env, 300_000);
    routed = await startServer({ ...env, DATABASE_READ_URLS: standbyUrl }, 300_000);
    await Promise.all([graphIndexBuilt(primaryOnly), graphIndexBuilt(routed)]);

    const pg = new Client({ connectionString: primaryUrl });
    await pg.connect();
    const data = await loadReadData(pg);
    const sizes = (
      await pg.query<Record<string, number>>(
        `SELECT (SELECT count(*) FROM organisation)::int AS organisations, (SELECT count(*) FROM project)::int AS projects,
                (SELECT count(*) FROM participation)::int AS participations, (SELECT count(*) FROM cooperation_commitment)::int AS commitments`,
      )
    ).rows[0];
    const version = (await pg.query<{ v: string }>("SELECT current_setting('server_version') AS v"))
      .rows[0].v;
    await pg.end();

    // Warm both (plans, pools, the standby's cache), then the per-kind counts on the routed one.
    await drive(primaryOnly, new ReadMix(data, SEED), 4, 5);
    await drive(routed, new ReadMix(data, SEED), 4, 5);
    const kinds = await perKind(routed, data);
    for (const k of kinds)
      console.log(
        `${k.op}: ${k.per.replica.toFixed(1)} on the standby, ${k.per.primary.toFixed(1)} on the primary per request (${k.outcomes.join(', ')})`,
      );

    const runs: Run[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      // A/B, then B/A: neither server always runs first.
      const order =
        round % 2 === 1 ? (['primary', 'routed'] as const) : (['routed', 'primary'] as const);
      for (const which of order) {
        const server = which === 'primary' ? primaryOnly : routed;
        const before = await statements(routed);
        const r = await drive(server, new ReadMix(data, SEED + round), CONNECTIONS, DURATION);
        const run: Run = {
          server: which === 'primary' ? 'primary alone' : 'routed',
          round,
          ...r,
          ...(which === 'routed' ? { statements: minus(await statements(routed), before) } : {}),
        };
        runs.push(run);
        console.log(
          `round ${round} ${run.server}: ${run.rps.toFixed(1)} req/s, p50 ${run.p50} ms, p97.5 ${run.p97_5} ms, server CPU ${run.serverCpuMs.toFixed(2)} ms/request, ${JSON.stringify(run.outcomes)}`,
        );
      }
    }

    // The standby killed under KILL_CLIENTS clients: 3 s before, 5 s after.
    let stop = false;
    const retriesBefore = await metricSum(routed, 'kuntaverkko_db_replica_retries_total');
    const running = clients(routed, new ReadMix(data, SEED + 99), KILL_CLIENTS, () => stop);
    await sleep(3000);
    cluster.killStandby();
    await sleep(5000);
    stop = true;
    const kill = await running;
    const retries =
      (await metricSum(routed, 'kuntaverkko_db_replica_retries_total')) - retriesBefore;
    const loadAfter = loadAverage();

    const result = {
      measuredOn: new Date().toISOString().slice(0, 10),
      machine: machine(),
      commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
        cwd: ROOT,
        encoding: 'utf8',
      }).trim(),
      postgres: version,
      sizes,
      settings: { duration: DURATION, connections: CONNECTIONS, rounds: ROUNDS, seed: SEED },
      loadAverage: { before: loadBefore, after: loadAfter },
      kinds,
      runs,
      kill: { clients: KILL_CLIENTS, outcomes: kill, retries },
      seconds: (Date.now() - started) / 1000,
    };
    mkdirSync(dirname(RESULTS_FILE), { recursive: true });
    writeFileSync(RESULTS_FILE, JSON.stringify(result, null, 2) + '\n');
    const section = report(result);
    writeSection('replicas', section);
    console.log(section);
  } finally {
    await routed?.stop();
    await primaryOnly?.stop();
    await cluster.stop();
  }
}

function report(r: {
  measuredOn: string;
  machine: string;
  commit: string;
  postgres: string;
  sizes: Record<string, number>;
  settings: { duration: number; connections: number; rounds: number; seed: number };
  loadAverage: { before: string; after: string };
  kinds: Awaited<ReturnType<typeof perKind>>;
  runs: Run[];
  kill: { clients: number; outcomes: Record<string, number>; retries: number };
}): string {
  const n = (x: number) => x.toLocaleString('en');
  const f = (x: number, d = 1) => x.toFixed(d);
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const mean = (xs: number[]) => sum(xs) / xs.length;
  const routedRuns = r.runs.filter((x) => x.server === 'routed');
  const aloneRuns = r.runs.filter((x) => x.server === 'primary alone');
  const st = routedRuns.map((x) => x.statements!);
  const replica = sum(st.map((s) => s.replica));
  const primary = sum(st.map((s) => s.primary));
  const fallback = sum(st.map((s) => s.fallback));
  const rpsRatio = mean(routedRuns.map((x) => x.rps)) / mean(aloneRuns.map((x) => x.rps));
  const cpuRatio =
    mean(routedRuns.map((x) => x.serverCpuMs)) / mean(aloneRuns.map((x) => x.serverCpuMs));
  const perRound = Array.from({ length: r.settings.rounds }, (_, i) => {
    const a = aloneRuns.find((x) => x.round === i + 1)!;
    const b = routedRuns.find((x) => x.round === i + 1)!;
    return `${f(b.rps / a.rps, 2)}`;
  }).join(', ');
  const codes = (o: Record<string, number>) =>
    Object.entries(o)
      .filter(([k]) => k !== 'ok')
      .map(([k, v]) => `${n(v)} ${k}`)
      .join(', ') || 'none';
  const killFailed = sum(
    Object.entries(r.kill.outcomes)
      .filter(([k]) => k !== 'ok')
      .map(([, v]) => v),
  );
  const s = r.sizes;
  const onPrimary = r.kinds
    .filter((k) => k.per.primary > 0)
    .map((k) => `${k.op} (${f(k.per.primary)} per request)`);
  const weighted = {
    replica: sum(r.kinds.map((k) => k.weight * k.per.replica)),
    primary: sum(r.kinds.map((k) => k.weight * k.per.primary)),
  };
  const runRows = r.runs.map(
    (x) =>
      `| ${x.round} | ${x.server} | ${n(x.requests)} | ${f(x.rps)} | ${x.p50} / ${x.p97_5} | ${f(x.serverCpuMs, 2)} | ${pct(x.machineBusy)} | ${codes(x.outcomes)} | ${x.statements ? `${n(x.statements.replica)} / ${n(x.statements.primary)}` : ''} |`,
  );
  const kindRows = r.kinds.map(
    (k) =>
      `| ${k.op} | ${k.weight} | ${f(k.per.replica)} | ${f(k.per.primary)} | ${k.outcomes.filter((o) => o === 'ok').length} of ${k.outcomes.length} |`,
  );
  return `## Read replicas (\`npm run bench:replicas\`)

Measured on ${r.measuredOn}: ${r.machine}, the load generator, both servers, the primary and the standby
all on the same machine, which other work shared (load average ${r.loadAverage.before} before,
${r.loadAverage.after} after). A primary and a hot standby on streaming replication (PostgreSQL ${r.postgres}
from Debian's binaries, fsync off); the synthetic network of \`bench:load\` on the primary
(${n(s.organisations)} organisations, ${n(s.projects)} projects, ${n(s.participations)} participations,
${n(s.commitments)} commitments; \`npm run generate\` with seed ${r.settings.seed}). Two built servers on the
primary as \`bench:load\` runs them (\`NODE_ENV=production\`, \`DB_POOL_SIZE=10\`, the graph index on, rate
limiting off, commit ${r.commit}), one of them with \`DATABASE_READ_URLS\` naming the standby.

**Workload**: the reads of \`bench:load\`'s mix (bench/load-mix.ts, shared with bench/load.ts: the same
documents, weights and arguments), without its mutations. ${r.settings.connections} clients for
${r.settings.duration} s per run, ${r.settings.rounds} rounds, the primary alone and the routed server
alternately (A/B, then B/A).

| what | measured | target |
| --- | --- | --- |
| share of the mix's SQL statements answered by the standby | ${pct(replica / (replica + primary))} (${n(replica)} of ${n(replica + primary)}) | ≥ 95 % |
| failed requests across a standby SIGKILL at ${r.kill.clients} clients | ${n(killFailed)} of ${n(sum(Object.values(r.kill.outcomes)))} (${codes(r.kill.outcomes)}); ${n(r.kill.retries)} statements retried on the primary | 0 |
| requests/s, routed ÷ primary alone (mean of ${r.settings.rounds} rounds; per round) | ${f(rpsRatio, 3)} (${perRound}) | overhead ≤ 5 % |
| server CPU per request, routed ÷ primary alone | ${f(cpuRatio, 3)} | |

**What the share counts**: every SQL statement the routed server sent during its timed runs. Answered by
the standby: \`kuntaverkko_db_reads_total{target="replica"}\`. All others went through the primary's pool
and are counted by \`kuntaverkko_sql_statements_total\`: statements not declared \`{ replica: true }\`,
replica-declared reads the router sent to the primary (${n(fallback)} here), and the server's own
background statements (the graph index's checksum check every 30 s). Requests the graph index answers in
memory send no SQL and count for nothing; the lag probe's own connections are not counted.

By kind of request, ${PER_KIND} of each sent one at a time to the routed server (statements per request;
weight in % of \`bench:load\`'s requests):

| request | weight | on the standby | on the primary | ok |
| --- | --- | --- | --- | --- |
${kindRows.join('\n')}

${
  onPrimary.length
    ? `Kinds that send statements to the primary: ${onPrimary.join(', ')}. `
    : 'No kind sends a statement to the primary. '
}Weighted as in the mix, the table gives ${pct(weighted.replica / (weighted.replica + weighted.primary))} of the statements to the standby.

The runs (latency in ms; statements of the routed runs, standby / primary):

| round | server | requests | requests/s | p50 / p97.5 | server CPU ms per request | machine busy | errors | statements |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
${runRows.join('\n')}

The standby was killed after 3 s of ${r.kill.clients} clients sending the same mix, which went on 5 s
after the kill. Raw figures: \`bench/results/replicas.json\`.`;
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
