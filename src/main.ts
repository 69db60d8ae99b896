import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { INestApplication } from '@nestjs/common';
import { ConfigError, loadConfig } from './config/app-config';
import cluster from 'node:cluster';
import type { Server } from 'node:http';
import { WORKER_READY } from './cluster-messages';
import { createApp } from './create-app';
import { DatabaseServer, openDatabaseServer } from './database/database-server';
import { AlreadyRunningError } from './database/embedded-postgres';
import { setEmbeddedStatusSource } from './health/embedded-status';
import { startMetricsServer } from './observability/metrics-server';
import { prepareDatabase } from './database/prepare-database';
import { nestLogger, rootLogger } from './observability/logging';
import type { RequestTracking } from './observability/request-scope';

const log = new Logger('Main');

/**
 * A second signal this soon after the first is the same Ctrl-C again (npm
 * forwards it to the server, which the terminal signalled already): ignored.
 * One later than that means "now": the server exits at once.
 */
const SIGNAL_REPEAT_WINDOW_MS = 3000;
/** Bounds of the steps of a shutdown, so that a dead database cannot stretch it. */
const CLOSE_APP_MS = 3000;

async function main(): Promise<void> {
  const started = Date.now();
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
  // JSON lines from the first one; the app later takes over the same pino logger.
  const logger = rootLogger(config.LOG_LEVEL);
  Logger.overrideLogger(nestLogger(logger));
  const tracking: RequestTracking = { inFlight: new Set(), draining: false };

  let db: DatabaseServer | undefined;
  let app: INestApplication | undefined;
  let metricsServer: Server | undefined;
  let stopping = 0;
  // Order matters: stop taking requests and let in-flight ones finish, close
  // the pool, and only then stop the embedded PostgreSQL. In-flight requests
  // are bounded by REQUEST_TIMEOUT_MS, closing the app by CLOSE_APP_MS (its
  // connections to a dead database have nothing to wait for), and stopping
  // PostgreSQL by the launcher's own escalation.
  const shutdown = async (signal: string) => {
    if (stopping) {
      if (Date.now() - stopping < SIGNAL_REPEAT_WINDOW_MS) {
        log.log(`${signal} again: already shutting down`);
        return;
      }
      log.warn(`${signal} again: exiting at once`);
      process.exit(1); // the launcher's exit hook still asks PostgreSQL for a fast shutdown
    }
    stopping = Date.now();
    log.log(`${signal}: shutting down`);
    try {
      metricsServer?.close();
      const steps: string[] = [];
      let t = Date.now();
      const step = (name: string) => {
        steps.push(`${name} ${Date.now() - t} ms`);
        t = Date.now();
      };
      if (app)
        await drain(app.getHttpServer() as Server, tracking, config.REQUEST_TIMEOUT_MS + 5000);
      step('drain');
      if (app && !(await within(app.close(), CLOSE_APP_MS)))
        log.warn(`closing the app took over ${CLOSE_APP_MS} ms; going on`);
      step('app');
      await db?.stop();
      step('database');
      log.log(`stopped in ${Date.now() - stopping} ms (${steps.join(', ')})`);
      process.exit(0);
    } catch (e) {
      log.error(`shutdown failed: ${String(e)}`);
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    db = await openDatabaseServer({
      databaseUrl: config.DATABASE_URL,
      dataDir: config.DATA_DIR,
      log: (line) => (/FATAL|PANIC/.test(line) ? log.error(line) : undefined),
      notice: (line) => log.warn(line),
    });
    if (db.status) setEmbeddedStatusSource(db.status);
    log.log(
      db.embedded
        ? `embedded PostgreSQL is up (data in ${config.DATA_DIR}/pg)`
        : 'using DATABASE_URL',
    );
    await prepareDatabase(db.url, { seed: config.SEED_ON_START, log: (line) => log.log(line) });
    app = await createApp({ config, databaseUrl: db.url, logger }, tracking);
    await app.listen(config.PORT, '0.0.0.0');
    const port = ((app.getHttpServer() as import('node:http').Server).address() as { port: number })
      .port;
    if (config.METRICS_PORT !== undefined) {
      metricsServer = await startMetricsServer(config.METRICS_PORT, config.METRICS_TOKEN);
      const at = (metricsServer.address() as { port: number }).port;
      log.log(`metrics at http://localhost:${at}/metrics`);
    }
    log.log(`GraphQL at http://localhost:${port}/graphql (ready in ${Date.now() - started} ms)`);
    // Under `npm run start:cluster`: tells the primary this worker takes requests (src/cluster.ts).
    if (cluster.isWorker) process.send?.({ type: WORKER_READY, port });
  } catch (e) {
    if (e instanceof AlreadyRunningError) {
      // Its database is the running server's: leave both alone.
      log.error(
        `already running (pid ${e.pid}) on DATA_DIR ${config.DATA_DIR}; stop it first, or set another DATA_DIR`,
      );
      process.exit(2);
    }
    log.error(`start-up failed: ${e instanceof Error ? e.message : String(e)}`);
    await app?.close().catch(() => undefined);
    await db?.stop().catch(() => undefined);
    process.exit(1);
  }
}

/** Resolves true when the promise settles within ms, false when it does not. */
function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.then(
      () => true,
      () => true,
    ),
    new Promise<boolean>((r) => (timer = setTimeout(() => r(false), ms))),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Stops listening (new connections are refused), answers requests that
 * arrive on open keep-alive connections with 503, and waits for the requests
 * in flight; each of their connections closes after its response.
 */
async function drain(server: Server, tracking: RequestTracking, maxMs: number): Promise<void> {
  tracking.draining = true;
  for (const res of tracking.inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
  server.close(); // also closes idle keep-alive connections
  const deadline = Date.now() + maxMs;
  if (tracking.inFlight.size > 0)
    log.log(`waiting for ${tracking.inFlight.size} request(s) in flight`);
  while (tracking.inFlight.size > 0 && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 20));
  if (tracking.inFlight.size > 0)
    log.warn(`${tracking.inFlight.size} request(s) still running after ${maxMs} ms; closing`);
}

void main();
