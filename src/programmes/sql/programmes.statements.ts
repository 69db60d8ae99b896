import { sql, statementSet } from '../../common/statements';

/**
 * Every statement of ProgrammesRepository. Rendered into src/queries/programmes.repository.sql
 * by `npm run sql`.
 */

/** A programme row, named as the Programme entity's properties. */
export interface ProgrammeRow {
  id: number;
  code: string;
  nameFi: string;
  nameSv: string;
  nameEn: string;
  callOpenedOn: string | null;
  callClosedOn: string | null;
  decidedYear: number | null;
  decidedOn: string | null;
  applicationsReceived: number | null;
  projectsGranted: number | null;
  projectListComplete: boolean;
  budgetEur: number | null;
  grantedTotalEur: number | null;
  themes: string[] | null;
  exclusions: string[] | null;
  completionDeadline: string | null;
  minParticipants: number | null;
  maxGrantShare: number | null;
  reuseDuty: boolean | null;
  cooperationDuty: boolean | null;
  provenance: Record<string, string>;
  synthetic: boolean;
}

const PROGRAMME_COLUMNS = `pr.id, pr.code, pr.name_fi AS "nameFi", pr.name_sv AS "nameSv", pr.name_en AS "nameEn",
           pr.call_opened_on AS "callOpenedOn", pr.call_closed_on AS "callClosedOn",
           pr.decided_year AS "decidedYear", pr.decided_on AS "decidedOn",
           pr.applications_received AS "applicationsReceived", pr.projects_granted AS "projectsGranted",
           pr.project_list_complete AS "projectListComplete", pr.budget_eur::float8 AS "budgetEur",
           pr.granted_total_eur::float8 AS "grantedTotalEur", pr.themes, pr.exclusions,
           pr.completion_deadline AS "completionDeadline", pr.min_participants AS "minParticipants",
           pr.max_grant_share::float8 AS "maxGrantShare", pr.reuse_duty AS "reuseDuty",
           pr.cooperation_duty AS "cooperationDuty", pr.provenance, pr.synthetic`;

const PAGE_PARAMS = ['after id', 'before id', 'limit'] as const;
type PageParams = [after: number | null, before: number | null, limit: number];

export const PROGRAMMES_SQL = statementSet('programmes.repository', 'ProgrammesRepository', {
  byIds: sql<ProgrammeRow, [ids: number[]]>(
    ['ids'],
    `
    SELECT ${PROGRAMME_COLUMNS}
      FROM programme pr
     WHERE pr.id = ANY($1::int[])`,
    { replica: true },
  ),

  /** The one lookup of a programme by its code, for every `programme` argument. */
  byCode: sql<ProgrammeRow, [code: string]>(
    ['code'],
    `
    SELECT ${PROGRAMME_COLUMNS}
      FROM programme pr
     WHERE pr.code = $1::text`,
    { replica: true },
  ),

  pageForward: sql<ProgrammeRow, PageParams>(
    [...PAGE_PARAMS],
    `
    SELECT ${PROGRAMME_COLUMNS}
      FROM programme pr
     WHERE ($1::int IS NULL OR pr.id > $1) AND ($2::int IS NULL OR pr.id < $2)
     ORDER BY pr.id
     LIMIT $3::int`,
    { replica: true },
  ),

  pageBackward: sql<ProgrammeRow, PageParams>(
    [...PAGE_PARAMS],
    `
    SELECT ${PROGRAMME_COLUMNS}
      FROM programme pr
     WHERE ($1::int IS NULL OR pr.id > $1) AND ($2::int IS NULL OR pr.id < $2)
     ORDER BY pr.id DESC
     LIMIT $3::int`,
    { replica: true },
  ),

  count: sql<{ n: number }, []>([], `SELECT count(*)::int AS n FROM programme`, { replica: true }),
});
