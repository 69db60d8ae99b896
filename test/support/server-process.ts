import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
export const MAIN = join(ROOT, 'dist', 'src', 'main.js');
/** `npm run start:cluster`'s primary (src/cluster.ts). */
export const CLUSTER = join(ROOT, 'dist', 'src', 'cluster.js');

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  baseUrl: string;
  output(): string;
  /** Sends the signal and waits for the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts the built server (`node dist/src/main.js`) as a child process, the
 * way `npm start` does, and waits until it reports its GraphQL address.
 * `env` replaces the variables the server reads; PORT defaults to 0 (a free port).
 * With `npm start`, it runs through npm exactly as a user or a process manager would.
 */
export async function startServer(
  env: Record<string, string | undefined>,
  timeoutMs = 60_000,
  command: 'node' | 'npm start' = 'node',
  /**
   * detached: its own process group, as a terminal's foreground job (signal it all with
   * kill(-pid)); script: another built entry point than main.js (CLUSTER).
   */
  options: { detached?: boolean; script?: string } = {},
): Promise<ServerProcess> {
  const script = options.script ?? MAIN;
  if (!existsSync(script))
    throw new Error(`${script} is missing: run \`npm run build\` first (npm test does)`);
  const clean = { ...process.env };
  for (const key of ['DATABASE_URL', 'PORT', 'DATA_DIR', 'SEED_ON_START']) delete clean[key];
  // Through a transaction pooler (.ci/run's PgBouncer step): the change feed LISTENs on a
  // direct connection to the same database. Only for a database behind the pooler: suites that
  // start a PostgreSQL of their own (faults, replication) listen on it as usual.
  const direct = process.env.TEST_DIRECT_PG_URL;
  const pooled = process.env.DATABASE_URL;
  if (
    direct &&
    pooled &&
    env.DATABASE_URL &&
    new URL(env.DATABASE_URL).host === new URL(pooled).host &&
    env.DATABASE_LISTEN_URL === undefined
  ) {
    const listen = new URL(direct);
    listen.pathname = new URL(env.DATABASE_URL).pathname;
    env = { ...env, DATABASE_LISTEN_URL: listen.toString() };
  }
  const [file, args] =
    command === 'node' ? [process.execPath, [script]] : ['npm', ['start', '--silent']];
  const child = spawn(file, args, {
    cwd: ROOT,
    env: { ...clean, PORT: '0', NODE_ENV: 'test', NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached ?? false,
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start in ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /GraphQL at http:\/\/localhost:(\d+)\/graphql/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before it was ready:\n${output}`));
    });
  });
  return {
    child,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    output: () => output,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
