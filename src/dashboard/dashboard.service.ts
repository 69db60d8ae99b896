import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BadInputError } from '../common/errors';
import { groupBy, indexBy, type RequestContext } from '../common/loader-registry';
import { type AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { similarPairCandidatesSql, similarPairCoverageSql } from '../network/sql/similarity.query';
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
import { FIGURE_SETTINGS_SQL, MAX_PAIR_CANDIDATES, MAX_PAIR_PROJECTS } from './dashboard-limits';
import {
  APPLICATIONS_SQL,
  COMMITMENT_COUNTS_SQL,
  COMPLIANCE_SQL,
  EQUITY_SQL,
  GRANTS_SQL,
  PARTICIPANT_DISTRIBUTION_SQL,
  PARTICIPATION_SQL,
  POPULATION_CLASSES,
  PROJECT_COUNTS_SQL,
  REUSE_SQL,
  ScopeShape,
} from './sql/dashboard.sql';
import { isCalendarDate } from '../common/text-rules';
import {
  APPLICATIONS_KEPT_SQL,
  COMMITMENT_COUNTS_KEPT_SQL,
  COMPLIANCE_KEPT_SQL,
  EQUITY_KEPT_SQL,
  GRANTS_KEPT_SQL,
  PARTICIPANT_DISTRIBUTION_KEPT_SQL,
  PAIR_CANDIDATES_KEPT_SQL,
  PARTICIPATION_KEPT_SQL,
  PROJECT_COUNTS_KEPT_SQL,
} from './sql/kept.sql';
import { requireProgrammeByCode } from '../programmes/programmes.repository';

/**
 * Where a figure group is read from: the counters kept at write time, or the
 * tables (the reference; docs/dashboard.md, "Maintained figures").
 */
export type FigureEngine = 'kept' | 'live';

/** A figure group's statement in both engines; the reuse figures have only the live one. */
interface FigureSql {
  live: string | ((shape: ScopeShape) => string);
  kept?: string;
}

const APPLICATIONS: FigureSql = { live: APPLICATIONS_SQL, kept: APPLICATIONS_KEPT_SQL };
const PROJECT_COUNTS: FigureSql = { live: PROJECT_COUNTS_SQL, kept: PROJECT_COUNTS_KEPT_SQL };
const PARTICIPATION: FigureSql = { live: PARTICIPATION_SQL, kept: PARTICIPATION_KEPT_SQL };
const PARTICIPANT_DISTRIBUTION: FigureSql = {
  live: PARTICIPANT_DISTRIBUTION_SQL,
  kept: PARTICIPANT_DISTRIBUTION_KEPT_SQL,
};
const GRANTS: FigureSql = { live: GRANTS_SQL, kept: GRANTS_KEPT_SQL };
const COMMITMENT_COUNTS: FigureSql = {
  live: COMMITMENT_COUNTS_SQL,
  kept: COMMITMENT_COUNTS_KEPT_SQL,
};
const EQUITY: FigureSql = { live: EQUITY_SQL, kept: EQUITY_KEPT_SQL };
const REUSE: FigureSql = { live: REUSE_SQL };

/** The scope key of "every programme" (programme ids start at 1). */
export const ALL_PROGRAMMES = 0;

interface Row {
  k: number;
}
type DimRow = Row & { dim: string; key: string | null; name: string | null; count: number };

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
    @InjectDataSource() private readonly ds: DataSource,
    @Optional() @Inject(APP_CONFIG) config?: AppConfig,
  ) {
    this.engine = config?.DASHBOARD_FIGURES ?? 'kept';
  }

  /** The dashboard of a programme (by code), or of every programme. */
  async dashboard(programme: string | null | undefined): Promise<Dashboard> {
    if (programme === null || programme === undefined) {
      return Object.assign(new Dashboard(), { scope: ALL_PROGRAMMES });
    }
    const found = await requireProgrammeByCode(this.ds, programme);
    return Object.assign(new Dashboard(), { scope: found.id });
  }

  /** One dashboard per programme in scope, by programme code. */
  async byProgramme(scope: number, first: number): Promise<Dashboard[]> {
    const rows: { id: number }[] = await this.ds.query(
      `SELECT id FROM programme WHERE $1::int = 0 OR id = $1 ORDER BY code LIMIT $2`,
      [scope, first],
    );
    return rows.map((r) => Object.assign(new Dashboard(), { scope: r.id }));
  }

  /** A figure statement, in its own transaction under FIGURE_SETTINGS_SQL. */
  private figures<R>(sql: string, params: unknown[]): Promise<R> {
    return this.ds.transaction(async (m) => {
      await m.query(FIGURE_SETTINGS_SQL);
      return m.query<R>(sql, params);
    });
  }

  /**
   * Runs a figure statement once for every scope the request asks about
   * (the per-request loader batches them) and returns this scope's rows.
   */
  private rows<R extends Row>(
    ctx: RequestContext,
    scope: number,
    figure: FigureSql,
    engine: FigureEngine,
    params: unknown[] = [],
  ): Promise<R[]> {
    const kept = engine === 'kept' && figure.kept !== undefined;
    const sql = kept ? figure.kept! : figure.live;
    const text = (shape: ScopeShape) => (typeof sql === 'string' ? sql : sql(shape));
    const name = `dashboard:${text({ all: true, programmes: true })}:${JSON.stringify(params)}`;
    return ctx.loaders
      .get<number, R[]>(name, async (scopes) => {
        const shape = {
          all: scopes.includes(ALL_PROGRAMMES),
          programmes: scopes.some((k) => k !== ALL_PROGRAMMES),
        };
        // The kept statements read a few counter rows: one round trip, no settings.
        const rows = kept
          ? await this.ds.query<R[]>(text(shape), [scopes, ...params])
          : await this.figures<R[]>(text(shape), [scopes, ...params]);
        return groupBy(scopes, rows, (r) => r.k);
      })
      .load(scope);
  }

  async applications(
    ctx: RequestContext,
    scope: number,
    engine = this.engine,
  ): Promise<ApplicationFigures> {
    const [r] = await this.rows<
      Row & {
        programmes: number;
        applications_unknown: number;
        applications_received: number | null;
        projects_granted_published: number | null;
        projects: number;
      }
    >(ctx, scope, APPLICATIONS, engine);
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
    const rows = await this.rows<DimRow>(ctx, scope, PROJECT_COUNTS, engine);
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
      this.rows<
        Row & {
          projects_known: number;
          projects_unknown: number;
          participations: number;
          organisations: number;
          municipalities: number;
          joint_authorities: number;
        }
      >(ctx, scope, PARTICIPATION, engine),
      this.rows<Row & { known: boolean; participants: number; projects: number }>(
        ctx,
        scope,
        PARTICIPANT_DISTRIBUTION,
        engine,
      ),
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
    const [r] = await this.rows<
      Row & {
        projects: number;
        known: number;
        unknown: number;
        total: number | null;
        mean: number | null;
        min: number | null;
        max: number | null;
        maximum_only: number;
      }
    >(ctx, scope, GRANTS, engine);
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
   * Similar-pair counts of every programme in the scope, from the same SQL
   * as cooperationGaps; programmes too large to score are counted apart.
   * Pairs never cross programmes, so a scope's figures are sums.
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
        const sizes = await this.ds.query<
          { programme_id: number; projects: number; candidates: number | null }[]
        >(engine === 'kept' ? PAIR_CANDIDATES_KEPT_SQL : similarPairCandidatesSql, [
          ids,
          MAX_PAIR_PROJECTS,
        ]);
        const perProgramme = new Map<number, PairFigures>();
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
          const [r] = await this.ds.query<
            { pairs: number; committed: number; gap_project_ids: number[] }[]
          >(similarPairCoverageSql, [s.programme_id, threshold]);
          perProgramme.set(s.programme_id, {
            programmesNotComputed: 0,
            similarPairs: r.pairs,
            committedPairs: r.committed,
            gapProjectIds: r.gap_project_ids,
          });
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
      this.rows<DimRow>(ctx, scope, COMMITMENT_COUNTS, engine),
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
    type ComplianceRow = Row & {
      too_few: number;
      participants_unknown: number;
      overdue: number;
      overdue_not_completed: number;
      in_gap: number;
      out_of_compliance: number;
      completion_not_recorded: number;
    };
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
            const shape = {
              all: scopes.includes(ALL_PROGRAMMES),
              programmes: scopes.some((k) => k !== ALL_PROGRAMMES),
            };
            const params = [scopes, date, gapIds];
            const rows =
              engine === 'kept'
                ? await this.ds.query<ComplianceRow[]>(COMPLIANCE_KEPT_SQL, params)
                : await this.figures<ComplianceRow[]>(COMPLIANCE_SQL(shape), params);
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
    const rows = await this.rows<
      Row & {
        dim: string;
        key: string | null;
        name: string | null;
        municipalities: number;
        reached: number;
        population: number | null;
        population_covered: number | null;
        population_unknown: number;
        reached_population_unknown: number;
        projects_participants_unknown: number;
      }
    >(ctx, scope, EQUITY, engine);
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

  async reuse(ctx: RequestContext, scope: number, first: number): Promise<ReuseFigures> {
    const rows = await this.rows<
      Row & {
        links: number;
        projects_reusing: number;
        outputs: number;
        source_project_id: number | null;
        source_output: string | null;
        output_links: number | null;
        output_projects: number | null;
        output_organisations: number | null;
      }
    >(ctx, scope, REUSE, 'live', [first]);
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
