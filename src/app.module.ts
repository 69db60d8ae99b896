import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Logger, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { ExecutionResult, GraphQLFormattedError } from 'graphql';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig, introspectionEnabled } from './config/app-config';
import { AppConfigModule } from './config/config.module';
import { toClientError } from './common/errors';
import { HttpErrorFilter } from './common/http-error.filter';
import { GRAPHQL_PATH } from './common/http-errors';
import { LoaderRegistry, type RequestContext } from './common/loader-registry';
import { dataSourceOptions } from './database/data-source';
import { PoolMetrics } from './database/pool-metrics';
import { ReadRoutingModule } from './database/read-routing.module';
import { DOMAIN_MODULES } from './domain-modules';
import type { Logger as Pino } from 'pino';
import { HealthModule } from './health/health.module';
import { graphqlMetricsPlugin } from './observability/graphql-metrics.plugin';
import {
  queryShapeProtection,
  subscriptionValidator,
  tokenLimitParseOptions,
} from './limits/query-shape';
import { SqlMetricsLogger } from './observability/metrics';
import { ObservabilityModule } from './observability/observability.module';
import { StatementTracker } from './observability/request-budget';

export interface AppOptions {
  config: AppConfig;
  /** URL of the application database (embedded or external). */
  databaseUrl: string;
  /** The process's pino logger (main.ts makes it before the app, for start-up lines). */
  logger?: Pino;
}

const errorLog = new Logger('GraphQL');

/** No query of this API needs more; not configurable. */
const MAX_QUERY_DIRECTIVES = 50;

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
    // Depth, aliases and directives (graphql-armor) are checked while validating; cost
    // and rate limits by LimitsPlugin just after. See docs/limits.md.
    const limits = {
      maxDepth: config.MAX_QUERY_DEPTH,
      maxAliases: config.MAX_QUERY_ALIASES,
      maxDirectives: MAX_QUERY_DIRECTIVES,
      maxTokens: config.MAX_QUERY_TOKENS,
      hideSuggestions: config.NODE_ENV === 'production',
    };
    const shape = queryShapeProtection(limits);
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config, options.databaseUrl),
        TypeOrmModule.forRoot({
          ...dataSourceOptions({
            url: options.databaseUrl,
            poolSize: config.DB_POOL_SIZE,
            statementTimeoutMs: config.STATEMENT_TIMEOUT_MS,
            logger: new SqlMetricsLogger(),
          }),
          // Tracks each request's running statements, so a timed-out request's can be cancelled.
          subscribers: [StatementTracker],
        }),
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          path: GRAPHQL_PATH,
          autoSchemaFile: true,
          sortSchema: true,
          playground: false,
          introspection: introspectionEnabled(config),
          includeStacktraceInErrorResponses: false,
          parseOptions: tokenLimitParseOptions(config.MAX_QUERY_TOKENS),
          validationRules: shape.validationRules,
          // Apollo's default, stated: a request must be JSON or carry a header a browser
          // cannot send cross-site without a preflight, so forms and <img> GETs are refused.
          csrfPrevention: true,
          // Automatic persisted queries, stated: on, in Apollo's bounded in-memory cache of each
          // instance. An unknown hash is PERSISTED_QUERY_NOT_FOUND and the client sends the query.
          persistedQueries: {},
          // No HTTP cache hints are used; the plugin would otherwise hook every resolved field.
          plugins: [
            ApolloServerPluginCacheControlDisabled(),
            ...shape.plugins,
            graphqlMetricsPlugin(),
          ],
          context: ({ req }: { req: unknown }): RequestContext => ({
            req,
            loaders: new LoaderRegistry(),
          }),
          formatError: clientError,
          // Live updates over the graphql-ws protocol, on the same path.
          subscriptions: {
            'graphql-ws': {
              // graphql-ws validates on its own, without Apollo's rules. Nest's type omits
              // this option of graphql-ws, but passes it through (test/limits.e2e-spec.ts).
              ...({ validate: subscriptionValidator(limits) } as object),
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
        ReadRoutingModule,
        HealthModule,
        ObservabilityModule,
        ...DOMAIN_MODULES,
      ],
      providers: [{ provide: APP_FILTER, useClass: HttpErrorFilter }, PoolMetrics],
    };
  }
}
