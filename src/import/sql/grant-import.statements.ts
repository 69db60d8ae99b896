import { sql, statementSet } from '../../common/statements';
import { ProjectCategory } from '../../projects/project.enums';

/**
 * Every statement of the CSV import of grant decisions (GrantImportRepository), beside the
 * project inserts it shares with createProject. All run in the import's transaction. Rendered
 * into src/queries/grant-import.repository.sql by `npm run sql`.
 */

/** The programme rules the rows are checked against; null where a rule is not known. */
export interface ImportProgrammeRow {
  id: number;
  minParticipants: number | null;
  completionDeadline: string | null;
}

/** A source row, named as the Source entity's properties. */
export interface SourceRow {
  key: string;
  title: string;
  publisher: string | null;
  url: string | null;
  publishedOn: string | null;
  note: string | null;
}

export const GRANT_IMPORT_SQL = statementSet('grant-import.repository', 'GrantImportRepository', {
  /**
   * Whether a file (by its source key) was imported: every imported project's status and every
   * participation cites the file.
   */
  alreadyImported: sql<{ imported: boolean }, [sourceKey: string]>(
    ['source key of the file'],
    `
    SELECT EXISTS (SELECT 1 FROM participation WHERE source_key = $1)
        OR EXISTS (SELECT 1 FROM project WHERE provenance @> jsonb_build_object('status', $1::text))
           AS imported`,
  ),

  organisationsByCode: sql<{ id: number; code: string }, [codes: string[]]>(
    ['organisation codes'],
    `
    SELECT id, code FROM organisation WHERE code = ANY($1::text[])`,
  ),

  topicsBySlug: sql<{ id: number; slug: string }, [slugs: string[]]>(
    ['topic slugs'],
    `
    SELECT id, slug FROM topic WHERE slug = ANY($1::text[])`,
  ),

  /** The list positions a programme's projects hold. */
  takenListings: sql<
    { id: number; category: ProjectCategory; listPosition: number },
    [programmeId: number]
  >(
    ['programme id'],
    `
    SELECT id, category, list_position AS "listPosition"
      FROM project
     WHERE programme_id = $1 AND list_position IS NOT NULL`,
  ),

  /**
   * Sources for addresses rows cite that no source has yet: key url-<12 hex of the address's
   * SHA-256>, titled as the row gives it (else the address), noting the file that cited it.
   */
  addCitedSources: sql<never, [urls: string[], titles: (string | null)[], fileKey: string]>(
    ['addresses', 'titles (null: none given)', 'source key of the file'],
    `
    INSERT INTO source (key, title, url, note)
    SELECT 'url-' || left(encode(sha256(convert_to(u, 'UTF8')), 'hex'), 12), coalesce(t, u), u,
           'Cited by rows of the import ' || $3::text || '.'
      FROM unnest($1::text[], $2::text[]) AS x(u, t)
     WHERE NOT EXISTS (SELECT 1 FROM source s WHERE s.url = x.u)
        ON CONFLICT (key) DO NOTHING`,
  ),

  /** The source of each address (the first by key where several have it). */
  sourcesByUrl: sql<{ url: string; key: string }, [urls: string[]]>(
    ['addresses'],
    `
    SELECT DISTINCT ON (url) url, key FROM source WHERE url = ANY($1::text[]) ORDER BY url, key`,
  ),

  upsertSource: sql<
    SourceRow,
    [
      key: string,
      title: string,
      publisher: string | null,
      url: string,
      publishedOn: string | null,
      note: string,
    ]
  >(
    ['key', 'title', 'publisher', 'url', 'published on', 'note'],
    `
    INSERT INTO source (key, title, publisher, url, published_on, note)
    VALUES ($1, $2, $3, $4, $5::date, $6)
        ON CONFLICT (key) DO UPDATE SET title = EXCLUDED.title, publisher = EXCLUDED.publisher,
           url = EXCLUDED.url, published_on = EXCLUDED.published_on, note = EXCLUDED.note
    RETURNING key, title, publisher, url, published_on AS "publishedOn", note`,
  ),
});

/**
 * A failed row is rolled back to here, so the rows after it are still checked. Not a declared
 * statement: PostgreSQL cannot PREPARE transaction control.
 */
export const ROW_SAVEPOINT = {
  set: 'SAVEPOINT import_row',
  release: 'RELEASE SAVEPOINT import_row',
  rollback: 'ROLLBACK TO SAVEPOINT import_row',
} as const;
