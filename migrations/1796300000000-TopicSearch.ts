import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Project search also reads the project's topics: their names and descriptions in Finnish,
 * Swedish and English, each stemmed in its own language (docs/database.md, "Search").
 * Like project_search_idx, the index is on an IMMUTABLE function of the columns, named in
 * the entity with `synchronize: false`.
 */
export class TopicSearch1796300000000 implements MigrationInterface {
  name = 'TopicSearch1796300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "topic" ADD "description_fi" text`);
    await queryRunner.query(`ALTER TABLE "topic" ADD "description_sv" text`);
    await queryRunner.query(`
      CREATE FUNCTION topic_search_document(
        name_fi text, name_sv text, name_en text,
        description_fi text, description_sv text, description_en text)
      RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN setweight(to_tsvector('pg_catalog.finnish', coalesce(name_fi, '')), 'A')
          || setweight(to_tsvector('pg_catalog.swedish', coalesce(name_sv, '')), 'A')
          || setweight(to_tsvector('pg_catalog.english', coalesce(name_en, '')), 'A')
          || setweight(to_tsvector('pg_catalog.finnish', coalesce(description_fi, '')), 'B')
          || setweight(to_tsvector('pg_catalog.swedish', coalesce(description_sv, '')), 'B')
          || setweight(to_tsvector('pg_catalog.english', coalesce(description_en, '')), 'B')`);
    await queryRunner.query(`
      CREATE INDEX topic_search_idx ON topic
      USING gin (topic_search_document(name_fi, name_sv, name_en, description_fi, description_sv, description))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX topic_search_idx`);
    await queryRunner.query(
      `DROP FUNCTION topic_search_document(text, text, text, text, text, text)`,
    );
    await queryRunner.query(`ALTER TABLE "topic" DROP COLUMN "description_sv"`);
    await queryRunner.query(`ALTER TABLE "topic" DROP COLUMN "description_fi"`);
  }
}
