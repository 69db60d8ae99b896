/**
 * Loads a synthetic network into a migrated, seeded database with COPY FROM STDIN,
 * streaming the rows as they are formatted. Every constraint, trigger and index the
 * migrations made stays in place and checks each row; the large tables are split over
 * two connections so that two PostgreSQL backends do that work.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { LANGUAGE_STATUSES, RegionProfile, SyntheticNetwork } from './network';
import { CopyTable, copyTables, IdBases, sourceRow } from './rows';

/** Tables whose `id` serial continues after the synthetic rows. */
const SERIAL_TABLES: Record<keyof IdBases, string> = {
  organisation: 'organisation',
  programme: 'programme',
  topic: 'topic',
  project: 'project',
  cooperationCommitment: 'cooperation_commitment',
  reuseLink: 'reuse_link',
};

/** Every region of table region, with its real municipalities counted per language status. */
export async function readRegionProfiles(client: Client): Promise<RegionProfile[]> {
  const { rows } = await client.query<{ code: string; language: string | null; n: number }>(
    `SELECT r.code, o.language_status AS language, count(o.id)::int AS n
     FROM region r
     LEFT JOIN organisation o ON o.region_code = r.code AND o.kind = 'MUNICIPALITY' AND NOT o.synthetic
     GROUP BY r.code, o.language_status
     ORDER BY r.code, o.language_status`,
  );
  const byCode = new Map<string, [number, number, number, number]>();
  for (const row of rows) {
    const counts = byCode.get(row.code) ?? [0, 0, 0, 0];
    byCode.set(row.code, counts);
    const index = LANGUAGE_STATUSES.indexOf(row.language as (typeof LANGUAGE_STATUSES)[number]);
    if (index >= 0) counts[index] += row.n;
  }
  return [...byCode].map(([code, languages]) => ({ code, languages }));
}

export async function readIdBases(client: Client): Promise<IdBases> {
  const bases: Partial<IdBases> = {};
  for (const [key, table] of Object.entries(SERIAL_TABLES) as [keyof IdBases, string][]) {
    const { rows } = await client.query<{ max: number }>(
      `SELECT coalesce(max(id), 0)::int AS max FROM ${client.escapeIdentifier(table)}`,
    );
    bases[key] = rows[0].max;
  }
  return bases as IdBases;
}

/** Connections that load in parallel: the PostgreSQL backend is the bottleneck, one core each. */
export const LOAD_CONNECTIONS = 2;

export interface LoadReport {
  /** Rows per table, in load order. */
  rows: Record<string, number>;
  /** Milliseconds per table (the slowest connection's part), in load order. */
  copyMs: Record<string, number>;
  /**
   * sha256 over the sha256 of every COPY payload part, in table and part order: equal
   * for the same seed, sizes and id bases.
   */
  payloadDigest: string;
  payloadBytes: number;
}

/**
 * Loads the network through `clients` (LOAD_CONNECTIONS of them; the first also does
 * the serial steps), every table in foreign-key order:
 * 1. the source row, topics and programmes in one transaction;
 * 2. organisations, one range per connection;
 * 3. projects with their participations and topics, cut into one range of projects per
 *    connection: a range only refers to its own projects (visible inside its own
 *    transaction) and to the committed organisations and topics;
 * 4. commitments and reuse links, which refer to projects of any range, likewise cut;
 * 5. the sequences moved past the new ids;
 * 6. the dashboard's kept figures rebuilt from the tables (the loads skip their triggers).
 * Each connection's part is one transaction, so a failure can leave earlier steps
 * committed: the caller then drops the database (it was made for this run).
 */
export async function loadNetwork(
  clients: readonly Client[],
  net: SyntheticNetwork,
  bases: IdBases,
  log: (line: string) => void = () => undefined,
): Promise<LoadReport> {
  const tables = new Map(copyTables(net, bases).map((t) => [t.table, t]));
  const table = (name: string) => tables.get(name)!;
  const report: LoadReport = { rows: {}, copyMs: {}, payloadDigest: '', payloadBytes: 0 };
  const digests = new Map<string, string>();
  const [main] = clients;

  const copy = async (client: Client, t: CopyTable, part: number, parts: number) => {
    const from = Math.floor((part * t.units) / parts);
    const to = Math.floor(((part + 1) * t.units) / parts);
    const started = performance.now();
    const hash = createHash('sha256');
    const columns = t.columns.map((c) => client.escapeIdentifier(c)).join(', ');
    const stream = client.query(
      copyFrom(`COPY ${client.escapeIdentifier(t.table)} (${columns}) FROM STDIN`),
    );
    const chunks = function* () {
      for (const chunk of t.chunks(from, to)) {
        hash.update(chunk);
        report.payloadBytes += Buffer.byteLength(chunk);
        yield chunk;
      }
    };
    await pipeline(Readable.from(chunks(), { objectMode: false }), stream);
    const expected = t.rowCount(from, to);
    if (stream.rowCount !== expected)
      throw new Error(`COPY ${t.table}: ${stream.rowCount} rows loaded, ${expected} sent`);
    digests.set(`${t.table}:${part}`, hash.digest('hex'));
    const ms = performance.now() - started;
    report.rows[t.table] = t.rows;
    report.copyMs[t.table] = Math.max(report.copyMs[t.table] ?? 0, ms);
  };
  const copyAll = async (names: string[]) => {
    await parallel(clients, (client, part) =>
      transaction(client, async () => {
        for (const name of names) await copy(client, table(name), part, clients.length);
      }),
    );
    for (const name of names)
      log(`COPY ${name}: ${table(name).rows} rows in ${Math.round(report.copyMs[name])} ms`);
  };

  await transaction(main, async () => {
    const source = sourceRow(net);
    await main.query(`INSERT INTO source (key, title, publisher, note) VALUES ($1, $2, $3, $4)`, [
      source.key,
      source.title,
      source.publisher,
      source.note,
    ]);
    for (const name of ['topic', 'programme']) {
      await copy(main, table(name), 0, 1);
      log(`COPY ${name}: ${table(name).rows} rows in ${Math.round(report.copyMs[name])} ms`);
    }
  });
  await copyAll(['organisation']);
  await copyAll(['project', 'participation', 'project_topic']);
  await copyAll(['cooperation_commitment', 'reuse_link']);
  for (const t of Object.values(SERIAL_TABLES)) {
    // is_called = false: the next nextval() returns max + 1 (1 for an empty table).
    await main.query(
      `SELECT setval(pg_get_serial_sequence($1, 'id'), coalesce(max(id), 0) + 1, false)
       FROM ${main.escapeIdentifier(t)}`,
      [t],
    );
  }
  const rebuilt = performance.now();
  await transaction(main, async () => {
    await main.query(`SELECT dashboard_rebuild()`);
  });
  log(`dashboard figures rebuilt in ${Math.round(performance.now() - rebuilt)} ms`);

  const digest = createHash('sha256');
  for (const name of tables.keys())
    for (let part = 0; digests.has(`${name}:${part}`); part++)
      digest.update(`${name}:${part}:${digests.get(`${name}:${part}`)}\n`);
  report.payloadDigest = digest.digest('hex');
  return report;
}

async function transaction(client: Client, work: () => Promise<void>): Promise<void> {
  await client.query('BEGIN');
  try {
    // A long COPY must not be cut by a default timeout of the role or database.
    await client.query(`SET LOCAL statement_timeout = 0`);
    // A larger pending list lets the title search index (GIN) take rows in bigger batches.
    await client.query(`SET LOCAL gin_pending_list_limit = '64MB'`);
    await client.query(`SET LOCAL work_mem = '64MB'`);
    // The dashboard's kept figures are rebuilt once at the end, not row by row.
    await client.query(`SET LOCAL kuntaverkko.dashboard_bulk = 'on'`);
    await work();
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

/**
 * Runs one task per client at once. When one fails the other connections are closed,
 * which ends their COPY at once instead of letting it run to the end for nothing.
 */
async function parallel(
  clients: readonly Client[],
  task: (client: Client, index: number) => Promise<void>,
): Promise<void> {
  let cause: { error: unknown } | undefined;
  await Promise.allSettled(
    clients.map((client, i) =>
      task(client, i).catch(async (error: unknown) => {
        // The first failure is the cause; later ones come from the closed connections.
        if (cause) return;
        cause = { error };
        await Promise.all(clients.filter((c) => c !== client).map((c) => c.end()));
      }),
    ),
  );
  if (cause) throw cause.error;
}

/**
 * VACUUM (ANALYZE) of the loaded tables: fresh statistics for the planner, and the
 * visibility map, hint bits and GIN pending list settled now rather than during the
 * first benchmark run. The largest table gets a connection of its own.
 */
export async function vacuumAnalyze(clients: readonly Client[]): Promise<void> {
  const groups = [
    ['participation'],
    [
      'project',
      'project_topic',
      'organisation',
      'cooperation_commitment',
      'reuse_link',
      'topic',
      'programme',
      'source',
    ],
  ];
  const parts = clients.length >= groups.length ? groups : [groups.flat()];
  await Promise.all(
    parts.map(async (tables, i) => {
      await clients[i].query(`SET statement_timeout = 0`);
      await clients[i].query(`VACUUM (ANALYZE) ${tables.join(', ')}`);
    }),
  );
}

/** Row counts of every table the generator writes to, real and synthetic rows together. */
export async function countRows(client: Client): Promise<Record<string, number>> {
  const tables = [
    'source',
    'region',
    'topic',
    'programme',
    'organisation',
    'project',
    'participation',
    'project_topic',
    'cooperation_commitment',
    'reuse_link',
  ];
  const { rows } = await client.query<Record<string, number>>(
    `SELECT ${tables.map((t) => `(SELECT count(*)::int FROM ${t}) AS ${t}`).join(', ')}`,
  );
  return rows[0];
}
