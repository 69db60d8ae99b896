import { FIGURE_SETTINGS_SQL } from './figure-settings.sql';
import { COMMITTED_STATUSES, statusInSql } from '../../cooperation/commitment-rules';
import { sql, statementSet, type StatementDraft } from '../../common/statements';
import {
  similarPairCandidatesSql,
  similarPairCoverageSql,
} from '../../network/sql/similarity.query';
import {
  APPLICATIONS_SQL,
  COMMITMENT_COUNTS_SQL,
  COMPLIANCE_SQL,
  EQUITY_SQL,
  GRANTS_SQL,
  PARTICIPANT_DISTRIBUTION_SQL,
  PARTICIPATION_SQL,
  PROJECT_COUNTS_SQL,
  REUSE_SQL,
  type ScopeShape,
} from './dashboard.sql';
import {
  APPLICATIONS_KEPT_SQL,
  COMMITMENT_COUNTS_KEPT_SQL,
  COMPLIANCE_KEPT_SQL,
  EQUITY_KEPT_SQL,
  GRANTS_KEPT_SQL,
  PAIR_CANDIDATES_KEPT_SQL,
  PARTICIPANT_DISTRIBUTION_KEPT_SQL,
  PARTICIPATION_KEPT_SQL,
  PROJECT_COUNTS_KEPT_SQL,
  REUSE_KEPT_SQL,
} from './kept.sql';

/**
 * Every statement of the dashboard (DashboardRepository). Rendered into
 * src/queries/dashboard.repository.sql by `npm run sql`. The figure texts are
 * in dashboard.sql.ts (live, the reference) and kept.sql.ts (the counters kept
 * at write time); a live statement written per scope shape is declared once
 * per shape.
 */

/** Every figure row is tagged with its scope key (0 = every programme, or a programme id). */
export interface ScopedRow {
  k: number;
}

/** A count along one dimension (projects, commitments). */
export interface DimRow extends ScopedRow {
  dim: string;
  key: string | null;
  name: string | null;
  count: number;
}

export interface ApplicationsRow extends ScopedRow {
  programmes: number;
  applications_unknown: number;
  applications_received: number | null;
  projects_granted_published: number | null;
  projects: number;
}

export interface ParticipationRow extends ScopedRow {
  projects_known: number;
  projects_unknown: number;
  participations: number;
  organisations: number;
  municipalities: number;
  joint_authorities: number;
}

export interface ParticipantBucketRow extends ScopedRow {
  known: boolean;
  participants: number;
  projects: number;
}

export interface GrantsRow extends ScopedRow {
  projects: number;
  known: number;
  unknown: number;
  total: number | null;
  mean: number | null;
  min: number | null;
  max: number | null;
  maximum_only: number;
}

export interface ComplianceRow extends ScopedRow {
  too_few: number;
  participants_unknown: number;
  overdue: number;
  overdue_not_completed: number;
  in_gap: number;
  out_of_compliance: number;
  completion_not_recorded: number;
}

export interface EquityRow extends ScopedRow {
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

export interface ReuseRow extends ScopedRow {
  links: number;
  projects_reusing: number;
  outputs: number;
  source_project_id: number | null;
  source_output: string | null;
  output_links: number | null;
  output_projects: number | null;
  output_organisations: number | null;
}

export interface PairSizeRow {
  programme_id: number;
  projects: number;
  candidates: number | null;
}

export interface PairCoverageRow {
  pairs: number;
  committed: number;
  gap_project_ids: number[];
}

export interface KeptPairCoverageRow extends PairCoverageRow {
  programme_id: number;
  /** False when the programme is past the pair bounds: its pairs are not kept. */
  computed: boolean;
}

export interface ProjectListRow extends ScopedRow {
  programmes: number;
  partial: number;
  granted: number | null;
  recorded: number;
}

/** $1 = scope keys; the figure statements that take more name them after it. */
type Scopes = [scopes: number[]];

const SHAPES = {
  All: { all: true, programmes: false },
  Programmes: { all: false, programmes: true },
  Both: { all: true, programmes: true },
} as const satisfies Record<string, ScopeShape>;

export type ShapeName = keyof typeof SHAPES;

/** The statement for the kinds of scope present in a batch. */
export function shapeName(shape: ScopeShape): ShapeName {
  return shape.all ? (shape.programmes ? 'Both' : 'All') : 'Programmes';
}

/** A live statement written per scope shape, declared once per shape (`<name>All`, …). */
function shaped<Row, Params extends readonly unknown[], N extends string>(
  name: N,
  params: readonly string[],
  text: (shape: ScopeShape) => string,
): Record<`${N}${ShapeName}`, StatementDraft<Row, Params>> {
  const drafts: Record<string, StatementDraft<Row, Params>> = {};
  for (const [suffix, shape] of Object.entries(SHAPES))
    drafts[`${name}${suffix}`] = sql<Row, Params>(params, text(shape));
  return drafts;
}

const KEPT_PAIR_COVERAGE_SQL = `
  SELECT pr.id AS programme_id, coalesce(m.maintained, true) AS computed,
         coalesce(x.pairs, 0) AS pairs, coalesce(x.committed, 0) AS committed,
         coalesce(x.gap_project_ids, '{}') AS gap_project_ids
  FROM programme pr
  LEFT JOIN dashboard_pair_programme m ON m.programme_id = pr.id
  LEFT JOIN LATERAL (
    WITH sim AS MATERIALIZED (
      SELECT s.a, s.b, EXISTS (
               SELECT 1 FROM cooperation_commitment c
               WHERE c.project_a_id = s.a AND c.project_b_id = s.b
                 AND ${statusInSql('c.status', COMMITTED_STATUSES)}) AS committed
      FROM dashboard_similar_pair s WHERE s.programme_id = pr.id AND s.score >= $2)
    SELECT count(*)::int AS pairs, count(*) FILTER (WHERE committed)::int AS committed,
           ARRAY(SELECT a FROM sim WHERE NOT committed
                 UNION SELECT b FROM sim WHERE NOT committed ORDER BY 1) AS gap_project_ids
    FROM sim) x ON coalesce(m.maintained, true)
  WHERE $1::int[] IS NULL OR pr.id = ANY($1::int[])`;

const PROJECT_LIST_SQL = `
  SELECT s.k, count(pr.id)::int AS programmes,
         count(pr.id) FILTER (WHERE NOT pr.project_list_complete)::int AS partial,
         CASE WHEN bool_and(pr.projects_granted IS NOT NULL) THEN sum(pr.projects_granted)::int END AS granted,
         (SELECT count(*)::int FROM project p WHERE s.k = 0 OR p.programme_id = s.k) AS recorded
  FROM unnest($1::int[]) AS s(k)
  LEFT JOIN programme pr ON s.k = 0 OR pr.id = s.k
  GROUP BY s.k`;

/** The same, with the projects recorded from the kept counters (a scan of every project otherwise). */
const PROJECT_LIST_KEPT_SQL = PROJECT_LIST_SQL.replace(
  '(SELECT count(*)::int FROM project p WHERE s.k = 0 OR p.programme_id = s.k)',
  `(SELECT coalesce(sum(c.n), 0)::int FROM dashboard_count c WHERE c.k = s.k AND c.dim = 'projects' AND c.key = '')`,
);

/**
 * The kept figures may be a moment stale: a standby answers them (docs/scaling.md). The live
 * reference runs on the primary, in a transaction of its own settings.
 */
const REPLICA = { replica: true } as const;

export const DASHBOARD_SQL = statementSet('dashboard.repository', 'DashboardRepository', {
  figureSettings: sql<{ jit: string; work_mem: string }, []>([], FIGURE_SETTINGS_SQL),
  programmesInScope: sql<{ id: number }, [scope: number, first: number]>(
    ['scope', 'first'],
    `SELECT id FROM programme WHERE $1::int = 0 OR id = $1 ORDER BY code LIMIT $2`,
    { replica: true },
  ),
  programmeIds: sql<{ id: number }, []>([], `SELECT id FROM programme ORDER BY id`, {
    replica: true,
  }),
  // Writes every kept table: the primary's, always.
  rebuild: sql<{ dashboard_rebuild: string }, []>([], `SELECT dashboard_rebuild()`),
  projectList: sql<ProjectListRow, Scopes>(['scopes'], PROJECT_LIST_SQL),
  projectListKept: sql<ProjectListRow, Scopes>(['scopes'], PROJECT_LIST_KEPT_SQL, REPLICA),

  // Live, the reference (dashboard.sql.ts).
  applications: sql<ApplicationsRow, Scopes>(['scopes'], APPLICATIONS_SQL),
  ...shaped<DimRow, Scopes, 'projectCounts'>('projectCounts', ['scopes'], PROJECT_COUNTS_SQL),
  ...shaped<ParticipationRow, Scopes, 'participation'>(
    'participation',
    ['scopes'],
    PARTICIPATION_SQL,
  ),
  ...shaped<ParticipantBucketRow, Scopes, 'participantDistribution'>(
    'participantDistribution',
    ['scopes'],
    PARTICIPANT_DISTRIBUTION_SQL,
  ),
  ...shaped<GrantsRow, Scopes, 'grants'>('grants', ['scopes'], GRANTS_SQL),
  ...shaped<DimRow, Scopes, 'commitmentCounts'>(
    'commitmentCounts',
    ['scopes'],
    COMMITMENT_COUNTS_SQL,
  ),
  ...shaped<ComplianceRow, [scopes: number[], asOf: string, gapProjectIds: number[]], 'compliance'>(
    'compliance',
    ['scopes', 'asOf', 'gapProjectIds'],
    COMPLIANCE_SQL,
  ),
  ...shaped<EquityRow, Scopes, 'equity'>('equity', ['scopes'], EQUITY_SQL),
  ...shaped<ReuseRow, [scopes: number[], first: number], 'reuse'>(
    'reuse',
    ['scopes', 'first'],
    REUSE_SQL,
  ),
  pairCandidates: sql<PairSizeRow, [programmeIds: number[] | null, maxProjects: number]>(
    ['programmeIds', 'maxProjects'],
    similarPairCandidatesSql,
  ),
  pairCoverage: sql<PairCoverageRow, [programmeId: number, threshold: number]>(
    ['programmeId', 'threshold'],
    similarPairCoverageSql,
  ),

  // Kept at write time (kept.sql.ts).
  applicationsKept: sql<ApplicationsRow, Scopes>(['scopes'], APPLICATIONS_KEPT_SQL, REPLICA),
  projectCountsKept: sql<DimRow, Scopes>(['scopes'], PROJECT_COUNTS_KEPT_SQL, REPLICA),
  participationKept: sql<ParticipationRow, Scopes>(['scopes'], PARTICIPATION_KEPT_SQL, REPLICA),
  participantDistributionKept: sql<ParticipantBucketRow, Scopes>(
    ['scopes'],
    PARTICIPANT_DISTRIBUTION_KEPT_SQL,
    REPLICA,
  ),
  grantsKept: sql<GrantsRow, Scopes>(['scopes'], GRANTS_KEPT_SQL, REPLICA),
  commitmentCountsKept: sql<DimRow, Scopes>(['scopes'], COMMITMENT_COUNTS_KEPT_SQL, REPLICA),
  complianceKept: sql<ComplianceRow, [scopes: number[], asOf: string, gapProjectIds: number[]]>(
    ['scopes', 'asOf', 'gapProjectIds'],
    COMPLIANCE_KEPT_SQL,
    REPLICA,
  ),
  equityKept: sql<EquityRow, Scopes>(['scopes'], EQUITY_KEPT_SQL, REPLICA),
  reuseKept: sql<ReuseRow, [scopes: number[], first: number]>(
    ['scopes', 'first'],
    REUSE_KEPT_SQL,
    REPLICA,
  ),
  pairCandidatesKept: sql<PairSizeRow, [programmeIds: number[] | null, maxProjects: number]>(
    ['programmeIds', 'maxProjects'],
    PAIR_CANDIDATES_KEPT_SQL,
    REPLICA,
  ),
  pairCoverageKept: sql<KeptPairCoverageRow, [programmeIds: number[] | null, threshold: number]>(
    ['programmeIds', 'threshold'],
    KEPT_PAIR_COVERAGE_SQL,
    REPLICA,
  ),
});
