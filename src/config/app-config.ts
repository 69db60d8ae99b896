import { plainToInstance, Transform } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  ValidationError,
  validateSync,
} from 'class-validator';
import { isIP } from 'node:net';

/** Express's names for address ranges, accepted in TRUST_PROXY. */
const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * The server's configuration, read from the environment once at start-up.
 * Every variable is optional; a wrong value stops the server with a message
 * that names the variable.
 */
export class AppConfig {
  /** postgres://user:password@host:port/db. Unset: an embedded PostgreSQL is started. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  /**
   * Hot standbys for reads that may be slightly stale, comma-separated postgres:// URLs
   * (docs/scaling.md). Unset: every statement goes to DATABASE_URL.
   */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((u) => u.trim())
          .filter((u) => u !== '')
      : value,
  )
  @IsArray()
  @Matches(/^postgres(ql)?:\/\/.+/, {
    each: true,
    message: 'DATABASE_READ_URLS must be comma-separated postgres:// URLs',
  })
  DATABASE_READ_URLS?: string[];

  /** A standby further behind than this (ms) gets no reads until it catches up. */
  @Transform(({ value }: { value: unknown }) =>
    value === undefined || value === '' ? 5000 : Number(value),
  )
  @IsInt({ message: 'DATABASE_READ_MAX_LAG_MS must be an integer' })
  @Min(100, { message: 'DATABASE_READ_MAX_LAG_MS must be at least 100' })
  @Max(3600000, { message: 'DATABASE_READ_MAX_LAG_MS must be at most 3600000 (an hour)' })
  DATABASE_READ_MAX_LAG_MS = 5000;

  /**
   * A direct connection (not through a transaction pooler) for the change feed's LISTEN.
   * Unset: DATABASE_URL.
   */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_LISTEN_URL must be a postgres:// URL' })
  DATABASE_LISTEN_URL?: string;

  /**
   * Which proxies' X-Forwarded-For to believe for the client address (rate limits, read-your-
   * writes): a hop count (1 = the one load balancer in front), or a comma-separated list of
   * addresses/CIDRs (`loopback`, `10.0.0.0/8`). Unset: none; the socket address counts.
   */
  @IsOptional()
  @Matches(/^(\d{1,2}|[0-9A-Za-z.:/]+(\s*,\s*[0-9A-Za-z.:/]+)*)$/, {
    message: 'TRUST_PROXY must be a hop count (e.g. 1) or comma-separated addresses/CIDRs',
  })
  TRUST_PROXY?: string;

  @Transform(({ value }: { value: unknown }) =>
    value === undefined || value === '' ? 3000 : Number(value),
  )
  @IsInt({ message: 'PORT must be an integer' })
  @Min(0, { message: 'PORT must be between 0 and 65535' })
  @Max(65535, { message: 'PORT must be between 0 and 65535' })
  PORT = 3000;

  /** Where the embedded PostgreSQL keeps its files. */
  @IsString()
  DATA_DIR = '.data';

  @IsIn(['development', 'production', 'test'], {
    message: 'NODE_ENV must be one of development, production, test',
  })
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    message: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
  })
  LOG_LEVEL = 'info';

  /** Upper bound on every SQL statement, so an abandoned query never keeps running. */
  @Transform(({ value }: { value: unknown }) =>
    value === undefined || value === '' ? 5000 : Number(value),
  )
  @IsInt({ message: 'STATEMENT_TIMEOUT_MS must be an integer' })
  @Min(100, { message: 'STATEMENT_TIMEOUT_MS must be at least 100' })
  @Max(600000, { message: 'STATEMENT_TIMEOUT_MS must be at most 600000 (10 minutes)' })
  STATEMENT_TIMEOUT_MS = 5000;

  /**
   * Budget of one HTTP request, in ms. Past it the request's running SQL is
   * cancelled and it is answered with TIMEOUT. Independent of STATEMENT_TIMEOUT_MS,
   * which bounds each statement (also outside requests); see docs/operations.md.
   */
  @Transform(({ value }: { value: unknown }) =>
    value === undefined || value === '' ? 10000 : Number(value),
  )
  @IsInt({ message: 'REQUEST_TIMEOUT_MS must be an integer' })
  @Min(100, { message: 'REQUEST_TIMEOUT_MS must be at least 100' })
  @Max(600000, { message: 'REQUEST_TIMEOUT_MS must be at most 600000 (10 minutes)' })
  REQUEST_TIMEOUT_MS = 10000;

  /**
   * Where the dashboard reads its figures: `kept` (the counters maintained at
   * write time) or `live` (aggregated from the tables on each request, the
   * reference; for comparison). docs/dashboard.md, "Maintained figures".
   */
  @Transform(({ value }: { value: unknown }) =>
    value === undefined || value === '' ? 'kept' : value,
  )
  @IsIn(['kept', 'live'], { message: 'DASHBOARD_FIGURES must be kept or live' })
  DASHBOARD_FIGURES: 'kept' | 'live' = 'kept';

  @Transform(({ value }: { value: unknown }) =>
    value === undefined || value === '' ? 10 : Number(value),
  )
  @IsInt({ message: 'DB_POOL_SIZE must be an integer' })
  @Min(1, { message: 'DB_POOL_SIZE must be at least 1' })
  @Max(200, { message: 'DB_POOL_SIZE must be at most 200' })
  DB_POOL_SIZE = 10;

  /**
   * Worker processes of `npm run start:cluster` (src/cluster.ts), sharing PORT. Unset: one per
   * core (os.availableParallelism()). `npm start` ignores it.
   */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === undefined || value === '' ? undefined : Number(value),
  )
  @IsInt({ message: 'WEB_CONCURRENCY must be an integer' })
  @Min(1, { message: 'WEB_CONCURRENCY must be at least 1' })
  @Max(64, { message: 'WEB_CONCURRENCY must be at most 64' })
  WEB_CONCURRENCY?: number;

  /**
   * Secret for signing and checking JWT bearer tokens (at least 32 characters).
   * Unset: only API keys are accepted. Every instance and the token CLI need the same one.
   */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  /** redis://host:port. Set: live updates fan out through Redis pub/sub instead of PostgreSQL NOTIFY. */
  @IsOptional()
  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL?: string;

  /** Cost points each client (token, else IP) may spend per window; 0 turns rate limiting off. */
  @Transform(({ value }: { value: unknown }) =>
    value === undefined || value === '' ? 100000 : Number(value),
  )
  @IsInt({ message: 'RATE_LIMIT_POINTS must be an integer' })
  @Min(0)
  RATE_LIMIT_POINTS = 100000;

  @Transform(({ value }: { value: unknown }) =>
    value === undefined || value === '' ? 60 : Number(value),
  )
  @IsInt({ message: 'RATE_LIMIT_WINDOW_SECONDS must be an integer' })
  @Min(1)
  @Max(86400)
  RATE_LIMIT_WINDOW_SECONDS = 60;

  /** Highest cost of one operation (see docs/limits.md for the cost model). */
  @Transform(({ value }: { value: unknown }) =>
    value === undefined || value === '' ? 25000 : Number(value),
  )
  @IsInt({ message: 'MAX_QUERY_COST must be an integer' })
  @Min(1)
  MAX_QUERY_COST = 25000;

  @Transform(({ value }: { value: unknown }) =>
    value === undefined || value === '' ? 12 : Number(value),
  )
  @IsInt({ message: 'MAX_QUERY_DEPTH must be an integer' })
  @Min(1)
  @Max(100)
  MAX_QUERY_DEPTH = 12;

  @Transform(({ value }: { value: unknown }) =>
    value === undefined || value === '' ? 30 : Number(value),
  )
  @IsInt({ message: 'MAX_QUERY_ALIASES must be an integer' })
  @Min(0)
  @Max(1000)
  MAX_QUERY_ALIASES = 30;

  @Transform(({ value }: { value: unknown }) =>
    value === undefined || value === '' ? 2000 : Number(value),
  )
  @IsInt({ message: 'MAX_QUERY_TOKENS must be an integer' })
  @Min(10)
  @Max(1000000)
  MAX_QUERY_TOKENS = 2000;

  /**
   * Introspection queries; unset: on, also with NODE_ENV=production (the data is public and
   * schema tools, code generators and the explorer at /graphql need it). `false` turns it off.
   */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  )
  @IsBoolean({ message: 'GRAPHQL_INTROSPECTION must be true or false' })
  GRAPHQL_INTROSPECTION?: boolean;

  /**
   * Set: GET /metrics needs `Authorization: Bearer <METRICS_TOKEN>` (16 characters or more).
   * Unset: /metrics is open to anyone who reaches the port (docs/operations.md).
   */
  @IsOptional()
  @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters' })
  METRICS_TOKEN?: string;

  /**
   * Set: /metrics is served on this port only (not on PORT), e.g. one that only the
   * scraper's network reaches. 0 picks a free one.
   */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === undefined || value === '' ? undefined : Number(value),
  )
  @IsInt({ message: 'METRICS_PORT must be an integer' })
  @Min(0, { message: 'METRICS_PORT must be between 0 and 65535' })
  @Max(65535, { message: 'METRICS_PORT must be between 0 and 65535' })
  METRICS_PORT?: number;

  /**
   * Which engine answers graph queries: `index` (default), the in-memory graph index,
   * with SQL answering until it is built; or `sql`, always the SQL engine (docs/graph-queries.md).
   */
  @IsIn(['index', 'sql'], { message: 'GRAPH_ENGINE must be index or sql' })
  GRAPH_ENGINE: 'index' | 'sql' = 'index';

  /** Seconds between the graph index's checksum comparisons with the database; 0: never. */
  @Transform(({ value }: { value: unknown }) =>
    value === undefined || value === '' ? 30 : Number(value),
  )
  @IsInt({ message: 'GRAPH_CHECK_SECONDS must be an integer' })
  @Min(0)
  @Max(86400)
  GRAPH_CHECK_SECONDS = 30;

  /** Load the dataset into an empty database at start-up. */
  @Transform(({ value }: { value: unknown }) =>
    value === undefined || value === '' ? true : value === 'true',
  )
  @IsBoolean()
  SEED_ON_START = true;
}

export class ConfigError extends Error {}

/** Introspection is on unless GRAPHQL_INTROSPECTION=false, whatever NODE_ENV says. */
export function introspectionEnabled(config: AppConfig): boolean {
  return config.GRAPHQL_INTROSPECTION ?? true;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new AppConfig()).concat(
    'DATABASE_URL',
    'DATABASE_READ_URLS',
    'DATABASE_LISTEN_URL',
    'TRUST_PROXY',
    'JWT_SECRET',
    'REDIS_URL',
    'GRAPHQL_INTROSPECTION',
    'METRICS_TOKEN',
    'METRICS_PORT',
    'WEB_CONCURRENCY',
  );
  const raw: Record<string, unknown> = {};
  // An empty variable counts as unset, as in most shells' `VAR= command`.
  for (const key of known) if (env[key] !== undefined && env[key] !== '') raw[key] = env[key];
  const config = plainToInstance(AppConfig, raw);
  const errors = validateSync(config, { whitelist: true });
  const proxy = trustProxySetting(config);
  if (Array.isArray(proxy)) {
    const bad = proxy.find((a) => !PROXY_NAMES.has(a) && isIP(a.replace(/\/\d{1,3}$/, '')) === 0);
    if (bad !== undefined)
      errors.push(
        Object.assign(new ValidationError(), {
          property: 'TRUST_PROXY',
          constraints: {
            address: `${bad} is neither an IP address, a CIDR nor loopback/linklocal/uniquelocal`,
          },
        }),
      );
  }
  if (errors.length > 0) {
    const lines = errors.flatMap((e) =>
      Object.values(e.constraints ?? {}).map((m) => `  ${e.property}: ${m}`),
    );
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return config;
}

/** Express's `trust proxy` value for TRUST_PROXY: a hop count, an address list, or off. */
export function trustProxySetting(config: AppConfig): number | string[] | false {
  const value = config.TRUST_PROXY?.trim();
  if (!value) return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(',').map((a) => a.trim());
}
