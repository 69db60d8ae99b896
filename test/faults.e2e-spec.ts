import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ensureDatabase, withDatabase } from '../src/database/database-server';
import { freePort, runningEmbeddedServer } from '../src/database/embedded-postgres';
import { OwnPostgres, startOwnPostgres } from './support/own-postgres';
import { ServerProcess, startServer } from './support/server-process';
import { expectErrorCode, GraphQLResponse, postGraphQL, TestDatabase } from './support/test-app';
import { issueTestToken } from './support/tokens';
import { readDataset } from '../src/seed/dataset-files';

/** The real dataset's projects, as data/ has them. */
const REAL_PROJECTS = readDataset().projects.length;

/**
 * Faults on a PostgreSQL of the test's own (never the shared test server):
 * stopped and restarted, killed with -9 under write load, and the server's own
 * graceful shutdown with a request in flight.
 */

const PROJECTS = `query Projects { projects(first: 100) { totalCount edges { node { id } } } }`;
const RECORD = `mutation Record($i: RecordCommitmentInput!) { recordCommitment(input: $i) { id } }`;
const KINDS = ['KNOWLEDGE_SHARING', 'JOINT_DEVELOPMENT', 'REUSE_OF_RESULTS', 'JOINT_PROCUREMENT'];

async function waitFor<T>(read: () => Promise<T>, done: (v: T) => boolean, ms = 60_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read().catch((e: unknown) => e as T);
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting; last: ${String(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Resolves with the error code of a TCP connect to the port, or 'CONNECTED'. */
function tryConnect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve('CONNECTED');
    });
    socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'ERROR'));
  });
}

/** A TestDatabase on a plain client, enough for issueTestToken. */
function sqlOn(client: Client, url: string): TestDatabase {
  return {
    name: 'kuntaverkko',
    url,
    sql: async <T>(text: string, params?: unknown[]) =>
      (await client.query(text, params)).rows as T[],
    drop: () => Promise.resolve(),
  };
}

describe('faults: the database goes away and comes back', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kuntaverkko-faults-'));
  let port: number;
  let pg: OwnPostgres;
  let appUrl: string;
  let app: ServerProcess;

  beforeAll(async () => {
    port = await freePort();
    pg = await startOwnPostgres(dataDir, port);
    await ensureDatabase(pg.url, 'kuntaverkko');
    appUrl = withDatabase(pg.url, 'kuntaverkko');
    // The server migrates and seeds this database itself (SEED_ON_START defaults to true).
    app = await startServer({ DATABASE_URL: appUrl, REQUEST_TIMEOUT_MS: '30000' }, 120_000);
  }, 180_000);

  afterAll(async () => {
    await app?.stop('SIGKILL');
    await pg?.stop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('stays up with the database stopped, says so, and recovers by itself', async () => {
    expect((await postGraphQL(app.baseUrl, PROJECTS)).data!.projects.totalCount).toBe(
      REAL_PROJECTS,
    );

    await pg.stop();
    expect(await tryConnect(port)).toBe('ECONNREFUSED');

    const read = await postGraphQL(app.baseUrl, PROJECTS);
    expect(read.status).toBe(200); // GraphQL over HTTP: the error is in the body
    expectErrorCode(read, 'SERVICE_UNAVAILABLE');
    const ready = await fetch(`${app.baseUrl}/health/ready`);
    expect(ready.status).toBe(503);
    const body = await ready.text();
    expect(JSON.parse(body)).toMatchObject({
      status: 'error',
      details: { database: { status: 'down', message: 'the database does not answer' } },
    });
    // The driver's words (ECONNREFUSED 127.0.0.1:<port>) would tell anyone where the database is.
    expect(body).not.toContain(String(port));
    expect(body).not.toMatch(/127\.0\.0\.1|ECONN|localhost/);
    expect((await fetch(`${app.baseUrl}/health/live`)).status).toBe(200);
    expect(app.child.exitCode).toBeNull();

    pg = await startOwnPostgres(dataDir, port);
    await waitFor(
      () => fetch(`${app.baseUrl}/health/ready`).then((r) => r.status),
      (s) => s === 200,
    );
    const again = await waitFor(
      () => postGraphQL(app.baseUrl, PROJECTS),
      (r) => r.errors === undefined,
    );
    expect(again.data!.projects.totalCount).toBe(REAL_PROJECTS);

    // The live-update listener has its own connection: it is back too, without a restart.
    const admin = new Client({ connectionString: appUrl });
    await admin.connect();
    try {
      await waitFor(
        async () =>
          (
            await admin.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM pg_stat_activity
               WHERE datname = current_database() AND pid <> pg_backend_pid()
                 AND (query LIKE 'LISTEN %' OR query LIKE 'WITH batch AS%')`,
            )
          ).rows[0].n,
        (n) => n >= 1,
      );
    } finally {
      await admin.end();
    }
    expect(app.child.exitCode).toBeNull();
  }, 180_000);

  it('loses no acknowledged commitment when the database is killed under write load', async () => {
    const client = new Client({ connectionString: appUrl });
    await client.connect();
    const { token } = await issueTestToken(sqlOn(client, appUrl), { role: 'ADMIN' });
    await client.end();
    const projects = (await postGraphQL(app.baseUrl, PROJECTS)).data!.projects.edges.map(
      (e: any) => e.node.id as string,
    );
    // Every pair of projects and kind once: no write can clash with another.
    const inputs: Record<string, string>[] = [];
    for (let a = 0; a < projects.length; a++)
      for (let b = a + 1; b < projects.length; b++)
        for (const kind of KINDS)
          inputs.push({ project: projects[a], otherProject: projects[b], kind });

    const acknowledged: string[] = [];
    const failed = new Map<string, number>();
    let next = 0;
    let stop = false;
    let phase: 'before' | 'down' | 'after' = 'before';
    let ackedAfter = 0;
    const worker = async () => {
      while (!stop && next < inputs.length) {
        const n = next++;
        const note = `fault-load-${n}`;
        let res: GraphQLResponse;
        try {
          res = await postGraphQL(app.baseUrl, RECORD, { i: { ...inputs[n], note } }, token);
        } catch (e) {
          failed.set(`HTTP ${String(e)}`, (failed.get(`HTTP ${String(e)}`) ?? 0) + 1);
          continue;
        }
        if (res.status === 200 && !res.errors && res.data?.recordCommitment?.id) {
          acknowledged.push(note);
          if (phase === 'after') ackedAfter++;
        } else {
          const code = String(res.errors?.[0]?.extensions?.code ?? `HTTP ${res.status}`);
          failed.set(code, (failed.get(code) ?? 0) + 1);
        }
      }
    };
    const workers = Array.from({ length: 12 }, () => worker());

    await waitFor(
      () => Promise.resolve(acknowledged.length),
      (n) => n >= 30,
    );
    pg.kill();
    phase = 'down';
    await waitFor(
      () => tryConnect(port),
      (c) => c === 'ECONNREFUSED',
    );
    pg = await startOwnPostgres(dataDir, port); // crash recovery replays the WAL
    phase = 'after';
    await waitFor(
      () => Promise.resolve(ackedAfter),
      (n) => n >= 30,
      90_000,
    );
    stop = true;
    await Promise.all(workers);

    const check = new Client({ connectionString: appUrl });
    await check.connect();
    try {
      const present = await check.query<{ note: string }>(
        'SELECT note FROM cooperation_commitment WHERE note = ANY($1)',
        [acknowledged],
      );
      const found = new Set(present.rows.map((r) => r.note));
      const lost = acknowledged.filter((note) => !found.has(note));
      console.log(
        `fault load: ${acknowledged.length} acknowledged (all present: ${lost.length === 0}), ` +
          `failed by code: ${JSON.stringify(Object.fromEntries(failed))}`,
      );
      expect(lost).toEqual([]);
    } finally {
      await check.end();
    }
    // Writes that failed while the database was gone said so, and nothing else
    // (on failure, the server's log of its unexpected errors is shown too).
    const codes = [...failed.keys()].filter((code) => code !== 'SERVICE_UNAVAILABLE');
    const unexpected = app
      .output()
      .split('\n')
      .filter((l) => l.includes('"context":"GraphQL"'))
      .map((l) => String((JSON.parse(l) as { msg?: unknown }).msg).slice(0, 400));
    expect({ codes, log: codes.length > 0 ? unexpected : [] }).toEqual({ codes: [], log: [] });
    expect(app.child.exitCode).toBeNull();
  }, 240_000);
});

describe('faults: graceful shutdown on SIGTERM (embedded PostgreSQL)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kuntaverkko-shutdown-'));
  let app: ServerProcess;

  afterAll(async () => {
    await app?.stop('SIGKILL');
    // Only if the test failed before the server stopped it.
    const left = await runningEmbeddedServer(dataDir).catch(() => null);
    if (left) {
      const pid = Number(
        readFileSync(join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0],
      );
      process.kill(pid, 'SIGINT');
    }
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('finishes the request in flight, refuses new connections, exits 0 and stops PostgreSQL', async () => {
    // Long budgets, so that only the test decides when the blocked request ends.
    app = await startServer(
      { DATA_DIR: dataDir, REQUEST_TIMEOUT_MS: '120000', STATEMENT_TIMEOUT_MS: '120000' },
      120_000,
    );
    const serverUrl = await runningEmbeddedServer(dataDir);
    expect(serverUrl).not.toBeNull();
    const pgPort = Number(new URL(serverUrl!).port);
    const dbUrl = withDatabase(serverUrl!, 'kuntaverkko');
    const locker = new Client({ connectionString: dbUrl });
    locker.on('error', () => undefined); // the server goes away at the end
    await locker.connect();
    const { token } = await issueTestToken(sqlOn(locker, dbUrl), { role: 'ADMIN' });
    const projects = (await postGraphQL(app.baseUrl, PROJECTS)).data!.projects.edges.map(
      (e: any) => e.node.id as string,
    );

    await locker.query('BEGIN');
    await locker.query('LOCK TABLE cooperation_commitment IN ACCESS EXCLUSIVE MODE');
    const inFlight = postGraphQL(
      app.baseUrl,
      RECORD,
      {
        i: { project: projects[0], otherProject: projects[1], kind: 'KNOWLEDGE_SHARING' },
      },
      token,
    );
    // In flight: its statement waits on the test's lock.
    await waitFor(
      async () =>
        (
          await locker.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_stat_activity
             WHERE application_name = 'kuntaverkko' AND wait_event_type = 'Lock'`,
          )
        ).rows[0].n,
      (n) => n >= 1,
    );

    const exited = new Promise<number | null>((resolve) =>
      app.child.once('exit', (code) => resolve(code)),
    );
    app.child.kill('SIGTERM');
    await waitFor(
      () => tryConnect(app.port),
      (c) => c === 'ECONNREFUSED',
    );
    expect(app.child.exitCode).toBeNull(); // still finishing its request

    await locker.query('COMMIT');
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    expect(res.data!.recordCommitment.id).toEqual(expect.any(String));
    await locker.end().catch(() => undefined);

    expect(await exited).toBe(0);
    expect(app.output()).toMatch(/SIGTERM: shutting down/);
    // The embedded PostgreSQL stopped with it.
    await waitFor(
      () => Promise.resolve(existsSync(join(dataDir, 'pg', 'postmaster.pid'))),
      (present) => !present,
    );
    expect(await tryConnect(pgPort)).toBe('ECONNREFUSED');
  }, 240_000);
});
