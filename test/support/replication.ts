import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  appendFileSync,
  chownSync,
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

/**
 * A real primary and hot standby on PostgreSQL streaming replication, from Debian's
 * binaries (`/usr/lib/postgresql/<version>/bin`): initdb, pg_basebackup -R and the postmaster,
 * run as the `postgres` user when the tests run as root (PostgreSQL refuses to run as root).
 * Each cluster lives in a temporary directory with its own ports and is removed at the end.
 *
 * Both postmasters are children of the test process, not daemons started by `pg_ctl start`,
 * so that a killed one is reaped here at once. A daemon's parent is the machine's init, which
 * may reap late or never: until then the dead postmaster's pid still exists (a zombie), and a
 * new postmaster on the same directory and port refuses to start, taking the pid in the lock
 * files (postmaster.pid, .s.PGSQL.<port>.lock) for a server still running.
 */
export interface ReplicatedCluster {
  /** The application database on the primary, and the same database on the standby. */
  primaryUrl: string;
  standbyUrl: string;
  /** The server directory's postgres port of each, for a pooler in front. */
  primaryPort: number;
  standbyPort: number;
  dir: string;
  /** Runs SQL on the primary or the standby (a fresh connection each time). */
  sql<T = Record<string, unknown>>(
    on: 'primary' | 'standby',
    text: string,
    params?: unknown[],
  ): Promise<T[]>;
  /** SIGKILL to the standby's postmaster and its processes, as a crash would do. */
  killStandby(): void;
  /**
   * Starts the killed standby again on the same directory and port, once every process of the
   * killed one is gone, and resolves when it accepts connections (after its crash recovery).
   */
  restartStandby(): Promise<void>;
  /** Waits until the standby has replayed everything the primary has written so far. */
  caughtUp(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export const APP_DB = 'kuntaverkko';

/** The newest Debian PostgreSQL bin directory; a clear error when there is none. */
export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'pg_basebackup')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0)
    throw new Error(
      "The replication tests need Debian's PostgreSQL server binaries (initdb, postgres, pg_basebackup under /usr/lib/postgresql/<version>/bin): `apt-get install -y postgresql`. They are not skipped when missing.",
    );
  return join(root, versions[0], 'bin');
}

/** Runs a PostgreSQL program as the postgres user (or as ourselves when not root). */
function asPostgres(bin: string, program: string, args: string[]): string {
  const path = join(bin, program);
  const [file, all] =
    process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', path, ...args]] : [path, args];
  try {
    return execFileSync(file, all, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as { stderr?: string; stdout?: string };
    throw new Error(`${program} ${args.join(' ')} failed: ${err.stderr ?? ''}${err.stdout ?? ''}`);
  }
}

/** A postmaster run as our child (see above); `exited` resolves once we have reaped it. */
interface Postmaster {
  child: ChildProcess;
  exited: Promise<void>;
}

/**
 * Starts `postgres -D dataDir`, logging to `logFile`, and resolves once it accepts
 * connections (a hot standby: once it is consistent). Fails with the log's last lines when it
 * exits first or is not up within a minute (what `pg_ctl -w start` would wait).
 */
async function startPostmaster(
  bin: string,
  dataDir: string,
  logFile: string,
  port: number,
): Promise<Postmaster> {
  const log = openSync(logFile, 'a');
  const root = process.getuid?.() === 0;
  let child: ChildProcess;
  try {
    child = spawn(join(bin, 'postgres'), ['-D', dataDir], {
      ...(root ? { uid: postgresUid(), gid: postgresGid() } : {}),
      cwd: dataDir,
      env: { ...process.env, LC_MESSAGES: 'C' },
      stdio: ['ignore', log, log],
    });
  } finally {
    closeSync(log);
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let gone = false;
  void exited.then(() => (gone = true));
  const failed = (why: string) =>
    new Error(
      `postgres -D ${dataDir} ${why}; its log ends:\n${readFileSync(logFile, 'utf8').split('\n').slice(-12).join('\n')}`,
    );
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (gone) throw failed(`exited (${child.signalCode ?? child.exitCode}) before it was ready`);
    const c = new Client({
      connectionString: `postgres://postgres@127.0.0.1:${port}/postgres`,
      connectionTimeoutMillis: 2000,
    });
    c.on('error', () => undefined);
    try {
      await c.connect();
      await c.query('SELECT 1');
      return { child, exited };
    } catch {
      // Not listening yet, or "the database system is starting up": ask again.
    } finally {
      await c.end().catch(() => undefined);
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw failed('did not accept connections within 60 s');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Immediate shutdown (SIGQUIT), as `pg_ctl -m immediate stop`; SIGKILL if it lingers. */
async function stopPostmaster(p: Postmaster | undefined): Promise<void> {
  if (!p || p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill('SIGQUIT');
  const timer = setTimeout(() => p.child.kill('SIGKILL'), 10_000);
  await p.exited;
  clearTimeout(timer);
}

/**
 * True while a process runs: not when it is gone or a zombie (which has already let go of
 * its memory, PostgreSQL's shared memory included).
 */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export async function startReplicatedCluster(): Promise<ReplicatedCluster> {
  const bin = postgresBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'kuntaverkko-repl-'));
  if (process.getuid?.() === 0) chownSync(dir, postgresUid(), postgresGid());
  const primaryDir = join(dir, 'primary');
  const standbyDir = join(dir, 'standby');
  const primaryPort = await freePort();
  const standbyPort = await freePort();
  const settings = (port: number) =>
    [
      `port = ${port}`,
      `listen_addresses = '127.0.0.1'`,
      `unix_socket_directories = '${dir}'`,
      // Disposable clusters: no need to survive a power cut, so no fsync waits.
      'fsync = off',
      'synchronous_commit = off',
      'full_page_writes = off',
      'max_connections = 200',
      'hot_standby = on',
      // Long figures on the standby are not cancelled by the vacuum of rows they still see.
      'hot_standby_feedback = on',
      '',
    ].join('\n');
  asPostgres(bin, 'initdb', [
    '-D',
    primaryDir,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--locale=C.UTF-8',
  ]);
  appendFileSync(join(primaryDir, 'postgresql.conf'), settings(primaryPort));
  const primary = await startPostmaster(bin, primaryDir, join(dir, 'primary.log'), primaryPort);
  let standby: Postmaster | undefined;
  /** The killed standby's processes other than the postmaster (reaped by init, not by us). */
  let killed: number[] = [];
  const base = (port: number) => `postgres://postgres@127.0.0.1:${port}`;
  const cluster: ReplicatedCluster = {
    primaryUrl: `${base(primaryPort)}/${APP_DB}`,
    standbyUrl: `${base(standbyPort)}/${APP_DB}`,
    primaryPort,
    standbyPort,
    dir,
    sql: async <T>(on: 'primary' | 'standby', text: string, params?: unknown[]) => {
      const c = new Client({
        connectionString: on === 'primary' ? cluster.primaryUrl : cluster.standbyUrl,
      });
      await c.connect();
      try {
        return (await c.query(text, params)).rows as T[];
      } finally {
        await c.end();
      }
    },
    killStandby: () => {
      const pid = standby?.child.pid;
      if (pid === undefined) throw new Error('the standby is not running');
      // Stopped first, so that it forks no backend between the listing of its children and the kill.
      process.kill(pid, 'SIGSTOP');
      let children: number[] = [];
      try {
        children = execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
          .split('\n')
          .filter(Boolean)
          .map(Number);
      } catch {
        children = [];
      }
      for (const p of [pid, ...children]) {
        try {
          process.kill(p, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      killed = children;
    },
    restartStandby: async () => {
      // Reaped by us: its pid, which the lock files name, is free.
      await standby?.exited;
      // A process of the old server still attached to its shared memory would stop the new one.
      const deadline = Date.now() + 30_000;
      while (killed.some(running)) {
        if (Date.now() > deadline)
          throw new Error(
            `processes of the killed standby still run: ${killed.filter(running).join(', ')}`,
          );
        await new Promise((r) => setTimeout(r, 50));
      }
      killed = [];
      standby = await startPostmaster(bin, standbyDir, join(dir, 'standby.log'), standbyPort);
    },
    caughtUp: async (timeoutMs = 20_000) => {
      const [{ lsn }] = await cluster.sql<{ lsn: string }>(
        'primary',
        'SELECT pg_current_wal_lsn()::text AS lsn',
      );
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const [{ done }] = await cluster.sql<{ done: boolean }>(
          'standby',
          'SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done',
          [lsn],
        );
        if (done) return;
        if (Date.now() > deadline) throw new Error(`the standby did not replay up to ${lsn}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    stop: async () => {
      await stopPostmaster(standby);
      await stopPostmaster(primary);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    const admin = new Client({ connectionString: `${base(primaryPort)}/postgres` });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${APP_DB}`).finally(() => admin.end());
    asPostgres(bin, 'pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      String(primaryPort),
      '-U',
      'postgres',
      '-D',
      standbyDir,
      '-R',
      '-X',
      'stream',
      '-c',
      'fast',
    ]);
    appendFileSync(join(standbyDir, 'postgresql.conf'), settings(standbyPort));
    standby = await startPostmaster(bin, standbyDir, join(dir, 'standby.log'), standbyPort);
    const [{ recovery }] = await cluster.sql<{ recovery: boolean }>(
      'standby',
      'SELECT pg_is_in_recovery() AS recovery',
    );
    if (!recovery) throw new Error('the standby is not in recovery');
    return cluster;
  } catch (e) {
    await cluster.stop();
    throw e;
  }
}

function postgresUid(): number {
  return Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
}
function postgresGid(): number {
  return Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
}
