import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { AuditGlobalIds1796200000000 } from '../migrations/1796200000000-AuditGlobalIds';
import type { QueryRunner } from 'typeorm';
import { documentedCodes } from './support/error-codes';
import { expectErrorCode, startTestApp, TestApp } from './support/test-app';
import { issueTestToken } from './support/tokens';

/**
 * The edge of the API (docs/errors.md): what a request is refused with before
 * anything runs, and in which order; text and dates checked the same way on
 * every path; audit rows in the API's terms; downloads that fail cost nothing.
 */
describe('protocol and input at the edge', () => {
  let t: TestApp;
  let admin: string;
  let url: string;
  const codes = documentedCodes();
  const serverLog = () => t.server.output();

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_POINTS: '100000' } });
    admin = (await issueTestToken(t.db, { role: 'ADMIN', name: 'Edge admin' })).token;
    url = `${t.baseUrl}/graphql`;
  });
  afterAll(async () => {
    await t.close();
  });

  const post = async (body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  describe('automatic persisted queries (on)', () => {
    const query = '{ programmes(first: 1) { edges { node { code } } } }';
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const apq = (hash: string, withQuery: boolean) =>
      post({
        ...(withQuery ? { query } : {}),
        extensions: { persistedQuery: { version: 1, sha256Hash: hash } },
      });

    it('answers an unseen hash with PERSISTED_QUERY_NOT_FOUND, as Apollo Client expects', async () => {
      const res = await apq(sha256Hash, false);
      expect(res.status).toBe(200);
      expect(res.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      expect(codes.has('PERSISTED_QUERY_NOT_FOUND')).toBe(true);
    });

    it('then registers the query with its hash and serves the hash alone', async () => {
      const registered = await apq(sha256Hash, true);
      expect(registered.body.errors).toBeUndefined();
      const again = await apq(sha256Hash, false);
      expect(again.body).toEqual(registered.body);
      expect(again.body.data.programmes.edges).toHaveLength(1);
    });

    it('refuses a hash that is not the query’s, and an unknown APQ version, with a code', async () => {
      const wrong = await apq('0'.repeat(64), true);
      expect(wrong.status).toBe(400);
      expect(wrong.body.errors[0].extensions.code).toBe('BAD_REQUEST');
      const v2 = await post({
        extensions: { persistedQuery: { version: 2, sha256Hash } },
      });
      expect(v2.status).toBe(400);
      expect(v2.body.errors[0].extensions.code).toBe('BAD_REQUEST');
    });
  });

  it('refuses a subscription sent by POST with BAD_REQUEST naming the WebSocket endpoint', async () => {
    for (const programme of ['vm-digi-joint-2019', 'UHJvZ3JhbW1lOjE']) {
      const res = await post({
        query: `subscription { commitmentChanges(programme: "${programme}") { change } }`,
      });
      expect(res.status).toBe(400);
      const error = res.body.errors[0];
      expect(error.extensions.code).toBe('BAD_REQUEST');
      expect(error.message).toContain(`ws://${new URL(t.baseUrl).host}/graphql`);
      expect(error.message).toMatch(/graphql-ws/);
    }
  });

  describe('NUL characters', () => {
    it.each([
      [
        'a filter literal',
        '{ projects(filter: { search: "a\\u0000b" }) { totalCount } }',
        {},
        'filter.search',
      ],
      [
        'a variable',
        'query($f: ProjectFilter) { projects(filter: $f) { totalCount } }',
        { f: { topic: 'x\u0000' } },
        'filter.topic',
      ],
      ['a code', '{ municipality(code: "09\\u00002") { nameFi } }', {}, 'code'],
      [
        'a programme code of a graph query',
        'query($p: String!) { cooperationGaps(programme: $p) { similarPairCount } }',
        { p: 'vm\u0000' },
        'programme',
      ],
    ])(
      'in %s are refused naming the argument, before any SQL',
      async (_what, query, variables, argument) => {
        const before = await t.metric('kuntaverkko_sql_statements_total');
        const res = await post({ query, variables });
        expect(res.status).toBe(400);
        const error = expectErrorCode(res.body, 'BAD_USER_INPUT');
        expect(error.extensions!.argument).toBe(argument);
        expect(error.message).toMatch(/NUL character \(U\+0000\)/);
        expect(await t.metric('kuntaverkko_sql_statements_total')).toBe(before);
      },
    );

    it('in a mutation input name the field, and in an imported CSV the line and column', async () => {
      const note = await post(
        {
          query: 'mutation($i: CreateTopicInput!) { createTopic(input: $i) { id } }',
          variables: { i: { slug: 'nul-test', nameFi: 'a', nameSv: 'b\u0000', nameEn: 'c' } },
        },
        { authorization: `Bearer ${admin}` },
      );
      expect(expectErrorCode(note.body, 'BAD_USER_INPUT').extensions!.argument).toBe(
        'input.nameSv',
      );
      const csv = ['category,title_sv,lead', 'OTHER,Ett,853', 'OTHER,T\u0000vå,853'].join('\n');
      const imported = await post(
        {
          query: `mutation($i: ImportGrantDecisionsInput!) { importGrantDecisions(input: $i) { projectCount } }`,
          variables: {
            i: {
              programme: 'UHJvZ3JhbW1lOjE',
              csv,
              dryRun: true,
              source: { title: 'Test', url: 'https://example.org/x' },
            },
          },
        },
        { authorization: `Bearer ${admin}` },
      );
      const error = expectErrorCode(imported.body, 'BAD_USER_INPUT');
      expect(error.extensions!.argument).toBe('input.csv');
      expect(error.message).toMatch(/at line 3, column 8/);
    });

    it('in a download parameter are refused naming it', async () => {
      const res = await fetch(`${t.baseUrl}/export/projects.csv?topic=a%00b`);
      expect(res.status).toBe(400);
      expect(((await res.json()) as any).error).toMatchObject({
        code: 'BAD_USER_INPUT',
        argument: 'topic',
      });
    });

    it('are logged at most as a warning, never as an error with a stack', () => {
      const log = serverLog();
      expect(log).not.toMatch(/invalid byte sequence|0x00/);
      const errors = log.split('\n').filter((l) => l.includes('"level":50'));
      expect(errors.filter((l) => /U\+0000|NUL/.test(l))).toEqual([]);
    });
  });

  describe('impossible calendar dates, checked one way everywhere', () => {
    it.each(['2022-02-30', '0000-01-01', '2023-02-29', '2022-13-01'])(
      '%s is BAD_USER_INPUT naming the argument in cooperationGaps, the dashboard and writes',
      async (date) => {
        const gaps = await post({
          query: `{ cooperationGaps(programme: "vm-digi-joint-2019", asOf: "${date}") { similarPairCount } }`,
        });
        expect(expectErrorCode(gaps.body, 'BAD_USER_INPUT').message).toBe(
          'asOf: must be a calendar date, YYYY-MM-DD (years 0001–9999)',
        );
        const dashboard = await post({
          query: `{ dashboard { compliance(asOf: "${date}") { __typename } } }`,
        });
        expect(expectErrorCode(dashboard.body, 'BAD_USER_INPUT').message).toBe(
          'asOf: must be a calendar date, YYYY-MM-DD (years 0001–9999)',
        );
        const write = await post(
          {
            query: `mutation($i: RecordCommitmentInput!) { recordCommitment(input: $i) { id } }`,
            variables: {
              i: {
                project: 'UHJvamVjdDox',
                otherProject: 'UHJvamVjdDoy',
                kind: 'JOINT_DEVELOPMENT',
                committedOn: date,
              },
            },
          },
          { authorization: `Bearer ${admin}` },
        );
        expect(expectErrorCode(write.body, 'BAD_USER_INPUT').extensions!.argument).toBe(
          'input.committedOn',
        );
      },
    );

    it('a real leap day passes', async () => {
      const res = await post({
        query: `{ cooperationGaps(programme: "vm-digi-joint-2019", asOf: "2024-02-29") { similarPairCount } }`,
      });
      expect(res.body.errors).toBeUndefined();
    });
  });

  it('authenticates an anonymous mutation before it validates the input', async () => {
    const res = await post({
      query: `mutation { recordCommitment(input: { project: "not an id", otherProject: "x", kind: JOINT_DEVELOPMENT, note: "\\u202E", committedOn: "2022-02-30" }) { id } }`,
    });
    expect(res.status).toBe(401);
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const bad = await post(
      {
        query: `mutation { recordCommitment(input: { project: "not an id", otherProject: "x", kind: JOINT_DEVELOPMENT }) { id } }`,
      },
      { authorization: 'Bearer kvk_1_nope' },
    );
    expect(bad.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    // With a valid token, the same input is what is wrong.
    const valid = await post(
      {
        query: `mutation { recordCommitment(input: { project: "not an id", otherProject: "x", kind: JOINT_DEVELOPMENT }) { id } }`,
      },
      { authorization: `Bearer ${admin}` },
    );
    expect(valid.body.errors[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'input.project',
    });
  });

  describe('names and notes', () => {
    const createTopic = (input: Record<string, unknown>) =>
      post(
        {
          query:
            'mutation($i: CreateTopicInput!) { createTopic(input: $i) { id nameFi description } }',
          variables: { i: { slug: 'text-test', nameFi: 'a', nameSv: 'b', nameEn: 'c', ...input } },
        },
        { authorization: `Bearer ${admin}` },
      );

    it.each([
      ['a right-to-left override', { nameFi: 'Evil\u202Egpj.exe' }, 'input.nameFi', 'U+202E'],
      ['a left-to-right isolate', { nameEn: '\u2066x\u2069' }, 'input.nameEn', 'U+2066'],
      ['an escape sequence', { nameSv: '\u001B[31mred' }, 'input.nameSv', 'U+001B'],
      ['a tab in a name', { nameFi: 'a\tb' }, 'input.nameFi', 'U+0009'],
      ['an override in a note', { description: 'ok\n\u202Ebad' }, 'input.description', 'U+202E'],
    ])('refuse %s', async (_what, input, argument, cp) => {
      const error = expectErrorCode((await createTopic(input)).body, 'BAD_USER_INPUT');
      expect(error.extensions!.argument).toBe(argument);
      expect(error.message).toContain(cp);
    });

    it('refuse them in other mutations too (commitment notes, project titles)', async () => {
      const note = await post(
        {
          query: `mutation($i: RecordCommitmentInput!) { recordCommitment(input: $i) { id } }`,
          variables: {
            i: {
              project: 'UHJvamVjdDox',
              otherProject: 'UHJvamVjdDoy',
              kind: 'JOINT_DEVELOPMENT',
              note: 'see \u202Eexe',
            },
          },
        },
        { authorization: `Bearer ${admin}` },
      );
      expect(expectErrorCode(note.body, 'BAD_USER_INPUT').extensions!.argument).toBe('input.note');
      const title = await post(
        {
          query: `mutation($i: UpdateProjectInput!) { updateProject(input: $i) { id } }`,
          variables: { i: { project: 'UHJvamVjdDox', version: 1, titleSv: 'x\u200Fy' } },
        },
        { authorization: `Bearer ${admin}` },
      );
      expect(expectErrorCode(title.body, 'BAD_USER_INPUT').extensions!.argument).toBe(
        'input.titleSv',
      );
    });

    it('keep ordinary Unicode, and line breaks and tabs in notes', async () => {
      const res = await createTopic({
        nameFi: 'Åbo ja Ääniö – 👩‍💻 عربى 中文',
        description: 'rivi 1\nrivi 2\tsisennetty',
      });
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.createTopic).toMatchObject({
        nameFi: 'Åbo ja Ääniö – 👩‍💻 عربى 中文',
        description: 'rivi 1\nrivi 2\tsisennetty',
      });
    });

    it('search input drops pasted zero-width spaces, byte-order marks and tabs', async () => {
      const search = (s: string) =>
        post({
          query:
            'query($s: String) { municipalities(filter: { search: $s }) { totalCount edges { node { code } } } }',
          variables: { s },
        });
      const plain = await search('Turku');
      expect(plain.body.data.municipalities.totalCount).toBeGreaterThan(0);
      for (const pasted of ['\u200BTurku', '\uFEFFTur\u200Bku', '\tTurku\t', 'Tur\u00ADku'])
        expect((await search(pasted)).body).toEqual(plain.body);
      const projects = (s: string) =>
        post({
          query: 'query($s: String) { projects(filter: { search: $s }) { totalCount } }',
          variables: { s },
        });
      const words = await projects('digitalisering kommun');
      expect((await projects('digitalisering\t\u200Bkommun\uFEFF')).body).toEqual(words.body);
      expect(expectErrorCode((await projects('\u200B\uFEFF')).body, 'BAD_USER_INPUT')).toBeTruthy();
    });
  });

  it('commitmentChanges takes the programme code, as every programme argument, and still the id', async () => {
    const received: string[][] = [];
    const clients = ['vm-digi-joint-2019', 'UHJvZ3JhbW1lOjE'].map((programme, i) => {
      received[i] = [];
      const client = createClient({
        url: url.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        retryAttempts: 0,
      });
      client.subscribe(
        {
          query: `subscription($p: ID!) { commitmentChanges(programme: $p) { change commitment { id } } }`,
          variables: { p: programme },
        },
        {
          next: (v) =>
            received[i].push(
              v.errors
                ? `error ${String(v.errors[0].extensions?.code)}`
                : (v.data as any).commitmentChanges.commitment.id,
            ),
          error: (e) => received[i].push(`error ${JSON.stringify(e)}`),
          complete: () => undefined,
        },
      );
      return client;
    });
    try {
      const live = async () =>
        Number(
          /^kuntaverkko_live_subscriptions (\S+)$/m.exec(
            await (await fetch(`${t.baseUrl}/metrics`)).text(),
          )?.[1],
        );
      const deadline = Date.now() + 5000;
      while ((await live()) < 2 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      const recorded = await post(
        {
          query: `mutation($i: RecordCommitmentInput!) { recordCommitment(input: $i) { id } }`,
          variables: {
            i: { project: 'UHJvamVjdDoz', otherProject: 'UHJvamVjdDo0', kind: 'KNOWLEDGE_SHARING' },
          },
        },
        { authorization: `Bearer ${admin}` },
      );
      const id = recorded.body.data.recordCommitment.id as string;
      const until = Date.now() + 5000;
      while (received.some((r) => r.length === 0) && Date.now() < until)
        await new Promise((r) => setTimeout(r, 20));
      expect(received).toEqual([[id], [id]]);
    } finally {
      for (const c of clients) await c.dispose();
    }
  });

  it('writes audit rows with the API’s global ids under its field names', async () => {
    const [a, b] = ['UHJvamVjdDo1', 'UHJvamVjdDo2'];
    const recorded = await post(
      {
        query: `mutation($i: RecordCommitmentInput!) { recordCommitment(input: $i) { id } }`,
        variables: { i: { project: a, otherProject: b, kind: 'JOINT_DEVELOPMENT' } },
      },
      { authorization: `Bearer ${admin}` },
    );
    const id = recorded.body.data.recordCommitment.id as string;
    const [row] = await t.db.sql<{ after: Record<string, unknown> }>(
      `SELECT after FROM audit_event WHERE operation = 'recordCommitment' ORDER BY id DESC LIMIT 1`,
    );
    expect(row.after.id).toBe(id);
    expect([...(row.after.projects as string[])].sort()).toEqual([a, b].sort());
    expect(row.after).not.toHaveProperty('projectAId');
    const trail = await post(
      {
        query: `query($e: ID) { auditTrail(entity: $e, last: 1) { edges { node { entityId after } } } }`,
        variables: { e: id },
      },
      { authorization: `Bearer ${admin}` },
    );
    const node = trail.body.data.auditTrail.edges[0].node;
    expect(node.entityId).toBe(node.after.id);
    // Every id in the row is a global id that node(id:) resolves.
    for (const gid of [node.after.id, ...node.after.projects]) {
      const found = await post({
        query: `query($id: ID!) { node(id: $id) { id } }`,
        variables: { id: gid },
      });
      expect(found.body.data.node.id).toBe(gid);
    }
    const participants = await post(
      {
        query: `mutation($i: CreateProjectInput!) { createProject(input: $i) { id } }`,
        variables: {
          i: {
            programme: 'UHJvZ3JhbW1lOjE',
            category: 'OTHER',
            titleSv: 'Revisionsprojekt',
            participants: [{ organisation: 'TXVuaWNpcGFsaXR5OjE2OQ', role: 'LEAD' }],
          },
        },
      },
      { authorization: `Bearer ${admin}` },
    );
    const project = participants.body.data.createProject.id as string;
    const [created] = await t.db.sql<{ after: Record<string, any> }>(
      `SELECT after FROM audit_event WHERE operation = 'createProject' ORDER BY id DESC LIMIT 1`,
    );
    expect(created.after).toMatchObject({
      id: project,
      programme: 'UHJvZ3JhbW1lOjE',
      participants: [{ organisation: 'TXVuaWNpcGFsaXR5OjE2OQ', role: 'LEAD' }],
      topics: [],
    });
    expect(JSON.stringify(created.after)).not.toMatch(/"\w+Ids?":/);
  });

  it('rewrites audit rows written before in the same terms (migration AuditGlobalIds), once', async () => {
    const [{ id }] = await t.db.sql<{ id: string }>(
      `INSERT INTO audit_event (actor_token_id, actor_name, actor_role, operation, entity_type, entity_id, before, after)
       VALUES (NULL, 'cli:old', 'ADMIN', 'addParticipant', 'Project', 16,
               '{"participants":[{"organisationId":169,"role":"LEAD"}]}',
               '{"id":16,"programmeId":1,"participants":[{"organisationId":169,"role":"LEAD"}],"topicIds":[1]}')
       RETURNING id::text AS id`,
    );
    // The migration only runs statements: the suite's own client stands in for TypeORM's runner.
    const runner = { query: (text: string, params?: unknown[]) => t.db.sql(text, params) };
    const migrate = () => new AuditGlobalIds1796200000000().up(runner as unknown as QueryRunner);
    await migrate();
    const [row] = await t.db.sql(`SELECT before, after FROM audit_event WHERE id = $1`, [id]);
    expect(row).toEqual({
      before: { participants: [{ organisation: 'TXVuaWNpcGFsaXR5OjE2OQ', role: 'LEAD' }] },
      after: {
        id: 'UHJvamVjdDoxNg',
        programme: 'UHJvZ3JhbW1lOjE',
        participants: [{ organisation: 'TXVuaWNpcGFsaXR5OjE2OQ', role: 'LEAD' }],
        topics: ['VG9waWM6MQ'],
      },
    });
    const all = await t.db.sql(`SELECT id, before, after FROM audit_event ORDER BY id`);
    await migrate();
    expect(await t.db.sql(`SELECT id, before, after FROM audit_event ORDER BY id`)).toEqual(all);
  });

  it('gives back the points of a download refused with 400 or 404', async () => {
    const remaining = (res: Response) => Number(res.headers.get('x-ratelimit-remaining'));
    const query = () =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
    const start = remaining(await query());
    const missing = await fetch(`${t.baseUrl}/export/projects.csv?programme=nope`);
    expect(missing.status).toBe(404);
    expect(remaining(missing)).toBe(start);
    const bad = await fetch(`${t.baseUrl}/network/graphml?maxNodes=-5`);
    expect(bad.status).toBe(400);
    expect(remaining(bad)).toBe(start);
    expect(remaining(await query())).toBe(start - 1);
    // A download that is served costs its points, as before.
    const served = await fetch(`${t.baseUrl}/export/projects.csv?programme=vm-digi-joint-2019`);
    expect(served.status).toBe(200);
    await served.text();
    expect(remaining(await query())).toBe(start - 1 - 1000 - 1);
  });

  it('documents the fields limit and the edge rules', () => {
    const errors = readFileSync(join(__dirname, '..', 'docs', 'errors.md'), 'utf8');
    expect(errors).toMatch(/PERSISTED_QUERY_NOT_FOUND/);
    expect(errors).toMatch(/U\+202E/);
  });
});
