import { TEST_JWT_SECRET } from './support/tokens';
import { postGraphQL } from './support/test-app';
import { startServer, type ServerProcess } from './support/server-process';
import { startReplicatedCluster, type ReplicatedCluster } from './support/replication';

/**
 * Read replicas on real PostgreSQL streaming replication: a primary and a hot standby from
 * Debian's binaries (test/support/replication.ts), and the built server with
 * DATABASE_READ_URLS naming the standby. docs/scaling.md, "Where reads go".
 */
jest.setTimeout(120_000);

const LIST = `{ projects(first: 5) { totalCount edges { node { id version titleFi } } } }`;

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
});
