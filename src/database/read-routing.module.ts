import {
  Global,
  Inject,
  Logger,
  MiddlewareConsumer,
  Module,
  NestModule,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import { Plugin } from '@nestjs/apollo';
import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { NextFunction, Request, Response } from 'express';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG, DATABASE_URL } from '../config/config.module';
import { routeReplicaReads } from '../common/statements';
import { clientOf, ReadRouter, requestRouting, startRequestRouting } from './read-router';

const log = new Logger('ReadRouter');

/**
 * Marks a mutation's request as the primary's, and after it notes the writer's WAL position
 * for read-your-writes (read-router.ts). A no-op without DATABASE_READ_URLS.
 */
@Plugin()
export class ReadRoutingPlugin implements ApolloServerPlugin {
  constructor(private readonly router: ReadRouter) {}

  // eslint-disable-next-line @typescript-eslint/require-await -- Apollo's hook is async by contract
  async requestDidStart(): Promise<GraphQLRequestListener<object> | void> {
    if (!this.router.routing) return;
    let mutation = false;
    return {
      // eslint-disable-next-line @typescript-eslint/require-await
      didResolveOperation: async ({ operation }) => {
        if (operation?.operation !== 'mutation') return;
        mutation = true;
        const routing = requestRouting();
        if (routing) routing.primaryOnly = true;
      },
      // Before the response leaves: the client's next read must already see the mark.
      willSendResponse: async () => {
        if (mutation)
          await this.router.noteWrite().catch((e) => log.warn(`noteWrite: ${String(e)}`));
      },
    };
  }
}

/**
 * The read router (DATABASE_READ_URLS) for the app's DataSource: `{ replica: true }`
 * statements run through `rowsOf` on it go to a hot standby (docs/scaling.md).
 */
@Global()
@Module({
  providers: [
    {
      provide: ReadRouter,
      inject: [APP_CONFIG, DATABASE_URL, getDataSourceToken()],
      useFactory: (config: AppConfig, databaseUrl: string, ds: DataSource) =>
        new ReadRouter({
          primary: ds,
          primaryUrl: config.DATABASE_LISTEN_URL ?? databaseUrl,
          readUrls: config.DATABASE_READ_URLS ?? [],
          maxLagMs: config.DATABASE_READ_MAX_LAG_MS,
          poolSize: config.DB_POOL_SIZE,
          statementTimeoutMs: config.STATEMENT_TIMEOUT_MS,
          warn: (line) => log.warn(line),
        }),
    },
    ReadRoutingPlugin,
  ],
  exports: [ReadRouter],
})
export class ReadRoutingModule implements NestModule, OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly router: ReadRouter,
    @Inject(getDataSourceToken()) private readonly ds: DataSource,
  ) {}

  configure(consumer: MiddlewareConsumer): void {
    if (!this.router.routing) return;
    consumer
      .apply((req: Request, _res: Response, next: NextFunction) => {
        startRequestRouting(clientOf(req));
        next();
      })
      .forRoutes('*path');
  }

  async onModuleInit(): Promise<void> {
    if (!this.router.routing) return;
    await this.router.start();
    routeReplicaReads(this.ds, this.router);
    routeReplicaReads(this.ds.manager, this.router);
    const ready = this.router.status().filter((r) => r.healthy).length;
    log.log(`reads that may be stale go to ${ready} of ${this.router.status().length} standby(s)`);
  }

  async onApplicationShutdown(): Promise<void> {
    routeReplicaReads(this.ds, undefined);
    routeReplicaReads(this.ds.manager, undefined);
    await this.router.stop();
  }
}
