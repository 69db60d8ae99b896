import { expectErrorCode, GraphQLResponse, startTestApp, TestApp } from './support/test-app';
import { issueTestToken, TEST_JWT_SECRET } from './support/tokens';

/**
 * The write path over HTTP on the seeded dataset: every mutation, rule and
 * role, the audit trail, versions and idempotency keys.
 */
describe('write path over HTTP', () => {
  let t: TestApp;
  let admin: string;
  let turku: string; // coordinator of Turku (853)
  let programme: string;
  let municipality: Record<string, string>; // code -> global id
  let ownProject: string; // a project Turku takes part in
  let ownProject2: string;
  let foreign: string[]; // projects Turku does not take part in

  const RECORD = `mutation($i: RecordCommitmentInput!) { recordCommitment(input: $i) {
    id kind status provenance version verifiedBy verifiedAt projects { id } history { fromStatus toStatus changedBy reason } } }`;
  const STATUS = `mutation($i: ChangeCommitmentStatusInput!) { changeCommitmentStatus(input: $i) {
    id status version history { fromStatus toStatus reason } } }`;
  const VERIFY = `mutation($i: VerifyCommitmentInput!) { verifyCommitment(input: $i) { id provenance version verifiedBy } }`;
  const CREATE_PROJECT = `mutation($i: CreateProjectInput!) { createProject(input: $i) {
    id version status titleSv endDate deadlineOverrideReason participants { role organisation { id } } topics { slug } provenance { fact source { key } } } }`;
  const UPDATE_PROJECT = `mutation($i: UpdateProjectInput!) { updateProject(input: $i) { id version status titleFi endDate grantEur } }`;
  const ADD = `mutation($i: AddParticipantInput!) { addParticipant(input: $i) { id version participants { role organisation { id } } } }`;
  const REMOVE = `mutation($i: RemoveParticipantInput!) { removeParticipant(input: $i) { id version participants { role } } }`;

  const auditCount = async () =>
    Number((await t.db.sql<{ n: string }>('SELECT count(*) AS n FROM audit_event'))[0].n);

  /** The response's data, failing the test with the errors if there are any. */
  function ok<T = any>(res: GraphQLResponse, field: string): T {
    expect(res.errors).toBeUndefined();
    return res.data![field] as T;
  }

  async function newProject(overrides: Record<string, unknown> = {}, token = admin) {
    return t.gql(
      CREATE_PROJECT,
      {
        i: {
          programme,
          category: 'OTHER',
          titleSv: `Testprojekt ${Math.random().toString(36).slice(2, 8)}`,
          participants: [{ organisation: municipality['853'], role: 'LEAD' }],
          ...overrides,
        },
      },
      token,
    );
  }

  beforeAll(async () => {
    t = await startTestApp({ env: { JWT_SECRET: TEST_JWT_SECRET } });
    admin = (await issueTestToken(t.db, { role: 'ADMIN', name: 'Ministry admin' })).token;
    turku = (
      await issueTestToken(t.db, {
        role: 'COORDINATOR',
        name: 'Turku coordinator',
        municipalities: ['853'],
      })
    ).token;
    const res = await t.gql(`{
      programmes { edges { node { id } } }
      projects(first: 100) { edges { node { id participants { organisation { ... on Municipality { code } } } } } } }`);
    programme = res.data!.programmes.edges[0].node.id;
    municipality = {};
    for (const code of ['853', '091', '092', '049']) {
      const m = await t.gql(`{ municipality(code: "${code}") { id } }`);
      municipality[code] = m.data!.municipality.id;
    }
    const projects: [string, string[]][] = res.data!.projects.edges.map(
      (e: any) =>
        [e.node.id, e.node.participants.map((p: any) => p.organisation.code)] as [string, string[]],
    );
    const own = projects.filter(([, codes]) => codes.includes('853')).map(([id]) => id);
    foreign = projects.filter(([, codes]) => !codes.includes('853')).map(([id]) => id);
    [ownProject, ownProject2] = own;
    expect(own.length).toBeGreaterThanOrEqual(2);
    expect(foreign.length).toBeGreaterThanOrEqual(4);
  });

  afterAll(async () => {
    await t.close();
  });

  describe('authentication', () => {
    const mutations: [string, string, Record<string, unknown>][] = [
      [
        'recordCommitment',
        RECORD,
        {
          i: {
            project: Buffer.from('Project:1').toString('base64url'),
            otherProject: Buffer.from('Project:2').toString('base64url'),
            kind: 'JOINT_DEVELOPMENT',
          },
        },
      ],
      [
        'createTopic',
        `mutation { createTopic(input: { slug: "ab", nameFi: "a", nameSv: "a", nameEn: "a" }) { id } }`,
        {},
      ],
      ['revokeToken', `mutation { revokeToken(input: { tokenId: 1 }) }`, {}],
    ];

    it.each(mutations)(
      '%s without a token is UNAUTHENTICATED and writes nothing',
      async (_n, q, v) => {
        const before = await auditCount();
        expectErrorCode(await t.gql(q, v), 'UNAUTHENTICATED');
        expect(await auditCount()).toBe(before);
      },
    );

    it.each([
      ['a malformed header', 'not-a-token'],
      ['an unknown API key', 'kvk_999999_' + 'A'.repeat(43)],
      ['a JWT signed with another secret', 'eyJhbGciOiJIUzI1NiJ9.eyJqdGkiOiIxIn0.c2lnbmF0dXJl'],
    ])('%s is UNAUTHENTICATED', async (_what, token) => {
      expectErrorCode(await t.gql('{ viewer { name } }', {}, token), 'UNAUTHENTICATED');
    });

    it('reads stay public: no token is needed to read', async () => {
      const res = await t.gql('{ projects(first: 1) { totalCount } }');
      expect(res.data!.projects.totalCount).toBeGreaterThan(0);
    });

    it('accepts a signed JWT, and takes role and scope from the stored token', async () => {
      const jwt = await issueTestToken(t.db, {
        role: 'COORDINATOR',
        kind: 'JWT',
        name: 'JWT holder',
        municipalities: ['091'],
      });
      const res = await t.gql('{ viewer { name role municipalities } }', {}, jwt.token);
      expect(ok(res, 'viewer')).toEqual({
        name: 'JWT holder',
        role: 'COORDINATOR',
        municipalities: [municipality['091']],
      });
    });

    it('refuses an expired token', async () => {
      for (const kind of ['API_KEY', 'JWT'] as const) {
        const old = await issueTestToken(t.db, {
          role: 'ADMIN',
          kind,
          expiresAt: new Date(Date.now() - 1000),
        });
        const error = expectErrorCode(
          await t.gql('{ viewer { name } }', {}, old.token),
          'UNAUTHENTICATED',
        );
        expect(error.message).toMatch(/expired/);
      }
    });

    it('revokes a token at once, with an audit row', async () => {
      const victim = await issueTestToken(t.db, { role: 'ADMIN', kind: 'JWT' });
      expect(ok(await t.gql('{ viewer { role } }', {}, victim.token), 'viewer')).toEqual({
        role: 'ADMIN',
      });
      const revoke = `mutation($id: Int!) { revokeToken(input: { tokenId: $id }) }`;
      expectErrorCode(await t.gql(revoke, { id: victim.id }, turku), 'FORBIDDEN');
      expect(ok(await t.gql(revoke, { id: victim.id }, admin), 'revokeToken')).toBe(true);
      expect(ok(await t.gql(revoke, { id: victim.id }, admin), 'revokeToken')).toBe(false);
      const error = expectErrorCode(
        await t.gql('{ viewer { role } }', {}, victim.token),
        'UNAUTHENTICATED',
      );
      expect(error.message).toMatch(/revoked/);
      const rows = await t.db.sql(
        `SELECT operation, entity_type, after FROM audit_event WHERE entity_type = 'ApiToken' AND entity_id = $1`,
        [victim.id],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0].after.revokedAt).toEqual(expect.any(String));
      expect(JSON.stringify(rows)).not.toMatch(/hash/i);
    });
  });

  describe('cooperation commitments', () => {
    it('a coordinator declares a commitment for its own project: DECLARED, PROPOSED, with history', async () => {
      const c = ok(
        await t.gql(
          RECORD,
          {
            i: {
              project: foreign[0],
              otherProject: ownProject,
              kind: 'KNOWLEDGE_SHARING',
              note: 'Monthly meetings',
              evidenceUrl: 'https://example.fi/minutes',
              committedOn: '2020-05-04',
            },
          },
          turku,
        ),
        'recordCommitment',
      );
      expect(c).toMatchObject({
        kind: 'KNOWLEDGE_SHARING',
        status: 'PROPOSED',
        provenance: 'DECLARED',
        version: 1,
        verifiedBy: null,
        history: [{ fromStatus: null, toStatus: 'PROPOSED', changedBy: 'Turku coordinator' }],
      });
      expect(c.projects.map((p: any) => p.id).sort()).toEqual([foreign[0], ownProject].sort());
    });

    it('one commitment per pair and kind: a second, in either order, is CONFLICT with the existing id', async () => {
      const first = ok(
        await t.gql(
          RECORD,
          { i: { project: foreign[1], otherProject: foreign[2], kind: 'JOINT_PROCUREMENT' } },
          admin,
        ),
        'recordCommitment',
      );
      const before = await auditCount();
      for (const [a, b] of [
        [foreign[1], foreign[2]],
        [foreign[2], foreign[1]],
      ]) {
        const error = expectErrorCode(
          await t.gql(
            RECORD,
            { i: { project: a, otherProject: b, kind: 'JOINT_PROCUREMENT' } },
            admin,
          ),
          'CONFLICT',
        );
        expect(error.extensions!.existingId).toBe(first.id);
      }
      expect(await auditCount()).toBe(before);
      // Another kind for the same pair is a different commitment.
      ok(
        await t.gql(
          RECORD,
          { i: { project: foreign[1], otherProject: foreign[2], kind: 'REUSE_OF_RESULTS' } },
          admin,
        ),
        'recordCommitment',
      );
    });

    it('needs two different projects that both exist', async () => {
      expect(
        expectErrorCode(
          await t.gql(
            RECORD,
            { i: { project: ownProject, otherProject: ownProject, kind: 'JOINT_DEVELOPMENT' } },
            admin,
          ),
          'RULE_VIOLATION',
        ).extensions!.rule,
      ).toBe('DISTINCT_PROJECTS');
      const missing = Buffer.from('Project:999999').toString('base64url');
      expectErrorCode(
        await t.gql(
          RECORD,
          { i: { project: ownProject, otherProject: missing, kind: 'JOINT_DEVELOPMENT' } },
          admin,
        ),
        'NOT_FOUND',
      );
      expectErrorCode(
        await t.gql(
          RECORD,
          { i: { project: ownProject, otherProject: programme, kind: 'JOINT_DEVELOPMENT' } },
          admin,
        ),
        'BAD_USER_INPUT',
      );
    });

    it('validates the input and names the field', async () => {
      const error = expectErrorCode(
        await t.gql(
          RECORD,
          {
            i: {
              project: ownProject,
              otherProject: foreign[0],
              kind: 'JOINT_DEVELOPMENT',
              evidenceUrl: 'javascript:alert(1)',
            },
          },
          admin,
        ),
        'BAD_USER_INPUT',
      );
      expect(error.extensions!.argument).toBe('input.evidenceUrl');
    });

    it('a coordinator outside both projects is FORBIDDEN and nothing is written', async () => {
      const before = await auditCount();
      expectErrorCode(
        await t.gql(
          RECORD,
          { i: { project: foreign[0], otherProject: foreign[3], kind: 'JOINT_DEVELOPMENT' } },
          turku,
        ),
        'FORBIDDEN',
      );
      expect(await auditCount()).toBe(before);
      const rows = await t.db.sql(
        `SELECT count(*)::int AS n FROM cooperation_commitment WHERE kind = 'JOINT_DEVELOPMENT'`,
      );
      expect(rows[0].n).toBe(0);
    });

    it('moves proposed → active → fulfilled, keeps the history, and refuses other moves', async () => {
      const c = ok(
        await t.gql(
          RECORD,
          { i: { project: ownProject, otherProject: foreign[3], kind: 'JOINT_DEVELOPMENT' } },
          turku,
        ),
        'recordCommitment',
      );
      const active = ok(
        await t.gql(
          STATUS,
          { i: { commitment: c.id, status: 'ACTIVE', version: 1, reason: 'Kick-off held' } },
          turku,
        ),
        'changeCommitmentStatus',
      );
      expect(active).toMatchObject({ status: 'ACTIVE', version: 2 });
      const back = expectErrorCode(
        await t.gql(STATUS, { i: { commitment: c.id, status: 'PROPOSED', version: 2 } }, turku),
        'RULE_VIOLATION',
      );
      expect(back.extensions).toMatchObject({
        rule: 'STATUS_TRANSITION',
        from: 'ACTIVE',
        to: 'PROPOSED',
      });
      const done = ok(
        await t.gql(STATUS, { i: { commitment: c.id, status: 'FULFILLED', version: 2 } }, admin),
        'changeCommitmentStatus',
      );
      expect(done.history).toEqual([
        { fromStatus: null, toStatus: 'PROPOSED', reason: null },
        { fromStatus: 'PROPOSED', toStatus: 'ACTIVE', reason: 'Kick-off held' },
        { fromStatus: 'ACTIVE', toStatus: 'FULFILLED', reason: null },
      ]);
      expectErrorCode(
        await t.gql(STATUS, { i: { commitment: c.id, status: 'WITHDRAWN', version: 3 } }, admin),
        'RULE_VIOLATION',
      );
    });

    it('a stale version is CONFLICT and changes nothing', async () => {
      const c = ok(
        await t.gql(
          RECORD,
          { i: { project: ownProject2, otherProject: foreign[0], kind: 'JOINT_PROCUREMENT' } },
          turku,
        ),
        'recordCommitment',
      );
      ok(
        await t.gql(STATUS, { i: { commitment: c.id, status: 'ACTIVE', version: 1 } }, turku),
        'changeCommitmentStatus',
      );
      const error = expectErrorCode(
        await t.gql(STATUS, { i: { commitment: c.id, status: 'WITHDRAWN', version: 1 } }, turku),
        'CONFLICT',
      );
      expect(error.extensions!.currentVersion).toBe(2);
      const [row] = await t.db.sql(
        `SELECT status, version FROM cooperation_commitment WHERE id = $1`,
        [Number(Buffer.from(c.id, 'base64url').toString().split(':')[1])],
      );
      expect(row).toEqual({ status: 'ACTIVE', version: 2 });
    });

    it('only an admin verifies; verifying makes a declared commitment VERIFIED once', async () => {
      const c = ok(
        await t.gql(
          RECORD,
          { i: { project: ownProject2, otherProject: foreign[1], kind: 'KNOWLEDGE_SHARING' } },
          turku,
        ),
        'recordCommitment',
      );
      expectErrorCode(
        await t.gql(VERIFY, { i: { commitment: c.id, version: 1 } }, turku),
        'FORBIDDEN',
      );
      const v = ok(
        await t.gql(VERIFY, { i: { commitment: c.id, version: 1 } }, admin),
        'verifyCommitment',
      );
      expect(v).toMatchObject({ provenance: 'VERIFIED', version: 2, verifiedBy: 'Ministry admin' });
      expect(
        expectErrorCode(
          await t.gql(VERIFY, { i: { commitment: c.id, version: 2 } }, admin),
          'RULE_VIOLATION',
        ).extensions!.rule,
      ).toBe('ALREADY_VERIFIED');
    });

    it('an admin records a VERIFIED commitment', async () => {
      const c = ok(
        await t.gql(
          RECORD,
          {
            i: {
              project: foreign[2],
              otherProject: foreign[3],
              kind: 'KNOWLEDGE_SHARING',
              status: 'ACTIVE',
            },
          },
          admin,
        ),
        'recordCommitment',
      );
      expect(c).toMatchObject({
        provenance: 'VERIFIED',
        status: 'ACTIVE',
        verifiedBy: 'Ministry admin',
      });
      expect(c.verifiedAt).toEqual(expect.any(String));
      expectErrorCode(
        await t.gql(
          RECORD,
          {
            i: {
              project: foreign[0],
              otherProject: foreign[3],
              kind: 'REUSE_OF_RESULTS',
              status: 'FULFILLED',
            },
          },
          admin,
        ),
        'RULE_VIOLATION',
      );
    });
  });

  describe('projects and participants', () => {
    it('only an admin creates a project; facts point to the API source', async () => {
      expectErrorCode(await newProject({}, turku), 'FORBIDDEN');
      const p = ok(await newProject({ titleFi: 'Testi', grantEur: 12000.5 }), 'createProject');
      expect(p).toMatchObject({
        version: 1,
        status: 'GRANTED',
        participants: [{ role: 'LEAD', organisation: { id: municipality['853'] } }],
      });
      expect(p.provenance).toEqual(
        expect.arrayContaining([
          { fact: 'titleSv', source: { key: 'api' } },
          { fact: 'titleFi', source: { key: 'api' } },
        ]),
      );
    });

    it('needs exactly one lead', async () => {
      const none = expectErrorCode(
        await newProject({
          participants: [{ organisation: municipality['853'], role: 'PARTNER' }],
        }),
        'RULE_VIOLATION',
      );
      expect(none.extensions!.rule).toBe('ONE_LEAD');
      const twice = expectErrorCode(
        await newProject({
          participants: [
            { organisation: municipality['853'], role: 'LEAD' },
            { organisation: municipality['853'] },
          ],
        }),
        'BAD_USER_INPUT',
      );
      expect(twice.extensions!.argument).toBe('input.participants[1]');
    });

    it('cannot become ACTIVE or COMPLETED with fewer participants than the programme requires', async () => {
      const created = expectErrorCode(await newProject({ status: 'ACTIVE' }), 'RULE_VIOLATION');
      expect(created.extensions!.rule).toBe('MIN_PARTICIPANTS');
      const p = ok(await newProject(), 'createProject');
      for (const status of ['ACTIVE', 'COMPLETED'])
        expect(
          expectErrorCode(
            await t.gql(UPDATE_PROJECT, { i: { project: p.id, version: 1, status } }, turku),
            'RULE_VIOLATION',
          ).extensions!.rule,
        ).toBe('MIN_PARTICIPANTS');
      const added = ok(
        await t.gql(
          ADD,
          { i: { project: p.id, participant: { organisation: municipality['091'] } } },
          turku,
        ),
        'addParticipant',
      );
      expect(added.version).toBe(2);
      const active = ok(
        await t.gql(UPDATE_PROJECT, { i: { project: p.id, version: 2, status: 'ACTIVE' } }, turku),
        'updateProject',
      );
      expect(active).toMatchObject({ status: 'ACTIVE', version: 3 });
      // ...and then cannot drop below the minimum.
      expect(
        expectErrorCode(
          await t.gql(REMOVE, { i: { project: p.id, organisation: municipality['091'] } }, turku),
          'RULE_VIOLATION',
        ).extensions!.rule,
      ).toBe('MIN_PARTICIPANTS');
    });

    it('an end date after the programme deadline needs an admin override with a reason', async () => {
      const late = expectErrorCode(await newProject({ endDate: '2030-06-30' }), 'RULE_VIOLATION');
      expect(late.extensions!.rule).toBe('DEADLINE');
      const p = ok(await newProject(), 'createProject');
      expectErrorCode(
        await t.gql(
          UPDATE_PROJECT,
          { i: { project: p.id, version: 1, endDate: '2030-06-30' } },
          turku,
        ),
        'RULE_VIOLATION',
      );
      expectErrorCode(
        await t.gql(
          UPDATE_PROJECT,
          {
            i: {
              project: p.id,
              version: 1,
              endDate: '2030-06-30',
              deadlineOverrideReason: 'We say so',
            },
          },
          turku,
        ),
        'FORBIDDEN',
      );
      const ok2 = ok(
        await t.gql(
          UPDATE_PROJECT,
          {
            i: {
              project: p.id,
              version: 1,
              endDate: '2030-06-30',
              deadlineOverrideReason: 'Extension granted by decision 123/2021',
            },
          },
          admin,
        ),
        'updateProject',
      );
      expect(ok2).toMatchObject({ endDate: '2030-06-30', version: 2 });
      const [audit] = await t.db.sql(
        `SELECT reason, before->>'endDate' AS before, after->>'endDate' AS after FROM audit_event
          WHERE operation = 'updateProject' AND entity_id = $1`,
        [Number(Buffer.from(p.id, 'base64url').toString().split(':')[1])],
      );
      expect(audit).toEqual({
        reason: 'Extension granted by decision 123/2021',
        before: null,
        after: '2030-06-30',
      });
    });

    it('the lead cannot be removed, and a second lead is refused', async () => {
      const p = ok(await newProject(), 'createProject');
      expect(
        expectErrorCode(
          await t.gql(REMOVE, { i: { project: p.id, organisation: municipality['853'] } }, admin),
          'RULE_VIOLATION',
        ).extensions!.rule,
      ).toBe('LEAD_REQUIRED');
      expect(
        expectErrorCode(
          await t.gql(
            ADD,
            {
              i: {
                project: p.id,
                participant: { organisation: municipality['092'], role: 'LEAD' },
              },
            },
            admin,
          ),
          'RULE_VIOLATION',
        ).extensions!.rule,
      ).toBe('ONE_LEAD');
      ok(
        await t.gql(
          ADD,
          { i: { project: p.id, participant: { organisation: municipality['092'] } } },
          admin,
        ),
        'addParticipant',
      );
      expectErrorCode(
        await t.gql(
          ADD,
          { i: { project: p.id, participant: { organisation: municipality['092'] } } },
          admin,
        ),
        'CONFLICT',
      );
      const removed = ok(
        await t.gql(REMOVE, { i: { project: p.id, organisation: municipality['092'] } }, admin),
        'removeParticipant',
      );
      expect(removed.participants).toEqual([{ role: 'LEAD' }]);
    });

    it('a coordinator changes only its own projects', async () => {
      const [foreignId] = foreign;
      const res = await t.gql(`query($id: ID!) { project(id: $id) { version } }`, {
        id: foreignId,
      });
      const version = res.data!.project.version;
      for (const [q, i] of [
        [UPDATE_PROJECT, { project: foreignId, version, titleFi: 'X' }],
        [ADD, { project: foreignId, participant: { organisation: municipality['853'] } }],
        [
          `mutation($i: SetProjectTopicsInput!) { setProjectTopics(input: $i) { id } }`,
          { project: foreignId, topics: [] },
        ],
        [
          `mutation($i: RecordReuseLinkInput!) { recordReuseLink(input: $i) { id } }`,
          { project: foreignId, sourceOutput: 'X' },
        ],
      ] as const)
        expectErrorCode(await t.gql(q, { i }, turku), 'FORBIDDEN');
    });

    it('a failed mutation leaves no partial write and no audit row', async () => {
      const before = await t.db.sql(
        `SELECT (SELECT count(*) FROM project)::int AS projects, (SELECT count(*) FROM participation)::int AS participations,
                (SELECT count(*) FROM audit_event)::int AS audits`,
      );
      // The unknown topic is found only after the participants have been checked.
      expectErrorCode(
        await newProject({ topics: [Buffer.from('Topic:99999').toString('base64url')] }),
        'NOT_FOUND',
      );
      const after = await t.db.sql(
        `SELECT (SELECT count(*) FROM project)::int AS projects, (SELECT count(*) FROM participation)::int AS participations,
                (SELECT count(*) FROM audit_event)::int AS audits`,
      );
      expect(after).toEqual(before);
    });
  });

  describe('concurrent edits and retries', () => {
    it('of concurrent updates from the same version exactly one wins; the rest get CONFLICT', async () => {
      const p = ok(await newProject(), 'createProject');
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, n) =>
          t.gql(
            UPDATE_PROJECT,
            { i: { project: p.id, version: 1, titleFi: `Versio ${n}` } },
            admin,
          ),
        ),
      );
      const winners = results.filter((r) => !r.errors);
      expect(winners).toHaveLength(1);
      for (const r of results.filter((r) => r.errors)) expectErrorCode(r, 'CONFLICT');
      const now = await t.gql(`query($id: ID!) { project(id: $id) { version titleFi } }`, {
        id: p.id,
      });
      expect(now.data!.project).toEqual({
        version: 2,
        titleFi: winners[0].data!.updateProject.titleFi,
      });
      const audits = await t.db.sql(
        `SELECT count(*)::int AS n FROM audit_event WHERE operation = 'updateProject' AND entity_id = $1`,
        [Number(Buffer.from(p.id, 'base64url').toString().split(':')[1])],
      );
      expect(audits[0].n).toBe(1);
    });

    it('a retry with the same idempotency key returns the first result and writes nothing twice', async () => {
      const input = {
        project: foreign[0],
        otherProject: foreign[2],
        kind: 'KNOWLEDGE_SHARING',
        idempotencyKey: 'retry-key-0001',
      };
      const before = await auditCount();
      const first = ok(await t.gql(RECORD, { i: input }, admin), 'recordCommitment');
      const again = ok(await t.gql(RECORD, { i: input }, admin), 'recordCommitment');
      expect(again).toEqual(first);
      expect(await auditCount()).toBe(before + 1);
      // The same key with other input is refused; the same key from another token is its own.
      expectErrorCode(await t.gql(RECORD, { i: { ...input, note: 'changed' } }, admin), 'CONFLICT');
    });

    it('concurrent retries with one key all get the one result', async () => {
      const input = {
        project: foreign[1],
        otherProject: foreign[3],
        kind: 'JOINT_DEVELOPMENT',
        idempotencyKey: 'retry-key-0002',
      };
      const results = await Promise.all(
        Array.from({ length: 6 }, () => t.gql(RECORD, { i: input }, admin)),
      );
      const ids = new Set(results.map((r) => ok(r, 'recordCommitment').id));
      expect(ids.size).toBe(1);
      const rows = await t.db.sql(
        `SELECT count(*)::int AS n FROM audit_event WHERE operation = 'recordCommitment' AND entity_id = $1`,
        [
          Number(
            Buffer.from([...ids][0], 'base64url')
              .toString()
              .split(':')[1],
          ),
        ],
      );
      expect(rows[0].n).toBe(1);
    });
  });

  describe('topics, joint authorities and reuse links', () => {
    it('creates a topic; a taken slug is CONFLICT; only admins', async () => {
      const q = `mutation($i: CreateTopicInput!) { createTopic(input: $i) { id slug nameSv } }`;
      const i = {
        slug: 'open-data',
        nameFi: 'Avoin data',
        nameSv: 'Öppna data',
        nameEn: 'Open data',
      };
      expectErrorCode(await t.gql(q, { i }, turku), 'FORBIDDEN');
      const topic = ok(await t.gql(q, { i }, admin), 'createTopic');
      expect(topic).toMatchObject({ slug: 'open-data', nameSv: 'Öppna data' });
      expect(expectErrorCode(await t.gql(q, { i }, admin), 'CONFLICT').extensions!.existingId).toBe(
        topic.id,
      );
      expectErrorCode(await t.gql(q, { i: { ...i, slug: 'Not A Slug' } }, admin), 'BAD_USER_INPUT');

      const p = ok(await newProject(), 'createProject');
      const set = `mutation($i: SetProjectTopicsInput!) { setProjectTopics(input: $i) { version topics { slug } } }`;
      const withTopic = ok(
        await t.gql(set, { i: { project: p.id, topics: [topic.id], version: 1 } }, turku),
        'setProjectTopics',
      );
      expect(withTopic).toEqual({ version: 2, topics: [{ slug: 'open-data' }] });
      expectErrorCode(
        await t.gql(
          set,
          { i: { project: p.id, topics: [Buffer.from('Topic:424242').toString('base64url')] } },
          turku,
        ),
        'NOT_FOUND',
      );
    });

    it('creates and updates a joint authority with its members, versioned', async () => {
      const create = `mutation($i: CreateJointAuthorityInput!) { createJointAuthority(input: $i) { id nameFi version members { code } } }`;
      const update = `mutation($i: UpdateJointAuthorityInput!) { updateJointAuthority(input: $i) { nameFi nameSv version members { code } } }`;
      expectErrorCode(await t.gql(create, { i: { nameFi: 'X', members: [] } }, turku), 'FORBIDDEN');
      const ja = ok(
        await t.gql(
          create,
          {
            i: {
              nameFi: 'Testin kuntayhtymä',
              members: [municipality['091'], municipality['049']],
            },
          },
          admin,
        ),
        'createJointAuthority',
      );
      expect(ja.members.map((m: any) => m.code).sort()).toEqual(['049', '091']);
      const changed = ok(
        await t.gql(
          update,
          {
            i: {
              jointAuthority: ja.id,
              version: 1,
              nameSv: 'Testens samkommun',
              members: [municipality['092']],
            },
          },
          admin,
        ),
        'updateJointAuthority',
      );
      expect(changed).toEqual({
        nameFi: 'Testin kuntayhtymä',
        nameSv: 'Testens samkommun',
        version: 2,
        members: [{ code: '092' }],
      });
      expectErrorCode(
        await t.gql(update, { i: { jointAuthority: ja.id, version: 1, nameFi: 'Y' } }, admin),
        'CONFLICT',
      );
      expectErrorCode(
        await t.gql(
          update,
          { i: { jointAuthority: ja.id, version: 2, members: [programme] } },
          admin,
        ),
        'BAD_USER_INPUT',
      );
      // A joint authority can take part in a project.
      const p = ok(
        await newProject({ participants: [{ organisation: ja.id, role: 'LEAD' }] }),
        'createProject',
      );
      expect(p.participants).toEqual([{ role: 'LEAD', organisation: { id: ja.id } }]);
    });

    it('records a reuse link for an own project; a project cannot build on itself', async () => {
      const q = `mutation($i: RecordReuseLinkInput!) { recordReuseLink(input: $i) { id project { id } sourceProject { id } sourceOutput } }`;
      const link = ok(
        await t.gql(q, { i: { project: ownProject, sourceProject: foreign[0] } }, turku),
        'recordReuseLink',
      );
      expect(link).toMatchObject({
        project: { id: ownProject },
        sourceProject: { id: foreign[0] },
        sourceOutput: null,
      });
      ok(
        await t.gql(q, { i: { project: ownProject, sourceOutput: 'Espoo chatbot' } }, turku),
        'recordReuseLink',
      );
      expect(
        expectErrorCode(
          await t.gql(q, { i: { project: ownProject, sourceProject: ownProject } }, turku),
          'RULE_VIOLATION',
        ).extensions!.rule,
      ).toBe('DISTINCT_PROJECTS');
      expectErrorCode(await t.gql(q, { i: { project: ownProject } }, turku), 'BAD_USER_INPUT');
    });
  });

  describe('who may call what', () => {
    const gid = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64url');

    /** Every operation the schema marks "Admins only.", called by a coordinator. */
    const adminOnly = (): Record<string, [string, Record<string, unknown>]> => ({
      createProject: [
        `mutation($i: CreateProjectInput!) { createProject(input: $i) { id } }`,
        {
          i: {
            programme,
            category: 'OTHER',
            titleSv: 'Förbjudet projekt',
            participants: [{ organisation: municipality['853'], role: 'LEAD' }],
          },
        },
      ],
      createTopic: [
        `mutation($i: CreateTopicInput!) { createTopic(input: $i) { id } }`,
        { i: { slug: 'forbidden-topic', nameFi: 'Kielletty', nameSv: 'Förbjuden', nameEn: 'No' } },
      ],
      createJointAuthority: [
        `mutation($i: CreateJointAuthorityInput!) { createJointAuthority(input: $i) { id } }`,
        { i: { nameFi: 'Kielletty kuntayhtymä', members: [municipality['853']] } },
      ],
      // Unknown ids: who may call it is decided before anything is looked up.
      updateJointAuthority: [
        `mutation($i: UpdateJointAuthorityInput!) { updateJointAuthority(input: $i) { id } }`,
        { i: { jointAuthority: gid('JointAuthority', 999999), version: 1, nameFi: 'Y' } },
      ],
      verifyCommitment: [
        `mutation($i: VerifyCommitmentInput!) { verifyCommitment(input: $i) { id } }`,
        { i: { commitment: gid('CooperationCommitment', 999999), version: 1 } },
      ],
      importGrantDecisions: [
        `mutation($i: ImportGrantDecisionsInput!) { importGrantDecisions(input: $i) { dryRun } }`,
        {
          i: {
            programme,
            csv: 'not, a, decision file',
            source: { url: 'https://example.org/decision.pdf', title: 'A decision' },
            dryRun: false,
          },
        },
      ],
      revokeToken: [
        `mutation($i: RevokeTokenInput!) { revokeToken(input: $i) }`,
        { i: { tokenId: 1 } },
      ],
      auditTrail: [`{ auditTrail(first: 1) { totalCount } }`, {}],
    });

    it('lists every operation the schema marks for admins only', async () => {
      const res = await t.gql(`{ __schema {
        queryType { fields { name description } } mutationType { fields { name description } } } }`);
      const fields: { name: string; description: string | null }[] = [
        ...res.data!.__schema.queryType.fields,
        ...res.data!.__schema.mutationType.fields,
      ];
      const marked = fields.filter((f) => /Admins only\./.test(f.description ?? ''));
      expect(marked.map((f) => f.name).sort()).toEqual(Object.keys(adminOnly()).sort());
    });

    it('refuses a coordinator every admin-only operation with FORBIDDEN, and writes nothing', async () => {
      const counts = () =>
        t.db.sql(
          `SELECT (SELECT count(*) FROM project)::int AS projects, (SELECT count(*) FROM topic)::int AS topics,
                  (SELECT count(*) FROM organisation)::int AS organisations,
                  (SELECT count(*) FROM source)::int AS sources,
                  (SELECT count(*) FROM api_token WHERE revoked_at IS NOT NULL)::int AS revoked,
                  (SELECT count(*) FROM audit_event)::int AS audits`,
        );
      const before = await counts();
      for (const [name, [query, variables]] of Object.entries(adminOnly())) {
        const error = expectErrorCode(await t.gql(query, variables, turku), 'FORBIDDEN');
        expect({ name, message: error.message }).toEqual({
          name,
          message: expect.stringMatching(/^Only an administrator may /),
        });
      }
      expect(await counts()).toEqual(before);
    });

    it('refuses every operation without a token with UNAUTHENTICATED', async () => {
      for (const [query, variables] of Object.values(adminOnly()))
        expectErrorCode(await t.gql(query, variables), 'UNAUTHENTICATED');
    });
  });

  describe('audit trail', () => {
    const TRAIL = `query($entity: ID, $actor: Int, $first: Int, $after: String) {
      auditTrail(entity: $entity, actorTokenId: $actor, first: $first, after: $after) {
        totalCount pageInfo { hasNextPage endCursor }
        edges { node { id occurredAt actorName actorRole actorTokenId operation entityType entityId before after reason } } } }`;

    it('is for admins only', async () => {
      expectErrorCode(await t.gql(TRAIL, {}, turku), 'FORBIDDEN');
      expectErrorCode(await t.gql(TRAIL, {}), 'UNAUTHENTICATED');
    });

    it('records who, when, what, before and after, by entity and by actor, in pages', async () => {
      const coordinator = await issueTestToken(t.db, {
        role: 'COORDINATOR',
        name: 'Auditee',
        municipalities: ['853'],
      });
      const c = ok(
        await t.gql(
          RECORD,
          { i: { project: ownProject, otherProject: foreign[1], kind: 'REUSE_OF_RESULTS' } },
          coordinator.token,
        ),
        'recordCommitment',
      );
      ok(
        await t.gql(
          STATUS,
          { i: { commitment: c.id, status: 'ACTIVE', version: 1 } },
          coordinator.token,
        ),
        'changeCommitmentStatus',
      );
      ok(
        await t.gql(
          STATUS,
          { i: { commitment: c.id, status: 'LAPSED', version: 2 } },
          coordinator.token,
        ),
        'changeCommitmentStatus',
      );

      const all = ok(await t.gql(TRAIL, { entity: c.id }, admin), 'auditTrail');
      expect(all.totalCount).toBe(3);
      const nodes = all.edges.map((e: any) => e.node);
      expect(nodes.map((n: any) => n.operation)).toEqual([
        'recordCommitment',
        'changeCommitmentStatus',
        'changeCommitmentStatus',
      ]);
      expect(nodes[0]).toMatchObject({
        actorName: 'Auditee',
        actorRole: 'COORDINATOR',
        actorTokenId: coordinator.id,
        entityType: 'CooperationCommitment',
        entityId: c.id,
        before: null,
      });
      expect(nodes[0].after).toMatchObject({
        status: 'PROPOSED',
        version: 1,
        provenance: 'DECLARED',
      });
      expect(nodes[2].before).toMatchObject({ status: 'ACTIVE', version: 2 });
      expect(nodes[2].after).toMatchObject({ status: 'LAPSED', version: 3 });
      expect(Date.parse(nodes[0].occurredAt)).toBeLessThanOrEqual(Date.parse(nodes[2].occurredAt));

      const page1 = ok(
        await t.gql(TRAIL, { actor: coordinator.id, first: 2 }, admin),
        'auditTrail',
      );
      expect(page1.edges).toHaveLength(2);
      expect(page1.pageInfo.hasNextPage).toBe(true);
      const page2 = ok(
        await t.gql(
          TRAIL,
          { actor: coordinator.id, first: 2, after: page1.pageInfo.endCursor },
          admin,
        ),
        'auditTrail',
      );
      expect(page2.edges.map((e: any) => e.node.id)).toEqual([nodes[2].id]);
      expect(page2.pageInfo.hasNextPage).toBe(false);
      expectErrorCode(await t.gql(TRAIL, { first: 101 }, admin), 'BAD_USER_INPUT');
    });
  });
});
