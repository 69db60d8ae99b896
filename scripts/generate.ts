/**
 * Builds a database with a synthetic collaboration network for benchmarks:
 *
 *   npm run generate -- --organisations N --projects M --seed S [--commitments C] [--database NAME]
 *
 * The target (default kuntaverkko_synthetic) is dropped and re-created on the server of
 * DATABASE_URL, or without it on the embedded PostgreSQL under DATA_DIR; it gets the
 * migrations and the real dataset, then the synthetic rows (all marked synthetic, with
 * source "synthetic-generator"). The application database "kuntaverkko" is refused.
 * The network's shape is described in src/seed/synthetic/network.ts.
 */
import 'reflect-metadata';
import { Client } from 'pg';
import { loadConfig } from '../src/config/app-config';
import {
  dropDatabase,
  ensureDatabase,
  openDatabaseServer,
  withDatabase,
} from '../src/database/database-server';
import { prepareDatabase } from '../src/database/prepare-database';
import { GenerateOptions, parseGenerateArgs, UsageError } from '../src/seed/synthetic/cli-options';
import {
  countRows,
  LOAD_CONNECTIONS,
  loadNetwork,
  readIdBases,
  readRegionProfiles,
  vacuumAnalyze,
} from '../src/seed/synthetic/load';
import { generateNetwork } from '../src/seed/synthetic/network';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function timed<T>(work: () => Promise<T> | T): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

async function generate(options: GenerateOptions): Promise<void> {
  const config = loadConfig();
  const server = await openDatabaseServer({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
  });
  try {
    const url = withDatabase(server.url, options.database);
    const [, prepareMs] = await timed(async () => {
      await dropDatabase(server.url, options.database);
      await ensureDatabase(server.url, options.database);
      await prepareDatabase(url, { seed: true });
    });
    console.log(
      `${options.database}: re-created with migrations and the real dataset in ${seconds(prepareMs)}`,
    );

    const clients = Array.from(
      { length: LOAD_CONNECTIONS },
      () => new Client({ connectionString: url, application_name: 'kuntaverkko-generate' }),
    );
    for (const client of clients) client.on('error', () => undefined); // reported by the query
    await Promise.all(clients.map((c) => c.connect()));
    const [main] = clients;
    try {
      const regions = await readRegionProfiles(main);
      const bases = await readIdBases(main);
      const [network, generationMs] = await timed(() =>
        generateNetwork({
          seed: options.seed,
          organisations: options.organisations,
          projects: options.projects,
          commitments: options.commitments,
          regions,
        }),
      );
      console.log(`generated the network in ${seconds(generationMs)}`);
      const [report, copyMs] = await timed(() =>
        loadNetwork(clients, network, bases, (line) => console.log(`  ${line}`)),
      );
      const [, analyzeMs] = await timed(() => vacuumAnalyze(clients));
      const totals = await countRows(main);

      console.log(`\nsynthetic network in ${options.database} (seed ${options.seed})`);
      console.log('  table                     added      in total');
      for (const [table, total] of Object.entries(totals)) {
        const added = report.rows[table] ?? (table === 'source' ? 1 : 0);
        console.log(
          `  ${table.padEnd(24)}${String(added).padStart(8)}${String(total).padStart(14)}`,
        );
      }
      console.log(
        `  timings: prepare ${seconds(prepareMs)}, generation ${seconds(generationMs)}, ` +
          `COPY ${seconds(copyMs)}, VACUUM ANALYZE ${seconds(analyzeMs)}, ` +
          `synthetic total ${seconds(generationMs + copyMs + analyzeMs)}`,
      );
      console.log(
        `  payload: ${(report.payloadBytes / 1048576).toFixed(1)} MiB, digest ${report.payloadDigest}`,
      );
    } catch (e) {
      // Parts of the load may have committed: a half-filled database must not pass for a benchmark.
      await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
      await dropDatabase(server.url, options.database).catch(() => undefined);
      console.error(`the load failed; dropped ${options.database}`);
      throw e;
    }
    await Promise.all(clients.map((c) => c.end()));
  } finally {
    await server.stop();
  }
}

async function main(): Promise<number> {
  let options: GenerateOptions;
  try {
    options = parseGenerateArgs(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(e.message);
    return 2;
  }
  await generate(options);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
