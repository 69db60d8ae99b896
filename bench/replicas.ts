/**
 * Read replicas under load: a primary and a hot standby from Debian's PostgreSQL binaries
 * (test/support/replication.ts), two built servers on the primary, one of them with
 * DATABASE_READ_URLS naming the standby. A read mix (project pages with participants,
 * organisations, regions and topics) runs A/B/A/B against both with autocannon; then the standby
 * is killed with SIGKILL under 20 clients.
 *
 *   npm run bench:replicas                 (--duration 10 --connections 20 --rounds 2)
 *
 * Reports: the share of replica-declared statements answered by the standby (from /metrics),
 * requests/s of the routed server against the primary alone, and failed requests across the kill.
 */
import autocannon from 'autocannon';
import { execFileSync } from 'node:child_process';
import { startReplicatedCluster } from '../test/support/replication';
import { startServer, type ServerProcess } from '../test/support/server-process';
import { benchArgs } from './lib';

const args = benchArgs();
const DURATION = Number(args.get('duration') ?? '10');
const CONNECTIONS = Number(args.get('connections') ?? '20');
const ROUNDS = Number(args.get('rounds') ?? '2');

const QUERIES = [
  `{ projects(first: 20) { totalCount edges { node { titleFi status participants { role organisation { nameFi ... on Municipality { code region { nameFi } } } } topics { slug } } } } }`,
  `{ projects(first: 50, filter: { status: ACTIVE }) { totalCount edges { node { titleSv grantEur } } } }`,
  `{ projects(last: 10) { edges { node { titleFi participants { organisation { nameFi } } } } } }`,
];

async function metricSum(server: ServerProcess, prefix: string): Promise<number> {
  const text = await (await fetch(`${server.baseUrl}/metrics`)).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith(prefix))
    .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

function load(server: ServerProcess, connections: number, seconds: number) {
  let i = 0;
  return autocannon({
    url: `${server.baseUrl}/graphql`,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => ({
          ...req,
          body: JSON.stringify({ query: QUERIES[i++ % QUERIES.length] }),
        }),
      },
    ],
  });
}

/** Requests whose body is not a clean answer (HTTP 200 without errors), counted by a check. */
async function failures(server: ServerProcess, clients: number, until: () => boolean) {
  let failed = 0;
  let ok = 0;
  const one = async () => {
    while (!until()) {
      try {
        const res = await fetch(`${server.baseUrl}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: QUERIES[ok % QUERIES.length] }),
        });
        const body = (await res.json()) as { errors?: unknown };
        if (res.status === 200 && !body.errors) ok++;
        else failed++;
      } catch {
        failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, one));
  return { ok, failed };
}

async function main(): Promise<void> {
  const cluster = await startReplicatedCluster();
  const env = { RATE_LIMIT_POINTS: '0', NODE_ENV: 'production', GRAPH_ENGINE: 'sql' };
  const primaryOnly = await startServer({
    ...env,
    DATABASE_URL: cluster.primaryUrl,
    SEED_ON_START: 'true',
  });
  const routed = await startServer({
    ...env,
    DATABASE_URL: cluster.primaryUrl,
    DATABASE_READ_URLS: cluster.standbyUrl,
    SEED_ON_START: 'false',
  });
  try {
    await cluster.caughtUp();
    // Warm both (plans, pools, the standby's cache).
    await load(primaryOnly, 4, 3);
    await load(routed, 4, 3);
    const replicaBefore = await metricSum(routed, 'kuntaverkko_db_reads_total{target="replica"');
    const allBefore = await metricSum(routed, 'kuntaverkko_db_reads_total');
    const rows: string[] = [];
    const rate = { primary: [] as number[], routed: [] as number[] };
    for (let r = 0; r < ROUNDS; r++) {
      for (const [name, server] of [
        ['primary', primaryOnly],
        ['routed', routed],
      ] as const) {
        const res = await load(server, CONNECTIONS, DURATION);
        rate[name].push(res.requests.average);
        rows.push(
          `round ${r + 1} ${name}: ${res.requests.average.toFixed(1)} req/s, p50 ${res.latency.p50} ms, p97.5 ${res.latency.p97_5} ms, non-2xx ${res.non2xx}, errors ${res.errors}`,
        );
      }
    }
    const replica =
      (await metricSum(routed, 'kuntaverkko_db_reads_total{target="replica"')) - replicaBefore;
    const all = (await metricSum(routed, 'kuntaverkko_db_reads_total')) - allBefore;
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    console.log(rows.join('\n'));
    console.log(
      `replica share: ${replica} of ${all} replica-declared statements (${((100 * replica) / all).toFixed(1)} %)`,
    );
    console.log(
      `routed ÷ primary alone: ${(mean(rate.routed) / mean(rate.primary)).toFixed(3)} (${mean(rate.routed).toFixed(1)} vs ${mean(rate.primary).toFixed(1)} req/s)`,
    );

    // The standby killed under 20 clients.
    let stop = false;
    const running = failures(routed, 20, () => stop);
    await new Promise((r) => setTimeout(r, 3000));
    cluster.killStandby();
    await new Promise((r) => setTimeout(r, 5000));
    stop = true;
    const kill = await running;
    const retries = await metricSum(routed, 'kuntaverkko_db_replica_retries_total');
    console.log(
      `standby SIGKILL at 20 clients: ${kill.ok} answered, ${kill.failed} failed, ${retries} statements retried on the primary`,
    );
    console.log(`load average: ${execFileSync('uptime', { encoding: 'utf8' }).trim()}`);
  } finally {
    await routed.stop();
    await primaryOnly.stop();
    await cluster.stop();
  }
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
