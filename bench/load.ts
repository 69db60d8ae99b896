/**
 * A mixed workload over HTTP: 50 clients for 60 s, 80 % reads (lists with nested fields, node
 * lookups, graph queries) and 20 % mutations (commitments, their status, participants), as an
 * admin and as municipal coordinators. Run twice: with rate limiting at the server's default,
 * and with it off (RATE_LIMIT_POINTS=0) for clean capacity figures.
 *
 *   npm run bench:load                   (embedded PostgreSQL 17 in a throw-away data directory)
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:load
 *   npm run bench:load -- --duration 10 --connections 20 --runs unlimited
 *   --organisations N --projects M --commitments C: size of the synthetic network (10000, 20000, 10000);
 *   --seed S (42); --runs limited,unlimited; --rate-limit-points N for the limited run (default:
 *   the server's own default); --timeout S (30): how long a client waits for an answer;
 *   --report-only writes the docs/benchmarks.md section again from bench/results/load.json
 *
 * Before each run the database is made anew by `npm run generate` (the real dataset plus a
 * seeded synthetic network) in a database of its own, dropped at the end; the embedded cluster is
 * durable (fsync on, as `npm start` runs it). The server is the built one, `NODE_ENV=production`,
 * with the environment passed through (so RATE_LIMIT_*, MAX_QUERY_COST, REQUEST_TIMEOUT_MS …
 * apply when set). Every request is drawn from the mix with a fixed seed; arguments are drawn
 * from the data with the same generator. Each mutation is valid when it is sent: a commitment
 * for a pair and kind that exists nowhere, a status move from the status last acknowledged with
 * the version last acknowledged, on a commitment no other request is changing, a participant not
 * yet in the project. Responses are classified by their body: ok (HTTP 200, data, no errors),
 * rate limited (HTTP 429 or RATE_LIMITED), or an error by extensions.code (or the HTTP status).
 * After each run every acknowledged write is looked up in the database.
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
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
import { Client } from 'pg';
import { unsafeUniformIntDistribution, xoroshiro128plus, type RandomGenerator } from 'pure-rand';
import { loadConfig } from '../src/config/app-config';
import { fromGlobalId, toGlobalId } from '../src/common/global-id';
import { dropDatabase, openDatabaseServer, withDatabase } from '../src/database/database-server';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { loadReadData, readTable, type PlannedRead, type ReadData } from './load-mix';
import {
  benchArgs,
  machine,
  machineCpuMs,
  percentile,
  processCpuMs,
  ROOT,
  writeSection,
} from './lib';

const args = benchArgs();
const arg = (k: string, d: string) => args.get(k) ?? d;
const DATABASE = arg('database', 'kuntaverkko_load');
const SEED = Number(arg('seed', '42'));
const CONNECTIONS = Number(arg('connections', '50'));
const DURATION = Number(arg('duration', '60'));
const ORGANISATIONS = arg('organisations', '10000');
const PROJECTS = arg('projects', '20000');
const COMMITMENTS = arg('commitments', String(Number(PROJECTS) / 2));
const RUNS = arg('runs', 'limited,unlimited').split(',');
const POOL = arg('pool', '10'); // the server's default DB_POOL_SIZE
// Longer than any server-side limit (statement timeout 5 s), so that the server's own timeouts decide.
const TIMEOUT = Number(arg('timeout', '30'));
const PORT = 3750;
const KINDS = ['KNOWLEDGE_SHARING', 'JOINT_DEVELOPMENT', 'REUSE_OF_RESULTS', 'JOINT_PROCUREMENT'];
const NOTE = 'SYNTHETIC: recorded by bench/load.ts';
/** Coordinators: the municipalities with the most real projects, each one token. */
const COORDINATORS = 4;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// The mutations; the reads are bench/load-mix.ts's, shared with bench:replicas.

const RECORD = `mutation($i: RecordCommitmentInput!) { recordCommitment(input: $i) { id status version provenance } }`;
const STATUS = `mutation($i: ChangeCommitmentStatusInput!) { changeCommitmentStatus(input: $i) { id status version } }`;
const ADD = `mutation($i: AddParticipantInput!) { addParticipant(input: $i) { id version participants { role } } }`;

// ---------------------------------------------------------------------------------------------
// The data the arguments are drawn from, and the state the mutations keep valid.

interface Token {
  id: number;
  token: string;
  name: string;
  /** Real projects a coordinator's municipality takes part in; empty for the admin. */
  own: number[];
}

/** A commitment that may be moved: its last acknowledged status and version. */
interface Movable {
  id: number;
  status: string;
  version: number;
  token: Token;
}

interface Data extends ReadData {
  /** Participants of each synthetic project, for addParticipant. */
  participants: Map<number, Set<number>>;
  usedPairs: Set<string>;
  movable: Movable[];
  admin: Token;
  coordinators: Token[];
}

/** What the server acknowledged, to be looked up in the database after the run. */
interface Acknowledged {
  recorded: { id: number; a: number; b: number; kind: string }[];
  moved: { id: number; to: string; version: number }[];
  added: { project: number; organisation: number }[];
}

interface Planned {
  op: string;
  mutation: boolean;
  body: { query: string; variables: Record<string, unknown> };
  token?: Token;
  /** Called with the response's data when it is ok. */
  ok?: (data: Record<string, unknown>) => void;
  /** Called for any other outcome; `known` when nothing was written (rate limited, or refused). */
  failed?: (known: boolean) => void;
}

const MOVES: Record<string, string[]> = {
  PROPOSED: ['ACTIVE', 'ACTIVE', 'ACTIVE', 'WITHDRAWN'],
  ACTIVE: ['FULFILLED', 'FULFILLED', 'LAPSED'],
};

class Mix {
  private readonly rng: RandomGenerator;
  private readonly reads: [number, string, () => PlannedRead][];
  private readonly writes: [number, string, () => Planned | null][];
  /** Commitments free to move, the admin's and the coordinators'; one being moved is taken out until its answer comes. */
  private readonly movable = { admin: [] as Movable[], coordinator: [] as Movable[] };

  constructor(
    private readonly d: Data,
    private readonly ack: Acknowledged,
    private readonly readShare = 0.8,
  ) {
    this.rng = xoroshiro128plus(SEED);
    for (const m of d.movable) this.free(m);
    // The read side of the mix (bench/load-mix.ts), drawn from the same generator.
    this.reads = readTable(
      d,
      (n) => this.int(n),
      (list) => this.pick(list),
    );
    // Weights in percent of all requests: they add up to 20.
    this.writes = [
      [7, 'recordCommitment (admin)', () => this.record(d.admin)],
      [4, 'recordCommitment (coordinator)', () => this.record(this.pick(d.coordinators))],
      [4, 'changeCommitmentStatus (admin)', () => this.move('admin')],
      [2, 'changeCommitmentStatus (coordinator)', () => this.move('coordinator')],
      [3, 'addParticipant (admin)', () => this.add()],
    ];
  }

  private int(n: number): number {
    return unsafeUniformIntDistribution(0, n - 1, this.rng);
  }

  private pick<T>(list: T[]): T {
    return list[this.int(list.length)];
  }

  private free(m: Movable): void {
    this.movable[m.token.own.length ? 'coordinator' : 'admin'].push(m);
  }

  private weighted<T>(table: [number, string, T][]): T {
    let x = this.int(table.reduce((s, [w]) => s + w, 0));
    for (const [w, , make] of table) {
      if (x < w) return make;
      x -= w;
    }
    return table[table.length - 1][2];
  }

  /** The next request: a read with probability readShare, else a mutation. */
  next(): Planned {
    if (this.int(1000) < this.readShare * 1000) return this.weighted(this.reads)();
    // Nothing to move yet (a coordinator's commitments come from this run): record one instead.
    return this.weighted(this.writes)() ?? this.record(this.pick(this.d.coordinators));
  }

  /** A commitment for a pair and kind that exists nowhere, not even in a request in flight. */
  private record(token: Token): Planned {
    for (;;) {
      const x = token.own.length ? this.pick(token.own) : this.pick(this.d.projects);
      const y = this.pick(this.d.projects);
      if (x === y) continue;
      const [a, b] = x < y ? [x, y] : [y, x];
      const kind = this.pick(KINDS);
      const key = `${a}:${b}:${kind}`;
      if (this.d.usedPairs.has(key)) continue;
      this.d.usedPairs.add(key);
      return {
        op: `recordCommitment (${token.own.length ? 'coordinator' : 'admin'})`,
        mutation: true,
        token,
        body: {
          query: RECORD,
          variables: {
            i: {
              project: toGlobalId('Project', x),
              otherProject: toGlobalId('Project', y),
              kind,
              note: NOTE,
            },
          },
        },
        ok: (data) => {
          const c = data.recordCommitment as { id: string; status: string; version: number };
          const id = fromGlobalId(c.id).id;
          this.ack.recorded.push({ id, a, b, kind });
          this.free({ id, status: c.status, version: c.version, token });
        },
      };
    }
  }

  /** A status move of a commitment nobody else is moving, from what was last acknowledged. */
  private move(whose: 'admin' | 'coordinator'): Planned | null {
    const free = this.movable[whose];
    if (free.length === 0) return null;
    // Taken out in O(1): the last one fills its place.
    const i = this.int(free.length);
    const m = free[i];
    free[i] = free[free.length - 1];
    free.pop();
    const to = this.pick(MOVES[m.status]);
    return {
      op: `changeCommitmentStatus (${m.token.own.length ? 'coordinator' : 'admin'})`,
      mutation: true,
      token: m.token,
      body: {
        query: STATUS,
        variables: {
          i: {
            commitment: toGlobalId('CooperationCommitment', m.id),
            status: to,
            version: m.version,
            reason: 'bench/load.ts',
          },
        },
      },
      ok: (data) => {
        const c = data.changeCommitmentStatus as { status: string; version: number };
        this.ack.moved.push({ id: m.id, to: c.status, version: c.version });
        if (MOVES[c.status]) this.free({ ...m, status: c.status, version: c.version });
      },
      // Unchanged when nothing was written; otherwise its state is unknown, so it is left alone.
      failed: (known) => {
        if (known) this.free(m);
      },
    };
  }

  /** An organisation joins a synthetic project it is not part of yet. */
  private add(): Planned {
    const project = this.pick(this.d.projects);
    const members = this.d.participants.get(project)!;
    let organisation: number;
    do organisation = this.pick(this.d.organisations);
    while (members.has(organisation));
    // Taken at once: a second request for the same pair would be a CONFLICT.
    members.add(organisation);
    return {
      op: 'addParticipant (admin)',
      mutation: true,
      token: this.d.admin,
      body: {
        query: ADD,
        variables: {
          i: {
            project: toGlobalId('Project', project),
            participant: {
              organisation: toGlobalId('Municipality', organisation),
              role: 'PARTNER',
            },
          },
        },
      },
      ok: () => this.ack.added.push({ project, organisation }),
      failed: (known) => {
        if (known) members.delete(organisation);
      },
    };
  }

  /** Each kind of request once, for checking that the mix is valid before the clock starts. */
  samples(): Planned[] {
    return [
      ...this.reads.map(([, , make]) => make()),
      ...this.writes.flatMap(([, , make]) => make() ?? []),
    ];
  }
}

// ---------------------------------------------------------------------------------------------

type Outcome =
  | { kind: 'ok'; data: Record<string, unknown> }
  | { kind: 'limited' }
  | { kind: 'error'; code: string };

/** ok, rate limited, or an error by extensions.code (else the HTTP status). */
function classify(status: number, text: string): Outcome {
  let json: {
    data?: Record<string, unknown> | null;
    errors?: { extensions?: { code?: string } }[];
  };
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    return status === 429 ? { kind: 'limited' } : { kind: 'error', code: `HTTP ${status}` };
  }
  const codes = (json.errors ?? []).map((e) => e.extensions?.code ?? 'no code');
  if (status === 429 || codes.includes('RATE_LIMITED')) return { kind: 'limited' };
  if (status === 200 && codes.length === 0 && json.data) return { kind: 'ok', data: json.data };
  return { kind: 'error', code: codes[0] ?? `HTTP ${status}` };
}

/** Errors that say the server refused the request before writing anything. */
const REFUSED = new Set([
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'RULE_VIOLATION',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'GRAPHQL_VALIDATION_FAILED',
  'QUERY_TOO_COMPLEX',
]);

interface OpStats {
  mutation: boolean;
  latencies: number[];
  ok: number;
  limited: number;
  errors: Record<string, number>;
}

interface Measured {
  seconds: number;
  ops: Record<string, OpStats>;
  /** Every response time (ms), by class. */
  all: number[];
  reads: number[];
  mutations: number[];
  /** Mutations sent but not answered when the clock stopped: they may or may not have been written. */
  mutationsInFlight: number;
  autocannon: {
    requests: number;
    p50: number;
    p90: number;
    p99: number;
    max: number;
    errors: number;
    timeouts: number;
  };
}

function drive(endpoint: string, mix: Mix): Promise<Measured> {
  const ops: Record<string, OpStats> = {};
  const all: number[] = [];
  const reads: number[] = [];
  const mutations: number[] = [];
  const inFlight = new Set<Planned>();
  interface Context {
    planned?: Planned;
    sent?: number;
  }
  return new Promise<Measured>((resolve, reject) => {
    autocannon(
      {
        url: endpoint,
        connections: CONNECTIONS,
        duration: DURATION,
        timeout: TIMEOUT,
        requests: [
          {
            method: 'POST',
            // The request is built just before it is written (autocannon calls this from
            // _doRequest), so the time taken here is when it is sent.
            setupRequest: (req, context: Context) => {
              const planned = mix.next();
              context.planned = planned;
              context.sent = performance.now();
              inFlight.add(planned);
              return {
                ...req,
                headers: {
                  'content-type': 'application/json',
                  ...(planned.token ? { authorization: `Bearer ${planned.token.token}` } : {}),
                },
                body: JSON.stringify(planned.body),
              };
            },
            onResponse: (status, text, context: Context) => {
              const planned = context.planned!;
              const ms = performance.now() - context.sent!;
              inFlight.delete(planned);
              const s = (ops[planned.op] ??= {
                mutation: planned.mutation,
                latencies: [],
                ok: 0,
                limited: 0,
                errors: {},
              });
              s.latencies.push(ms);
              all.push(ms);
              (planned.mutation ? mutations : reads).push(ms);
              const outcome = classify(status, text);
              if (outcome.kind === 'ok') {
                s.ok++;
                planned.ok?.(outcome.data);
              } else if (outcome.kind === 'limited') {
                s.limited++;
                planned.failed?.(true);
              } else {
                s.errors[outcome.code] = (s.errors[outcome.code] ?? 0) + 1;
                planned.failed?.(REFUSED.has(outcome.code));
              }
            },
          },
        ],
      },
      (err, r) => {
        if (err) return reject(err instanceof Error ? err : new Error(String(err)));
        resolve({
          seconds: r.duration,
          ops,
          all,
          reads,
          mutations,
          mutationsInFlight: [...inFlight].filter((p) => p.mutation).length,
          autocannon: {
            requests: r.requests.total,
            p50: r.latency.p50,
            p90: r.latency.p90,
            p99: r.latency.p99,
            max: r.latency.max,
            errors: r.errors,
            timeouts: r.timeouts,
          },
        });
      },
    );
  });
}

// ---------------------------------------------------------------------------------------------

async function loadData(
  pg: Client,
  tokens: { admin: Token; coordinators: Token[] },
): Promise<Data> {
  const reads = await loadReadData(pg);
  const { projects } = reads;
  const participants = new Map<number, Set<number>>(projects.map((id) => [id, new Set<number>()]));
  for (const r of (
    await pg.query(
      `SELECT project_id, organisation_id FROM participation pa JOIN project p ON p.id = pa.project_id WHERE p.synthetic`,
    )
  ).rows as { project_id: number; organisation_id: number }[])
    participants.get(r.project_id)!.add(r.organisation_id);
  const usedPairs = new Set(
    (
      await pg.query(`SELECT project_a_id, project_b_id, kind FROM cooperation_commitment`)
    ).rows.map(
      (r: { project_a_id: number; project_b_id: number; kind: string }) =>
        `${r.project_a_id}:${r.project_b_id}:${r.kind}`,
    ),
  );
  // The admin may move any commitment still open; the coordinators only their own, recorded in the run.
  const movable = (
    await pg.query(
      `SELECT id, status, version FROM cooperation_commitment WHERE status IN ('PROPOSED', 'ACTIVE') ORDER BY id`,
    )
  ).rows.map((r: { id: number; status: string; version: number }) => ({
    ...r,
    token: tokens.admin,
  }));
  return {
    ...reads,
    participants,
    usedPairs,
    movable,
    ...tokens,
  };
}

function issueToken(url: string, args: string[]): Token {
  const out = execFileSync(process.execPath, [join(ROOT, 'dist', 'scripts', 'token.js'), ...args], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: ['ignore', 'pipe', 'ignore'],
  })
    .toString()
    .trim();
  const id = Number(/^kvk_(\d+)_/.exec(out)?.[1]);
  if (!id) throw new Error(`npm run token gave no API key: ${out}`);
  return { id, token: out, name: args[args.indexOf('--name') + 1], own: [] };
}

async function issueTokens(
  url: string,
  pg: Client,
): Promise<{ admin: Token; coordinators: Token[] }> {
  const admin = issueToken(url, ['--role', 'admin', '--name', 'bench/load.ts admin']);
  const top = (
    await pg.query(
      `SELECT o.code, array_agg(p.id ORDER BY p.id) AS own FROM participation pa
         JOIN organisation o ON o.id = pa.organisation_id JOIN project p ON p.id = pa.project_id
        WHERE o.kind = 'MUNICIPALITY' AND NOT o.synthetic AND NOT p.synthetic
        GROUP BY o.code ORDER BY count(*) DESC, o.code LIMIT $1`,
      [COORDINATORS],
    )
  ).rows as { code: string; own: number[] }[];
  const coordinators = top.map((t) => ({
    ...issueToken(url, [
      '--role',
      'coordinator',
      '--municipality',
      t.code,
      '--name',
      `bench/load.ts coordinator ${t.code}`,
    ]),
    own: t.own,
  }));
  return { admin, coordinators };
}

/** Every acknowledged write, looked up: how many of each are in the database. */
async function verify(
  pg: Client,
  ack: Acknowledged,
  tokenIds: number[],
  auditBefore: number,
  inFlight: number,
) {
  const recorded = ack.recorded.length
    ? Number(
        (
          await pg.query(
            `SELECT count(*) AS n FROM unnest($1::int[], $2::int[], $3::int[], $4::text[]) AS w(id, a, b, kind)
               JOIN cooperation_commitment c ON c.id = w.id AND c.project_a_id = w.a AND c.project_b_id = w.b AND c.kind::text = w.kind
              WHERE EXISTS (SELECT 1 FROM commitment_status_change h WHERE h.commitment_id = c.id AND h.from_status IS NULL)`,
            [
              ack.recorded.map((r) => r.id),
              ack.recorded.map((r) => r.a),
              ack.recorded.map((r) => r.b),
              ack.recorded.map((r) => r.kind),
            ],
          )
        ).rows[0].n,
      )
    : 0;
  // Each acknowledged move has its history row, and the commitment is at least at that version.
  const moved = ack.moved.length
    ? Number(
        (
          await pg.query(
            `SELECT count(*) AS n FROM unnest($1::int[], $2::text[], $3::int[]) AS w(id, status, version)
               JOIN cooperation_commitment c ON c.id = w.id AND c.version >= w.version
              WHERE EXISTS (SELECT 1 FROM commitment_status_change h WHERE h.commitment_id = w.id AND h.to_status::text = w.status)`,
            [
              ack.moved.map((m) => m.id),
              ack.moved.map((m) => m.to),
              ack.moved.map((m) => m.version),
            ],
          )
        ).rows[0].n,
      )
    : 0;
  const added = ack.added.length
    ? Number(
        (
          await pg.query(
            `SELECT count(*) AS n FROM unnest($1::int[], $2::int[]) AS w(p, o)
               JOIN participation pa ON pa.project_id = w.p AND pa.organisation_id = w.o`,
            [ack.added.map((a) => a.project), ack.added.map((a) => a.organisation)],
          )
        ).rows[0].n,
      )
    : 0;
  const audit = Number(
    (
      await pg.query(
        `SELECT count(*) AS n FROM audit_event WHERE actor_token_id = ANY($1) AND id > $2`,
        [tokenIds, auditBefore],
      )
    ).rows[0].n,
  );
  return {
    recorded: { acknowledged: ack.recorded.length, found: recorded },
    moved: { acknowledged: ack.moved.length, found: moved },
    added: { acknowledged: ack.added.length, found: added },
    /** One audit row per acknowledged mutation, plus those in flight at the end that were written. */
    audit: {
      acknowledged: ack.recorded.length + ack.moved.length + ack.added.length,
      inFlight,
      rows: audit,
    },
  };
}

// ---------------------------------------------------------------------------------------------

const serverLog = join(tmpdir(), `kv-bench-load-${PORT}.log`);

function launch(url: string, env: Record<string, string | undefined>): ChildProcess {
  const log = openSync(serverLog, 'w');
  return spawn(process.execPath, [join(ROOT, 'dist', 'src', 'main.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: String(PORT),
      NODE_ENV: 'production',
      SEED_ON_START: 'false',
      DB_POOL_SIZE: POOL,
      NO_COLOR: '1',
      ...env,
    },
    stdio: ['ignore', log, log],
  });
}

async function ready(): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${PORT}/health/ready`)).ok) return;
    } catch {
      // not up yet
    }
    if (i > 600) throw new Error(`the server on port ${PORT} did not start`);
    await sleep(100);
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** CPU (ms) of the server, of PostgreSQL (this database's backends and the cluster's own), of this process, and the rest. */
class CpuMeter {
  private server = 0;
  private backends = new Map<number, number>();
  private self = process.cpuUsage();
  private machine = machineCpuMs();

  constructor(
    private readonly pg: Client,
    private readonly serverPid: number,
  ) {}

  private async backendPids(): Promise<number[]> {
    return (
      await this.pg.query(
        `SELECT pid FROM pg_stat_activity WHERE (datname = current_database() OR datname IS NULL) AND pid <> pg_backend_pid()`,
      )
    ).rows.map((r: { pid: number }) => r.pid);
  }

  async start(): Promise<void> {
    this.server = processCpuMs([this.serverPid]).get(this.serverPid) ?? 0;
    this.backends = processCpuMs(await this.backendPids());
    this.self = process.cpuUsage();
    this.machine = machineCpuMs();
  }

  async stop() {
    const self = process.cpuUsage(this.self);
    const now = machineCpuMs();
    const server = (processCpuMs([this.serverPid]).get(this.serverPid) ?? 0) - this.server;
    const pids = [...new Set([...this.backends.keys(), ...(await this.backendPids())])];
    let postgres = 0;
    for (const [pid, ms] of processCpuMs(pids)) postgres += ms - (this.backends.get(pid) ?? 0);
    const client = (self.user + self.system) / 1000;
    const total = now.total - this.machine.total;
    const busy = now.busy - this.machine.busy;
    return {
      ms: { server, postgres },
      server: server / total,
      postgres: postgres / total,
      loadGenerator: client / total,
      others: Math.max(0, busy - server - postgres - client) / total,
    };
  }
}

interface RunResult {
  run: string;
  rateLimit: string;
  seconds: number;
  requests: number;
  rps: number;
  ok: number;
  limited: number;
  errors: Record<string, number>;
  latency: Record<
    'all' | 'reads' | 'mutations',
    { n: number; p50: number; p90: number; p99: number; max: number }
  >;
  autocannon: Measured['autocannon'];
  ops: Record<
    string,
    {
      mutation: boolean;
      n: number;
      ok: number;
      limited: number;
      errors: Record<string, number>;
      p50: number;
      p99: number;
      max: number;
      /** Median time of the same kind of request sent alone before the run. */
      alone: number;
    }
  >;
  /** CPU ms per answered request: the server process, and PostgreSQL. */
  cpuPerRequest: { server: number; postgres: number };
  writes: Awaited<ReturnType<typeof verify>>;
  /** Share of the machine's CPU (all cores) during the run. */
  cpu: Awaited<ReturnType<CpuMeter['stop']>>;
  sizes: Record<string, number>;
}

const summary = (values: number[]) => ({
  n: values.length,
  p50: percentile(values, 50),
  p90: percentile(values, 90),
  p99: percentile(values, 99),
  max: values.length ? Math.max(...values) : NaN,
});

async function oneRun(serverUrl: string, run: string): Promise<RunResult> {
  const url = withDatabase(serverUrl, DATABASE);
  execFileSync(
    process.execPath,
    [
      join(ROOT, 'dist', 'scripts', 'generate.js'),
      '--organisations',
      ORGANISATIONS,
      '--projects',
      PROJECTS,
      '--commitments',
      COMMITMENTS,
      '--seed',
      String(SEED),
      '--database',
      DATABASE,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DATABASE_URL: serverUrl } },
  );
  const pg = new Client({ connectionString: url });
  await pg.connect();
  const rateLimit =
    run === 'unlimited' ? '0' : (args.get('rate-limit-points') ?? process.env.RATE_LIMIT_POINTS);
  const server = launch(url, { RATE_LIMIT_POINTS: rateLimit });
  try {
    const tokens = await issueTokens(url, pg);
    const data = await loadData(pg, tokens);
    const sizes = (
      await pg.query(`SELECT (SELECT count(*) FROM organisation)::int AS organisations, (SELECT count(*) FROM project)::int AS projects,
        (SELECT count(*) FROM participation)::int AS participations, (SELECT count(*) FROM cooperation_commitment)::int AS commitments`)
    ).rows[0] as Record<string, number>;
    await ready();
    const endpoint = `http://127.0.0.1:${PORT}/graphql`;
    const ack: Acknowledged = { recorded: [], moved: [], added: [] };
    const mix = new Mix(data, ack);

    // Every kind of request three times, one at a time: a mix that does not work is found before
    // the clock starts (a rate limited answer is no failure here), and the times show what a
    // request takes with no queue in front of it.
    const alone: Record<string, number[]> = {};
    // Built round by round, so that the later rounds can move what the first recorded.
    for (let round = 0; round < 3; round++)
      for (const planned of mix.samples()) {
        const t0 = performance.now();
        const res = await fetch(endpoint, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(planned.token ? { authorization: `Bearer ${planned.token.token}` } : {}),
          },
          body: JSON.stringify(planned.body),
        });
        const text = await res.text();
        (alone[planned.op] ??= []).push(performance.now() - t0);
        const outcome = classify(res.status, text);
        if (outcome.kind === 'error')
          throw new Error(
            `${planned.op} failed before the run: ${text.slice(0, 1000)} for ${JSON.stringify(planned.body)}`,
          );
        if (outcome.kind === 'ok') planned.ok?.(outcome.data);
        else planned.failed?.(true);
      }
    const auditBefore = Number(
      (await pg.query(`SELECT coalesce(max(id), 0) AS n FROM audit_event`)).rows[0].n,
    );
    ack.recorded.length = ack.moved.length = ack.added.length = 0;

    console.log(
      `${run}: ${CONNECTIONS} connections for ${DURATION} s, RATE_LIMIT_POINTS=${rateLimit ?? '(server default)'}`,
    );
    const meter = new CpuMeter(pg, server.pid!);
    await meter.start();
    const m = await drive(endpoint, mix);
    const cpu = await meter.stop();
    await sleep(2000); // requests in flight when the clock stopped
    const writes = await verify(
      pg,
      ack,
      [tokens.admin, ...tokens.coordinators].map((t) => t.id),
      auditBefore,
      m.mutationsInFlight,
    );

    const errors: Record<string, number> = {};
    let ok = 0;
    let limited = 0;
    const ops: RunResult['ops'] = {};
    for (const [name, s] of Object.entries(m.ops).sort(([a], [b]) => a.localeCompare(b))) {
      ok += s.ok;
      limited += s.limited;
      for (const [code, n] of Object.entries(s.errors)) errors[code] = (errors[code] ?? 0) + n;
      const l = summary(s.latencies);
      ops[name] = {
        mutation: s.mutation,
        n: l.n,
        ok: s.ok,
        limited: s.limited,
        errors: s.errors,
        p50: l.p50,
        p99: l.p99,
        max: l.max,
        alone: percentile(alone[name] ?? [], 50),
      };
    }
    if (m.autocannon.errors) errors['no response (socket error or timeout)'] = m.autocannon.errors;
    return {
      run,
      rateLimit: rateLimit ?? 'server default',
      seconds: m.seconds,
      requests: m.all.length,
      rps: m.all.length / m.seconds,
      ok,
      limited,
      errors,
      cpuPerRequest: {
        server: cpu.ms.server / m.all.length,
        postgres: cpu.ms.postgres / m.all.length,
      },
      latency: { all: summary(m.all), reads: summary(m.reads), mutations: summary(m.mutations) },
      autocannon: m.autocannon,
      ops,
      writes,
      cpu,
      sizes,
    };
  } catch (e) {
    if (existsSync(serverLog))
      console.error(`--- ${serverLog}\n${readFileSync(serverLog, 'utf8').slice(-3000)}`);
    throw e;
  } finally {
    await stop(server);
    await pg.end();
  }
}

interface Settings {
  connections: number;
  duration: number;
  seed: number;
  /** ISO date of the measurement. */
  measuredOn: string;
}

function report(results: RunResult[], context: string, settings: Settings): string {
  const { connections, duration, seed, measuredOn } = settings;
  const f = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '–');
  const pct = (n: number) => `${(n * 100).toFixed(0)} %`;
  const lat = (l: RunResult['latency']['all']) =>
    `${f(l.p50)} / ${f(l.p90)} / ${f(l.p99)} / ${f(l.max)}`;
  const codes = (c: Record<string, number>) =>
    Object.entries(c)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ') || '0';
  const writes = (w: RunResult['writes']) =>
    `${w.recorded.found} / ${w.recorded.acknowledged} recorded, ${w.moved.found} / ${w.moved.acknowledged} moved, ${w.added.found} / ${w.added.acknowledged} added; ${w.audit.rows} audit rows for ${w.audit.acknowledged} acknowledged and ${w.audit.inFlight} unanswered`;
  const rows = results.map(
    (r) =>
      `| ${r.run === 'unlimited' ? 'rate limiting off' : 'rate limiting on'} (RATE_LIMIT_POINTS ${r.rateLimit}) | ${f(r.seconds)} s | ${r.requests} | ${f(r.rps)} | ${r.ok} | ${r.limited} | ${codes(r.errors)} | ${lat(r.latency.all)} | ${lat(r.latency.reads)} | ${lat(r.latency.mutations)} | ${writes(r.writes)} | ${pct(r.cpu.server)} / ${pct(r.cpu.postgres)} / ${pct(r.cpu.loadGenerator)} | ${f(r.cpuPerRequest.server)} / ${f(r.cpuPerRequest.postgres)} | ${pct(r.cpu.others)} |`,
  );
  const clean = results.find((r) => r.run === 'unlimited') ?? results[results.length - 1];
  const cores = cpus().length;
  const perRequest = (r: RunResult) => r.cpuPerRequest.server + r.cpuPerRequest.postgres;
  const busiest = Math.max(...results.map((r) => r.cpu.others));
  const [slowest, slowestOp] = Object.entries(clean.ops)
    .filter(([, o]) => Number.isFinite(o.alone))
    .reduce((a, b) => (b[1].alone > a[1].alone ? b : a));
  const unavailable = results.some((r) => r.errors.SERVICE_UNAVAILABLE)
    ? `\`SERVICE_UNAVAILABLE\` is what the server answers when it gets no database connection: PostgreSQL refused or
dropped one, or the request waited more than 5 s for one of the ${POOL} pooled connections (pg-pool's
\`connectionTimeoutMillis\`, src/database/data-source.ts; mapped in src/common/errors.ts). Which of these it was is
not logged; the pool wait is the likely one, as these came while other requests took 10 s and more. `
    : '';
  const limitedRun = results.find((r) => r.run === 'limited');
  const noneLimited =
    limitedRun && limitedRun.limited === 0
      ? `In the run with rate limiting at its default, no request was rate limited: the server had no limit then, or the default was not reached. `
      : '';
  const opRows = Object.entries(clean.ops).map(
    ([name, o]) =>
      `| ${name} | ${o.mutation ? 'mutation' : 'read'} | ${o.n} | ${o.ok} | ${o.limited} | ${codes(o.errors)} | ${f(o.p50)} | ${f(o.p99)} | ${f(o.max)} | ${f(o.alone)} |`,
  );
  return `## Mixed load

Measured by \`npm run bench:load\` on ${measuredOn}: ${context}.

**Workload.** ${connections} clients (autocannon connections), each sending its next request as soon as the last is
answered, for ${duration} s. Every request is drawn from one mix with seed ${seed}: 80 % reads (pages of projects and
municipalities with nested participants, regions and topics; \`node\` and \`project\` lookups; partnersOfPartners
at depth 2 and 3, collaborationPath, similarProjects, recommendedPartners, priorWork, sharedTopics, network of one
programme in one region, cooperationGaps of the real programme: on a synthetic programme of 2,500 projects it
compares every pair and ran past the 5 s statement timeout (\`TIMEOUT\`) even alone) and 20 % mutations (recordCommitment as the admin
and as coordinators of the ${COORDINATORS} municipalities with the most real projects, changeCommitmentStatus of open
commitments, addParticipant), arguments drawn from the data. Each mutation is valid when sent: a new pair and kind,
a status move from the last acknowledged status and version of a commitment no other request is moving, a new
participant. The database is generated anew before each run. A response is ok (HTTP 200 with data and no errors),
rate limited (HTTP 429 or \`RATE_LIMITED\`) or an error, counted by \`extensions.code\` (else the HTTP status).
Latencies (ms) are timed per request from the moment autocannon writes it to the moment its response is complete,
so that reads and mutations get percentiles of their own while sharing the same ${connections} connections (two
autocannon instances, 40 and 10 connections, would fix the share of connections instead of the share of
requests). "Writes found" looks up every acknowledged mutation in the database after the run (found /
acknowledged), and counts the audit rows written by the run's tokens: one for each acknowledged mutation, plus
one for each of those still unanswered when the clock stopped that the server completed. CPU is the share of the whole machine (all cores) used by the server, by PostgreSQL (this
database's backends and the cluster's own processes) and by the load generator; "others" is what the rest of the
machine used meanwhile.

| run | measured for | requests | requests/s | ok | rate limited | errors | all p50 / p90 / p99 / max | reads p50 / p90 / p99 / max | mutations p50 / p90 / p99 / max | writes found | CPU: server / PostgreSQL / load generator | CPU ms per request: server / PostgreSQL | other processes' CPU |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}

${
  busiest > 0.1
    ? `**A busy machine.** Other processes used up to ${pct(busiest)} of the machine during these runs, so the
server and PostgreSQL got a small part of it and requests waited in queues: the throughput and latencies above
are those of a shared machine, not of the server; re-run on a quiet machine for capacity figures. `
    : ''
}${unavailable}${noneLimited}The CPU each request cost does not depend on the queue as much: with rate limiting off, ${f(perRequest(clean))} ms
per request in the server and PostgreSQL together, which on ${cores} idle cores allows about
${((cores * 1000) / perRequest(clean)).toFixed(0)} requests/s at best, and the server's single Node.js thread
about ${(1000 / clean.cpuPerRequest.server).toFixed(0)}/s. "Alone" below is what each kind of request took
sent on its own just before the run, for comparison with its time under load; the slowest alone was ${slowest}
(${f(slowestOp.alone)} ms).

By kind of request, ${clean.run === 'unlimited' ? 'with rate limiting off' : `run "${clean.run}"`} (ms):

| request | class | count | ok | rate limited | errors | p50 | p99 | max | alone, before the run (median of 3) |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${opRows.join('\n')}

Run it with \`npm run bench:load\` (embedded PostgreSQL 17, fsync on) or with \`DATABASE_URL=…\`; \`-- --duration 10\`
for a quick run, \`--runs unlimited\` for one run, \`--rate-limit-points N\` for the limited run. Raw figures go to
\`bench/results/load.json\`; \`--report-only\` writes this section again from them.`;
}

const RESULTS_FILE = join(ROOT, 'bench', 'results', 'load.json');

async function main() {
  if (args.get('report-only') === 'true') {
    // Writes the section again from the saved figures, after a change to its wording.
    const saved = JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as Partial<Settings> & {
      context: string;
      runs: RunResult[];
    };
    writeSection(
      'load',
      report(saved.runs, saved.context, {
        connections: saved.connections ?? CONNECTIONS,
        duration: saved.duration ?? DURATION,
        seed: saved.seed ?? SEED,
        measuredOn: saved.measuredOn ?? new Date().toISOString().slice(0, 10),
      }),
    );
    return;
  }
  const config = loadConfig();
  // Without DATABASE_URL: a durable embedded PostgreSQL in a throw-away data directory.
  const scratch = config.DATABASE_URL ? undefined : mkdtempSync(join(tmpdir(), 'kv-bench-load-'));
  const server = scratch
    ? await startEmbeddedPostgres({ dataDir: scratch }).then((e) => ({
        url: e.url,
        embedded: true,
        stop: () => e.stop(),
      }))
    : await openDatabaseServer({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  const startedAt = performance.now();
  const results: RunResult[] = [];
  let context = '';
  try {
    for (const run of RUNS) {
      if (run !== 'limited' && run !== 'unlimited')
        throw new Error(`--runs takes limited and unlimited, not ${run}`);
      results.push(await oneRun(server.url, run));
      console.log(JSON.stringify({ ...results[results.length - 1], ops: undefined }, null, 2));
    }
    const pg = new Client({ connectionString: withDatabase(server.url, DATABASE) });
    await pg.connect();
    const version = String((await pg.query(`SHOW server_version`)).rows[0].server_version);
    const fsync = String((await pg.query(`SHOW fsync`)).rows[0].fsync);
    const syncCommit = String(
      (await pg.query(`SHOW synchronous_commit`)).rows[0].synchronous_commit,
    );
    await pg.end();
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT })
      .toString()
      .trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      cwd: ROOT,
    })
      .toString()
      .trim();
    const s = results[0].sizes;
    context = `${machine()}, the load generator on the same machine; PostgreSQL ${version} (${server.embedded ? 'embedded' : 'DATABASE_URL'}), fsync ${fsync}, synchronous_commit ${syncCommit}; the built server (\`NODE_ENV=production\`, \`DB_POOL_SIZE=${POOL}\`) at commit ${commit}${dirty ? ' with local changes' : ''}; ${s.organisations.toLocaleString('en')} organisations, ${s.projects.toLocaleString('en')} projects, ${s.participations.toLocaleString('en')} participations and ${s.commitments.toLocaleString('en')} commitments (the real dataset and \`npm run generate\` with seed ${SEED})`;
    const settings: Settings = {
      connections: CONNECTIONS,
      duration: DURATION,
      seed: SEED,
      measuredOn: new Date().toISOString().slice(0, 10),
    };
    mkdirSync(dirname(RESULTS_FILE), { recursive: true });
    writeFileSync(
      RESULTS_FILE,
      JSON.stringify({ context, ...settings, runs: results }, null, 2) + '\n',
    );
    writeSection('load', report(results, context, settings));
  } finally {
    if (!scratch) await dropDatabase(server.url, DATABASE);
    await server.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
  rmSync(serverLog, { force: true });
  console.log(`done in ${((performance.now() - startedAt) / 1000).toFixed(0)} s`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
