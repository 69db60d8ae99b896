/**
 * Loads a synthetic network into a migrated, seeded database with COPY FROM STDIN.
 * Everything goes in one transaction (a failed load leaves nothing behind); every
 * constraint and index the migrations made stays in place and is checked row by row.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { LANGUAGE_STATUSES, RegionProfile, SyntheticNetwork } from './network';
import { copyTables, IdBases, sourceRow } from './rows';

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

export interface LoadReport {
  /** Rows per table, in load order. */
  rows: Record<string, number>;
  /** Milliseconds per COPY, in load order. */
  copyMs: Record<string, number>;
  /** sha256 of every COPY payload in order: equal for the same seed, sizes and id bases. */
  payloadSha256: string;
  payloadBytes: number;
}

/**
 * Loads the network in one transaction: the source row, one COPY per table in
 * foreign-key order, then the sequences moved past the new ids.
 */
export async function loadNetwork(
  client: Client,
  net: SyntheticNetwork,
  bases: IdBases,
  log: (line: string) => void = () => undefined,
): Promise<LoadReport> {
  const hash = createHash('sha256');
  let payloadBytes = 0;
  const report: LoadReport = { rows: {}, copyMs: {}, payloadSha256: '', payloadBytes: 0 };
  await client.query('BEGIN');
  try {
    // A long COPY must not be cut by a default timeout of the role or database.
    await client.query(`SET LOCAL statement_timeout = 0`);
    // Larger pending lists let the title search index (GIN) take rows in bigger batches.
    await client.query(`SET LOCAL gin_pending_list_limit = '64MB'`);
    await client.query(`SET LOCAL work_mem = '64MB'`);
    const source = sourceRow(net);
    await client.query(`INSERT INTO source (key, title, publisher, note) VALUES ($1, $2, $3, $4)`, [
      source.key,
      source.title,
      source.publisher,
      source.note,
    ]);
    for (const table of copyTables(net, bases)) {
      const started = performance.now();
      const columns = table.columns.map((c) => client.escapeIdentifier(c)).join(', ');
      const copy = client.query(
        copyFrom(`COPY ${client.escapeIdentifier(table.table)} (${columns}) FROM STDIN`),
      );
      hash.update(`\0${table.table}\0`);
      const chunks = function* () {
        for (const chunk of table.chunks()) {
          hash.update(chunk);
          payloadBytes += Buffer.byteLength(chunk);
          yield chunk;
        }
      };
      await pipeline(Readable.from(chunks(), { objectMode: false }), copy);
      if (copy.rowCount !== table.rows)
        throw new Error(`COPY ${table.table}: ${copy.rowCount} rows loaded, ${table.rows} sent`);
      report.rows[table.table] = table.rows;
      report.copyMs[table.table] = performance.now() - started;
      log(
        `COPY ${table.table}: ${table.rows} rows in ${Math.round(report.copyMs[table.table])} ms`,
      );
    }
    for (const table of Object.values(SERIAL_TABLES)) {
      // is_called = false: the next nextval() returns max + 1 (1 for an empty table).
      await client.query(
        `SELECT setval(pg_get_serial_sequence($1, 'id'), coalesce(max(id), 0) + 1, false)
         FROM ${client.escapeIdentifier(table)}`,
        [table],
      );
    }
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
  report.payloadSha256 = hash.digest('hex');
  report.payloadBytes = payloadBytes;
  return report;
}

/**
 * VACUUM (ANALYZE) of the loaded tables: fresh statistics for the planner, and the
 * visibility map, hint bits and GIN pending list settled now rather than during the
 * first benchmark run.
 */
export async function vacuumAnalyze(client: Client): Promise<void> {
  await client.query(`SET statement_timeout = 0`);
  await client.query(
    `VACUUM (ANALYZE) source, topic, programme, organisation, project, participation,
       project_topic, cooperation_commitment, reuse_link`,
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
