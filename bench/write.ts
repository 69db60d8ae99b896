/**
 * The write path over HTTP: recordCommitment under concurrent clients, compared with the bare
 * SQL of the same transaction, and how soon a subscriber hears of each commitment.
 *
 *   npm run bench:write                  (embedded PostgreSQL 17 in a throw-away data directory)
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:write
 *   npm run bench:write -- --organisations 10000 --projects 20000 --seconds 30 --samples 300
 *   --only record,idem,bare,subscribe for a part; with DATABASE_URL, --reuse benches an already
 *   generated database (--database NAME, default kuntaverkko_write) and --keep leaves it there;
 *   --quiet-wait S: before each measurement, wait up to S s (180) for the machine to be idle;
 *   --attempts N: measure again, up to N times (3), while other processes disturb it
 *   --only dashboard: what the dashboard's figures kept at write time cost recordCommitment:
 *   rounds (--dashboard-rounds, 6) with the triggers of cooperation_commitment that keep them
 *   disabled ("before") and enabled ("after") in turn, on the same server and database; then
 *   the triggers are enabled again and `dashboard_rebuild()` recounts what the "before" rounds
 *   did not
 *
 * The projects come from `npm run generate` (seeded, synthetic, labelled) in a database of their
 * own, dropped at the end; the embedded cluster is durable (fsync on, as `npm start` runs it) and
 * removed at the end. Every request records a distinct, valid commitment: a pair of synthetic
 * projects and a kind, drawn with a fixed seed, never one that exists already. The caller is an
 * admin token issued with `npm run token`. A response counts as a mutation only when it is
 * HTTP 200 without `errors`; the rows added to the tables are counted as well.
 *
 * Live updates: two server instances on the same database, one graphql-ws subscriber on each,
 * and commitments recorded one at a time on instance A. Rows are kept per PostgreSQL server in
 * bench/results/write.json, so runs on the embedded and on an external server share the section.
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import { createClient, type Client as WsClient } from 'graphql-ws';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client, Pool } from 'pg';
import { xoroshiro128plus, unsafeUniformIntDistribution } from 'pure-rand';
import WebSocket from 'ws';
import { loadConfig } from '../src/config/app-config';
import { dropDatabase, openDatabaseServer, withDatabase } from '../src/database/database-server';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { toGlobalId } from '../src/common/global-id';
import { CHANGE_CHANNEL } from '../src/live/change-feed';
import { benchArgs, machine, machineCpuMs, median, processCpuMs, ROOT, writeSection } from './lib';

const args = benchArgs();
const arg = (k: string, d: string) => args.get(k) ?? d;
const DATABASE = arg('database', 'kuntaverkko_write');
const SEED = Number(arg('seed', '42'));
const CLIENTS = Number(arg('clients', '16'));
const SECONDS = Number(arg('seconds', '30'));
const WARMUP = Number(arg('warmup', '10'));
const BARE_SECONDS = Number(arg('bare-seconds', '15'));
const SAMPLES = Number(arg('samples', '300'));
const POOL = arg('pool', '10'); // the server's default DB_POOL_SIZE
const ONLY = arg('only', 'record,idem,bare,subscribe').split(',');
const QUIET_WAIT = Number(arg('quiet-wait', '180'));
const ATTEMPTS = Number(arg('attempts', '3'));
/** --only dashboard: rounds of recordCommitment, the dashboard's triggers off and on in turn. */
const DASHBOARD_ROUNDS = Number(arg('dashboard-rounds', '6'));
const PORT_A = 3700;
const PORT_B = 3701;
const KINDS = ['KNOWLEDGE_SHARING', 'JOINT_DEVELOPMENT', 'REUSE_OF_RESULTS', 'JOINT_PROCUREMENT'];
const NOTE = 'SYNTHETIC: recorded by bench/write.ts';

const RECORD = `mutation($i: RecordCommitmentInput!) { recordCommitment(input: $i) { id } }`;
const SUBSCRIPTION = `subscription($p: ID!) { commitmentChanges(programme: $p) { change at commitment { id } } }`;

const percentile = (values: number[], p: number) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Commitment {
  a: number;
  b: number;
  kind: string;
}

/** Draws (project pair, kind) combinations that exist nowhere yet, each once. */
class Commitments {
  private readonly used = new Set<string>();
  private readonly rng = xoroshiro128plus(SEED);

  constructor(existing: Commitment[]) {
    for (const c of existing) this.used.add(`${c.a}:${c.b}:${c.kind}`);
  }

  next(projects: number[]): Commitment {
    const draw = (n: number) => unsafeUniformIntDistribution(0, n - 1, this.rng);
    for (;;) {
      const x = projects[draw(projects.length)];
      const y = projects[draw(projects.length)];
      if (x === y) continue;
      const c = { a: Math.min(x, y), b: Math.max(x, y), kind: KINDS[draw(KINDS.length)] };
      const key = `${c.a}:${c.b}:${c.kind}`;
      if (this.used.has(key)) continue;
      this.used.add(key);
      return c;
    }
  }
}

let idempotencyKeys = 0;
function body(c: Commitment, idempotent: boolean) {
  // The service orders the pair itself; about half the requests name the larger id first.
  const flip = (c.a + c.b) % 2 === 1;
  return {
    query: RECORD,
    variables: {
      i: {
        project: toGlobalId('Project', flip ? c.b : c.a),
        otherProject: toGlobalId('Project', flip ? c.a : c.b),
        kind: c.kind,
        note: NOTE,
        ...(idempotent ? { idempotencyKey: `bench-write-${Date.now()}-${++idempotencyKeys}` } : {}),
      },
    },
  };
}

/** The servers' output, kept in a temporary file and shown if the run fails. */
const serverLog = (port: number) => join(tmpdir(), `kv-bench-write-${port}.log`);

function launch(url: string, port: number): ChildProcess {
  const log = openSync(serverLog(port), 'w');
  return spawn(process.execPath, [join(ROOT, 'dist', 'src', 'main.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: String(port),
      NODE_ENV: 'production',
      SEED_ON_START: 'false',
      DB_POOL_SIZE: POOL,
      NO_COLOR: '1',
    },
    stdio: ['ignore', log, log],
  });
}

async function ready(port: number): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health/ready`)).ok) return;
    } catch {
      // not up yet
    }
    if (i > 300) throw new Error(`server on port ${port} did not start`);
    await sleep(100);
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** utime + stime of /proc/<pid>/stat in ms (clock ticks of 1/100 s, USER_HZ on Linux). */

/** Busy and total CPU time (ms) of the whole machine, all cores, from /proc/stat. */

/**
 * On a shared machine: waits (at most QUIET_WAIT s) until the whole machine is below 10 % busy
 * over 3 s before a measurement starts. What others use during it is reported in any case.
 */
async function waitForQuiet(): Promise<void> {
  const limit = Date.now() + QUIET_WAIT * 1000;
  for (;;) {
    const m0 = machineCpuMs();
    await sleep(3000);
    const m1 = machineCpuMs();
    const busy = (m1.busy - m0.busy) / (m1.total - m0.total);
    if (busy < 0.1) return;
    if (Date.now() > limit) {
      console.log(`the machine is still ${(busy * 100).toFixed(0)} % busy; measuring anyway`);
      return;
    }
    console.log(`waiting for a quiet machine (${(busy * 100).toFixed(0)} % busy)`);
  }
}

interface CpuUse {
  server: number;
  postgres: number;
  client: number;
  /** Share of the machine's CPU that other processes used meanwhile (0–1). */
  others: number;
}

/**
 * CPU time (ms) used by the server, by PostgreSQL (the backends of this database and the
 * cluster's own processes: WAL writer, checkpointer, autovacuum) and by this process.
 */
class CpuMeter {
  private server = 0;
  private backends = new Map<number, number>();
  private self = process.cpuUsage();
  private machine = machineCpuMs();

  constructor(
    private readonly pg: Client,
    private readonly serverPid?: number,
  ) {}

  private async backendPids(): Promise<number[]> {
    return (
      await this.pg.query(
        `SELECT pid FROM pg_stat_activity
          WHERE (datname = current_database() OR datname IS NULL) AND pid <> pg_backend_pid()`,
      )
    ).rows.map((r: { pid: number }) => r.pid);
  }

  async start(): Promise<void> {
    this.server = this.serverPid ? (processCpuMs([this.serverPid]).get(this.serverPid) ?? 0) : 0;
    this.backends = processCpuMs(await this.backendPids());
    this.self = process.cpuUsage();
    this.machine = machineCpuMs();
  }

  async stop(): Promise<CpuUse> {
    const self = process.cpuUsage(this.self);
    const now = machineCpuMs();
    const server = this.serverPid
      ? (processCpuMs([this.serverPid]).get(this.serverPid) ?? 0) - this.server
      : 0;
    const pids = [...new Set([...this.backends.keys(), ...(await this.backendPids())])];
    let postgres = 0;
    for (const [pid, ms] of processCpuMs(pids)) postgres += ms - (this.backends.get(pid) ?? 0);
    const client = (self.user + self.system) / 1000;
    const busy = now.busy - this.machine.busy;
    const others =
      Math.max(0, busy - server - postgres - client) / (now.total - this.machine.total);
    return { server, postgres, client, others };
  }
}

function perMutation(cpu: CpuUse, n: number): CpuUse {
  return { ...cpu, server: cpu.server / n, postgres: cpu.postgres / n, client: cpu.client / n };
}

const STATES = ['running', 'notify lock', 'WAL', 'other wait', 'in transaction', 'idle'] as const;
type States = Record<(typeof STATES)[number], number>;

/**
 * Samples what the PostgreSQL backends of one pool do, every 100 ms: running, waiting
 * for the lock NOTIFY takes at commit, waiting for WAL, idle inside a transaction (waiting
 * for its client), or idle. Averages are backends at a time.
 */
class ActivitySampler {
  private readonly sums: States = Object.fromEntries(STATES.map((k) => [k, 0])) as States;
  private samples = 0;
  private timer?: NodeJS.Timeout;
  private busy = false;

  constructor(
    private readonly pg: Client,
    /** Only the connections of this application_name: the server's pool, or the bare SQL's. */
    private readonly applicationName: string,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      if (this.busy) return;
      this.busy = true;
      this.pg
        .query(
          `SELECT state, wait_event_type AS type, wait_event AS event, count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND application_name = $1 GROUP BY 1, 2, 3`,
          [this.applicationName],
        )
        .then(({ rows }) => {
          for (const r of rows as {
            state: string;
            type: string | null;
            event: string | null;
            n: number;
          }[])
            this.sums[
              r.state === 'idle'
                ? 'idle'
                : r.state === 'idle in transaction'
                  ? 'in transaction'
                  : r.type === null
                    ? 'running'
                    : r.type === 'Lock' && r.event === 'object'
                      ? 'notify lock'
                      : /WAL/.test(r.event ?? '')
                        ? 'WAL'
                        : 'other wait'
            ] += r.n;
          this.samples++;
        })
        .catch(() => undefined)
        .finally(() => (this.busy = false));
    }, 100);
  }

  stop(): States {
    clearInterval(this.timer);
    return Object.fromEntries(
      STATES.map((k) => [k, this.samples ? this.sums[k] / this.samples : 0]),
    ) as States;
  }
}

type Counts = Record<'commitments' | 'audit' | 'history' | 'idempotency', number>;
async function counts(pg: Client): Promise<Counts> {
  return (
    await pg.query(`SELECT (SELECT count(*) FROM cooperation_commitment)::int AS commitments,
      (SELECT count(*) FROM audit_event)::int AS audit, (SELECT count(*) FROM commitment_status_change)::int AS history,
      (SELECT count(*) FROM idempotency_record)::int AS idempotency`)
  ).rows[0] as Counts;
}

interface Run {
  seconds: number;
  latencies: number[];
  ok: number;
  failed: number;
  /** Error codes of the failed responses (GraphQL extensions.code, or the HTTP status). */
  codes: Record<string, number>;
  added?: Counts;
  /** CPU ms per successful mutation: server process, PostgreSQL backends, this process. */
  cpu?: CpuUse;
  activity?: States;
  /** SQL statements the server sent meanwhile. */
  statements?: number;
  /** Which measurement this is, when earlier ones were disturbed by other processes. */
  attempt?: number;
}

/**
 * Measures up to ATTEMPTS times, until other processes used less than 10 % of the machine
 * meanwhile, and keeps the least disturbed measurement.
 */
async function quietest(measure: () => Promise<Run>): Promise<Run> {
  let best: Run | undefined;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    if (attempt > 1) await waitForQuiet();
    const run = { ...(await measure()), attempt };
    const others = run.cpu?.others ?? 0;
    if (!best || others < (best.cpu?.others ?? 0)) best = run;
    if (others < 0.1) break;
    if (attempt < ATTEMPTS)
      console.log(`other processes used ${(others * 100).toFixed(0)} % of the machine; again`);
  }
  return best!;
}

/** autocannon with CLIENTS connections; every request a new commitment. */
async function drive(
  endpoint: string,
  token: string,
  seconds: number,
  next: () => unknown,
): Promise<Run> {
  const latencies: number[] = [];
  const codes: Record<string, number> = {};
  let ok = 0;
  let failed = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: endpoint,
        connections: CLIENTS,
        duration: seconds,
        requests: [
          {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            setupRequest: (req) => ({ ...req, body: JSON.stringify(next()) }),
            onResponse: (status, text) => {
              if (status === 200 && !text.includes('"errors"')) {
                ok++;
                return;
              }
              failed++;
              let code = `HTTP ${status}`;
              try {
                const json = JSON.parse(text) as { errors?: { extensions?: { code?: string } }[] };
                code = json.errors?.[0]?.extensions?.code ?? code;
              } catch {
                // not JSON
              }
              codes[code] = (codes[code] ?? 0) + 1;
            },
          },
        ],
      },
      (err, r) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(r)),
    );
    instance.on('response', (_client, _status, _bytes, ms) => latencies.push(ms));
  });
  if (result.errors) codes['socket error or timeout'] = result.errors;
  return { seconds: result.duration, latencies, ok, failed: failed + result.errors, codes };
}

const TOKEN_BY_ID = `
  SELECT t.id, t.name, t.role, t.kind, t.secret_hash,
         t.expires_at IS NOT NULL AND t.expires_at <= now() AS expired,
         t.revoked_at IS NOT NULL AS revoked,
         COALESCE(array_agg(m.organisation_id ORDER BY m.organisation_id)
                  FILTER (WHERE m.organisation_id IS NOT NULL), '{}') AS municipality_ids
    FROM api_token t
    LEFT JOIN api_token_municipality m ON m.token_id = t.id
   WHERE t.id = $1
   GROUP BY t.id`;
const PROJECTS_FOR_WRITE = `
  SELECT p.id, p.programme_id AS "programmeId", p.status, p.version,
         COALESCE((SELECT array_agg(pa.organisation_id) FROM participation pa
                    WHERE pa.project_id = p.id), '{}') AS "participantIds"
    FROM project p
   WHERE p.id = ANY($1)
   ORDER BY p.id`;

/**
 * How the change message travels: as the server sends it (an outbox row in the write, then
 * batches drained with NOTIFY after the commit, see src/live/change-feed.ts), with `pg_notify`
 * inside every write transaction (the server's first design), or not at all.
 */
type Delivery = 'outbox' | 'notify' | 'none' | 'one statement';
const BARE_APP = 'kuntaverkko-bench-write';
/**
 * What the server's transaction writes, as one statement of data-modifying CTEs (so no BEGIN or
 * COMMIT either): the projects, the commitment, its history row, its audit row and its message.
 */
const ONE_STATEMENT = `
  WITH p AS (SELECT id, programme_id FROM project WHERE id IN ($1, $2)),
  c AS (
    INSERT INTO cooperation_commitment
      (project_a_id, project_b_id, kind, status, provenance, note, verified_at, verified_by)
    SELECT $1, $2, $3, 'PROPOSED', 'VERIFIED', $4, now(), 'bench' WHERE (SELECT count(*) FROM p) = 2
    ON CONFLICT ON CONSTRAINT cooperation_commitment_pair_kind_key DO NOTHING RETURNING *),
  h AS (
    INSERT INTO commitment_status_change (commitment_id, from_status, to_status, changed_by)
    SELECT id, NULL, 'PROPOSED', 'bench' FROM c),
  a AS (
    INSERT INTO audit_event (actor_token_id, actor_name, actor_role, operation, entity_type, entity_id, after)
    SELECT $5, 'bench', 'ADMIN', 'recordCommitment', 'CooperationCommitment', c.id, to_jsonb(c) FROM c)
  INSERT INTO change_outbox (payload)
  SELECT json_build_object('type', 'CooperationCommitment', 'change', 'RECORDED',
    'programmeIds', (SELECT array_agg(DISTINCT programme_id) FROM p), 'object', to_jsonb(c), 'at', now())::text
    FROM c RETURNING id`;
const DRAIN = `DELETE FROM change_outbox WHERE id IN (
  SELECT id FROM change_outbox ORDER BY id LIMIT 500 FOR UPDATE SKIP LOCKED) RETURNING id, payload`;

/**
 * The statements the server runs for one recordCommitment (token lookup, then one transaction:
 * the two projects, the commitment with its history row, its audit row with its change message,
 * six round trips in all), through
 * `pg` alone: CLIENTS workers on a pool of the server's size. With the outbox, one drain at a
 * time runs after commits, as the server's ChangeFeed does.
 */
async function bare(
  url: string,
  tokenId: number,
  seconds: number,
  delivery: Delivery,
  next: () => Commitment,
  meter?: CpuMeter,
  sampler?: ActivitySampler,
): Promise<Run> {
  const pool = new Pool({ connectionString: url, max: Number(POOL), application_name: BARE_APP });
  // Every connection open before the clock starts.
  const opened = await Promise.all(Array.from({ length: Number(POOL) }, () => pool.connect()));
  opened.forEach((c) => c.release());

  const drain: { running: Promise<unknown> | null; again: boolean } = {
    running: null,
    again: false,
  };
  let drainErrors = 0;
  // One statement, as the server's ChangeFeed drains: NOTIFY and the DELETE commit together.
  const drainBatch = async (): Promise<number> =>
    (
      (
        await pool.query(
          `WITH batch AS (${DRAIN})
           SELECT count(*)::int AS n FROM (SELECT pg_notify($1, payload) FROM batch ORDER BY id) sent`,
          [CHANGE_CHANNEL],
        )
      ).rows as { n: number }[]
    )[0].n;
  const drainSoon = () => {
    if (drain.running) {
      drain.again = true;
      return;
    }
    drain.running = (async () => {
      do {
        drain.again = false;
        while ((await drainBatch()) === 500) drain.again = false;
      } while (drain.again);
    })()
      .catch(() => drainErrors++)
      .finally(() => (drain.running = null));
  };

  await meter?.start();
  sampler?.start();
  const latencies: number[] = [];
  const codes: Record<string, number> = {};
  let ok = 0;
  let failed = 0;
  const started = performance.now();
  const end = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < end) {
        const c = next();
        const t0 = performance.now();
        await pool.query(TOKEN_BY_ID, [tokenId]); // the server looks up the caller first
        if (delivery === 'one statement') {
          try {
            await pool.query(ONE_STATEMENT, [c.a, c.b, c.kind, NOTE, tokenId]);
            ok++;
          } catch (e) {
            failed++;
            const code = (e as { code?: string }).code ?? 'error';
            codes[code] = (codes[code] ?? 0) + 1;
          }
          latencies.push(performance.now() - t0);
          drainSoon();
          continue;
        }
        const client = await pool.connect();
        try {
          await client.query('START TRANSACTION');
          const projects = (await client.query(PROJECTS_FOR_WRITE, [[c.a, c.b]])).rows as {
            programmeId: number;
          }[];
          // The commitment and its first history entry in one statement, as the server does.
          const [row] = (
            await client.query(
              `WITH c AS (
                 INSERT INTO cooperation_commitment
                   (project_a_id, project_b_id, kind, status, provenance, note, evidence_url, committed_on, verified_at, verified_by)
                 VALUES ($1, $2, $3, 'PROPOSED', 'VERIFIED', $4, NULL, NULL, now(), 'bench')
                 ON CONFLICT ON CONSTRAINT cooperation_commitment_pair_kind_key DO NOTHING RETURNING *),
               h AS (
                 INSERT INTO commitment_status_change (commitment_id, from_status, to_status, changed_by)
                 SELECT id, NULL, status, 'bench' FROM c)
               SELECT * FROM c`,
              [c.a, c.b, c.kind, NOTE],
            )
          ).rows as Record<string, unknown>[];
          const message = JSON.stringify({
            type: 'CooperationCommitment',
            change: 'RECORDED',
            programmeIds: [...new Set(projects.map((p) => p.programmeId))],
            object: row,
            at: new Date().toISOString(),
          });
          // The audit row and the message in one statement, as the server's MutationRunner does.
          const audit = `INSERT INTO audit_event (actor_token_id, actor_name, actor_role, operation, entity_type, entity_id, before, after, reason)
            VALUES ($1::int, 'bench', 'ADMIN'::actor_role, 'recordCommitment', 'CooperationCommitment', $2::int, NULL, $3::jsonb, NULL)`;
          const params = [tokenId, row.id, JSON.stringify(row)];
          if (delivery === 'outbox')
            await client.query(
              `WITH audit AS (${audit}) INSERT INTO change_outbox (payload) SELECT unnest($4::text[])`,
              [...params, [message]],
            );
          else if (delivery === 'notify')
            await client.query(`WITH audit AS (${audit}) SELECT pg_notify($4, $5)`, [
              ...params,
              CHANGE_CHANNEL,
              message,
            ]);
          else await client.query(audit, params);
          await client.query('COMMIT');
          ok++;
        } catch (e) {
          await client.query('ROLLBACK').catch(() => undefined);
          failed++;
          const code = (e as { code?: string }).code ?? 'error';
          codes[code] = (codes[code] ?? 0) + 1;
        } finally {
          client.release();
        }
        latencies.push(performance.now() - t0);
        if (delivery === 'outbox') drainSoon();
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  await drain.running;
  if (drainErrors) codes['failed drain'] = drainErrors;
  const activity = sampler?.stop();
  const cpu = await meter?.stop();
  await pool.end();
  return {
    seconds: elapsed,
    latencies,
    ok,
    failed,
    codes,
    cpu: cpu && perMutation(cpu, ok),
    activity,
  };
}

async function metric(port: number, name: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
}

interface Subscriber {
  /** Arrival time (performance.now()) of each commitment id's event. */
  arrivals: Map<string, number>;
  errors: unknown[];
  close(): Promise<void>;
}

/** Subscribes over graphql-ws and resolves once the server counts the subscription. */
async function subscribe(port: number, programme: string): Promise<Subscriber> {
  const live = () => metric(port, 'kuntaverkko_live_subscriptions');
  const before = await live();
  const arrivals = new Map<string, number>();
  const errors: unknown[] = [];
  const client: WsClient = createClient({
    url: `ws://127.0.0.1:${port}/graphql`,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
  });
  client.subscribe<{ commitmentChanges: { commitment: { id: string } } }>(
    { query: SUBSCRIPTION, variables: { p: programme } },
    {
      next: (value) => {
        const t = performance.now();
        if (value.errors) errors.push(...value.errors);
        else arrivals.set(value.data!.commitmentChanges.commitment.id, t);
      },
      error: (e) => errors.push(e),
      complete: () => undefined,
    },
  );
  const deadline = Date.now() + 5000;
  while ((await live()) <= before && errors.length === 0) {
    if (Date.now() > deadline) throw new Error(`port ${port} did not register the subscription`);
    await sleep(20);
  }
  if (errors.length) throw new Error(`subscription failed: ${JSON.stringify(errors)}`);
  return { arrivals, errors, close: () => client.dispose() as Promise<void> };
}

interface Latency {
  /** Mutation response arrived → event arrived. */
  afterResponse: number[];
  /** Mutation request sent → event arrived. */
  afterSend: number[];
  missed: number;
}

/**
 * Records commitments one after another on A and waits for each on every subscriber; the
 * first `warm` are not counted.
 */
async function subscriberLatency(
  endpoint: string,
  token: string,
  subscribers: Subscriber[],
  samples: number,
  warm: number,
  next: () => Commitment,
): Promise<{ latency: Latency[]; roundTrips: number[] }> {
  const latency: Latency[] = subscribers.map(() => ({
    afterResponse: [],
    afterSend: [],
    missed: 0,
  }));
  const roundTrips: number[] = [];
  for (let i = 0; i < warm + samples; i++) {
    const t0 = performance.now();
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body(next(), false)),
    });
    const json = (await res.json()) as {
      data?: { recordCommitment: { id: string } };
      errors?: unknown;
    };
    const t1 = performance.now();
    if (!res.ok || json.errors || !json.data)
      throw new Error(`recordCommitment failed: ${JSON.stringify(json)}`);
    const id = json.data.recordCommitment.id;
    const deadline = t1 + 5000;
    while (subscribers.some((s) => !s.arrivals.has(id)) && performance.now() < deadline)
      await sleep(1);
    if (i < warm) continue;
    roundTrips.push(t1 - t0);
    subscribers.forEach((s, k) => {
      const t = s.arrivals.get(id);
      if (t === undefined) latency[k].missed++;
      else {
        latency[k].afterResponse.push(t - t1);
        latency[k].afterSend.push(t - t0);
      }
    });
  }
  return { latency, roundTrips };
}

async function main() {
  const config = loadConfig();
  // Without DATABASE_URL: a durable embedded PostgreSQL (fsync on, as `npm start` runs it) in a
  // throw-away data directory, so that a running `npm start` on .data is left alone.
  const scratch = config.DATABASE_URL ? undefined : mkdtempSync(join(tmpdir(), 'kv-bench-write-'));
  const server = scratch
    ? await startEmbeddedPostgres({ dataDir: scratch }).then((e) => ({
        url: e.url,
        embedded: true,
        stop: () => e.stop(),
      }))
    : await openDatabaseServer({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  const url = withDatabase(server.url, DATABASE);
  const reuse = !scratch && args.get('reuse') === 'true';
  const startedAt = performance.now();
  if (!reuse) {
    execFileSync(
      process.execPath,
      [
        join(ROOT, 'dist', 'scripts', 'generate.js'),
        '--organisations',
        arg('organisations', '10000'),
        '--projects',
        arg('projects', '20000'),
        '--commitments',
        arg('commitments', String(Number(arg('projects', '20000')) / 2)),
        '--seed',
        String(SEED),
        '--database',
        DATABASE,
      ],
      { stdio: 'inherit', env: { ...process.env, DATABASE_URL: server.url } },
    );
  }
  const token = execFileSync(
    process.execPath,
    [join(ROOT, 'dist', 'scripts', 'token.js'), '--role', 'admin', '--name', 'bench/write.ts'],
    { env: { ...process.env, DATABASE_URL: url }, stdio: ['ignore', 'pipe', 'inherit'] },
  )
    .toString()
    .trim();
  const tokenId = Number(/^kvk_(\d+)_/.exec(token)?.[1]);

  const pg = new Client({ connectionString: url });
  await pg.connect();
  const version = String((await pg.query(`SHOW server_version`)).rows[0].server_version);
  const major = version.split('.')[0];
  const postgres = `${major} (${server.embedded ? 'embedded' : 'DATABASE_URL'})`;
  const label = `${server.embedded ? 'embedded' : 'external'}-${major}`;
  const sizes = (
    await pg.query(`SELECT (SELECT count(*) FROM organisation)::int AS organisations, (SELECT count(*) FROM project)::int AS projects,
      (SELECT count(*) FROM participation)::int AS participations, (SELECT count(*) FROM cooperation_commitment)::int AS commitments,
      (SELECT count(*) FROM audit_event)::int AS audit`)
  ).rows[0] as Record<string, number>;
  const settings = Object.fromEntries(
    (
      await pg.query(
        `SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit')`,
      )
    ).rows.map((r: { name: string; setting: string }) => [r.name, r.setting]),
  );
  const existing = (
    await pg.query(`SELECT project_a_id AS a, project_b_id AS b, kind FROM cooperation_commitment`)
  ).rows as Commitment[];
  const projectRows = (
    await pg.query(`SELECT id, programme_id FROM project WHERE synthetic ORDER BY id`)
  ).rows as { id: number; programme_id: number }[];
  const projects = projectRows.map((r) => r.id);
  const commitments = new Commitments(existing);
  // Subscriptions: the synthetic programme with the most projects; both projects in it.
  const [programme] = (
    await pg.query(`SELECT pr.id, pr.code, count(*)::int AS projects FROM project p JOIN programme pr ON pr.id = p.programme_id
      WHERE p.synthetic GROUP BY pr.id ORDER BY count(*) DESC, pr.id LIMIT 1`)
  ).rows as { id: number; code: string; projects: number }[];
  const inProgramme = projectRows.filter((r) => r.programme_id === programme.id).map((r) => r.id);

  const a = launch(url, PORT_A);
  let b: ChildProcess | undefined;
  const endpoint = `http://127.0.0.1:${PORT_A}/graphql`;
  const rows: Record<string, string> = {};
  const figures: Record<string, unknown> = {};
  const f = (n: number) => n.toFixed(1);
  const cpuCells = (run: Run) =>
    run.cpu
      ? `${run.cpu.server ? f(run.cpu.server) : '–'} / ${f(run.cpu.postgres)} / ${f(run.cpu.client)} | ${(run.cpu.others * 100).toFixed(0)} %`
      : '– | –';
  const activityRow = (key: string, title: string, run: Run) => {
    if (!run.activity) return;
    rows[`activity-${key}`] =
      `| ${title} | ${postgres} | ${STATES.map((k) => run.activity![k].toFixed(1)).join(' | ')} |`;
  };
  const codeList = (codes: Record<string, number>) =>
    Object.entries(codes)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ') || '0';
  try {
    await ready(PORT_A);

    const throughput = async (key: string, title: string, idempotent: boolean) => {
      const next = () => body(commitments.next(projects), idempotent);
      await waitForQuiet();
      await drive(endpoint, token, WARMUP, next);
      const run = await quietest(async () => {
        await sleep(1000); // requests in flight when autocannon stopped
        const before = await counts(pg);
        const statementsBefore = await metric(PORT_A, 'kuntaverkko_sql_statements_total');
        const meter = new CpuMeter(pg, a.pid);
        await meter.start();
        const sampler = new ActivitySampler(pg, 'kuntaverkko'); // the server's pool
        sampler.start();
        const r = await drive(endpoint, token, SECONDS, next);
        r.activity = sampler.stop();
        r.cpu = perMutation(await meter.stop(), r.ok);
        await sleep(1000);
        const after = await counts(pg);
        r.statements =
          (await metric(PORT_A, 'kuntaverkko_sql_statements_total')) - statementsBefore;
        r.added = {
          commitments: after.commitments - before.commitments,
          audit: after.audit - before.audit,
          history: after.history - before.history,
          idempotency: after.idempotency - before.idempotency,
        };
        return r;
      });
      const statements = run.statements!;
      run.added = run.added!;
      const rate = run.ok / run.seconds;
      const p95 = percentile(run.latencies, 95);
      const met = `${rate >= 300 && run.failed === 0 ? 'rate yes' : 'rate no'}, ${p95 <= 50 ? 'p95 yes' : 'p95 no'}`;
      rows[key] =
        `| ${title} | ${postgres} | ${CLIENTS} | ${run.seconds.toFixed(0)} s${(run.attempt ?? 1) > 1 ? ` (attempt ${run.attempt})` : ''} | ${rate.toFixed(0)} | ${f(median(run.latencies))} | ${f(p95)} | ${f(percentile(run.latencies, 99))} | ${f(Math.max(...run.latencies))} | ${run.ok} | ${codeList(run.codes)} | ${run.added.commitments} / ${run.added.history} / ${run.added.audit}${idempotent ? ` / ${run.added.idempotency}` : ''} | ${cpuCells(run)} | ≥ 300/s, p95 ≤ 50 ms | ${met} |`;
      figures[key] = {
        ...run,
        latencies: undefined,
        rate,
        p50: median(run.latencies),
        p95,
        statementsPerMutation: statements / run.added.commitments,
      };
      activityRow(key, title, run);
      console.log(rows[key]);
    };
    if (ONLY.includes('record')) await throughput('record', 'recordCommitment over HTTP', false);
    if (ONLY.includes('idem'))
      await throughput('idem', 'the same, with an idempotencyKey on each request', true);

    if (ONLY.includes('dashboard')) {
      const triggers = ['insert', 'update', 'delete'].map(
        (e) => `cooperation_commitment_dashboard_${e}`,
      );
      const setTriggers = async (on: boolean) => {
        for (const t of triggers)
          await pg.query(
            `ALTER TABLE cooperation_commitment ${on ? 'ENABLE' : 'DISABLE'} TRIGGER ${t}`,
          );
      };
      const next = () => body(commitments.next(projects), false);
      const rounds: { on: boolean; rate: number; p50: number; p95: number; cpu: CpuUse }[] = [];
      try {
        await drive(endpoint, token, WARMUP, next);
        for (let round = 1; round <= DASHBOARD_ROUNDS; round++) {
          const on = round % 2 === 0;
          await setTriggers(on);
          await waitForQuiet();
          await sleep(1000);
          const meter = new CpuMeter(pg, a.pid);
          await meter.start();
          const r = await drive(endpoint, token, SECONDS, next);
          const cpu = perMutation(await meter.stop(), r.ok);
          const row = {
            on,
            rate: r.ok / r.seconds,
            p50: median(r.latencies),
            p95: percentile(r.latencies, 95),
            cpu,
          };
          rounds.push(row);
          console.log(
            `round ${round}, dashboard triggers ${on ? 'on' : 'off'}: ${row.rate.toFixed(0)}/s, p95 ${f(row.p95)} ms, PostgreSQL ${f(cpu.postgres)} ms, server ${f(cpu.server ?? 0)} ms per mutation, others ${(cpu.others * 100).toFixed(0)} %`,
          );
        }
      } finally {
        await setTriggers(true);
        await pg.query('SELECT dashboard_rebuild()');
      }
      const mean = (on: boolean, pick: (r: (typeof rounds)[number]) => number) => {
        const xs = rounds.filter((r) => r.on === on).map(pick);
        return xs.reduce((x, y) => x + y, 0) / xs.length;
      };
      const before = mean(false, (r) => r.rate);
      const after = mean(true, (r) => r.rate);
      rows['dashboard-rounds'] = rounds
        .map(
          (r, i) =>
            `| ${i + 1} | ${r.on ? 'on (after)' : 'off (before)'} | ${r.rate.toFixed(0)} | ${f(r.p50)} | ${f(r.p95)} | ${f(r.cpu.server ?? 0)} / ${f(r.cpu.postgres)} | ${(r.cpu.others * 100).toFixed(0)} % |`,
        )
        .join('\n');
      rows['dashboard-summary'] =
        `Mean of the rounds: ${before.toFixed(0)} mutations/s with the triggers off, ${after.toFixed(0)}/s with them on: **${(((after - before) / before) * 100).toFixed(1)} %** (target: no more than 10 % lower). PostgreSQL CPU per mutation ${f(mean(false, (r) => r.cpu.postgres))} ms off, ${f(mean(true, (r) => r.cpu.postgres))} ms on.`;
      figures.dashboard = { rounds, before, after };
    }

    if (ONLY.includes('bare')) {
      const variants: [string, Delivery, string][] = [
        ['bare', 'outbox', 'bare SQL: the same statements through `pg`, no HTTP or GraphQL'],
        [
          'bare-notify',
          'notify',
          'bare SQL with `pg_notify` inside each write instead (the first design)',
        ],
        ['bare-none', 'none', 'bare SQL with no change message at all (for comparison)'],
        [
          'bare-one',
          'one statement',
          'bare SQL with the whole write as one statement after the token lookup (2 round trips)',
        ],
      ];
      for (const [key, delivery, title] of variants) {
        await waitForQuiet();
        await bare(url, tokenId, WARMUP / 2, delivery, () => commitments.next(projects));
        const run = await quietest(() =>
          bare(
            url,
            tokenId,
            BARE_SECONDS,
            delivery,
            () => commitments.next(projects),
            new CpuMeter(pg, a.pid), // instance A's listener receives the messages
            new ActivitySampler(pg, BARE_APP),
          ),
        );
        const rate = run.ok / run.seconds;
        rows[key] =
          `| ${title} | ${postgres} | ${CLIENTS} | ${run.seconds.toFixed(0)} s${(run.attempt ?? 1) > 1 ? ` (attempt ${run.attempt})` : ''} | ${rate.toFixed(0)} | ${f(median(run.latencies))} | ${f(percentile(run.latencies, 95))} | ${f(percentile(run.latencies, 99))} | ${f(Math.max(...run.latencies))} | ${run.ok} | ${codeList(run.codes)} | – | ${cpuCells(run)} | – | – |`;
        figures[key] = {
          ...run,
          latencies: undefined,
          rate,
          p50: median(run.latencies),
          p95: percentile(run.latencies, 95),
        };
        activityRow(key, title.replace(/:.*/, ''), run);
        console.log(rows[key]);
      }
    }

    if (ONLY.includes('subscribe')) {
      // Instance B only now: during the runs above, A was the only server.
      b = launch(url, PORT_B);
      await ready(PORT_B);
      const listing = (await (
        await fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            query: '{ programmes(first: 100) { edges { node { id code } } } }',
          }),
        })
      ).json()) as { data: { programmes: { edges: { node: { id: string; code: string } }[] } } };
      const programmeId = listing.data.programmes.edges.find((e) => e.node.code === programme.code)!
        .node.id;
      await waitForQuiet();
      const onB = await subscribe(PORT_B, programmeId);
      const onA = await subscribe(PORT_A, programmeId);
      const meter = new CpuMeter(pg, a.pid);
      await meter.start();
      const { latency, roundTrips } = await subscriberLatency(
        endpoint,
        token,
        [onB, onA],
        SAMPLES,
        20,
        () => commitments.next(inProgramme),
      );
      const others = (await meter.stop()).others;
      await onB.close();
      await onA.close();
      const names = [
        'subscriber on instance B (the other instance)',
        'subscriber on instance A (the same instance)',
      ];
      latency.forEach((l, k) => {
        const key = k === 0 ? 'subscribe-other' : 'subscribe-same';
        const p95 = percentile(l.afterResponse, 95);
        rows[key] =
          `| ${names[k]} | ${postgres} | ${l.afterResponse.length} | ${f(median(l.afterResponse))} | ${f(p95)} | ${f(Math.max(...l.afterResponse))} | ${f(median(l.afterSend))} | ${f(percentile(l.afterSend, 95))} | ${f(Math.max(...l.afterSend))} | ${f(median(roundTrips))} | ${l.missed} | ${(others * 100).toFixed(0)} % | ≤ 200 ms | ${p95 <= 200 && l.missed === 0 ? 'yes' : 'no'} |`;
        figures[key] = {
          others,
          samples: l.afterResponse.length,
          missed: l.missed,
          afterResponse: { p50: median(l.afterResponse), p95, max: Math.max(...l.afterResponse) },
          afterSend: {
            p50: median(l.afterSend),
            p95: percentile(l.afterSend, 95),
            max: Math.max(...l.afterSend),
          },
          roundTrip: { p50: median(roundTrips), p95: percentile(roundTrips, 95) },
        };
        console.log(rows[key]);
      });
    }
  } catch (e) {
    for (const port of [PORT_A, PORT_B])
      if (existsSync(serverLog(port)))
        console.error(
          `--- ${serverLog(port)}\n${readFileSync(serverLog(port), 'utf8').slice(-3000)}`,
        );
    throw e;
  } finally {
    await stop(a);
    if (b) await stop(b);
    await pg.end();
    if (!scratch && !reuse && args.get('keep') !== 'true') await dropDatabase(server.url, DATABASE);
    await server.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
  for (const port of [PORT_A, PORT_B]) rmSync(serverLog(port), { force: true });

  // Rows of earlier runs (other --only sets, other PostgreSQL servers) are kept.
  const resultsFile = join(ROOT, 'bench', 'results', 'write.json');
  const saved: Record<string, Record<string, unknown>> = existsSync(resultsFile)
    ? JSON.parse(readFileSync(resultsFile, 'utf8'))
    : {};
  const mine = (saved[label] ??= {});
  Object.assign(mine, rows);
  mine._figures = { ...(mine._figures as object), ...figures };
  mine._postgres = postgres;
  mine._summary = `PostgreSQL ${postgres}, ${version}, fsync ${settings.fsync}, synchronous_commit ${settings.synchronous_commit}; measured ${new Date().toISOString().slice(0, 10)} on ${sizes.organisations.toLocaleString('en')} organisations, ${sizes.projects.toLocaleString('en')} projects, ${sizes.participations.toLocaleString('en')} participations, ${sizes.commitments.toLocaleString('en')} commitments and ${sizes.audit.toLocaleString('en')} audit rows before the run; subscriptions to programme ${programme.code} (${programme.projects.toLocaleString('en')} projects)`;
  mkdirSync(dirname(resultsFile), { recursive: true });
  writeFileSync(resultsFile, JSON.stringify(saved, null, 2) + '\n');

  const labels = Object.keys(saved).sort();
  const pick = (keys: string[]) =>
    labels.flatMap((l) => keys.filter((k) => saved[l][k]).map((k) => saved[l][k] as string));
  writeSection(
    'write',
    `## Write path

Measured by \`npm run bench:write\` on ${machine()}, with the load generator on the same machine,
which is shared: each measurement starts once the machine is below 10 % busy (waiting up to
${QUIET_WAIT} s), is repeated (up to ${ATTEMPTS} times, the least disturbed kept) while other processes use
more than 10 % of it, and what they used is reported. The server is the built one (\`node dist/src/main.js\`, \`NODE_ENV=production\`, \`DB_POOL_SIZE=${POOL}\`) on a
synthetic network from \`npm run generate\` (seed ${SEED}):
${labels.map((l) => `- ${saved[l]._summary as string}.`).join('\n')}

**Recording commitments.** Every request records a new, valid commitment: \`recordCommitment\` as an
admin (API key), for a pair of synthetic projects and a kind drawn with a fixed seed, never one
that exists already. The server looks up the token, then runs one transaction (the two projects,
the commitment, its status-history row, its audit row and its change message in \`change_outbox\`),
and drains the outbox with \`pg_notify\` after the commit. ${CLIENTS} clients with autocannon, ${WARMUP} s of
warm-up, then ${SECONDS} s measured; latencies in ms, p95 computed from every response time. "ok" is an
HTTP 200 without \`errors\`; "rows added" counts commitments / history / audit rows (/ idempotency
records) in the database before and after, so it includes the up to ${CLIENTS} requests still in flight
when the clock stopped. "bare SQL" runs the same statements through \`pg\` alone, ${CLIENTS} workers on a
pool of ${POOL} connections, for ${BARE_SECONDS} s. CPU is read from \`/proc\`: the server process (for bare SQL, the
idle instance A, whose listener receives the messages), PostgreSQL (the backends of the benchmark
database and the cluster's own processes), and the load generator; "other processes" is what the rest of
the machine used meanwhile, as a share of all its cores. Clients that send their next request as
soon as the last is answered keep ${CLIENTS} requests in flight, so the mean latency is ${CLIENTS} ÷ throughput
(Little's law): ${((CLIENTS / 300) * 1000).toFixed(0)} ms at 300/s, so p95 ≤ 50 ms with ${CLIENTS} clients needs well over 300/s.

| what | PostgreSQL | clients | measured for | mutations/s | p50 | p95 | p99 | max | ok | errors | rows added | CPU ms per mutation: server / PostgreSQL / load generator | other processes' CPU | target | met |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${pick(['record', 'idem', 'bare', 'bare-notify', 'bare-none', 'bare-one']).join('\n')}

What the ${POOL} pooled connections doing the work (the server's, or the bare SQL's) did meanwhile,
sampled in \`pg_stat_activity\` every 100 ms, as the average number of connections at a time: running
a statement; waiting for the lock that a transaction which called \`pg_notify\` takes before its
commit and holds until the commit is on disk (one lock for the whole cluster, so such commits
happen one at a time); waiting for WAL; other waits; idle inside a transaction, that is, waiting
for the client's next statement; idle in the pool.

| run | PostgreSQL | running | NOTIFY commit lock | WAL | other waits | idle in transaction | idle |
| --- | --- | --- | --- | --- | --- | --- | --- |
${pick(['activity-record', 'activity-idem', 'activity-bare', 'activity-bare-notify', 'activity-bare-none', 'activity-bare-one']).join('\n')}

${labels
  .map((l) => analysis(saved[l]))
  .filter(Boolean)
  .join('\n\n')}

**Live updates.** Two server instances on the same database, a graphql-ws subscriber to
\`commitmentChanges(programme:)\` on each, and ${SAMPLES} commitments recorded one at a time on instance A
(after 20 not counted), each between two projects of the programme, waiting for both events before
the next. "response → event" runs from the moment the mutation's HTTP response has arrived to the
event's arrival (negative: the event came first); "sent → event" from the moment the request was
sent. Times in ms.

| subscriber | PostgreSQL | samples | response → event p50 | p95 | max | sent → event p50 | p95 | max | mutation round trip p50 | missed | other processes' CPU | target (p95) | met |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${pick(['subscribe-other', 'subscribe-same']).join('\n')}
`,
  );
  const dashboardRuns = labels.filter((l) => saved[l]['dashboard-rounds']);
  if (dashboardRuns.length)
    writeSection(
      'write-dashboard',
      `## Write path: what the dashboard's kept figures cost recordCommitment

\`npm run bench:write -- --only dashboard\` (bench/write.ts): the same server and database, ${CLIENTS}
clients, rounds of ${SECONDS} s of recordCommitment in turn with the triggers of
\`cooperation_commitment\` that keep the dashboard's figures (docs/dashboard.md, "Maintained
figures") disabled ("before": the write as it was without them) and enabled ("after"), each round
once the machine is quiet; afterwards the triggers are enabled again and \`dashboard_rebuild()\`
recounts. CPU in ms per mutation, from \`/proc\`: the server process and PostgreSQL.

${dashboardRuns
  .map(
    (l) => `${saved[l]._summary as string}.

| round | dashboard triggers | mutations/s | p50 ms | p95 ms | CPU server / PostgreSQL | other processes |
| --- | --- | --- | --- | --- | --- | --- |
${saved[l]['dashboard-rounds'] as string}

${saved[l]['dashboard-summary'] as string}`,
  )
  .join('\n\n')}
`,
    );
  console.log(`done in ${((performance.now() - startedAt) / 1000).toFixed(0)} s`);
}

/** Where the time of one recorded commitment goes, from a label's figures. */
function analysis(entry: Record<string, unknown>): string {
  type Figure = Run & { rate: number; p50: number; p95: number; statementsPerMutation?: number };
  const fig = (entry._figures ?? {}) as Record<string, Figure | undefined>;
  const r = fig.record;
  if (!r?.cpu || !r.activity) return '';
  const f = (n: number) => n.toFixed(1);
  const cores = cpus().length;
  const total = r.cpu.server + r.cpu.postgres + r.cpu.client;
  const act = r.activity;
  const lines = [
    `**Where the time goes, PostgreSQL ${entry._postgres as string}.** Over HTTP, one commitment took ${r.statementsPerMutation?.toFixed(1) ?? '?'} SQL statements (the token lookup, the write transaction, and its share of the outbox drains) and ${f(r.cpu.server)} ms of CPU in the server process, ${f(r.cpu.postgres)} ms in PostgreSQL and ${f(r.cpu.client)} ms in the load generator: ${f(total)} ms in all. On ${cores} cores that allows about ${((cores * 1000) / total).toFixed(0)} mutations/s at best, and the server's single Node.js thread, with a core to itself, about ${(1000 / r.cpu.server).toFixed(0)}/s; ${r.rate.toFixed(0)}/s were measured, while other processes used ${(r.cpu.others * 100).toFixed(0)} % of the machine.`,
    act['in transaction'] > act.running + act['notify lock'] + act.WAL
      ? `PostgreSQL was not what the requests waited for: on average ${f(act['in transaction'])} backends sat idle inside a transaction, waiting for the server's next statement, against ${f(act.running)} running, ${f(act['notify lock'])} waiting for NOTIFY's lock and ${f(act.WAL)} for WAL.`
      : `On average ${f(act.running)} backends were running, ${f(act['notify lock'])} waiting for NOTIFY's lock, ${f(act.WAL)} for WAL and ${f(act['in transaction'])} idle inside a transaction.`,
  ];
  const b = fig.bare;
  const n = fig['bare-notify'];
  const z = fig['bare-none'];
  const one = fig['bare-one'];
  if (b?.cpu)
    lines.push(
      `The same statements through bare \`pg\` reached ${b.rate.toFixed(0)}/s (p50 ${f(b.p50)} ms, p95 ${f(b.p95)} ms, ${f(b.cpu.postgres)} ms of PostgreSQL CPU each)${n ? `; with \`pg_notify\` inside every write, ${n.rate.toFixed(0)}/s (p95 ${f(n.p95)} ms, ${f(n.activity?.['notify lock'] ?? 0)} backends waiting for NOTIFY's lock on average)` : ''}${z ? `; with no change message at all, ${z.rate.toFixed(0)}/s (p95 ${f(z.p95)} ms)` : ''}${one?.cpu ? `; and with the whole write as one statement, ${one.rate.toFixed(0)}/s (p95 ${f(one.p95)} ms, ${f(one.cpu.postgres)} ms of PostgreSQL CPU each)` : ''}.`,
    );
  return lines.join(' ');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
