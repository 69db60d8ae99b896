import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { Logger as TypeOrmLogger } from 'typeorm';

/** The process's Prometheus registry, served at GET /metrics. */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'kuntaverkko_' });

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

/** TypeORM logger that counts statements instead of printing them. */
export class SqlMetricsLogger implements TypeOrmLogger {
  logQuery(): void {
    sqlStatements.inc();
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
