import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Logger, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { ExecutionResult, GraphQLFormattedError } from 'graphql';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from './config/app-config';
import { AppConfigModule } from './config/config.module';
import { toClientError } from './common/errors';
import { HttpErrorFilter } from './common/http-error.filter';
import { GRAPHQL_PATH } from './common/http-errors';
import { LoaderRegistry, type RequestContext } from './common/loader-registry';
import { dataSourceOptions } from './database/data-source';
import { DOMAIN_MODULES } from './domain-modules';
import { HealthController } from './health/health.controller';
import { MetricsController } from './observability/metrics.controller';
import { SqlMetricsLogger } from './observability/metrics';

export interface AppOptions {
  config: AppConfig;
  /** URL of the application database (embedded or external). */
  databaseUrl: string;
}

const errorLog = new Logger('GraphQL');

/** What a client sees of an error (see toClientError); unexpected ones are logged whole. */
function clientError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const { error: client, unexpected } = toClientError(formatted, error);
  if (unexpected)
    errorLog.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  return client;
}

@Module({})
export class AppModule {
  static forRoot(options: AppOptions): DynamicModule {
    const { config } = options;
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config, options.databaseUrl),
        TypeOrmModule.forRoot(
          dataSourceOptions({
            url: options.databaseUrl,
            poolSize: config.DB_POOL_SIZE,
            statementTimeoutMs: config.STATEMENT_TIMEOUT_MS,
            logger: new SqlMetricsLogger(),
          }),
        ),
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          path: GRAPHQL_PATH,
          autoSchemaFile: true,
          sortSchema: true,
          playground: false,
          introspection: true,
          includeStacktraceInErrorResponses: false,
          // Apollo's default, stated: a request must be JSON or carry a header a browser
          // cannot send cross-site without a preflight, so forms and <img> GETs are refused.
          csrfPrevention: true,
          // No HTTP cache hints are used; the plugin would otherwise hook every resolved field.
          plugins: [ApolloServerPluginCacheControlDisabled()],
          context: ({ req }: { req: unknown }): RequestContext => ({
            req,
            loaders: new LoaderRegistry(),
          }),
          formatError: clientError,
          // Live updates over the graphql-ws protocol, on the same path.
          subscriptions: {
            'graphql-ws': {
              // graphql-ws does not use Apollo's formatError: events get the same masking.
              onNext: (
                _ctx: unknown,
                _id: string,
                _payload: unknown,
                _args: unknown,
                result: ExecutionResult,
              ) =>
                result.errors
                  ? { ...result, errors: result.errors.map((e) => clientError(e.toJSON(), e)) }
                  : undefined,
            },
          },
        }),
        ...DOMAIN_MODULES,
      ],
      controllers: [HealthController, MetricsController],
      providers: [{ provide: APP_FILTER, useClass: HttpErrorFilter }],
    };
  }
}
