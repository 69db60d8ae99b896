import { INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule, AppOptions } from './app.module';
import { serveWebPage } from './web/web-page';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];
const CONFIG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'];

/** LOG_LEVEL (fatal … trace, or silent) as the Nest levels to print. */
export function logLevels(level: string): LogLevel[] | false {
  const i = CONFIG_LEVELS.indexOf(level);
  return i < 0 ? false : LEVELS.slice(0, i + 1);
}

/** Builds the configured app (main.ts listens on it). */
export async function createApp(options: AppOptions): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(options), {
    logger: logLevels(options.config.LOG_LEVEL),
    bodyParser: true,
  });
  // Room for importGrantDecisions' CSV (at most 100,000 characters); anything larger is refused.
  app.useBodyParser('json', { limit: '1mb' });
  serveWebPage(app);
  return app;
}
