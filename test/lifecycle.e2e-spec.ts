import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
