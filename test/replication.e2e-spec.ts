import { issueTestToken, TEST_JWT_SECRET } from './support/tokens';
import { postGraphQL, type TestDatabase } from './support/test-app';
import { startServer, type ServerProcess } from './support/server-process';
import { startReplicatedCluster, type ReplicatedCluster } from './support/replication';

/**
 * Read replicas on real PostgreSQL streaming replication: a primary and a hot standby from
 * Debian's binaries (test/support/replication.ts), and the built server with
 * DATABASE_READ_URLS naming the standby. docs/scaling.md, "Where reads go".
 */
jest.setTimeout(120_000);

const LIST = `{ projects(first: 5) { totalCount edges { node { id version titleFi } } } }`;
const UPDATE = `mutation($i: UpdateProjectInput!) { updateProject(input: $i) { id version titleFi } }`;

interface ListData {
  projects: {
    totalCount: number;
    edges: { node: { id: string; version: number; titleFi: string } }[];
  };
}

/** A Prometheus sample of /metrics by its full name with labels (0 when absent). */
async function metric(server: ServerProcess, sample: string): Promise<number> {
  const text = await (await fetch(`${server.baseUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(sample + ' '));
  return line ? Number(line.slice(sample.length + 1)) : 0;
}
const REPLICA_READS = 'kuntaverkko_db_reads_total{target="replica",reason=""}';

async function standbyCommits(cluster: ReplicatedCluster): Promise<number> {
  const [row] = await cluster.sql<{ n: string }>(
    'standby',
    `SELECT xact_commit::text AS n FROM pg_stat_database WHERE datname = current_database()`,
  );
  return Number(row.n);
}

/** Polls until `check` holds (replication and probes are asynchronous), failing after 30 s. */
async function eventually(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`never: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function readiness(server: ServerProcess) {
  const body = (await (await fetch(`${server.baseUrl}/health/ready`)).json()) as {
    details: {
      replicas: { inRotation: number; standbys: { lagMs: number | null; reason?: string }[] };
    };
  };
  return body.details.replicas;
}

describe('read replicas on streaming replication', () => {
  let cluster: ReplicatedCluster;
  /** Generous lag bound: a paused standby stays in the rotation (read-your-writes, kills). */
  let tolerant: ServerProcess;
  let admin: string;

  beforeAll(async () => {
    cluster = await startReplicatedCluster();
    tolerant = await startServer({
      DATABASE_URL: cluster.primaryUrl,
      // Its own primary, never the suite-wide direct URL of a pooled run.
      DATABASE_LISTEN_URL: cluster.primaryUrl,
      DATABASE_READ_URLS: cluster.standbyUrl,
      DATABASE_READ_MAX_LAG_MS: '600000',
      SEED_ON_START: 'true',
      JWT_SECRET: TEST_JWT_SECRET,
      RATE_LIMIT_POINTS: '0',
      GRAPH_ENGINE: 'sql',
    });
    const primary = {
      sql: (text: string, params?: unknown[]) => cluster.sql('primary', text, params),
    } as unknown as TestDatabase;
    admin = (await issueTestToken(primary, { role: 'ADMIN' })).token;
    await cluster.caughtUp();
  }, 300_000);

  afterAll(async () => {
    await tolerant?.stop();
    await cluster?.stop();
  });

  it('serves list reads from the standby: its pg_stat_database counters rise with them', async () => {
    await eventually(
      'the standby is in the rotation',
      async () => (await readiness(tolerant)).inRotation === 1,
    );
    const commitsBefore = await standbyCommits(cluster);
    const readsBefore = await metric(tolerant, REPLICA_READS);
    for (let i = 0; i < 20; i++) {
      const res = await postGraphQL<ListData>(tolerant.baseUrl, LIST);
      expect(res.errors).toBeUndefined();
      expect(res.data!.projects.edges).toHaveLength(5);
    }
    const sent = (await metric(tolerant, REPLICA_READS)) - readsBefore;
    // Every request reads its page and its count: at least two statements each.
    expect(sent).toBeGreaterThanOrEqual(40);
    // The standby's statistics are flushed within a second or so of a transaction.
    await eventually(
      'the standby counted the reads',
      async () => (await standbyCommits(cluster)) - commitsBefore >= sent,
    );
  });

  it('writes on the primary, and the writer reads its write while the standby has not replayed it', async () => {
    const before = await postGraphQL<ListData>(tolerant.baseUrl, LIST);
    const project = before.data!.projects.edges[0].node;
    await cluster.sql('standby', 'SELECT pg_wal_replay_pause()');
    try {
      const title = `Kirjoitettu ${Date.now()}`;
      const res = await postGraphQL<{ updateProject: { titleFi: string; version: number } }>(
        tolerant.baseUrl,
        UPDATE,
        { i: { project: project.id, version: project.version, titleFi: title } },
        admin,
      );
      expect(res.errors).toBeUndefined();
      // The mutation's own response is read on the primary.
      expect(res.data!.updateProject).toMatchObject({
        titleFi: title,
        version: project.version + 1,
      });
      const [onPrimary] = await cluster.sql<{ title: string }>(
        'primary',
        `SELECT title_fi AS title FROM project WHERE title_fi = $1`,
        [title],
      );
      expect(onPrimary).toEqual({ title });
      const [onStandby] = await cluster.sql<{ n: number }>(
        'standby',
        `SELECT count(*)::int AS n FROM project WHERE title_fi = $1`,
        [title],
      );
      expect(onStandby).toEqual({ n: 0 });

      // The writer's next reads see the write, again and again …
      for (let i = 0; i < 5; i++) {
        const mine = await postGraphQL<ListData>(tolerant.baseUrl, LIST, undefined, admin);
        expect(mine.data!.projects.edges[0].node).toMatchObject({ titleFi: title });
      }
      // … while another client is still served by the standby, which has not replayed it.
      const readsBefore = await metric(tolerant, REPLICA_READS);
      const other = await postGraphQL<ListData>(tolerant.baseUrl, LIST);
      expect(other.data!.projects.edges[0].node).toMatchObject({ titleFi: project.titleFi });
      expect(await metric(tolerant, REPLICA_READS)).toBeGreaterThan(readsBefore);
    } finally {
      await cluster.sql('standby', 'SELECT pg_wal_replay_resume()');
    }
    await cluster.caughtUp();
    // Replayed: the writer's reads may go back to the standby, and see the same.
    await eventually('the writer is served by the standby again', async () => {
      const before = await metric(tolerant, REPLICA_READS);
      const mine = await postGraphQL<ListData>(tolerant.baseUrl, LIST, undefined, admin);
      return (
        mine.data!.projects.edges[0].node.version === project.version + 1 &&
        (await metric(tolerant, REPLICA_READS)) > before
      );
    });
  });

  it('skips a standby further behind than DATABASE_READ_MAX_LAG_MS, and takes it back once it catches up', async () => {
    const strict = await startServer({
      DATABASE_URL: cluster.primaryUrl,
      // Its own primary, never the suite-wide direct URL of a pooled run.
      DATABASE_LISTEN_URL: cluster.primaryUrl,
      DATABASE_READ_URLS: cluster.standbyUrl,
      DATABASE_READ_MAX_LAG_MS: '300',
      SEED_ON_START: 'false',
      RATE_LIMIT_POINTS: '0',
      GRAPH_ENGINE: 'sql',
    });
    try {
      await eventually(
        'the standby is in the rotation',
        async () => (await readiness(strict)).inRotation === 1,
      );
      await cluster.sql('standby', 'SELECT pg_wal_replay_pause()');
      try {
        // A write the standby does not replay: from then on it falls behind.
        await cluster.sql(
          'primary',
          `UPDATE project SET description = description WHERE id = (SELECT min(id) FROM project)`,
        );
        await eventually('the standby leaves the rotation', async () => {
          const r = await readiness(strict);
          return r.inRotation === 0 && r.standbys[0].reason === 'too far behind';
        });
        const replicaBefore = await metric(strict, REPLICA_READS);
        for (let i = 0; i < 5; i++)
          expect((await postGraphQL<ListData>(strict.baseUrl, LIST)).errors).toBeUndefined();
        expect(await metric(strict, REPLICA_READS)).toBe(replicaBefore);
        expect(
          await metric(
            strict,
            'kuntaverkko_db_replica_up{replica="' +
              new URL(cluster.standbyUrl).host +
              '/kuntaverkko"}',
          ),
        ).toBe(0);
      } finally {
        await cluster.sql('standby', 'SELECT pg_wal_replay_resume()');
      }
      await eventually(
        'the standby is back in the rotation',
        async () => (await readiness(strict)).inRotation === 1,
      );
    } finally {
      await strict.stop();
    }
  });

  it('loses no request when the standby is killed under 20 clients, and probes it back in', async () => {
    await eventually(
      'the standby is in the rotation',
      async () => (await readiness(tolerant)).inRotation === 1,
    );
    let stop = false;
    let failures = 0;
    let served = 0;
    const failed: string[] = [];
    const client = async () => {
      while (!stop) {
        try {
          const res = await postGraphQL<ListData>(tolerant.baseUrl, LIST);
          if (res.status !== 200 || res.errors || res.data?.projects.edges.length !== 5) {
            failures++;
            failed.push(JSON.stringify(res).slice(0, 300));
          } else served++;
        } catch (e) {
          failures++;
          failed.push(String(e));
        }
      }
    };
    const clients = Array.from({ length: 20 }, () => client());
    await eventually('reads are flowing', () => Promise.resolve(served >= 40));
    cluster.killStandby();
    const servedAtKill = served;
    await eventually('reads go on after the kill', () =>
      Promise.resolve(served >= servedAtKill + 100),
    );
    stop = true;
    await Promise.all(clients);
    expect(failed).toEqual([]);
    expect(failures).toBe(0);
    const replicas = await readiness(tolerant);
    expect(replicas.inRotation).toBe(0);

    await cluster.restartStandby();
    await eventually(
      'the restarted standby is probed back in',
      async () => (await readiness(tolerant)).inRotation === 1,
    );
    const before = await metric(tolerant, REPLICA_READS);
    expect((await postGraphQL<ListData>(tolerant.baseUrl, LIST)).errors).toBeUndefined();
    expect(await metric(tolerant, REPLICA_READS)).toBeGreaterThan(before);
  });
});
