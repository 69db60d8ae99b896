/**
 * npm run dashboard:verify [-- --as-of YYYY-MM-DD,... --threshold 0.3,... --repair --json]
 *
 * Recomputes every dashboard figure from the tables (the live SQL, the
 * reference) and compares it with the figure kept at write time, for every
 * programme together and each programme. Exit code 0 when all are equal, 1
 * with the differences listed otherwise. --repair then rebuilds the kept
 * figures from the tables (dashboard_rebuild()) and compares again. --json
 * prints the report as one JSON line instead.
 * Without DATABASE_URL it opens the embedded PostgreSQL under DATA_DIR; pending
 * migrations are applied first, as by every database command.
 */
import 'reflect-metadata';
import { DashboardService } from '../src/dashboard/dashboard.service';
import { DashboardRepository } from '../src/dashboard/dashboard.repository';
import { reconcileFigures } from '../src/dashboard/figure-reconciliation';
import { runCli, withAppDatabase } from './cli-database';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

function main(): Promise<number> {
  return withAppDatabase(async (ds) => {
    const repository = new DashboardRepository(ds);
    const service = new DashboardService(repository);
    const programmes = await repository.programmeIds();
    const asOf = option('as-of')?.split(',');
    const thresholds = option('threshold')?.split(',').map(Number);
    const run = async () => {
      const started = performance.now();
      const report = await reconcileFigures(service, programmes, { asOf, thresholds });
      const ms = Math.round(performance.now() - started);
      if (process.argv.includes('--json')) {
        console.log(JSON.stringify({ ...report, ms }));
        return report.differences.length;
      }
      console.log(
        `${report.figures} figures of ${report.scopes} scopes compared in ${ms} ms: ` +
          (report.differences.length
            ? `${report.differences.length} differ`
            : 'kept and live are equal'),
      );
      for (const d of report.differences.slice(0, 50))
        console.log(
          `  scope ${d.scope} ${d.figure}: kept ${String(d.kept)}, live ${String(d.live)}`,
        );
      return report.differences.length;
    };
    if ((await run()) === 0) return 0;
    if (!process.argv.includes('--repair')) return 1;
    console.log('rebuilding the kept figures from the tables');
    await repository.rebuild();
    return (await run()) === 0 ? 0 : 1;
  });
}

runCli(main);
