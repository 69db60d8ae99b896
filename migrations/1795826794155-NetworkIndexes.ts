import { MigrationInterface, QueryRunner } from 'typeorm';

/** Indexes of the graph queries that entities cannot declare. */
export class NetworkIndexes1795826794155 implements MigrationInterface {
  name = 'NetworkIndexes1795826794155';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // similarProjects takes the 50 nearest titles by trigram distance (KNN needs GiST, not GIN).
    await queryRunner.query(
      `CREATE INDEX project_title_trgm_idx ON project USING gist (title_sv gist_trgm_ops)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX project_title_trgm_idx`);
  }
}
