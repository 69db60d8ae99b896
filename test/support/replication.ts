import { execFileSync } from 'node:child_process';
import {
  appendFileSync,
  chownSync,
  existsSync,
  mkdtempSync,
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
 * binaries (`/usr/lib/postgresql/<version>/bin`): initdb, pg_basebackup -R, pg_ctl, run as
 * the `postgres` user when the tests run as root (PostgreSQL refuses to run as root). Each
 * cluster lives in a temporary directory with its own ports and is removed at the end.
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
      "The replication tests need Debian's PostgreSQL server binaries (initdb, pg_ctl, pg_basebackup under /usr/lib/postgresql/<version>/bin): `apt-get install -y postgresql`. They are not skipped when missing.",
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
  asPostgres(bin, 'pg_ctl', ['-D', primaryDir, '-l', join(dir, 'primary.log'), '-w', 'start']);
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
      const pid = Number(readFileSync(join(standbyDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
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
      for (const d of [standbyDir, primaryDir])
        if (existsSync(join(d, 'postmaster.pid')))
          try {
            asPostgres(bin, 'pg_ctl', ['-D', d, '-m', 'immediate', '-w', 'stop']);
          } catch {
            // a killed standby has nothing to stop
          }
      rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
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
    asPostgres(bin, 'pg_ctl', ['-D', standbyDir, '-l', join(dir, 'standby.log'), '-w', 'start']);
    const [{ standby }] = await cluster.sql<{ standby: boolean }>(
      'standby',
      'SELECT pg_is_in_recovery() AS standby',
    );
    if (!standby) throw new Error('the standby is not in recovery');
    return cluster;
  } catch (e) {
    await cluster.stop();
    throw e;
  }
}

/** Restarts a killed standby on the same directory and port. */
export function restartStandby(cluster: ReplicatedCluster): void {
  const bin = postgresBinDir();
  const standbyDir = join(cluster.dir, 'standby');
  rmSync(join(standbyDir, 'postmaster.pid'), { force: true });
  asPostgres(bin, 'pg_ctl', [
    '-D',
    standbyDir,
    '-l',
    join(cluster.dir, 'standby.log'),
    '-w',
    'start',
  ]);
}

function postgresUid(): number {
  return Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
}
function postgresGid(): number {
  return Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
}
