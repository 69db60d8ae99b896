import { Injectable } from '@nestjs/common';
import { Source } from '../sources/source.entity';
import { type Queryable, rowsOf } from '../common/statements';
import { GRANT_IMPORT_SQL, type SourceRow, ROW_SAVEPOINT } from './sql/grant-import.statements';

/**
 * The import's access to PostgreSQL (sql/grant-import.statements.ts). Every method takes the
 * import's transaction (`tx`), so it holds no DataSource of its own; the projects themselves go
 * in through ProjectLifecycleService.
 */
@Injectable()
export class GrantImportRepository {
  async alreadyImported(tx: Queryable, sourceKey: string): Promise<boolean> {
    const [row] = await rowsOf(tx, GRANT_IMPORT_SQL.alreadyImported, [sourceKey]);
    return row.imported;
  }

  /** Organisation id by code, for the codes that exist. */
  async organisationsByCode(tx: Queryable, codes: string[]): Promise<Map<string, number>> {
    const rows = await rowsOf(tx, GRANT_IMPORT_SQL.organisationsByCode, [codes]);
    return new Map(rows.map((o) => [o.code, o.id]));
  }

  /** Topic id by slug, for the slugs that exist. */
  async topicsBySlug(tx: Queryable, slugs: string[]): Promise<Map<string, number>> {
    const rows = await rowsOf(tx, GRANT_IMPORT_SQL.topicsBySlug, [slugs]);
    return new Map(rows.map((t) => [t.slug, t.id]));
  }

  /** The project holding each list position of the programme, keyed `<category> <position>`. */
  async takenListings(tx: Queryable, programmeId: number): Promise<Map<string, number>> {
    const rows = await rowsOf(tx, GRANT_IMPORT_SQL.takenListings, [programmeId]);
    return new Map(rows.map((p) => [listingKey(p.category, p.listPosition), p.id]));
  }

  /**
   * The source key of each address: a known address keeps its source, a new one gets a source
   * row first. `titles` gives the title a row gave an address, or null.
   */
  async citedSources(
    tx: Queryable,
    titles: ReadonlyMap<string, string | null>,
    fileKey: string,
  ): Promise<Map<string, string>> {
    if (!titles.size) return new Map();
    const urls = [...titles.keys()];
    await rowsOf(tx, GRANT_IMPORT_SQL.addCitedSources, [
      urls,
      urls.map((u) => titles.get(u) ?? null),
      fileKey,
    ]);
    const found = await rowsOf(tx, GRANT_IMPORT_SQL.sourcesByUrl, [urls]);
    return new Map(found.map((s) => [s.url, s.key]));
  }

  /** The file's decision document as a source row, replacing what an earlier try left. */
  async upsertSource(
    tx: Queryable,
    source: SourceRow & { url: string; note: string },
  ): Promise<Source> {
    const [row] = await rowsOf(tx, GRANT_IMPORT_SQL.upsertSource, [
      source.key,
      source.title,
      source.publisher,
      source.url,
      source.publishedOn,
      source.note,
    ]);
    return Object.assign(Object.create(Source.prototype) as Source, row);
  }

  /**
   * Runs one row's work in a savepoint: when it fails, what it wrote is undone and the
   * transaction goes on, so the rows after it are still checked.
   */
  async inSavepoint<T>(tx: Queryable, work: () => Promise<T>): Promise<T> {
    await tx.query(ROW_SAVEPOINT.set);
    let result: T;
    try {
      result = await work();
    } catch (e) {
      await tx.query(ROW_SAVEPOINT.rollback);
      throw e;
    }
    await tx.query(ROW_SAVEPOINT.release);
    return result;
  }
}

/** How a list position is named in the import's messages: `<category> <position>`. */
export function listingKey(category: string, position: number | null): string {
  return `${category} ${position}`;
}
