import { parse } from 'csv-parse/sync';
import { toGlobalId } from '../src/common/global-id';
import { startServer, type ServerProcess } from './support/server-process';
import { startReplicatedCluster, type ReplicatedCluster } from './support/replication';

/**
 * Which routes a hot standby answers, on real streaming replication (test/support/replication.ts):
 * the CSV exports, the dashboard's kept figures and the graph questions read only
 * replica-declared statements (docs/scaling.md, "Where reads go").
 */
jest.setTimeout(120_000);

const PROGRAMME = 'vm-digi-joint-2019';

/** A Prometheus sample of /metrics by its full name with labels (0 when absent). */
async function metric(server: ServerProcess, sample: string): Promise<number> {
  const text = await (await fetch(`${server.baseUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(sample + ' '));
  return line ? Number(line.slice(sample.length + 1)) : 0;
}
const REPLICA_READS = 'kuntaverkko_db_reads_total{target="replica",reason=""}';
/** Every statement the server sent to the primary through its pool. */
const PRIMARY_STATEMENTS = 'kuntaverkko_sql_statements_total';

/** Polls until `check` holds (replication and probes are asynchronous), failing after 30 s. */
async function eventually(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`never: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('exports, dashboard figures and graph questions on a hot standby', () => {
  let cluster: ReplicatedCluster;
  let server: ServerProcess;
  let commitmentId: number;
  let projectId: number;

  beforeAll(async () => {
    cluster = await startReplicatedCluster();
    server = await startServer({
      DATABASE_URL: cluster.primaryUrl,
      // Its own primary, never the suite-wide direct URL of a pooled run.
      DATABASE_LISTEN_URL: cluster.primaryUrl,
      DATABASE_READ_URLS: cluster.standbyUrl,
      // A paused standby stays in the rotation, so that what it answers shows where reads went.
      DATABASE_READ_MAX_LAG_MS: '600000',
      SEED_ON_START: 'true',
      RATE_LIMIT_POINTS: '0',
      GRAPH_ENGINE: 'sql',
    });
    const [a, b] = await cluster.sql<{ id: number }>(
      'primary',
      `SELECT p.id FROM project p JOIN programme pr ON pr.id = p.programme_id
        WHERE pr.code = $1 ORDER BY p.id LIMIT 2`,
      [PROGRAMME],
    );
    projectId = a.id;
    [{ id: commitmentId }] = await cluster.sql<{ id: number }>(
      'primary',
      `INSERT INTO cooperation_commitment (project_a_id, project_b_id, kind, status, provenance, note)
       VALUES ($1, $2, 'KNOWLEDGE_SHARING', 'ACTIVE', 'DECLARED', 'before') RETURNING id`,
      [a.id, b.id],
    );
    await cluster.caughtUp();
    await eventually('the standby is in the rotation', async () => {
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

  async function csv(path: string): Promise<Record<string, string>[]> {
    const res = await fetch(`${server.baseUrl}${path}`);
    expect(res.status).toBe(200);
    // fetch's text() drops the byte order mark.
    const rows: string[][] = parse(await res.text());
    return rows.slice(1).map((r) => Object.fromEntries(rows[0].map((h, i) => [h, r[i]])));
  }

  it.each(['projects', 'participants', 'commitments'])(
    '%s.csv sends every statement to the standby, none to the primary',
    async (name) => {
      const primaryBefore = await metric(server, PRIMARY_STATEMENTS);
      const replicaBefore = await metric(server, REPLICA_READS);
      const rows = await csv(`/export/${name}.csv?programme=${PROGRAMME}`);
      expect(rows.length).toBeGreaterThan(0);
      // The list page and its count at least, then the nested columns' loaders.
      expect((await metric(server, REPLICA_READS)) - replicaBefore).toBeGreaterThanOrEqual(3);
      expect(await metric(server, PRIMARY_STATEMENTS)).toBe(primaryBefore);
    },
  );

  async function graphql(query: string, variables: Record<string, unknown> = {}) {
    const res = await fetch(`${server.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    return body.data!;
  }

  it.each([
    [
      'the dashboard of every programme, every figure group',
      `{ dashboard { applications { projectsGranted } projects { total byTopic { key count } }
         participation { participations } grants { known } cooperation { similarPairs commitments }
         compliance(asOf: "2024-01-01") { outOfCompliance } equity { total { reached } }
         reuse { links } } }`,
      {},
    ],
    [
      "a programme's dashboard",
      `query($p: String) { dashboard(programme: $p) { projects { total } cooperation { coverage } } }`,
      { p: PROGRAMME },
    ],
    [
      "the programme's network",
      `query($p: String) { network(programme: $p, maxNodes: 500) { componentCount complete
         nodes { degree organisation { nameFi } } edgeEnds } }`,
      { p: PROGRAMME },
    ],
    [
      "a project's similar projects and prior work",
      `query($id: ID!) { similarProjects(project: $id, first: 5) { score committed project { titleFi } }
         priorWork(project: $id, first: 5) { complete } }`,
      'project',
    ],
  ])('%s: every statement to the standby, none to the primary', async (_, query, variables) => {
    const vars =
      variables === 'project' ? { id: toGlobalId('Project', projectId) } : (variables as object);
    const primaryBefore = await metric(server, PRIMARY_STATEMENTS);
    const replicaBefore = await metric(server, REPLICA_READS);
    const data = await graphql(query, vars as Record<string, unknown>);
    expect(Object.values(data)[0]).not.toBeNull();
    expect((await metric(server, REPLICA_READS)) - replicaBefore).toBeGreaterThanOrEqual(1);
    expect(await metric(server, PRIMARY_STATEMENTS)).toBe(primaryBefore);
  });

  it('an export shows what the standby has replayed: a change on the primary appears once the standby replays it', async () => {
    const exported = async () => {
      const commitments = await csv(`/export/commitments.csv?programme=${PROGRAMME}`);
      const projects = await csv(`/export/projects.csv?programme=${PROGRAMME}`);
      return {
        note: commitments.find((r) => r.id === toGlobalId('CooperationCommitment', commitmentId))
          ?.note,
        title: projects.find((r) => r.id === toGlobalId('Project', projectId))?.title_sv,
      };
    };
    const before = await exported();
    expect(before.note).toBe('before');
    await cluster.sql('standby', 'SELECT pg_wal_replay_pause()');
    try {
      await cluster.sql(
        'primary',
        `UPDATE cooperation_commitment SET note = 'after' WHERE id = $1`,
        [commitmentId],
      );
      await cluster.sql('primary', `UPDATE project SET title_sv = 'Ett nytt namn' WHERE id = $1`, [
        projectId,
      ]);
      // The primary has both changes; the paused standby has neither, and the exports say so.
      const [onPrimary] = await cluster.sql<{ note: string }>(
        'primary',
        'SELECT note FROM cooperation_commitment WHERE id = $1',
        [commitmentId],
      );
      expect(onPrimary.note).toBe('after');
      expect(await exported()).toEqual(before);
    } finally {
      await cluster.sql('standby', 'SELECT pg_wal_replay_resume()');
    }
    await cluster.caughtUp();
    expect(await exported()).toEqual({ note: 'after', title: 'Ett nytt namn' });
  });
});
