import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { INestApplication } from '@nestjs/common';
import { ConfigError, loadConfig } from './config/app-config';
import { createApp, logLevels } from './create-app';
import { DatabaseServer, openDatabaseServer } from './database/database-server';
import { prepareDatabase } from './database/prepare-database';

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
  Logger.overrideLogger(logLevels(config.LOG_LEVEL));

  let db: DatabaseServer | undefined;
  let app: INestApplication | undefined;
  let stopping = false;
  // Order matters: stop taking requests and let in-flight ones finish, close
  // the pool, and only then stop the embedded PostgreSQL.
  const shutdown = async (signal: string) => {
    if (stopping) {
      log.warn(`${signal} again: exiting at once`);
      process.exit(1);
    }
    stopping = true;
    log.log(`${signal}: shutting down`);
    try {
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
    app = await createApp({ config, databaseUrl: db.url });
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

void main();
