import { INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule, AppOptions } from './app.module';
import { trustProxySetting } from './config/app-config';
import { StatementCanceller } from './observability/request-budget';
import { RequestTracking, requestScopeMiddleware } from './observability/request-scope';
import { answerClientError, JSON_BODY_LIMIT, utf8BodiesOnly } from './common/http-errors';
import { serveExplorer } from './web/explorer-page';
import { serveWebPage } from './web/web-page';
import { nestLogger, requestLogMiddleware, rootLogger } from './observability/logging';

/** Builds the configured app (main.ts listens on it). */
export async function createApp(
  options: AppOptions,
  tracking: RequestTracking = { inFlight: new Set(), draining: false },
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(options), {
    bufferLogs: true,
    bodyParser: true,
    // At close, sockets still open (idle keep-alive, subscriptions) are destroyed;
    // main.ts lets in-flight requests finish before that.
    forceCloseConnections: true,
  });
  const logger = options.logger ?? rootLogger(options.config.LOG_LEVEL);
  app.useLogger(nestLogger(logger));
  // Which framework answers is nobody's business but ours.
  app.disable('x-powered-by');
  // Whose X-Forwarded-For names the client (req.ip: rate limits, read-your-writes); docs/scaling.md.
  app.set('trust proxy', trustProxySetting(options.config));
  // Room for importGrantDecisions' CSV (at most 100,000 characters); anything larger is refused.
  app.use(utf8BodiesOnly);
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT });
  app.getHttpServer().on('clientError', answerClientError);
  // After the body parser, so the request's scope holds through the whole request.
  const canceller = new StatementCanceller(options.databaseUrl, (line) =>
    new Logger('RequestBudget').warn(line),
  );
  app.use(
    requestScopeMiddleware({
      budgetMs: options.config.REQUEST_TIMEOUT_MS,
      tracking,
      onTimeout: (scope) => canceller.cancel(scope),
      // A download streams page after page for as long as the client reads (docs/exports.md).
      unbudgeted: (url) => url.startsWith('/export/') || url.startsWith('/network/'),
    }),
  );
  app.use(requestLogMiddleware(logger));
  // Before GraphQL's own route, which it defers to for anything but a browser's GET, and
  // before the static files, whose explorer assets it sends gzipped.
  serveExplorer(app);
  serveWebPage(app);
  return app;
}
