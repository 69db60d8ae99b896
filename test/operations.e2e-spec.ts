import { Client } from 'pg';
import { postGraphQL, startTestApp, TestApp } from './support/test-app';
import { issueTestToken } from './support/tokens';
import { readDataset } from '../src/seed/dataset-files';

/** The real dataset's projects, as data/ has them. */
const REAL_PROJECTS = readDataset().projects.length;

/** The Prometheus text at /metrics, as { 'name{labels}': value }. */
async function scrape(baseUrl: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const series = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    series.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return series;
}

async function poll<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 30_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting; last value ${String(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The server's JSON log lines (anything else in its output is ignored). */
function logLines(output: string): Record<string, any>[] {
  return output
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, any>);
}

describe('operations: health, metrics and logs', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers liveness and readiness with terminus bodies', async () => {
    const live = await fetch(`${t.baseUrl}/health/live`);
    expect(live.status).toBe(200);
    expect(await live.json()).toMatchObject({ status: 'ok' });
    const ready = await fetch(`${t.baseUrl}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'ok',
      details: { database: { status: 'up' } },
    });
  });

  it('counts requests, latency and errors by operation name, type and code', async () => {
    const name = `Programmes${Date.now().toString(36)}`;
    for (let i = 0; i < 3; i++)
      expect((await t.gql(`query ${name} { programmes { totalCount } }`)).errors).toBeUndefined();
    await t.gql(`query TooBig { projects(first: 500) { totalCount } }`);
    await t.gql(`{ programmes { totalCount } }`);
    await t.gql(`query Broken { programmes { `);
    const m = await scrape(t.baseUrl);
    const labels = `operation="${name}",type="query"`;
    expect(m.get(`kuntaverkko_graphql_requests_total{${labels}}`)).toBe(3);
    expect(m.get(`kuntaverkko_graphql_request_duration_seconds_count{${labels}}`)).toBe(3);
    expect(m.get(`kuntaverkko_graphql_request_duration_seconds_sum{${labels}}`)).toBeGreaterThan(0);
    expect(m.get(`kuntaverkko_graphql_request_duration_seconds_bucket{le="+Inf",${labels}}`)).toBe(
      3,
    );
    expect(
      m.get(
        `kuntaverkko_graphql_errors_total{operation="TooBig",type="query",code="BAD_USER_INPUT"}`,
      ),
    ).toBe(1);
    expect(
      m.get(`kuntaverkko_graphql_requests_total{operation="anonymous",type="query"}`),
    ).toBeGreaterThanOrEqual(1);
    expect(
      m.get(
        `kuntaverkko_graphql_errors_total{operation="unknown",type="unknown",code="GRAPHQL_PARSE_FAILED"}`,
      ),
    ).toBeGreaterThanOrEqual(1);
    // The existing SQL counters are still there.
    expect(m.get('kuntaverkko_sql_statements_total')).toBeGreaterThan(0);
  });

  it('reports the connection pool at scrape time', async () => {
    const m = await scrape(t.baseUrl);
    const total = m.get('kuntaverkko_db_pool_connections');
    expect(total).toBeGreaterThanOrEqual(1);
    expect(total).toBeLessThanOrEqual(10);
    expect(m.get('kuntaverkko_db_pool_idle_connections')).toBeLessThanOrEqual(total!);
    expect(m.get('kuntaverkko_db_pool_waiting_requests')).toBe(0);
  });

  it('logs one JSON line per request with the request id, echoes it, and redacts credentials', async () => {
    const admin = await issueTestToken(t.db, { role: 'ADMIN' });
    const id = `trace-${Date.now().toString(36)}`;
    const res = await fetch(`${t.baseUrl}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-request-id': id,
        authorization: `Bearer ${admin.token}`,
        cookie: 'session=very-secret-cookie',
      },
      body: JSON.stringify({ query: '{ viewer { name } }' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe(id);

    // An id that is not short and plain is replaced by a generated one.
    const odd = await fetch(`${t.baseUrl}/health/live`, {
      headers: { 'x-request-id': 'x'.repeat(200) },
    });
    const generated = odd.headers.get('x-request-id');
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);

    const lines = await poll(
      () => Promise.resolve(logLines(t.server.output())),
      (ls) => ls.some((l) => l.req?.id === id),
    );
    const mine = lines.filter((l) => l.req?.id === id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      msg: 'request completed',
      req: { method: 'POST', url: '/graphql' },
      res: { statusCode: 200 },
    });
    expect(typeof mine[0].responseTime).toBe('number');
    expect(mine[0].req.headers.authorization).toBe('[redacted]');
    expect(mine[0].req.headers.cookie).toBe('[redacted]');
    expect(t.server.output()).not.toContain(admin.token);
    expect(t.server.output()).not.toContain('very-secret-cookie');
    // The start-up lines are JSON too, with the address the test harness looks for.
    expect(lines.some((l) => /GraphQL at http:\/\/localhost:\d+\/graphql/.test(l.msg))).toBe(true);
  });
});

describe('operations: what the server does not show', () => {
  it('sends no X-Powered-By header, on any route', async () => {
    const t = await startTestApp();
    try {
      for (const path of [
        '/graphql?query=%7B__typename%7D',
        '/health/live',
        '/metrics',
        '/nowhere',
      ]) {
        const res = await fetch(`${t.baseUrl}${path}`);
        expect({ path, poweredBy: res.headers.get('x-powered-by') }).toEqual({
          path,
          poweredBy: null,
        });
      }
    } finally {
      await t.close();
    }
  });

  it('with METRICS_TOKEN, /metrics needs the token', async () => {
    const token = 'scrape-' + 'x'.repeat(24);
    const t = await startTestApp({ env: { METRICS_TOKEN: token } });
    try {
      for (const authorization of [undefined, 'Bearer wrong-token', token]) {
        const res = await fetch(`${t.baseUrl}/metrics`, {
          headers: authorization ? { authorization } : {},
        });
        expect(res.status).toBe(401);
        expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
        const body = (await res.json()) as { error: { code: string } };
        expect(body.error.code).toBe('UNAUTHENTICATED');
      }
      const ok = await fetch(`${t.baseUrl}/metrics`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toMatch(/^# HELP kuntaverkko_sql_statements_total/m);
    } finally {
      await t.close();
    }
  });

  it('with METRICS_PORT, /metrics is served on that port only', async () => {
    const token = 'scrape-' + 'y'.repeat(24);
    const t = await startTestApp({ env: { METRICS_PORT: '0', METRICS_TOKEN: token } });
    try {
      const at = /metrics at http:\/\/localhost:(\d+)\/metrics/.exec(t.server.output());
      expect(at).not.toBeNull();
      const metricsUrl = `http://127.0.0.1:${at![1]}`;
      expect((await fetch(`${t.baseUrl}/metrics`)).status).toBe(404);
      expect(
        (await fetch(`${t.baseUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } }))
          .status,
      ).toBe(404);
      const refused = await fetch(`${metricsUrl}/metrics`);
      expect(refused.status).toBe(401);
      expect(await refused.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
      const ok = await fetch(`${metricsUrl}/metrics`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toMatch(/^# HELP kuntaverkko_sql_statements_total/m);
      // Nothing but the metrics there: not the API.
      expect((await fetch(`${metricsUrl}/graphql?query=%7B__typename%7D`)).status).toBe(404);
    } finally {
      await t.close();
    }
  });
});

describe('operations: the request time budget', () => {
  let t: TestApp;
  let locker: Client;

  beforeAll(async () => {
    // A budget far below the statement timeout, so only the budget can stop the requests.
    t = await startTestApp({
      env: { REQUEST_TIMEOUT_MS: '1000', STATEMENT_TIMEOUT_MS: '60000', DB_POOL_SIZE: '4' },
    });
    locker = new Client({ connectionString: t.db.url });
    await locker.connect();
  });
  afterAll(async () => {
    await locker?.end();
    await t?.close();
  });

  it('answers requests past the budget with TIMEOUT, cancels their SQL, and leaves the pool idle', async () => {
    // The test's own transaction holds a lock every project read waits for.
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE project IN ACCESS EXCLUSIVE MODE');
    let answers;
    try {
      // Three times the pool: some wait in SQL, the rest for a connection.
      answers = await Promise.all(
        Array.from({ length: 12 }, () =>
          postGraphQL(t.baseUrl, `query Slow { projects(first: 5) { totalCount } }`),
        ),
      );
      // Nothing of theirs is left running on the server, although the lock is still held.
      const waiting = await locker.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE datname = current_database() AND application_name = 'kuntaverkko' AND state = 'active'`,
      );
      expect(waiting.rows[0].n).toBe(0);
    } finally {
      await locker.query('COMMIT');
    }
    for (const res of answers) {
      expect(res.status).toBe(200);
      expect(res.data?.projects ?? null).toBeNull();
      expect(res.errors?.[0].extensions?.code).toBe('TIMEOUT');
      expect(res.errors?.[0].message).toMatch(/time budget/);
    }
    const m = await poll(
      () => scrape(t.baseUrl),
      (s) =>
        s.get('kuntaverkko_db_pool_idle_connections') ===
          s.get('kuntaverkko_db_pool_connections') &&
        s.get('kuntaverkko_db_pool_waiting_requests') === 0,
    );
    expect(m.get('kuntaverkko_db_pool_connections')).toBeLessThanOrEqual(4);
    expect(m.get('kuntaverkko_request_timeouts_total')).toBeGreaterThanOrEqual(12);
    expect(m.get('kuntaverkko_cancelled_statements_total')).toBeGreaterThanOrEqual(1);
    expect(
      m.get('kuntaverkko_graphql_errors_total{operation="Slow",type="query",code="TIMEOUT"}'),
    ).toBe(12);
    // And the server still answers, on those same connections.
    const after = await t.gql(`{ projects(first: 5) { totalCount } }`);
    expect(after.errors).toBeUndefined();
    expect(after.data!.projects.totalCount).toBe(REAL_PROJECTS);
  });
});
