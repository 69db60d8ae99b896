import { types } from 'pg';
import { DataSource, DataSourceOptions, Logger } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { ENTITIES } from './entities';
import { SnakeNamingStrategy } from './snake-naming.strategy';

// A PostgreSQL date stays 'YYYY-MM-DD', as TypeORM gives it for entity reads;
// pg would otherwise make it a Date at local midnight in raw queries.
const DATE_OID = 1082;
types.setTypeParser(DATE_OID, (value: string) => value);

export interface DataSourceSettings {
  url: string;
  poolSize?: number;
  statementTimeoutMs?: number;
  logger?: Logger;
  applicationName?: string;
}

/**
 * The one DataSource definition, shared by the app, the migration CLI,
 * the seed loader and the tests. The schema comes from migrations only.
 */
export function dataSourceOptions(settings: DataSourceSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    entities: ENTITIES,
    // Listed, not globbed: the same list works compiled, under ts-node and in Jest's ESM mode.
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    logging: settings.logger ? ['query', 'error'] : false,
    logger: settings.logger,
    extra: {
      max: settings.poolSize ?? 10,
      // Every statement is bounded, so an abandoned query never keeps running.
      statement_timeout: settings.statementTimeoutMs ?? 5000,
      idle_in_transaction_session_timeout: 30_000,
      connectionTimeoutMillis: 5000,
      application_name: settings.applicationName ?? 'kuntaverkko',
    },
  };
}

export function createDataSource(settings: DataSourceSettings): DataSource {
  return new DataSource(dataSourceOptions(settings));
}
