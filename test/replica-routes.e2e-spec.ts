import { parse } from 'csv-parse/sync';
import { toGlobalId } from '../src/common/global-id';
import { startServer, type ServerProcess } from './support/server-process';
import { startReplicatedCluster, type ReplicatedCluster } from './support/replication';

/**
 * Which routes a hot standby answers, on real streaming replication (test/support/replication.ts):
 * the CSV exports read only replica-declared statements (docs/scaling.md, "Where reads go").
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

describe('exports on a hot standby', () => {
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
