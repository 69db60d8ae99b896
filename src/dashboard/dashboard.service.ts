import { Inject, Injectable, Optional } from '@nestjs/common';
import { BadInputError } from '../common/errors';
import { groupBy, indexBy, type RequestContext } from '../common/loader-registry';
import { type Statement } from '../common/statements';
import { isCalendarDate } from '../common/text-rules';
import { type AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import {
  ApplicationFigures,
  ComplianceFigures,
  CooperationFigures,
  Dashboard,
  EquityBucket,
  EquityFigures,
  FigureCount,
  GrantFigures,
  ParticipantBucket,
  ParticipationFigures,
  ProjectFigures,
  ReuseFigures,
} from './dashboard.models';
import { DashboardRepository } from './dashboard.repository';
import { MAX_PAIR_CANDIDATES, MAX_PAIR_PROJECTS, PAIR_SCORE_FLOOR } from './dashboard-limits';
import { POPULATION_CLASSES, type ScopeShape } from './sql/dashboard.sql';
import {
  DASHBOARD_SQL as S,
  shapeName,
  type ApplicationsRow,
  type ComplianceRow,
  type DimRow,
  type EquityRow,
  type GrantsRow,
  type ParticipantBucketRow,
  type ParticipationRow,
  type ReuseRow,
  type ScopedRow,
} from './sql/dashboard.statements';

/**
 * Where a figure group is read from: the counters kept at write time, or the
 * tables (the reference; docs/dashboard.md, "Maintained figures").
 */
export type FigureEngine = 'kept' | 'live';

/** A figure group's statement in both engines: live per scope shape, and kept. */
interface Figure<Row extends ScopedRow, Params extends readonly unknown[]> {
  name: string;
  live: (shape: ScopeShape) => Statement<Row, Params>;
  kept: Statement<Row, Params>;
}

type ScopesOnly = [scopes: number[]];

const APPLICATIONS: Figure<ApplicationsRow, ScopesOnly> = {
  name: 'applications',
  live: () => S.applications,
  kept: S.applicationsKept,
};
const PROJECT_COUNTS: Figure<DimRow, ScopesOnly> = {
  name: 'projectCounts',
  live: (shape) => S[`projectCounts${shapeName(shape)}`],
  kept: S.projectCountsKept,
};
const PARTICIPATION: Figure<ParticipationRow, ScopesOnly> = {
  name: 'participation',
  live: (shape) => S[`participation${shapeName(shape)}`],
  kept: S.participationKept,
};
const PARTICIPANT_DISTRIBUTION: Figure<ParticipantBucketRow, ScopesOnly> = {
  name: 'participantDistribution',
  live: (shape) => S[`participantDistribution${shapeName(shape)}`],
  kept: S.participantDistributionKept,
};
const GRANTS: Figure<GrantsRow, ScopesOnly> = {
  name: 'grants',
  live: (shape) => S[`grants${shapeName(shape)}`],
  kept: S.grantsKept,
};
const COMMITMENT_COUNTS: Figure<DimRow, ScopesOnly> = {
  name: 'commitmentCounts',
  live: (shape) => S[`commitmentCounts${shapeName(shape)}`],
  kept: S.commitmentCountsKept,
};
const EQUITY: Figure<EquityRow, ScopesOnly> = {
  name: 'equity',
  live: (shape) => S[`equity${shapeName(shape)}`],
  kept: S.equityKept,
};
const REUSE: Figure<ReuseRow, [scopes: number[], first: number]> = {
  name: 'reuse',
  live: (shape) => S[`reuse${shapeName(shape)}`],
  kept: S.reuseKept,
};
const COMPLIANCE: Figure<ComplianceRow, [scopes: number[], asOf: string, gapIds: number[]]> = {
  name: 'compliance',
  live: (shape) => S[`compliance${shapeName(shape)}`],
  kept: S.complianceKept,
};

/** The scope key of "every programme" (programme ids start at 1). */
export const ALL_PROGRAMMES = 0;

interface PairFigures {
  programmesNotComputed: number;
  similarPairs: number;
  committedPairs: number;
  gapProjectIds: number[];
}

// The one calendar-date check of the API (no 2022-02-30, no year 0).
const isoDate = isCalendarDate;

function counts(rows: DimRow[], dim: string): FigureCount[] {
  return rows
    .filter((r) => r.dim === dim)
    .map((r) => Object.assign(new FigureCount(), { key: r.key, name: r.name, count: r.count }))
    .sort((a, b) => b.count - a.count || (a.key ?? '').localeCompare(b.key ?? ''));
}

/** Population classes smallest first, then the unknown (null) class. */
const classRank = (key: string | null) => {
  const i = POPULATION_CLASSES.findIndex((c) => c.key === key);
  return i < 0 ? POPULATION_CLASSES.length : i;
};

const single = (rows: DimRow[], dim: string) => rows.find((r) => r.dim === dim)?.count ?? 0;

@Injectable()
export class DashboardService {
  /** The engine requests are answered from (DASHBOARD_FIGURES). */
  readonly engine: FigureEngine;

  constructor(
    private readonly repository: DashboardRepository,
    @Optional() @Inject(APP_CONFIG) config?: AppConfig,
  ) {
    this.engine = config?.DASHBOARD_FIGURES ?? 'kept';
  }

  /** The dashboard of a programme (by code), or of every programme. */
  async dashboard(programme: string | null | undefined): Promise<Dashboard> {
    if (programme === null || programme === undefined) {
      return Object.assign(new Dashboard(), { scope: ALL_PROGRAMMES });
    }
    const found = await this.repository.requireProgramme(programme);
    return Object.assign(new Dashboard(), { scope: found.id });
  }

  /** One dashboard per programme in scope, by programme code. */
  async byProgramme(scope: number, first: number): Promise<Dashboard[]> {
    const ids = await this.repository.programmesInScope(scope, first);
    return ids.map((id) => Object.assign(new Dashboard(), { scope: id }));
  }

  /**
   * Runs a figure statement once for every scope the request asks about
   * (the per-request loader batches them) and returns this scope's rows.
   * `params` follow the scopes ($2, …).
   */
  private rows<R extends ScopedRow, P extends readonly unknown[]>(
    ctx: RequestContext,
    scope: number,
    figure: Figure<R, [number[], ...P]>,
    engine: FigureEngine,
    ...params: P
  ): Promise<R[]> {
    return ctx.loaders
      .get<number, R[]>(
        `dashboard:${figure.name}:${engine}:${JSON.stringify(params)}`,
        async (scopes) => {
          const live = engine === 'live';
          const shape = {
            all: scopes.includes(ALL_PROGRAMMES),
            programmes: scopes.some((k) => k !== ALL_PROGRAMMES),
          };
          const statement = live ? figure.live(shape) : figure.kept;
          const rows = await this.repository.figureRows(statement, [[...scopes], ...params], live);
          return groupBy(scopes, rows, (r) => r.k);
        },
      )
      .load(scope);
  }

  async applications(
    ctx: RequestContext,
    scope: number,
    engine = this.engine,
  ): Promise<ApplicationFigures> {
    const [r] = await this.rows(ctx, scope, APPLICATIONS, engine);
    return Object.assign(new ApplicationFigures(), {
      programmes: r.programmes,
      applicationsReceived: r.applications_received,
      applicationsUnknown: r.applications_unknown,
      projectsGranted: r.projects,
      projectsGrantedPublished: r.projects_granted_published,
      grantRate: r.applications_received ? r.projects / r.applications_received : null,
    });
  }

  async projects(
    ctx: RequestContext,
    scope: number,
    engine = this.engine,
  ): Promise<ProjectFigures> {
    const rows = await this.rows(ctx, scope, PROJECT_COUNTS, engine);
    return Object.assign(new ProjectFigures(), {
      total: single(rows, 'total'),
      participantsUnknown: single(rows, 'participantsUnknown'),
      byCategory: counts(rows, 'category'),
      byStatus: counts(rows, 'status'),
      byTopic: counts(rows, 'topic'),
      withoutTopic: single(rows, 'withoutTopic'),
      byRegion: counts(rows, 'region'),
      byLanguageStatus: counts(rows, 'language'),
    });
  }

  async participation(
    ctx: RequestContext,
    scope: number,
    engine = this.engine,
  ): Promise<ParticipationFigures> {
    const [[r], buckets] = await Promise.all([
      this.rows(ctx, scope, PARTICIPATION, engine),
      this.rows(ctx, scope, PARTICIPANT_DISTRIBUTION, engine),
    ]);
    const bucket = (known: boolean) =>
      buckets
        .filter((b) => b.known === known)
        .map((b) =>
          Object.assign(new ParticipantBucket(), {
            participants: b.participants,
            projects: b.projects,
          }),
        );
    const complete = bucket(true);
    const completeProjects = complete.reduce((s, b) => s + b.projects, 0);
    return Object.assign(new ParticipationFigures(), {
      participations: r.participations,
      organisations: r.organisations,
      municipalities: r.municipalities,
      jointAuthorities: r.joint_authorities,
      projectsWithKnownParticipants: r.projects_known,
      projectsWithUnknownParticipants: r.projects_unknown,
      participantsPerProject: complete,
      recordedParticipantsPerIncompleteProject: bucket(false),
      meanParticipants: completeProjects
        ? complete.reduce((s, b) => s + b.participants * b.projects, 0) / completeProjects
        : null,
    });
  }

  async grants(ctx: RequestContext, scope: number, engine = this.engine): Promise<GrantFigures> {
    const [r] = await this.rows(ctx, scope, GRANTS, engine);
    return Object.assign(new GrantFigures(), {
      projects: r.projects,
      known: r.known,
      unknown: r.unknown,
      knownTotalEur: r.total,
      meanEur: r.mean,
      minEur: r.min,
      maxEur: r.max,
      maximumOnly: r.maximum_only,
      complete: r.unknown === 0,
    });
  }

  /**
   * Similar-pair counts of every programme in the scope: from the kept list of
   * similar pairs (threshold at or above PAIR_SCORE_FLOOR), or scored live with
   * cooperationGaps' SQL (the reference, and thresholds below the floor).
   * Programmes past the pair bounds are counted apart. Pairs never cross
   * programmes, so a scope's figures are sums.
   */
  private pairs(
    ctx: RequestContext,
    scope: number,
    threshold: number,
    engine: FigureEngine,
  ): Promise<PairFigures> {
    return ctx.loaders
      .get<number, PairFigures>(`dashboard:pairs:${engine}:${threshold}`, async (scopes) => {
        const ids = scopes.includes(ALL_PROGRAMMES) ? null : [...scopes];
        const perProgramme = new Map<number, PairFigures>();
        if (engine === 'kept' && threshold >= PAIR_SCORE_FLOOR) {
          for (const r of await this.repository.keptPairCoverage(ids, threshold))
            perProgramme.set(r.programme_id, {
              programmesNotComputed: r.computed ? 0 : 1,
              similarPairs: r.pairs,
              committedPairs: r.committed,
              gapProjectIds: r.gap_project_ids,
            });
        } else {
          const sizes = await this.repository.pairSizes(ids, MAX_PAIR_PROJECTS, engine === 'live');
          for (const s of sizes) {
            if (s.candidates === null || s.candidates > MAX_PAIR_CANDIDATES) {
              perProgramme.set(s.programme_id, {
                programmesNotComputed: 1,
                similarPairs: 0,
                committedPairs: 0,
                gapProjectIds: [],
              });
              continue;
            }
            const r = await this.repository.pairCoverage(s.programme_id, threshold);
            perProgramme.set(s.programme_id, {
              programmesNotComputed: 0,
              similarPairs: r.pairs,
              committedPairs: r.committed,
              gapProjectIds: r.gap_project_ids,
            });
          }
        }
        const sum = (list: PairFigures[]): PairFigures => ({
          programmesNotComputed: list.reduce((s, x) => s + x.programmesNotComputed, 0),
          similarPairs: list.reduce((s, x) => s + x.similarPairs, 0),
          committedPairs: list.reduce((s, x) => s + x.committedPairs, 0),
          gapProjectIds: list.flatMap((x) => x.gapProjectIds),
        });
        return scopes.map((k) =>
          sum(k === ALL_PROGRAMMES ? [...perProgramme.values()] : [perProgramme.get(k)!]),
        );
      })
      .load(scope);
  }

  async cooperation(
    ctx: RequestContext,
    scope: number,
    threshold: number,
    engine = this.engine,
  ): Promise<CooperationFigures> {
    const [pairs, rows] = await Promise.all([
      this.pairs(ctx, scope, threshold, engine),
      this.rows(ctx, scope, COMMITMENT_COUNTS, engine),
    ]);
    const computed = pairs.programmesNotComputed === 0;
    return Object.assign(new CooperationFigures(), {
      threshold,
      pairsComputed: computed,
      programmesNotComputed: pairs.programmesNotComputed,
      similarPairs: computed ? pairs.similarPairs : null,
      committedPairs: computed ? pairs.committedPairs : null,
      coverage:
        computed && pairs.similarPairs > 0 ? pairs.committedPairs / pairs.similarPairs : null,
      commitments: single(rows, 'total'),
      byKind: counts(rows, 'kind'),
      byStatus: counts(rows, 'status'),
      byProvenance: counts(rows, 'provenance'),
    });
  }

  async compliance(
    ctx: RequestContext,
    scope: number,
    threshold: number,
    asOf: string | null | undefined,
    engine = this.engine,
  ): Promise<ComplianceFigures> {
    const date = asOf ?? new Date().toISOString().slice(0, 10);
    if (!isoDate(date)) throw new BadInputError('asOf', 'is not a calendar date');
    const [pairs, r] = await Promise.all([
      this.pairs(ctx, scope, threshold, engine),
      ctx.loaders
        .get<number, ComplianceRow | null>(
          `dashboard:compliance:${engine}:${threshold}:${date}`,
          async (scopes) => {
            // The uncommitted-pair projects of every scope go in together: an id
            // only counts in the scopes that hold its project.
            const pairs = await Promise.all(
              scopes.map((k) => this.pairs(ctx, k, threshold, engine)),
            );
            const gapIds = [...new Set(pairs.flatMap((p) => p.gapProjectIds))];
            const live = engine === 'live';
            const shape = {
              all: scopes.includes(ALL_PROGRAMMES),
              programmes: scopes.some((k) => k !== ALL_PROGRAMMES),
            };
            const rows = await this.repository.figureRows(
              live ? COMPLIANCE.live(shape) : COMPLIANCE.kept,
              [[...scopes], date, gapIds],
              live,
            );
            return indexBy(scopes, rows, (x) => x.k);
          },
        )
        .load(scope),
    ]);
    const computed = pairs.programmesNotComputed === 0;
    return Object.assign(new ComplianceFigures(), {
      asOf: date,
      threshold,
      outOfCompliance: computed ? (r?.out_of_compliance ?? 0) : null,
      atLeastOutOfCompliance: r?.out_of_compliance ?? 0,
      tooFewParticipants: r?.too_few ?? 0,
      participantsUnknown: r?.participants_unknown ?? 0,
      completionNotRecorded: r?.completion_not_recorded ?? 0,
      overdue: r?.overdue ?? 0,
      overdueNotCompleted: r?.overdue_not_completed ?? 0,
      overdueNoCompletionRecorded: (r?.overdue ?? 0) - (r?.overdue_not_completed ?? 0),
      inUncommittedSimilarPairs: computed ? (r?.in_gap ?? 0) : null,
      pairsComputed: computed,
    });
  }

  async equity(ctx: RequestContext, scope: number, engine = this.engine): Promise<EquityFigures> {
    const rows = await this.rows(ctx, scope, EQUITY, engine);
    const bucket = (r: (typeof rows)[number]) =>
      Object.assign(new EquityBucket(), {
        key: r.key,
        name: r.name,
        municipalities: r.municipalities,
        reached: r.reached,
        notReached: r.municipalities - r.reached,
        population: r.population ?? 0,
        populationCovered: r.population_covered ?? 0,
        populationUnknown: r.population_unknown,
      });
    const of = (dim: string) => rows.filter((r) => r.dim === dim).map(bucket);
    const total = rows.find((r) => r.dim === 'total');
    return Object.assign(new EquityFigures(), {
      total: total
        ? bucket(total)
        : Object.assign(new EquityBucket(), {
            key: null,
            name: null,
            municipalities: 0,
            reached: 0,
            notReached: 0,
            population: 0,
            populationCovered: 0,
            populationUnknown: 0,
          }),
      byRegion: of('region'),
      byLanguageStatus: of('language'),
      byPopulationClass: of('populationClass').sort((a, b) => classRank(a.key) - classRank(b.key)),
      complete: (total?.projects_participants_unknown ?? 0) === 0,
    });
  }

  async reuse(
    ctx: RequestContext,
    scope: number,
    first: number,
    engine = this.engine,
  ): Promise<ReuseFigures> {
    const rows = await this.rows(ctx, scope, REUSE, engine, first);
    const r = rows[0];
    return Object.assign(new ReuseFigures(), {
      links: r?.links ?? 0,
      projectsReusing: r?.projects_reusing ?? 0,
      outputs: r?.outputs ?? 0,
      mostReused: rows
        .filter((x) => x.output_links !== null)
        .map((x) => ({
          sourceProjectId: x.source_project_id,
          sourceOutput: x.source_output,
          links: x.output_links!,
          projects: x.output_projects!,
          organisations: x.output_organisations!,
        })),
    });
  }
}
