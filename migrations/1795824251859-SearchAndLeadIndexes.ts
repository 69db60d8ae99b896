import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What entities cannot declare: extensions, expression indexes for search,
 * and the partial unique index that allows one lead per project. The entities
 * name these indexes with `synchronize: false`, so the drift check ignores them.
 */
export class SearchAndLeadIndexes1795824251859 implements MigrationInterface {
  name = 'SearchAndLeadIndexes1795824251859';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    // unaccent() is only STABLE (its dictionary could change); pinning the
    // dictionary makes this wrapper safe to mark IMMUTABLE and to index.
    await queryRunner.query(`
      CREATE FUNCTION fold_name(value text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      RETURN lower(public.unaccent('public.unaccent'::regdictionary, value))`);
    await queryRunner.query(`
      CREATE INDEX organisation_name_search_idx ON organisation
      USING gin ((fold_name(name_fi || ' ' || coalesce(name_sv, '') || ' ' || coalesce(name_en, ''))) gin_trgm_ops)`);
    // One search document over all titles: Swedish and Finnish stemming, English for English titles.
    await queryRunner.query(`
      CREATE FUNCTION project_search_document(title_sv text, title_fi text, title_en text, description text)
      RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN setweight(to_tsvector('pg_catalog.swedish', coalesce(title_sv, '')), 'A')
          || setweight(to_tsvector('pg_catalog.finnish', coalesce(title_fi, '')), 'A')
          || setweight(to_tsvector('pg_catalog.english', coalesce(title_en, '')), 'A')
          || setweight(to_tsvector('pg_catalog.swedish', coalesce(description, '')), 'C')
          || setweight(to_tsvector('pg_catalog.finnish', coalesce(description, '')), 'C')`);
    await queryRunner.query(`
      CREATE INDEX project_search_idx ON project
      USING gin (project_search_document(title_sv, title_fi, title_en, description))`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX participation_one_lead_idx ON participation (project_id) WHERE role = 'LEAD'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX participation_one_lead_idx`);
    await queryRunner.query(`DROP INDEX project_search_idx`);
    await queryRunner.query(`DROP FUNCTION project_search_document(text, text, text, text)`);
    await queryRunner.query(`DROP INDEX organisation_name_search_idx`);
    await queryRunner.query(`DROP FUNCTION fold_name(text)`);
    await queryRunner.query(`DROP EXTENSION IF EXISTS pg_trgm`);
    await queryRunner.query(`DROP EXTENSION IF EXISTS unaccent`);
  }
}
