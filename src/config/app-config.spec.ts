import { ConfigError, introspectionEnabled, loadConfig, trustProxySetting } from './app-config';

describe('loadConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    const sut = loadConfig({});
    expect(sut.PORT).toBe(3000);
    expect(sut.DATABASE_URL).toBeUndefined();
    expect(sut.SEED_ON_START).toBe(true);
    expect(sut.STATEMENT_TIMEOUT_MS).toBe(5000);
    expect(sut.REQUEST_TIMEOUT_MS).toBe(10000);
    expect(sut.LOG_LEVEL).toBe('info');
  });

  it('reads REQUEST_TIMEOUT_MS and refuses values outside 100 … 600000 with its name', () => {
    expect(loadConfig({ REQUEST_TIMEOUT_MS: '2500' }).REQUEST_TIMEOUT_MS).toBe(2500);
    for (const bad of ['soon', '50', '600001', '1.5']) {
      expect(() => loadConfig({ REQUEST_TIMEOUT_MS: bad })).toThrow(/REQUEST_TIMEOUT_MS/);
    }
  });

  it('names LOG_LEVEL, NODE_ENV and DB_POOL_SIZE with the allowed values', () => {
    expect(loadConfig({ LOG_LEVEL: 'silent' }).LOG_LEVEL).toBe('silent');
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL must be one of .*silent/);
    expect(() => loadConfig({ NODE_ENV: 'staging' })).toThrow(/NODE_ENV must be one of/);
    expect(() => loadConfig({ DB_POOL_SIZE: '0' })).toThrow(/DB_POOL_SIZE must be at least 1/);
    expect(() => loadConfig({ STATEMENT_TIMEOUT_MS: '10' })).toThrow(
      /STATEMENT_TIMEOUT_MS must be at least 100/,
    );
  });

  it('reads WEB_CONCURRENCY (unset: one worker per core) and refuses values outside 1 … 64', () => {
    expect(loadConfig({}).WEB_CONCURRENCY).toBeUndefined();
    expect(loadConfig({ WEB_CONCURRENCY: '3' }).WEB_CONCURRENCY).toBe(3);
    for (const bad of ['0', '65', 'many', '1.5'])
      expect(() => loadConfig({ WEB_CONCURRENCY: bad })).toThrow(/WEB_CONCURRENCY/);
  });

  it('reads numbers and booleans from strings', () => {
    const sut = loadConfig({
      PORT: '4100',
      SEED_ON_START: 'false',
      DATABASE_URL: 'postgres://a@b/c',
    });
    expect(sut.PORT).toBe(4100);
    expect(sut.SEED_ON_START).toBe(false);
    expect(sut.DATABASE_URL).toBe('postgres://a@b/c');
  });

  it('names every wrong variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x' });
    } catch (e) {
      expect((e as Error).message).toMatch(/PORT/);
      expect((e as Error).message).toMatch(/DATABASE_URL/);
    }
  });

  it('gives the query limits and rate limit their defaults and reads them', () => {
    const defaults = loadConfig({});
    expect(defaults.RATE_LIMIT_POINTS).toBeGreaterThan(0);
    expect(defaults.MAX_QUERY_DEPTH).toBeGreaterThan(0);
    const sut = loadConfig({
      RATE_LIMIT_POINTS: '0',
      RATE_LIMIT_WINDOW_SECONDS: '5',
      MAX_QUERY_COST: '50',
      MAX_QUERY_DEPTH: '3',
      MAX_QUERY_ALIASES: '2',
      MAX_QUERY_TOKENS: '100',
    });
    expect([
      sut.RATE_LIMIT_POINTS,
      sut.RATE_LIMIT_WINDOW_SECONDS,
      sut.MAX_QUERY_COST,
      sut.MAX_QUERY_DEPTH,
      sut.MAX_QUERY_ALIASES,
      sut.MAX_QUERY_TOKENS,
    ]).toEqual([0, 5, 50, 3, 2, 100]);
    expect(() => loadConfig({ MAX_QUERY_COST: '0' })).toThrow(/MAX_QUERY_COST/);
  });

  it('turns introspection on by default, in production too; GRAPHQL_INTROSPECTION=false turns it off', () => {
    expect(introspectionEnabled(loadConfig({}))).toBe(true);
    expect(introspectionEnabled(loadConfig({ NODE_ENV: 'test' }))).toBe(true);
    expect(introspectionEnabled(loadConfig({ NODE_ENV: 'production' }))).toBe(true);
    expect(
      introspectionEnabled(loadConfig({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true' })),
    ).toBe(true);
    expect(introspectionEnabled(loadConfig({ GRAPHQL_INTROSPECTION: 'false' }))).toBe(false);
    expect(
      introspectionEnabled(loadConfig({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'false' })),
    ).toBe(false);
    expect(() => loadConfig({ GRAPHQL_INTROSPECTION: 'yes' })).toThrow(/GRAPHQL_INTROSPECTION/);
  });
});

describe('loadConfig: replicas, pooler and proxies', () => {
  it('reads DATABASE_READ_URLS as a list and names a bad entry', () => {
    const sut = loadConfig({
      DATABASE_READ_URLS: 'postgres://a@r1/db, postgres://a@r2:5433/db,',
      DATABASE_READ_MAX_LAG_MS: '2000',
    });
    expect(sut.DATABASE_READ_URLS).toEqual(['postgres://a@r1/db', 'postgres://a@r2:5433/db']);
    expect(sut.DATABASE_READ_MAX_LAG_MS).toBe(2000);
    expect(loadConfig({}).DATABASE_READ_MAX_LAG_MS).toBe(5000);
    expect(() => loadConfig({ DATABASE_READ_URLS: 'postgres://a@r1/db,mysql://x' })).toThrow(
      /DATABASE_READ_URLS must be comma-separated postgres:\/\/ URLs/,
    );
    expect(() => loadConfig({ DATABASE_READ_MAX_LAG_MS: '5' })).toThrow(
      /DATABASE_READ_MAX_LAG_MS must be at least 100/,
    );
    expect(() => loadConfig({ DATABASE_LISTEN_URL: 'localhost:5432' })).toThrow(
      /DATABASE_LISTEN_URL must be a postgres:\/\/ URL/,
    );
  });

  it('reads TRUST_PROXY as a hop count or an address list, and refuses anything else', () => {
    expect(trustProxySetting(loadConfig({}))).toBe(false);
    expect(trustProxySetting(loadConfig({ TRUST_PROXY: '2' }))).toBe(2);
    expect(trustProxySetting(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,::1' }))).toEqual([
      'loopback',
      '10.0.0.0/8',
      '::1',
    ]);
    expect(() => loadConfig({ TRUST_PROXY: 'balancer.example' })).toThrow(
      /TRUST_PROXY: balancer.example is neither an IP address/,
    );
    expect(() => loadConfig({ TRUST_PROXY: 'yes please' })).toThrow(/TRUST_PROXY must be/);
  });
});
