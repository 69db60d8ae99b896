import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { WORKER_READY } from './cluster-messages';
import { ConfigError, loadConfig } from './config/app-config';
import { DatabaseServer, openDatabaseServer } from './database/database-server';
import { AlreadyRunningError } from './database/embedded-postgres';
import { prepareDatabase } from './database/prepare-database';
import { serveClusterMetrics } from './observability/cluster-metrics';
import { nestLogger, rootLogger } from './observability/logging';

/**
 * `npm run start:cluster`: WEB_CONCURRENCY server processes (default: one per core) on one
 * port, with Node's cluster module (docs/scaling.md, "Several instances").
 *
 * This primary process takes no requests. It opens the database (starting the embedded
 * PostgreSQL when DATABASE_URL is unset, as `npm start` does), migrates and seeds it once, and
 * forks the workers: each is the ordinary server (main.ts) on that database, with its own pool
 * and graph index. Connections to PORT are handed to the workers in turn. A worker that dies
 * is replaced; one that dies before it ever listened stops the cluster (a bad setting would
 * only fail again). SIGTERM or SIGINT is passed to every worker, which drains as a lone server
 * does (finishes its requests, answers late ones on open connections with 503); when all have
 * exited, the embedded PostgreSQL is stopped and the primary exits 0.
 */

const log = new Logger('Cluster');

/** As in main.ts: a repeat within this window is the same Ctrl-C again, later ones mean "now". */
const SIGNAL_REPEAT_WINDOW_MS = 3000;
/** A worker's own shutdown is bounded by REQUEST_TIMEOUT_MS + 5 s and 3 s; this is on top. */
const WORKER_EXIT_MARGIN_MS = 5000;
/** Replacements allowed within RESTART_WINDOW_MS before the cluster gives up. */
const MAX_RESTARTS = 10;
const RESTART_WINDOW_MS = 60_000;

async function primary(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  Logger.overrideLogger(nestLogger(rootLogger(config.LOG_LEVEL)));
  const workers = config.WEB_CONCURRENCY ?? availableParallelism();

  let db: DatabaseServer | undefined;
  let stopping = 0;
  let failed = false;
  const ready = new Set<number>();
  const restarts: number[] = [];
  const exited = new Map<number, () => void>();

  const live = () => Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);

  const stop = async (why: string, code: number) => {
    stopping = Date.now();
    const running = live();
    log.log(`${why}: draining ${running.length} worker(s)`);
    const gone = Promise.all(
      running.map((w) => new Promise<void>((resolve) => exited.set(w.id, resolve))),
    );
    for (const w of running) w.process.kill('SIGTERM');
    const bound = config.REQUEST_TIMEOUT_MS + 5000 + 3000 + WORKER_EXIT_MARGIN_MS;
    let timer: NodeJS.Timeout | undefined;
    const inTime = await Promise.race([
      gone.then(() => true),
      new Promise<boolean>((r) => (timer = setTimeout(() => r(false), bound))),
    ]);
    clearTimeout(timer);
    if (!inTime) {
      log.warn(`workers still running after ${bound} ms; killing them`);
      for (const w of live()) w.process.kill('SIGKILL');
      failed = true;
    }
    await db?.stop();
    log.log(`stopped in ${Date.now() - stopping} ms`);
    process.exit(failed ? 1 : code);
  };

  const onSignal = (signal: string) => {
    if (stopping) {
      if (Date.now() - stopping < SIGNAL_REPEAT_WINDOW_MS) return;
      log.warn(`${signal} again: killing the workers and exiting at once`);
      for (const w of live()) w.process.kill('SIGKILL');
      process.exit(1); // the launcher's exit hook still asks the embedded PostgreSQL to stop
    }
    void stop(signal, 0);
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));

  try {
    db = await openDatabaseServer({
      databaseUrl: config.DATABASE_URL,
      dataDir: config.DATA_DIR,
      log: (line) => (/FATAL|PANIC/.test(line) ? log.error(line) : undefined),
      notice: (line) => log.warn(line),
    });
    // Once, before any worker starts: the workers then find nothing to migrate or seed.
    await prepareDatabase(db.url, { seed: config.SEED_ON_START, log: (line) => log.log(line) });
  } catch (e) {
    if (e instanceof AlreadyRunningError) {
      log.error(
        `already running (pid ${e.pid}) on DATA_DIR ${config.DATA_DIR}; stop it first, or set another DATA_DIR`,
      );
      process.exit(2);
    }
    log.error(`start-up failed: ${e instanceof Error ? e.message : String(e)}`);
    await db?.stop().catch(() => undefined);
    process.exit(1);
  }
  if (stopping) return; // a signal came during the migrations: stop() exits

  serveClusterMetrics();
  cluster.setupPrimary({ exec: join(__dirname, 'main.js') });
  const env = { DATABASE_URL: db.url, SEED_ON_START: 'false' };
  const fork = () => cluster.fork(env);

  cluster.on('message', (worker, m: { type?: string; port?: number }) => {
    if (m?.type !== WORKER_READY) return;
    ready.add(worker.id);
    if (ready.size === workers && !stopping)
      log.log(
        `${workers} workers (pids ${live()
          .map((w) => w.process.pid)
          .join(', ')}) share http://localhost:${m.port}/graphql`,
      );
  });
  cluster.on('exit', (worker, code, signal) => {
    exited.get(worker.id)?.();
    const how = signal ? `by ${signal}` : `with code ${code}`;
    if (stopping) {
      if (code !== 0) failed = true;
      return;
    }
    const wasReady = ready.delete(worker.id);
    if (!wasReady) {
      log.error(`worker ${worker.process.pid} exited ${how} before it listened; stopping`);
      void stop('a worker failed to start', code === 2 ? 2 : 1);
      return;
    }
    const now = Date.now();
    restarts.push(now);
    while (restarts[0] < now - RESTART_WINDOW_MS) restarts.shift();
    if (restarts.length > MAX_RESTARTS) {
      log.error(`${restarts.length} workers died within ${RESTART_WINDOW_MS / 1000} s; stopping`);
      void stop('too many worker restarts', 1);
      return;
    }
    log.warn(`worker ${worker.process.pid} exited ${how}; starting another`);
    fork();
  });

  log.log(`starting ${workers} worker(s)`);
  for (let i = 0; i < workers; i++) fork();
}

if (cluster.isPrimary) void primary();
