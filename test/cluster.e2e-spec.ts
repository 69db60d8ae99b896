import { request } from 'node:http';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { withDatabase } from '../src/database/database-server';
import { freePort } from './support/replication';
import { CLUSTER, startServer, type ServerProcess } from './support/server-process';
import { createTestDatabase, type TestDatabase } from './support/test-app';

/**
 * `npm run start:cluster` (src/cluster.ts): WEB_CONCURRENCY workers on one port, and SIGTERM
 * on the primary draining them all (docs/scaling.md, "Several instances").
 */
jest.setTimeout(120_000);

interface Answer {
  status: number;
  body: string;
}

/** One request on a connection of its own (no keep-alive), so each is handed to a worker anew. */
function send(port: number, method: 'GET' | 'POST', path: string, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent: false,
        headers: body ? { 'content-type': 'application/json' } : {},
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const graphql = (port: number, query: string) =>
  send(port, 'POST', '/graphql', JSON.stringify({ query }));

async function until(what: string, check: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`never: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The parent pid of a process (field 4 of /proc/<pid>/stat). */
function parentOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm run start:cluster: two workers on one port', () => {
  let db: TestDatabase;
  let server: ServerProcess;
  let port: number;
  let pids: number[];

  beforeAll(async () => {
    db = await createTestDatabase({ seeded: true });
    port = await freePort();
    server = await startServer(
      {
        DATABASE_URL: db.url,
        SEED_ON_START: 'false',
        PORT: String(port),
        WEB_CONCURRENCY: '2',
        RATE_LIMIT_POINTS: '0',
        GRAPH_ENGINE: 'sql',
        // The drain test holds a request on a lock: no budget may end it first.
        REQUEST_TIMEOUT_MS: '120000',
        STATEMENT_TIMEOUT_MS: '120000',
      },
      120_000,
      'node',
      { script: CLUSTER },
    );
    const shared = /2 workers \(pids (\d+), (\d+)\) share http:\/\/localhost:(\d+)\/graphql/;
    await until('both workers listen', () => shared.test(server.output()));
    const [, a, b, at] = shared.exec(server.output())!;
    expect(Number(at)).toBe(port);
    pids = [Number(a), Number(b)];
  }, 180_000);

  afterAll(async () => {
    await server?.stop('SIGKILL');
    for (const pid of pids ?? []) if (alive(pid)) process.kill(pid, 'SIGKILL');
    await db?.drop();
  });

  it('answers on one port from both worker processes, and /metrics has every worker’s figures by pid', async () => {
    expect(pids[0]).not.toBe(pids[1]);
    for (const pid of pids) expect(parentOf(pid)).toBe(server.child.pid);
    const [{ n: programmes }] = await db.sql<{ n: number }>(
      'SELECT count(*)::int AS n FROM programme',
    );
    const sent = 10;
    for (let i = 0; i < sent; i++) {
      const res = await graphql(port, 'query ClusterProbe { programmes { totalCount } }');
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body)).toEqual({ data: { programmes: { totalCount: programmes } } });
    }
    // Whichever worker takes the scrape, it answers with both workers' samples.
    for (let scrape = 0; scrape < 2; scrape++) {
      const metrics = await send(port, 'GET', '/metrics');
      expect(metrics.status).toBe(200);
      const byPid = new Map<number, number>();
      for (const line of metrics.body.split('\n')) {
        const m =
          /^kuntaverkko_graphql_requests_total\{operation="ClusterProbe",type="query",pid="(\d+)"\} (\d+)$/.exec(
            line,
          );
        if (m) byPid.set(Number(m[1]), Number(m[2]));
      }
      expect([...byPid.keys()].sort()).toEqual([...pids].sort());
      for (const n of byPid.values()) expect(n).toBeGreaterThan(0);
      expect([...byPid.values()].reduce((s, n) => s + n, 0)).toBe(sent);
    }
  });

  it('SIGTERM on the primary drains every worker: the request in flight is answered, new connections are refused, all exit 0', async () => {
    // A direct connection (db.url may be a pooler's): the lock is held by this session.
    const direct = process.env.TEST_PG_ADMIN_URL || process.env.TEST_PG_SERVER_URL!;
    const locker = new Client({ connectionString: withDatabase(direct, db.name) });
    locker.on('error', () => undefined);
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE project IN ACCESS EXCLUSIVE MODE');
    const inFlight = graphql(port, '{ projects(first: 3) { totalCount edges { node { id } } } }');
    await until('the request waits on the lock', async () => {
      const { rows } = await locker.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      return rows[0].n >= 1;
    });
    const exited = new Promise<number | null>((resolve) =>
      server.child.once('exit', (code) => resolve(code)),
    );
    server.child.kill('SIGTERM');
    await until(
      'both workers drain, one with the request in flight',
      () =>
        (server.output().match(/SIGTERM: shutting down/g) ?? []).length >= 2 &&
        /waiting for 1 request\(s\) in flight/.test(server.output()),
    );
    // Every worker has stopped listening: the port takes no new connection.
    await until('the port refuses connections', () =>
      send(port, 'GET', '/health/live').then(
        () => false,
        (e: NodeJS.ErrnoException) => e.code === 'ECONNREFUSED',
      ),
    );
    expect(server.child.exitCode).toBeNull(); // still waiting for its worker's request

    await locker.query('COMMIT');
    await locker.end();
    const res = await inFlight;
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body) as { data?: { projects: { totalCount: number } } };
    expect(body.data!.projects.totalCount).toBeGreaterThan(0);
    expect(await exited).toBe(0);
    expect(pids.filter(alive)).toEqual([]);
    expect(server.output()).toMatch(/SIGTERM: draining 2 worker\(s\)/);
  });
});
