import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { INestApplication } from '@nestjs/common';
import { ConfigError, loadConfig } from './config/app-config';
import type { Server } from 'node:http';
import { createApp } from './create-app';
import { DatabaseServer, openDatabaseServer } from './database/database-server';
import { prepareDatabase } from './database/prepare-database';
import { nestLogger, rootLogger } from './observability/logging';
import type { RequestTracking } from './observability/request-scope';

const log = new Logger('Main');

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
  let stopping = false;
  // Order matters: stop taking requests and let in-flight ones finish, close
  // the pool, and only then stop the embedded PostgreSQL. In-flight requests
  // are bounded by REQUEST_TIMEOUT_MS, so the wait is too.
  const shutdown = async (signal: string) => {
    if (stopping) {
      log.warn(`${signal} again: exiting at once`);
      process.exit(1);
    }
    stopping = true;
    log.log(`${signal}: shutting down`);
    try {
      if (app)
        await drain(app.getHttpServer() as Server, tracking, config.REQUEST_TIMEOUT_MS + 5000);
      await app?.close();
      await db?.stop();
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
    log.log(
      db.embedded
        ? `embedded PostgreSQL is up (data in ${config.DATA_DIR}/pg)`
        : 'using DATABASE_URL',
    );
    await prepareDatabase(db.url, { seed: config.SEED_ON_START, log: (line) => log.log(line) });
    app = await createApp({ config, databaseUrl: db.url, logger }, tracking);
    await app.listen(config.PORT, '0.0.0.0');
    const port = (app.getHttpServer().address() as { port: number }).port;
    log.log(`GraphQL at http://localhost:${port}/graphql (ready in ${Date.now() - started} ms)`);
  } catch (e) {
    log.error(`start-up failed: ${e instanceof Error ? e.message : String(e)}`);
    await app?.close().catch(() => undefined);
    await db?.stop().catch(() => undefined);
    process.exit(1);
  }
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
