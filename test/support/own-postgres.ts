import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const LAUNCHER = join(__dirname, '..', '..', 'dist', 'src', 'database', 'embedded-postgres.js');

/** A PostgreSQL of one suite's own, which the suite may stop, kill and restart. */
export interface OwnPostgres {
  url: string;
  /** Clean stop (fast shutdown), waiting for the exit. */
  stop(): Promise<void>;
  /** SIGKILL to the postmaster and its backends, by pid, as a crash would do. */
  kill(): void;
}

/**
 * Starts a durable embedded PostgreSQL on dataDir and port in a child process
 * (Jest's module runtime cannot import the ESM-only embedded-postgres package
 * itself). After a kill -9, orphaned backends hold the shared memory for a
 * moment, so a restart is retried.
 */
export async function startOwnPostgres(dataDir: string, port: number): Promise<OwnPostgres> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      return await launch(dataDir, port);
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

async function launch(dataDir: string, port: number): Promise<OwnPostgres> {
  const script = `
    const { startEmbeddedPostgres } = require(${JSON.stringify(LAUNCHER)});
    startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, port: ${port}, durable: true }).then(
      (s) => {
        process.on('SIGTERM', () => s.stop().then(() => process.exit(0), () => process.exit(1)));
        console.log('URL ' + s.url);
      },
      (e) => { console.error(String(e)); process.exit(1); });`;
  const child: ChildProcess = spawn(process.execPath, ['-e', script], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /^URL (\S+)$/m.exec(output);
      if (match) resolve(match[1]);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`PostgreSQL did not start (${code}): ${output}`)));
  });
  return {
    url,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
    kill: () => {
      const pid = Number(
        readFileSync(join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0],
      );
      let backends: number[] = [];
      try {
        backends = execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
          .split('\n')
          .filter(Boolean)
          .map(Number);
      } catch {
        backends = []; // pgrep exits 1 when there are none
      }
      for (const p of [pid, ...backends]) {
        try {
          process.kill(p, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
