import { createHash, timingSafeEqual } from 'node:crypto';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { Logger as TypeOrmLogger, QueryRunner } from 'typeorm';
import { joinClusterMetrics } from './cluster-metrics';
import { beforeStatement } from './request-budget';

/** The process's Prometheus registry, served at GET /metrics. */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'kuntaverkko_' });
// Under `npm run start:cluster`, each worker's samples are labelled with its pid (cluster-metrics.ts).
joinClusterMetrics(registry);

export const sqlStatements = new Counter({
  name: 'kuntaverkko_sql_statements_total',
  help: 'SQL statements sent to PostgreSQL through the connection pool (the change listener sends the live-update outbox on its own connection, not counted here).',
  registers: [registry],
});

export const sqlErrors = new Counter({
  name: 'kuntaverkko_sql_errors_total',
  help: 'SQL statements that PostgreSQL rejected.',
  registers: [registry],
});

/**
 * TypeORM logger that counts statements instead of printing them, and keeps
 * each request's statements within its time budget (request-budget.ts).
 */
export class SqlMetricsLogger implements TypeOrmLogger {
  logQuery(query: string, _parameters?: unknown[], queryRunner?: QueryRunner): void {
    sqlStatements.inc();
    beforeStatement(query, queryRunner);
  }
  logQueryError(): void {
    sqlStatements.inc();
    sqlErrors.inc();
  }
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

export const liveSubscriptions = new Gauge({
  name: 'kuntaverkko_live_subscriptions',
  help: 'GraphQL subscriptions this instance is serving now.',
  registers: [registry],
});

export const changeMessages = new Counter({
  name: 'kuntaverkko_change_messages_total',
  help: 'Change messages received from PostgreSQL NOTIFY or Redis and fanned out to subscribers.',
  registers: [registry],
});

export const requestTimeouts = new Counter({
  name: 'kuntaverkko_request_timeouts_total',
  help: 'HTTP requests that ran past REQUEST_TIMEOUT_MS; their SQL was cancelled and they were answered with TIMEOUT.',
  registers: [registry],
});

export const cancelledStatements = new Counter({
  name: 'kuntaverkko_cancelled_statements_total',
  help: 'SQL statements cancelled (pg_cancel_backend) because their request ran out of time.',
  registers: [registry],
});

const OPERATION_LABELS = ['operation', 'type'] as const;

export const graphqlRequests = new Counter({
  name: 'kuntaverkko_graphql_requests_total',
  help: 'GraphQL requests over HTTP, by operation name and type (query, mutation, unknown when the document did not parse or validate).',
  labelNames: OPERATION_LABELS,
  registers: [registry],
});

export const graphqlDuration = new Histogram({
  name: 'kuntaverkko_graphql_request_duration_seconds',
  help: 'Time from receiving a GraphQL request to sending its response, by operation name and type.',
  labelNames: OPERATION_LABELS,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [registry],
});

export const graphqlErrors = new Counter({
  name: 'kuntaverkko_graphql_errors_total',
  help: 'Errors in GraphQL responses, by operation and extensions.code (see docs/errors.md).',
  labelNames: [...OPERATION_LABELS, 'code'],
  registers: [registry],
});

/** The numbers of the connection pool (pg-pool), read at scrape time. */
export interface PoolNumbers {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}
let poolSource: (() => PoolNumbers | undefined) | undefined;

/** Where the pool gauges read from (set once the DataSource is up). */
export function setPoolSource(source: () => PoolNumbers | undefined): void {
  poolSource = source;
}

function poolGauge(name: string, help: string, read: (p: PoolNumbers) => number): Gauge {
  return new Gauge({
    name,
    help,
    registers: [registry],
    collect() {
      const pool = poolSource?.();
      this.set(pool ? read(pool) : 0);
    },
  });
}

poolGauge(
  'kuntaverkko_db_pool_connections',
  'Connections open in the database pool (idle and in use), at most DB_POOL_SIZE.',
  (p) => p.totalCount,
);
poolGauge(
  'kuntaverkko_db_pool_idle_connections',
  'Open pool connections that no request holds.',
  (p) => p.idleCount,
);
poolGauge(
  'kuntaverkko_db_pool_waiting_requests',
  'Callers waiting for a pool connection because all are in use.',
  (p) => p.waitingCount,
);

/**
 * Whether a scrape may read the metrics: always without METRICS_TOKEN, else
 * only with `Authorization: Bearer <token>` (compared in constant time).
 */
export function scrapeAllowed(authorization: string | undefined, token: string | undefined) {
  if (!token) return true;
  const given = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1] ?? '';
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(token));
}

export const SCRAPE_REFUSED = 'GET /metrics needs the header Authorization: Bearer <METRICS_TOKEN>';
