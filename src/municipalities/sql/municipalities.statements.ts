import { sql, statementSet } from '../../common/statements';
import { LanguageStatus } from '../../organisations/organisation.enums';
import {
  ORGANISATION_COLUMNS,
  type OrganisationRow,
} from '../../organisations/sql/organisations.statements';

/**
 * Every statement of MunicipalitiesRepository (municipalities and regions). Rendered into
 * src/queries/municipalities.repository.sql by `npm run sql`.
 */

export interface RegionRow {
  code: string;
  nameFi: string;
  nameSv: string;
  nameEn: string;
}

const REGION_COLUMNS = `r.code, r.name_fi AS "nameFi", r.name_sv AS "nameSv", r.name_en AS "nameEn"`;

/**
 * The list filter: region, language status, and a name search with LIKE's wildcards escaped.
 * The search is the expression of organisation_name_search_idx, so the trigram index serves it.
 */
const FILTER = `o.kind = 'MUNICIPALITY'
       AND ($1::text IS NULL OR o.region_code = $1)
       AND ($2::language_status IS NULL OR o.language_status = $2)
       AND ($3::text IS NULL OR fold_name(o.name_fi || ' ' || coalesce(o.name_sv, '') || ' ' || coalesce(o.name_en, ''))
                                LIKE '%' || fold_name($3) || '%')`;
const FILTER_PARAMS = ['region code', 'language status', 'name search (LIKE-escaped)'] as const;
type FilterParams = [
  regionCode: string | null,
  languageStatus: LanguageStatus | null,
  search: string | null,
];
const PAGE_PARAMS = ['after code', 'before code', 'limit'] as const;
type PageParams = [after: string | null, before: string | null, limit: number];

export const MUNICIPALITIES_SQL = statementSet(
  'municipalities.repository',
  'MunicipalitiesRepository',
  {
    byCode: sql<OrganisationRow, [code: string]>(
      ['code'],
      `
      SELECT ${ORGANISATION_COLUMNS}
        FROM organisation o
       WHERE o.code = $1::text AND o.kind = 'MUNICIPALITY'`,
      { replica: true },
    ),

    /** Ordered by code, between two exclusive codes. */
    pageForward: sql<OrganisationRow, [...FilterParams, ...PageParams]>(
      [...FILTER_PARAMS, ...PAGE_PARAMS],
      `
      SELECT ${ORGANISATION_COLUMNS}
        FROM organisation o
       WHERE ${FILTER}
         AND ($4::text IS NULL OR o.code > $4) AND ($5::text IS NULL OR o.code < $5)
       ORDER BY o.code
       LIMIT $6::int`,
      { replica: true },
    ),

    pageBackward: sql<OrganisationRow, [...FilterParams, ...PageParams]>(
      [...FILTER_PARAMS, ...PAGE_PARAMS],
      `
      SELECT ${ORGANISATION_COLUMNS}
        FROM organisation o
       WHERE ${FILTER}
         AND ($4::text IS NULL OR o.code > $4) AND ($5::text IS NULL OR o.code < $5)
       ORDER BY o.code DESC
       LIMIT $6::int`,
      { replica: true },
    ),

    count: sql<{ n: number }, FilterParams>(
      [...FILTER_PARAMS],
      `
      SELECT count(*)::int AS n
        FROM organisation o
       WHERE ${FILTER}`,
      { replica: true },
    ),

    regions: sql<RegionRow, []>(
      [],
      `
      SELECT ${REGION_COLUMNS}
        FROM region r
       ORDER BY r.code`,
      { replica: true },
    ),

    regionsByCodes: sql<RegionRow, [codes: string[]]>(
      ['codes'],
      `
      SELECT ${REGION_COLUMNS}
        FROM region r
       WHERE r.code = ANY($1::text[])`,
      { replica: true },
    ),
  },
);
