import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AuditResult, serverAudits } from 'graphql-http';
import { documentedCodes } from './support/error-codes';
import { ServerProcess, startServer } from './support/server-process';
import { createTestDatabase, startTestApp, TestApp, TestDatabase } from './support/test-app';

type Fetch = typeof fetch;

async function runAudits(url: string, fetchFn: Fetch) {
  const results: (AuditResult & { id: string; name: string })[] = [];
  for (const audit of serverAudits({ url, fetchFn })) {
    results.push({ ...(await audit.fn()), id: audit.id, name: audit.name });
  }
  const level = (r: { name: string }) => r.name.split(' ')[0]; // MUST, SHOULD or MAY
  const tally = (lvl: string) => {
    const of = results.filter((r) => level(r) === lvl);
    return { total: of.length, ok: of.filter((r) => r.status === 'ok').length };
  };
  const describe = async (rs: typeof results) =>
    (
      await Promise.all(
        rs.map(async (r) => {
          const response = 'response' in r ? r.response : undefined;
          const body = response ? await response.clone().text() : '';
          return `${r.id} ${r.name}: ${'reason' in r ? r.reason : ''} -> ${response?.status ?? ''} ${body.slice(0, 300)}`;
        }),
      )
    ).join('\n');
  return {
    results,
    failed: results.filter((r) => r.status !== 'ok'),
    must: tally('MUST'),
    should: tally('SHOULD'),
    may: tally('MAY'),
    describe,
  };
}

/** How the audits came out, for docs/conformance.md (printed, not asserted beyond MUST). */
function report(title: string, run: Awaited<ReturnType<typeof runAudits>>, lines: string) {
  console.log(
    `${title}: MUST ${run.must.ok}/${run.must.total}, SHOULD ${run.should.ok}/${run.should.total}, MAY ${run.may.ok}/${run.may.total}\n${lines}`,
  );
}

describe('GraphQL over HTTP conformance of the server as `npm start` starts it', () => {
  let db: TestDatabase;
  let server: ServerProcess;
  beforeAll(async () => {
    db = await createTestDatabase();
    // Through npm, with no NODE_ENV of the test's own: the script's default (production)
    // holds, as for a user. Only the database is named, and the dataset is already loaded.
    server = await startServer(
      { DATABASE_URL: db.url, SEED_ON_START: 'false', NODE_ENV: undefined },
      60_000,
      'npm start',
    );
  });
  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  it('runs in production mode (field suggestions hidden)', async () => {
    const res = await fetch(`${server.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ projectz { id } }' }),
    });
    const body = (await res.json()) as { errors: { message: string }[] };
    expect(body.errors[0].message).toContain('Cannot query field "projectz"');
    expect(body.errors[0].message).not.toMatch(/Did you mean/);
  });

  it('passes every MUST audit of graphql-http, the introspection ones included', async () => {
    const run = await runAudits(`${server.baseUrl}/graphql`, fetch);
    report('audits, npm start', run, await run.describe(run.failed));
    expect(run.must.total).toBeGreaterThan(10);
    expect(await run.describe(run.failed.filter((r) => r.name.startsWith('MUST')))).toBe('');
    // The two that failed while production meant no introspection.
    for (const id of ['BF61', '28B9'])
      expect(run.results.find((r) => r.id === id)?.status).toBe('ok');
  });
});

describe('GraphQL over HTTP conformance and HTTP-level errors', () => {
  let t: TestApp;
  let url: string;
  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_POINTS: '0' } });
    url = `${t.baseUrl}/graphql`;
  });
  afterAll(async () => {
    await t.close();
  });

  it('passes every MUST audit of graphql-http, as a plain client sends them', async () => {
    const run = await runAudits(url, fetch);
    const mustFailures = run.failed.filter((r) => r.name.startsWith('MUST'));
    report('audits, plain client', run, await run.describe(run.failed));
    expect(run.must.total).toBeGreaterThan(10);
    expect(await run.describe(mustFailures)).toBe('');
  });

  it('passes the GET audits too once the client sends a preflight header, as browsers must', async () => {
    // CSRF prevention refuses GETs that a cross-site <img> or form could send;
    // with apollo-require-preflight they are served like any other request.
    const withHeader: Fetch = (input, init) =>
      fetch(input, {
        ...init,
        headers: { ...(init?.headers as Record<string, string>), 'apollo-require-preflight': '1' },
      });
    const run = await runAudits(url, withHeader);
    report('audits, with apollo-require-preflight', run, await run.describe(run.failed));
    const plain = await runAudits(url, fetch);
    expect(await run.describe(run.failed.filter((r) => r.name.startsWith('MUST')))).toBe('');
    // The MAY audits about GET that CSRF prevention fails for a plain client pass with the header.
    expect(run.may.ok).toBeGreaterThan(plain.may.ok);
  });

  describe('CSRF prevention', () => {
    const query = encodeURIComponent('{ __typename }');

    it.each([
      ['a GET without a preflight header', { method: 'GET' }],
      [
        'a text/plain POST (what a cross-site form can send)',
        { method: 'POST', headers: { 'content-type': 'text/plain' } },
      ],
      [
        'a form-encoded POST',
        { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      ],
    ])('refuses %s with BAD_REQUEST', async (_what, init: RequestInit) => {
      const res = await fetch(init.method === 'GET' ? `${url}?query=${query}` : url, {
        ...init,
        body: init.method === 'GET' ? undefined : JSON.stringify({ query: '{ __typename }' }),
      });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { data?: unknown; errors: any[] };
      expect(body.data).toBeUndefined();
      expect(body.errors[0].extensions.code).toBe('BAD_REQUEST');
      expect(body.errors[0].message).toMatch(/Cross-Site Request Forgery/);
    });

    it('serves the same GET with a preflight-forcing header, and JSON POSTs', async () => {
      const get = await fetch(`${url}?query=${query}`, {
        headers: { 'apollo-require-preflight': 'true' },
      });
      expect(get.status).toBe(200);
      expect(await get.json()).toEqual({ data: { __typename: 'Query' } });
      const post = await t.gql('{ __typename }');
      expect(post.data).toEqual({ __typename: 'Query' });
    });
  });

  describe('errors outside GraphQL execution carry a documented code', () => {
    const codes = documentedCodes();
    const clean = (text: string) =>
      expect(text).not.toMatch(/ {4}at |node_modules|statusCode|SyntaxError|Unexpected token/);

    async function graphqlError(res: Response, status: number, code: string) {
      const text = await res.text();
      expect({ status: res.status, text }).toMatchObject({ status });
      clean(text);
      const body = JSON.parse(text) as { errors: { message: string; extensions: any }[] };
      expect(body.errors).toHaveLength(1);
      expect(body.errors[0].extensions.code).toBe(code);
      expect(codes.has(code)).toBe(true);
      return body.errors[0];
    }

    it('answers a body over 1 MB with 413 PAYLOAD_TOO_LARGE', async () => {
      const body = JSON.stringify({ query: `{ __typename } # ${'x'.repeat(1_100_000)}` });
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      const error = await graphqlError(res, 413, 'PAYLOAD_TOO_LARGE');
      expect(error.message).toMatch(/limit of 1mb/);
    });

    it('still accepts a body just under the limit (an import-sized request)', async () => {
      const body = JSON.stringify({ query: `{ __typename } # ${'x'.repeat(900_000)}` });
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
    });

    it.each([
      ['truncated JSON', '{"query":'],
      ['a bare number', '123'],
      ['a string', '"{ __typename }"'],
      ['trailing garbage', '{"query":"{ __typename }"} x'],
    ])('answers %s with 400 BAD_REQUEST and no parser message', async (_what, body) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      const error = await graphqlError(res, 400, 'BAD_REQUEST');
      expect(error.message).toBe('The request body is not valid JSON');
    });

    it('answers an unsupported charset with 415 UNSUPPORTED_MEDIA_TYPE', async () => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=latin1' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      await graphqlError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    it('answers a body that claims gzip but is not with 400 BAD_REQUEST, without zlib words', async () => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      const error = await graphqlError(res, 400, 'BAD_REQUEST');
      expect(error.message).toBe('The request body could not be read');
    });

    it.each([
      ['a JSON content type with a non-object body', 'application/json', '[]'],
      ['an XML body', 'application/xml', '<query/>'],
      ['a GraphQL body', 'application/graphql', '{ __typename }'],
    ])('answers %s with a GraphQL-shaped 4xx', async (_what, type, body) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': type, 'apollo-require-preflight': '1' },
        body,
      });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      await graphqlError(res, res.status, 'BAD_REQUEST');
    });

    it('answers other methods on /graphql with 405 and an Allow header', async () => {
      const res = await fetch(url, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      await graphqlError(res, 405, 'BAD_REQUEST');
      expect(res.headers.get('allow')).toMatch(/GET.*POST/);
    });

    it('answers unknown routes with 404 and {"error":{"code":"NOT_FOUND"}}', async () => {
      for (const [method, path] of [
        ['GET', '/nowhere'],
        ['POST', '/graphql-nope'],
        ['DELETE', '/network/graphml'],
      ]) {
        const res = await fetch(`${t.baseUrl}${path}`, { method });
        expect(res.status).toBe(404);
        const text = await res.text();
        clean(text);
        expect(JSON.parse(text)).toEqual({
          error: { code: 'NOT_FOUND', message: `Cannot ${method} ${path}` },
        });
      }
    });

    it('answers a request Node refuses to parse (a 40 KB URL) with a coded body, GraphQL-shaped on /graphql', async () => {
      const res = await fetch(`${url}?query=${'x'.repeat(40_000)}`);
      expect(res.status).toBe(431);
      expect(await res.json()).toEqual({
        errors: [
          {
            message: 'The request headers or URL are too large',
            extensions: { code: 'BAD_REQUEST' },
          },
        ],
      });
      const big = await fetch(`${url}`, { headers: { 'x-padding': 'x'.repeat(20_000) } });
      expect(big.status).toBe(431);
      expect(((await big.json()) as any).errors[0].extensions.code).toBe('BAD_REQUEST');
      // Elsewhere the same refusal keeps the plain shape.
      const other = await fetch(`${t.baseUrl}/health/live?${'x'.repeat(40_000)}`);
      expect(other.status).toBe(431);
      expect(await other.json()).toEqual({
        error: { code: 'BAD_REQUEST', message: 'The request headers or URL are too large' },
      });
    });

    it('answers a malformed request line for /graphql with a GraphQL-shaped 400', async () => {
      const { connect } = await import('node:net');
      const { port } = new URL(t.baseUrl);
      const text = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), '127.0.0.1', () =>
          socket.write('GET /graphql HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n'),
        );
        let out = '';
        socket.on('data', (d: Buffer) => (out += d.toString('utf8')));
        socket.on('end', () => resolve(out));
        socket.on('error', reject);
      });
      expect(text).toMatch(/^HTTP\/1.1 400 /);
      expect(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4))).toEqual({
        errors: [{ message: 'The request is malformed', extensions: { code: 'BAD_REQUEST' } }],
      });
    });

    it.each(['utf-16', 'UTF-16LE', 'utf-32', 'iso-8859-1'])(
      'answers charset=%s with 415 UNSUPPORTED_MEDIA_TYPE, even when the body is in it',
      async (charset) => {
        const json = JSON.stringify({ query: '{ __typename }' });
        const body = /^utf-16/i.test(charset) ? Buffer.from(json, 'utf16le') : json;
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': `application/json; charset=${charset}` },
          body,
        });
        await graphqlError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
      },
    );

    it('serves a request without a body whatever charset its content type names', async () => {
      const res = await fetch(`${url}?query=${encodeURIComponent('{ __typename }')}`, {
        headers: {
          'content-type': 'application/json; charset=utf-16',
          'apollo-require-preflight': '1',
        },
      });
      expect(res.status).toBe(200);
    });

    it('still serves charset=utf-8 in any spelling', async () => {
      for (const charset of ['utf-8', 'UTF-8', '"utf-8"']) {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': `application/json; charset=${charset}` },
          body: JSON.stringify({ query: '{ __typename }' }),
        });
        expect(res.status).toBe(200);
      }
    });

    it('names the limit when one field is selected 1,000 times', async () => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: `{ ${'__typename '.repeat(1000)}}` }),
      });
      const error = await graphqlError(res, 400, 'QUERY_TOO_COMPLEX');
      expect(error.message).not.toMatch(/Validation aborted/);
      expect(error.extensions).toMatchObject({ limit: 'fields', maximum: 300, actual: 1000 });
    });

    it('answers broken JSON on a plain route with {"error":{"code":"BAD_REQUEST"}}', async () => {
      const res = await fetch(`${t.baseUrl}/network/graphml`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"a":',
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        error: { code: 'BAD_REQUEST', message: 'The request body is not valid JSON' },
      });
    });

    it('answers export errors with the same codes and statuses as before', async () => {
      const bad = await fetch(`${t.baseUrl}/network/nodes.csv?maxNodes=-5`);
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as any).error).toMatchObject({
        code: 'BAD_USER_INPUT',
        argument: 'maxNodes',
      });
      const missing = await fetch(`${t.baseUrl}/network/graphml?programme=nope`);
      expect(missing.status).toBe(404);
      expect(((await missing.json()) as any).error).toMatchObject({
        code: 'NOT_FOUND',
        what: 'Programme',
      });
    });

    it('documents every code the server can send', () => {
      const source = readFileSync(join(__dirname, '..', 'src', 'common', 'errors.ts'), 'utf8');
      const enumBody = /export enum ErrorCode \{([^}]*)\}/.exec(source)![1];
      const declared = [...enumBody.matchAll(/([A-Z_]+) = '/g)].map((m) => m[1]);
      expect(declared.length).toBeGreaterThan(10);
      expect(declared.filter((c) => !codes.has(c))).toEqual([]);
    });
  });
});
