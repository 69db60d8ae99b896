import { createDataSource } from './data-source';
import { isDatasetMissing, loadDataset } from '../seed/dataset-loader';

/**
 * Brings a database up to date before the app serves it: runs pending
 * migrations, then loads the dataset if the database has none yet.
 */
export async function prepareDatabase(
  url: string,
  options: { seed: boolean; log?: (line: string) => void },
): Promise<{ migrations: string[]; seeded: boolean }> {
  const log = options.log ?? (() => undefined);
  const ds = createDataSource({
    url,
    poolSize: 2,
    statementTimeoutMs: 120_000,
    applicationName: 'kuntaverkko-migrate',
  });
  await ds.initialize();
  try {
    const applied = await ds.runMigrations({ transaction: 'each' });
    for (const m of applied) log(`applied migration ${m.name}`);
    let seeded = false;
    if (options.seed && (await isDatasetMissing(ds))) {
      const summary = await loadDataset(ds);
      log(`loaded the dataset: ${JSON.stringify(summary)}`);
      seeded = true;
    }
    return { migrations: applied.map((m) => m.name), seeded };
  } finally {
    await ds.destroy();
  }
}
