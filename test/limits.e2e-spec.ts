import { request } from 'node:http';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { startServer, ServerProcess } from './support/server-process';
import { issueTestToken, TestToken } from './support/tokens';
import { createTestDatabase, expectErrorCode, startTestApp, TestApp } from './support/test-app';

/**
 * Query limits (docs/limits.md): every limit refuses with QUERY_TOO_COMPLEX,
 * names itself and the figures, and runs no SQL; the rate limit counts cost
 * points per client (token, else IP) and answers 429 RATE_LIMITED.
 */

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: {
    data?: Record<string, any> | null;
    errors?: { message: string; extensions?: Record<string, any> & { code?: string } }[];
  };
}

/** POST /graphql over node:http, so a test can pick the source address (127.0.0.x). */
function post(
  baseUrl: string,
  query: string,
  options: { token?: string; localAddress?: string; variables?: Record<string, unknown> } = {},
): Promise<RawResponse> {
  const body = JSON.stringify({ query, variables: options.variables });
  return new Promise((resolve, reject) => {
    const req = request(
      `${baseUrl}/graphql`,
      {
        method: 'POST',
        localAddress: options.localAddress,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) });
          } catch (e) {
            reject(e instanceof Error ? e : new Error(String(e)));
          }
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** GET a download route over node:http from a chosen source address; the body as text. */
function download(
  baseUrl: string,
  path: string,
  localAddress?: string,
): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${baseUrl}${path}`, { localAddress }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A query whose longest path has `depth` fields: project → lead → project → … → __typename. */
function nestedQuery(depth: number): string {
  const path = ['project(id: "UHJvamVjdDox")'];
  while (path.length < depth - 1) path.push(path.length % 2 === 1 ? 'lead' : 'project');
  return `{ ${path.join(' { ')} { __typename ${' }'.repeat(path.length)} }`;
}

describe('query limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      env: {
        MAX_QUERY_DEPTH: '7',
        MAX_QUERY_ALIASES: '3',
        MAX_QUERY_TOKENS: '300',
        MAX_QUERY_COST: '500',
        RATE_LIMIT_POINTS: '1000000',
      },
    });
  });
  afterAll(async () => {
    await t.close();
  });

  /** Asserts the request is refused as over `limit`, with no SQL run, and returns the error. */
  async function refused(query: string, limit: string, maximum: number) {
    const before = await t.metric('kuntaverkko_sql_statements_total');
    const res = await post(t.baseUrl, query);
    const after = await t.metric('kuntaverkko_sql_statements_total');
    expect(res.status).toBe(400);
    const error = expectErrorCode({ ...res.body, status: res.status }, 'QUERY_TOO_COMPLEX');
    expect(error.extensions).toMatchObject({ limit, maximum });
    expect(error.extensions!.actual).toBeGreaterThan(maximum);
    expect(error.message).toContain(limit);
    expect(after).toBe(before);
    expect(res.body.data).toBeUndefined();
    return error;
  }

  async function accepted(query: string) {
    const before = await t.metric('kuntaverkko_sql_statements_total');
    const res = await post(t.baseUrl, query);
    expect(res.body.errors).toBeUndefined();
    expect(res.status).toBe(200);
    // The check that passes still lets the query run.
    expect(await t.metric('kuntaverkko_sql_statements_total')).toBeGreaterThan(before);
    return res;
  }

  it('refuses a query deeper than MAX_QUERY_DEPTH and runs one at the limit', async () => {
    // Depth counts every field on the longest path, the scalar at its end too.
    await accepted(nestedQuery(7));
    const error = await refused(nestedQuery(9), 'depth', 7);
    expect(error.extensions!.actual).toBe(9);
  });

  it('refuses more aliases than MAX_QUERY_ALIASES', async () => {
    await accepted('{ a: regions { code } b: regions { code } c: regions { code } }');
    const error = await refused(
      '{ a: regions { code } b: regions { code } c: regions { code } d: regions { code } }',
      'aliases',
      3,
    );
    expect(error.extensions!.actual).toBe(4);
  });

  it('refuses a document of more than MAX_QUERY_TOKENS tokens before parsing it whole', async () => {
    // `{ regions { code } }` is 6 tokens; each extra `code` is one more.
    await accepted(`{ regions { ${Array.from({ length: 290 }, () => 'code').join(' ')} } }`);
    const error = await refused(
      `{ regions { ${Array.from({ length: 400 }, () => 'code').join(' ')} } }`,
      'tokens',
      300,
    );
    expect(error.extensions!.actual).toBe(405);
  });

  it('refuses a query that costs more than MAX_QUERY_COST, naming the cost', async () => {
    // Per project: node 1 + participants (1 + 10 × organisation 1) = 12.
    const page = (n: number) =>
      `{ projects(first: ${n}) { edges { node { titleSv participants { organisation { nameFi } } } } } }`;
    const ok = await accepted(page(40));
    expect(ok.headers['x-ratelimit-cost']).toBe(String(1 + 40 * 12));
    const error = await refused(page(100), 'cost', 500);
    expect(error.extensions!.actual).toBe(1 + 100 * 12);
    // Variables are priced at their values, too.
    const before = await t.metric('kuntaverkko_sql_statements_total');
    const res = await post(
      t.baseUrl,
      'query($n: Int) { projects(first: $n) { edges { node { participants { organisation { nameFi } } } } } }',
      { variables: { n: 90 } },
    );
    expect(res.body.errors?.[0].extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'cost',
    });
    expect(await t.metric('kuntaverkko_sql_statements_total')).toBe(before);
  });

  it('does not let a negative page size or one bad argument lower the cost of the rest', async () => {
    const expensive =
      'b: projects(first: 100) { edges { node { participants { organisation { nameFi } } } } }';
    // A negative page (refused by that field alone) must not subtract from its sibling.
    await refused(
      `{ a: projects(first: -1000000) { edges { node { id } } } ${expensive} }`,
      'cost',
      500,
    );
    // An argument that cannot be coerced refuses the whole operation, before any SQL.
    const before = await t.metric('kuntaverkko_sql_statements_total');
    const res = await post(
      t.baseUrl,
      `query($d: Int) { a: partnersOfPartners(organisation: "TXVuaWNpcGFsaXR5OjE2OQ", maxDepth: $d) { totalCount } ${expensive} }`,
      { variables: { d: null } },
    );
    expect(res.status).toBe(400);
    expect(res.body.data).toBeUndefined();
    expectErrorCode({ ...res.body, status: res.status }, 'BAD_USER_INPUT');
    expect(await t.metric('kuntaverkko_sql_statements_total')).toBe(before);
  });

  it('charges a download its fixed cost in rate-limit points', async () => {
    const res = await download(t.baseUrl, '/export/projects.csv');
    expect(res.status).toBe(200);
    expect(res.headers['x-ratelimit-cost']).toBe('1000');
    expect(res.text.startsWith('\uFEFF')).toBe(true);
  });

  it('prices graph queries by their depth', async () => {
    const reach = (depth: number) =>
      `{ partnersOfPartners(organisation: "TXVuaWNpcGFsaXR5OjE2OQ", maxDepth: ${depth}, first: 20) { totalCount } }`;
    const shallow = await accepted(reach(1));
    const deep = await accepted(reach(4));
    expect(Number(deep.headers['x-ratelimit-cost'])).toBeGreaterThan(
      Number(shallow.headers['x-ratelimit-cost']),
    );
  });

  it('applies the depth limit to subscriptions over graphql-ws too', async () => {
    const client = createClient({
      url: t.baseUrl.replace(/^http/, 'ws') + '/graphql',
      webSocketImpl: WebSocket,
      retryAttempts: 0,
    });
    // Resolves with the errors of a refused subscription; an accepted one stays open.
    const subscribe = (query: string, errors: unknown[]) =>
      new Promise<void>((resolve) => {
        client.subscribe(
          { query },
          {
            next: () => undefined,
            error: (e) => {
              errors.push(...(Array.isArray(e) ? e : [e]));
              resolve();
            },
            complete: () => resolve(),
          },
        );
      });
    try {
      // commitmentChanges 1, commitment 2, projects 3, then lead/project pairs; id at the end.
      const deep = `subscription { commitmentChanges(programme: "UHJvZ3JhbW1lOjE") {
        commitment { projects { lead { project { lead { project { id } } } } } } } }`;
      const errors: { extensions?: Record<string, unknown> }[] = [];
      await subscribe(deep, errors);
      expect(errors[0]?.extensions).toMatchObject({
        code: 'QUERY_TOO_COMPLEX',
        limit: 'depth',
        maximum: 7,
        actual: 8,
      });
      expect(errors[0].extensions!.http).toBeUndefined();
      // A shallow one is served: the server counts it as live.
      const before = await t.metric('kuntaverkko_live_subscriptions');
      const refused: unknown[] = [];
      void subscribe(
        `subscription { commitmentChanges(programme: "UHJvZ3JhbW1lOjE") { change } }`,
        refused,
      );
      const deadline = Date.now() + 30_000;
      while ((await t.metric('kuntaverkko_live_subscriptions')) <= before) {
        expect(refused).toEqual([]);
        if (Date.now() > deadline) throw new Error('the subscription was never served');
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await client.dispose();
    }
  });

  it('shows field suggestions outside production, and serves introspection by default', async () => {
    const res = await post(t.baseUrl, '{ projectz { id } }');
    const error = expectErrorCode({ ...res.body, status: res.status }, 'GRAPHQL_VALIDATION_FAILED');
    expect(error.message).toMatch(/Did you mean "project/);
    const schema = await post(t.baseUrl, '{ __schema { queryType { name } } }');
    expect(schema.body.data?.__schema.queryType.name).toBe('Query');
  });
});

describe('in production', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { NODE_ENV: 'production' } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('hides field suggestions', async () => {
    const res = await post(t.baseUrl, '{ projectz { id } }');
    const error = expectErrorCode({ ...res.body, status: res.status }, 'GRAPHQL_VALIDATION_FAILED');
    expect(error.message).toContain('Cannot query field "projectz" on type "Query"');
    expect(error.message).not.toMatch(/Did you mean|project"|hidden/);
  });

  it('serves introspection by default: the data is public and the API explorable', async () => {
    const res = await post(t.baseUrl, '{ __schema { queryType { name } } }');
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.__schema.queryType.name).toBe('Query');
  });
});

describe('rate limit', () => {
  const POINTS = 40;
  const WINDOW = 600;
  let t: TestApp;
  let tokenA: TestToken;
  let tokenB: TestToken;
  beforeAll(async () => {
    t = await startTestApp({
      env: {
        RATE_LIMIT_POINTS: String(POINTS),
        RATE_LIMIT_WINDOW_SECONDS: String(WINDOW),
        GRAPHQL_INTROSPECTION: 'false',
      },
    });
    tokenA = await issueTestToken(t.db, { role: 'ADMIN' });
    tokenB = await issueTestToken(t.db, { role: 'COORDINATOR', municipalities: ['853'] });
  });
  afterAll(async () => {
    await t.close();
  });

  // Costs 1 + 5 × 1 = 6 points.
  const QUERY = '{ programmes(first: 5) { edges { node { code } } } }';

  /** Spends the budget of one client; checks the headers count down on the way. */
  async function spend(options: { token?: string; localAddress?: string }) {
    let previous = POINTS;
    for (let i = 0; i < 100; i++) {
      const res = await post(t.baseUrl, QUERY, options);
      if (res.status === 429) return res;
      expect(res.body.errors).toBeUndefined();
      const remaining = Number(res.headers['x-ratelimit-remaining']);
      const cost = Number(res.headers['x-ratelimit-cost']);
      expect(res.headers['x-ratelimit-limit']).toBe(String(POINTS));
      expect(cost).toBe(6);
      expect(remaining).toBe(previous - cost);
      expect(Number(res.headers['x-ratelimit-used'])).toBe(POINTS - remaining);
      const reset = Number(res.headers['x-ratelimit-reset']) * 1000;
      expect(reset).toBeGreaterThan(Date.now() - 1000);
      expect(reset).toBeLessThanOrEqual(Date.now() + WINDOW * 1000 + 1000);
      previous = remaining;
    }
    throw new Error('the budget was never spent');
  }

  function expectRateLimited(res: RawResponse) {
    expect(res.status).toBe(429);
    const error = expectErrorCode({ ...res.body, status: res.status }, 'RATE_LIMITED');
    const resetAt = Date.parse(String(error.extensions!.resetAt));
    expect(resetAt).toBeGreaterThan(Date.now() - 1000);
    expect(resetAt).toBeLessThanOrEqual(Date.now() + WINDOW * 1000 + 1000);
    expect(error.extensions).toMatchObject({ limit: POINTS, cost: 6 });
    expect(error.extensions!.remaining).toBeLessThan(6);
    expect(error.extensions!.retryAfterSeconds).toBeGreaterThan(0);
    expect(error.extensions!.retryAfterSeconds).toBeLessThanOrEqual(WINDOW);
    expect(Number(res.headers['retry-after'])).toBe(error.extensions!.retryAfterSeconds);
    expect(res.body.data).toBeUndefined();
    return error;
  }

  it('reports the budget in rateLimit and in the headers', async () => {
    const res = await post(t.baseUrl, '{ rateLimit { limit cost used remaining resetAt } }', {
      localAddress: '127.0.0.3',
    });
    expect(res.body.data?.rateLimit).toMatchObject({
      limit: POINTS,
      cost: 1,
      used: 1,
      remaining: POINTS - 1,
    });
    expect(res.headers['x-ratelimit-remaining']).toBe(String(POINTS - 1));
  });

  it('answers 429 RATE_LIMITED once an IP has spent its points, before any SQL', async () => {
    const limited = await spend({});
    expectRateLimited(limited);
    const before = await t.metric('kuntaverkko_sql_statements_total');
    expectRateLimited(await post(t.baseUrl, QUERY));
    expect(await t.metric('kuntaverkko_sql_statements_total')).toBe(before);
    // A made-up token does not open a fresh budget: it counts against the IP.
    expectRateLimited(
      await post(t.baseUrl, QUERY, {
        token: `kvk_999_${'A'.repeat(43)}`,
      }),
    );
  });

  it('meters the download routes from the same budget: a download costs more than it holds', async () => {
    const before = await t.metric('kuntaverkko_sql_statements_total');
    const res = await download(t.baseUrl, '/export/projects.csv', '127.0.0.5');
    expect(res.status).toBe(429);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const body = JSON.parse(res.text) as { error: Record<string, unknown> };
    expect(body.error).toMatchObject({ code: 'RATE_LIMITED', limit: POINTS, cost: 1000 });
    expect(body.error.http).toBeUndefined();
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(await t.metric('kuntaverkko_sql_statements_total')).toBe(before);
  });

  it('counts each token and each IP on its own', async () => {
    // The IP of the test is spent (above); another address still has its points.
    const other = await post(t.baseUrl, QUERY, { localAddress: '127.0.0.2' });
    expect(other.status).toBe(200);
    expect(other.headers['x-ratelimit-remaining']).toBe(String(POINTS - 6));
    // Each token has its own budget, whatever the IP.
    expectRateLimited(await spend({ token: tokenA.token }));
    const b = await post(t.baseUrl, QUERY, { token: tokenB.token });
    expect(b.status).toBe(200);
    expect(b.headers['x-ratelimit-remaining']).toBe(String(POINTS - 6));
    // A spent token stays spent.
    expectRateLimited(await post(t.baseUrl, QUERY, { token: tokenA.token }));
  });

  it('lets introspection be turned off', async () => {
    const res = await post(t.baseUrl, '{ __schema { queryType { name } } }', {
      localAddress: '127.0.0.4',
    });
    expectErrorCode({ ...res.body, status: res.status }, 'GRAPHQL_VALIDATION_FAILED');
  });
});

// With TEST_REDIS_URL (CI sets it), two instances draw on one budget through Redis.
if (process.env.TEST_REDIS_URL)
  describe('rate limit shared through Redis', () => {
    let servers: ServerProcess[] = [];
    let drop: () => Promise<void>;
    beforeAll(async () => {
      const db = await createTestDatabase();
      drop = () => db.drop();
      const env = {
        DATABASE_URL: db.url,
        SEED_ON_START: 'false',
        REDIS_URL: process.env.TEST_REDIS_URL,
        RATE_LIMIT_POINTS: '20',
        RATE_LIMIT_WINDOW_SECONDS: '600',
      };
      servers = [await startServer(env), await startServer(env)];
    });
    afterAll(async () => {
      await Promise.all(servers.map((s) => s.stop()));
      await drop();
    });

    it('refuses on one instance what was spent on the other', async () => {
      const query = '{ programmes(first: 5) { edges { node { code } } } }';
      const [a, b] = servers;
      expect((await post(a.baseUrl, query)).headers['x-ratelimit-remaining']).toBe('14');
      expect((await post(b.baseUrl, query)).headers['x-ratelimit-remaining']).toBe('8');
      expect((await post(a.baseUrl, query)).headers['x-ratelimit-remaining']).toBe('2');
      const refused = await post(b.baseUrl, query);
      expect(refused.status).toBe(429);
      expect(refused.body.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
    });
  });
