import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { startServer, ServerProcess } from './support/server-process';
import { createTestDatabase, expectErrorCode, postGraphQL, TestDatabase } from './support/test-app';
import { issueTestToken } from './support/tokens';

const SUBSCRIPTION = `subscription($p: ID!) { commitmentChanges(programme: $p) {
  change at commitment { id status version provenance projects { id programme { id } } } } }`;
const RECORD = `mutation($i: RecordCommitmentInput!) { recordCommitment(input: $i) { id version } }`;
const STATUS = `mutation($i: ChangeCommitmentStatusInput!) { changeCommitmentStatus(input: $i) { id version } }`;

interface Subscriber {
  events: any[];
  errors: unknown[];
  /** Resolves with the events once there are at least n, or fails after the timeout. */
  waitFor(n: number, timeoutMs?: number): Promise<any[]>;
  close(): Promise<void>;
}

async function liveSubscriptions(baseUrl: string): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  return Number(/^kuntaverkko_live_subscriptions (\S+)$/m.exec(text)?.[1] ?? NaN);
}

/** Subscribes over graphql-ws and resolves once the server serves the subscription. */
async function subscribe(baseUrl: string, programme: string): Promise<Subscriber> {
  const before = await liveSubscriptions(baseUrl);
  const events: any[] = [];
  const errors: unknown[] = [];
  const client: Client = createClient({
    url: baseUrl.replace(/^http/, 'ws') + '/graphql',
    webSocketImpl: WebSocket,
    retryAttempts: 0,
  });
  const waiters: (() => void)[] = [];
  const notify = () => waiters.splice(0).forEach((w) => w());
  await new Promise<void>((resolve, reject) => {
    client.on('connected', () => resolve());
    client.on('error', reject);
    client.subscribe(
      { query: SUBSCRIPTION, variables: { p: programme } },
      {
        next: (value) => {
          if (value.errors) errors.push(...value.errors);
          else events.push(value.data!.commitmentChanges);
          notify();
        },
        error: (e) => {
          errors.push(e);
          notify();
        },
        complete: () => notify(),
      },
    );
  });
  // The subscription is live once the server counts it (or has refused it).
  const deadline = Date.now() + 5000;
  while ((await liveSubscriptions(baseUrl)) <= before && errors.length === 0) {
    if (Date.now() > deadline) throw new Error('the server did not register the subscription');
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    events,
    errors,
    waitFor: async (n, timeoutMs = 5000) => {
      const deadline = Date.now() + timeoutMs;
      while (events.length < n && errors.length === 0) {
        if (Date.now() > deadline)
          throw new Error(`expected ${n} events within ${timeoutMs} ms, got ${events.length}`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 50);
        });
      }
      if (errors.length) throw new Error(`subscription failed: ${JSON.stringify(errors)}`);
      return events;
    },
    close: () => client.dispose() as Promise<void>,
  };
}

function describeTransport(name: string, extraEnv: Record<string, string>) {
  describe(`live commitment changes across two server instances (${name})`, () => {
    let db: TestDatabase;
    let a: ServerProcess;
    let b: ServerProcess;
    let admin: string;
    let programme: string;
    let otherProgramme: string;
    let projects: string[];
    let otherProjects: string[];
    const subscribers: Subscriber[] = [];

    beforeAll(async () => {
      db = await createTestDatabase();
      const env = { DATABASE_URL: db.url, SEED_ON_START: 'false', ...extraEnv };
      [a, b] = await Promise.all([startServer(env), startServer(env)]);
      admin = (await issueTestToken(db, { role: 'ADMIN', name: 'Live admin' })).token;
      // A second programme, so that filtering by programme can be seen.
      await db.sql(`INSERT INTO programme (code, name_fi, name_sv, name_en, completion_deadline, min_participants, reuse_duty, cooperation_duty)
                    VALUES ('test-second-round', 'Toinen', 'Andra', 'Second', '2030-12-31', 2, true, true)`);
      const res = await postGraphQL(
        a.baseUrl,
        `{ programmes { edges { node { id code } } } projects(first: 4) { edges { node { id } } } municipality(code: "853") { id } }`,
      );
      const byCode = Object.fromEntries(
        res.data!.programmes.edges.map((e: any) => [e.node.code, e.node.id]),
      );
      programme = byCode['vm-digi-joint-2019'];
      otherProgramme = byCode['test-second-round'];
      projects = res.data!.projects.edges.map((e: any) => e.node.id);
      otherProjects = [];
      for (const title of ['Andra A', 'Andra B']) {
        const created = await postGraphQL(
          a.baseUrl,
          `mutation($i: CreateProjectInput!) { createProject(input: $i) { id } }`,
          {
            i: {
              programme: otherProgramme,
              category: 'OTHER',
              titleSv: title,
              participants: [{ organisation: res.data!.municipality.id, role: 'LEAD' }],
            },
          },
          admin,
        );
        otherProjects.push(created.data!.createProject.id);
      }
    });

    afterAll(async () => {
      await Promise.all(subscribers.map((s) => s.close()));
      await Promise.all([a?.stop(), b?.stop()]);
      await db?.drop();
    });

    it('a change made on one instance reaches a subscriber on the other, and only for its programme', async () => {
      const onB = await subscribe(b.baseUrl, programme);
      const otherOnB = await subscribe(b.baseUrl, otherProgramme);
      const onA = await subscribe(a.baseUrl, programme);
      subscribers.push(onB, otherOnB, onA);

      const recorded = await postGraphQL(
        a.baseUrl,
        RECORD,
        { i: { project: projects[0], otherProject: projects[1], kind: 'KNOWLEDGE_SHARING' } },
        admin,
      );
      expect(recorded.errors).toBeUndefined();
      const id = recorded.data!.recordCommitment.id;

      const [event] = await onB.waitFor(1);
      expect(event).toMatchObject({
        change: 'RECORDED',
        commitment: { id, status: 'PROPOSED', version: 1, provenance: 'VERIFIED' },
      });
      expect(event.commitment.projects.map((p: any) => p.id).sort()).toEqual(
        [projects[0], projects[1]].sort(),
      );
      expect(Number.isNaN(Date.parse(event.at))).toBe(false);
      // The instance that made the change delivers it to its own subscribers too.
      expect((await onA.waitFor(1))[0].commitment.id).toBe(id);

      // A failed mutation (a duplicate) publishes nothing; the next event is the status change.
      const duplicate = await postGraphQL(
        a.baseUrl,
        RECORD,
        { i: { project: projects[1], otherProject: projects[0], kind: 'KNOWLEDGE_SHARING' } },
        admin,
      );
      expectErrorCode(duplicate, 'CONFLICT');
      const moved = await postGraphQL(
        b.baseUrl,
        STATUS,
        { i: { commitment: id, status: 'ACTIVE', version: 1 } },
        admin,
      );
      expect(moved.errors).toBeUndefined();
      const events = await onB.waitFor(2);
      expect(events[1]).toMatchObject({
        change: 'STATUS_CHANGED',
        commitment: { id, status: 'ACTIVE', version: 2 },
      });

      // The other programme's subscriber saw none of that; it sees its own programme's change.
      const inOther = await postGraphQL(
        a.baseUrl,
        RECORD,
        {
          i: {
            project: otherProjects[0],
            otherProject: otherProjects[1],
            kind: 'JOINT_DEVELOPMENT',
          },
        },
        admin,
      );
      expect(inOther.errors).toBeUndefined();
      const otherEvents = await otherOnB.waitFor(1);
      expect(otherEvents).toHaveLength(1);
      expect(otherEvents[0].commitment.id).toBe(inOther.data!.recordCommitment.id);
      // A commitment across two programmes reaches the subscribers of both.
      const across = await postGraphQL(
        a.baseUrl,
        RECORD,
        { i: { project: projects[2], otherProject: otherProjects[0], kind: 'REUSE_OF_RESULTS' } },
        admin,
      );
      const acrossId = across.data!.recordCommitment.id;
      expect((await onB.waitFor(3))[2].commitment.id).toBe(acrossId);
      expect((await otherOnB.waitFor(2))[1].commitment.id).toBe(acrossId);
      expect(onB.events).toHaveLength(3);
    });

    it('delivers a message an instance left in the outbox (e.g. by crashing after its commit)', async () => {
      const s = await subscribe(b.baseUrl, programme);
      subscribers.push(s);
      const [row] = await db.sql(`SELECT * FROM cooperation_commitment ORDER BY id LIMIT 1`);
      const message = {
        type: 'CooperationCommitment',
        change: 'VERIFIED',
        programmeIds: [Number(Buffer.from(programme, 'base64url').toString().split(':')[1])],
        object: {
          id: row.id,
          projectAId: row.project_a_id,
          projectBId: row.project_b_id,
          kind: row.kind,
          status: row.status,
          provenance: row.provenance,
          version: row.version,
        },
        at: new Date().toISOString(),
      };
      await db.sql(`INSERT INTO change_outbox (payload) VALUES ($1)`, [JSON.stringify(message)]);
      const [event] = await s.waitFor(1, 5000);
      expect(event).toMatchObject({ change: 'VERIFIED', commitment: { status: row.status } });
      expect(await db.sql(`SELECT count(*)::int AS n FROM change_outbox`)).toEqual([{ n: 0 }]);
    });

    it('refuses a subscription to an unknown programme with NOT_FOUND', async () => {
      const missing = Buffer.from('Programme:99999').toString('base64url');
      const s = await subscribe(b.baseUrl, missing);
      subscribers.push(s);
      await expect(s.waitFor(1, 2000)).rejects.toThrow(/NOT_FOUND/);
    });
  });
}

describeTransport('PostgreSQL LISTEN/NOTIFY', {});

// With TEST_REDIS_URL (CI sets it; a Redis runs there), the same test runs over Redis pub/sub.
if (process.env.TEST_REDIS_URL)
  describeTransport('Redis pub/sub', { REDIS_URL: process.env.TEST_REDIS_URL });
