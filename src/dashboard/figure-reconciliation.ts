import { MAX_DASHBOARD_LIST } from './dto/dashboard.args';
import { LoaderRegistry } from '../common/loader-registry';
import { ALL_PROGRAMMES, DashboardService, type FigureEngine } from './dashboard.service';

/** A figure whose kept value is not the live one. */
export interface FigureDifference {
  /** Programme id, or 0 for every programme. */
  scope: number;
  /** Dotted path of the figure, e.g. `projects.byRegion[2].count`. */
  figure: string;
  kept: unknown;
  live: unknown;
}

export interface ReconciliationReport {
  scopes: number;
  /** Figures compared (leaves of every group of every scope). */
  figures: number;
  differences: FigureDifference[];
}

export interface ReconciliationOptions {
  /** Dates the compliance figures are judged on (default: today UTC). */
  asOf?: string[];
  /** Similarity thresholds of the pair and compliance figures (default 0.3). */
  thresholds?: number[];
}

/**
 * Recomputes every figure group of every scope (every programme, and each
 * programme) from the tables and compares it, figure by figure, with the
 * figure read from the counters kept at write time. They must be equal.
 */
export async function reconcileFigures(
  service: DashboardService,
  programmeIds: number[],
  options: ReconciliationOptions = {},
): Promise<ReconciliationReport> {
  const scopes = [ALL_PROGRAMMES, ...programmeIds];
  const asOf = options.asOf ?? [new Date().toISOString().slice(0, 10)];
  const thresholds = options.thresholds ?? [0.3];
  const all = (engine: FigureEngine) => {
    // One request's worth of loaders: each statement runs once for every scope.
    const ctx = { loaders: new LoaderRegistry() };
    return Promise.all(
      scopes.map(async (scope) => ({
        applications: await service.applications(ctx, scope, engine),
        projects: await service.projects(ctx, scope, engine),
        participation: await service.participation(ctx, scope, engine),
        grants: await service.grants(ctx, scope, engine),
        cooperation: await Promise.all(
          thresholds.map((t) => service.cooperation(ctx, scope, t, engine)),
        ),
        compliance: await Promise.all(
          thresholds.flatMap((t) => asOf.map((d) => service.compliance(ctx, scope, t, d, engine))),
        ),
        equity: await service.equity(ctx, scope, engine),
        reuse: await service.reuse(ctx, scope, MAX_DASHBOARD_LIST, engine),
      })),
    );
  };
  const kept = await all('kept');
  const live = await all('live');
  const differences: FigureDifference[] = [];
  let figures = 0;
  const walk = (scope: number, path: string, a: unknown, b: unknown) => {
    if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
      const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
      if (Array.isArray(a) && Array.isArray(b) && a.length !== b.length)
        differences.push({ scope, figure: `${path}.length`, kept: a.length, live: b.length });
      for (const k of keys) {
        const sub = Array.isArray(a) ? `${path}[${k}]` : path ? `${path}.${k}` : k;
        walk(scope, sub, (a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]);
      }
      return;
    }
    figures++;
    if (!Object.is(a, b)) differences.push({ scope, figure: path, kept: a, live: b });
  };
  scopes.forEach((scope, i) => walk(scope, '', kept[i], live[i]));
  return { scopes: scopes.length, figures, differences };
}
