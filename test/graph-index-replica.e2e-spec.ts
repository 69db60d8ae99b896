import { buildFixture, Fixture, gid, waitForGraphIndex } from './support/graph-fixture';
import { APP_DB, startReplicatedCluster, type ReplicatedCluster } from './support/replication';
import { startServer, type ServerProcess } from './support/server-process';
import { postGraphQL, type TestDatabase } from './support/test-app';

/**
 * The graph index built from a hot standby (DATABASE_READ_URLS), on real streaming replication:
 * a primary and a standby from Debian's binaries (test/support/replication.ts). The feed
 * position comes from the primary, and the standby's snapshot starts only once it has replayed
 * what the primary had committed when the build began (docs/graph-queries.md, "Build").
 */
jest.setTimeout(180_000);

const REACH = `query($o: ID!) {
  partnersOfPartners(organisation: $o, maxDepth: 4, first: 100) {
    engine edges { node { distance organisation { id } } }
  }
}`;

interface ReachData {
  partnersOfPartners: {
    engine: string;
    edges: { node: { distance: number; organisation: { id: string } } }[];
  };
}

/** A Prometheus sample of /metrics by its full name with labels (0 when absent). */
async function metric(server: ServerProcess, sample: string): Promise<number> {
  const text = await (await fetch(`${server.baseUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(sample + ' '));
  return line ? Number(line.slice(sample.length + 1)) : 0;
}
const REPLICA_BUILDS = 'kuntaverkko_graph_index_builds_total{source="replica"}';
const PRIMARY_BUILDS = 'kuntaverkko_graph_index_builds_total{source="primary"}';

/** Polls until `check` holds (replication, the feed and builds are asynchronous), failing after 60 s. */
async function eventually(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`never: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('graph index built from a hot standby', () => {
  let cluster: ReplicatedCluster;
  let server: ServerProcess;
  let primary: TestDatabase;
  let fx: Fixture;
  const names = ['n0', 'n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'n7'];

  beforeAll(async () => {
    cluster = await startReplicatedCluster();
    primary = {
      name: APP_DB,
      url: cluster.primaryUrl,
      sql: (text, params) => cluster.sql('primary', text, params),
      drop: () => Promise.resolve(),
    };
    server = await startServer({
      DATABASE_URL: cluster.primaryUrl,
      // Its own primary, never the suite-wide direct URL of a pooled run.
      DATABASE_LISTEN_URL: cluster.primaryUrl,
      DATABASE_READ_URLS: cluster.standbyUrl,
      // A standby paused for a moment stays in the rotation, so a build waits for it.
      DATABASE_READ_MAX_LAG_MS: '60000',
      SEED_ON_START: 'false',
      RATE_LIMIT_POINTS: '0',
      GRAPH_ENGINE: 'index',
      // No checksum repair: a change a build missed would stay missing.
      GRAPH_CHECK_SECONDS: '0',
    });
    // Four separate pairs: n0–n1, n2–n3, n4–n5, n6–n7. The tests join them one by one.
    fx = await buildFixture(primary, {
      organisations: names,
      projects: {
        p0: { members: ['n0', 'n1'] },
        p1: { members: ['n2', 'n3'] },
        p2: { members: ['n4', 'n5'] },
        p3: { members: ['n6', 'n7'] },
      },
    });
    await waitForGraphIndex(primary, server.baseUrl, 60_000);
    await cluster.caughtUp();
    await eventually('the standby is in the read rotation', async () => {
      const body = (await (await fetch(`${server.baseUrl}/health/ready`)).json()) as {
        details: { replicas: { inRotation: number } };
      };
      return body.details.replicas.inRotation === 1;
    });
  }, 300_000);

  afterAll(async () => {
    await server?.stop();
    await cluster?.stop();
  });

  /** Organisation name → distance from n0, as the index answers. */
  async function reachOfN0(): Promise<Record<string, number>> {
    const res = await postGraphQL<ReachData>(server.baseUrl, REACH, {
      o: gid('Municipality', fx.org.n0),
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.partnersOfPartners.engine).toBe('INDEX');
    const byId = new Map(
      Object.entries(fx.org).map(([name, id]) => [gid('Municipality', id), name]),
    );
    return Object.fromEntries(
      res.data!.partnersOfPartners.edges.map((e) => [
        byId.get(e.node.organisation.id)!,
        e.node.distance,
      ]),
    );
  }

  /** Scans of participation on one server (sequential and index), as its statistics count them. */
  async function participationScans(on: 'primary' | 'standby'): Promise<number> {
    const [row] = await cluster.sql<{ n: string }>(
      on,
      `SELECT (seq_scan + coalesce(idx_scan, 0))::text AS n FROM pg_stat_user_tables WHERE relname = 'participation'`,
    );
    return Number(row.n);
  }

  /** Ends the change listener's connection: the server reconnects and builds its index again. */
  async function dropListener(): Promise<void> {
    const rows = await cluster.sql<{ pid: number }>(
      'primary',
      `SELECT pid FROM pg_stat_activity WHERE application_name = 'kuntaverkko-listen' AND datname = current_database()`,
    );
    expect(rows).toHaveLength(1);
    await cluster.sql('primary', 'SELECT pg_terminate_backend($1)', [rows[0].pid]);
  }

  const join = (project: string, organisation: string) =>
    cluster.sql(
      'primary',
      `INSERT INTO participation (project_id, organisation_id, role, source_key) VALUES ($1, $2, 'PARTNER', 'fixture')`,
      [fx.project[project], fx.org[organisation]],
    );

  it('reads a full build on the standby: its scans of the link tables rise, the primary’s do not', async () => {
    expect(await reachOfN0()).toEqual({ n1: 1 });
    const builds = await metric(server, REPLICA_BUILDS);
    const onPrimary = await metric(server, PRIMARY_BUILDS);
    const primaryScans = await participationScans('primary');
    const standbyScans = await participationScans('standby');

    await dropListener();
    await eventually(
      'a build from the standby',
      async () => (await metric(server, REPLICA_BUILDS)) > builds,
    );
    expect(await metric(server, PRIMARY_BUILDS)).toBe(onPrimary);
    // The standby's statistics are flushed when the build's connection ends.
    await eventually(
      'the standby counted the build’s scan of participation',
      async () => (await participationScans('standby')) > standbyScans,
    );
    expect(await participationScans('primary')).toBe(primaryScans);
    expect(await reachOfN0()).toEqual({ n1: 1 });
  });

  it('misses no change: one applied before a build while the standby lagged, one during it, one after', async () => {
    await cluster.sql('standby', 'SELECT pg_wal_replay_pause()');
    let paused = true;
    try {
      // Before: the index applies it at once (a change's lists are read on the primary), but
      // the paused standby has not replayed it.
      await join('p0', 'n2');
      await eventually('the change applied', async () => (await reachOfN0()).n2 === 1);

      const builds = await metric(server, REPLICA_BUILDS);
      const waits = () => server.output().split('waits for the standby').length;
      const waitedBefore = waits();
      await dropListener();
      await eventually('the build waits for the standby', () =>
        Promise.resolve(waits() > waitedBefore),
      );
      // During: the build has not read yet; the change's message is applied after it.
      await join('p1', 'n4');
      await cluster.sql('standby', 'SELECT pg_wal_replay_resume()');
      paused = false;
      await eventually(
        'a build from the standby',
        async () => (await metric(server, REPLICA_BUILDS)) > builds,
      );
      // The change made before the build is in it, though the standby lagged when it began.
      expect(await reachOfN0()).toMatchObject({ n1: 1, n2: 1, n3: 2 });
    } finally {
      if (paused) await cluster.sql('standby', 'SELECT pg_wal_replay_resume()');
    }
    // After.
    await join('p2', 'n6');
    await eventually('every change applied', async () => {
      const reach = await reachOfN0();
      return reach.n4 === 2 && reach.n6 === 3;
    });
    expect(await reachOfN0()).toEqual({ n1: 1, n2: 1, n3: 2, n4: 2, n5: 3, n6: 3, n7: 4 });
  });
});
