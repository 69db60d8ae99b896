import { sql, statementSet } from '../../common/statements';

/**
 * Every statement of SourcesRepository. Rendered into src/queries/sources.repository.sql by
 * `npm run sql`.
 */

/** A source row, named as the Source entity's properties. */
export interface SourceRow {
  key: string;
  title: string;
  publisher: string | null;
  url: string | null;
  publishedOn: string | null;
  note: string | null;
}

const SOURCE_COLUMNS = `s.key, s.title, s.publisher, s.url, s.published_on AS "publishedOn", s.note`;

export const SOURCES_SQL = statementSet('sources.repository', 'SourcesRepository', {
  byKeys: sql<SourceRow, [keys: string[]]>(
    ['keys'],
    `
    SELECT ${SOURCE_COLUMNS}
      FROM source s
     WHERE s.key = ANY($1::text[])`,
    { replica: true },
  ),
});
