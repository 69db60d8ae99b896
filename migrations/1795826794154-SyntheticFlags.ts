import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Marks rows made by the synthetic-network generator, and lets synthetic
 * organisations carry codes like "S000123". The generated migration dropped
 * and re-added `code` (losing every code); it is widened in place instead.
 */
export class SyntheticFlags1795826794154 implements MigrationInterface {
  name = 'SyntheticFlags1795826794154';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['organisation', 'programme', 'topic', 'project']) {
      await queryRunner.query(
        `ALTER TABLE "${table}" ADD "synthetic" boolean NOT NULL DEFAULT false`,
      );
    }
    await queryRunner.query(
      'ALTER TABLE "organisation" ALTER COLUMN "code" TYPE character varying(12)',
    );
    await queryRunner.query(
      `ALTER TABLE "organisation" ADD CONSTRAINT "organisation_code_format" CHECK (code IS NULL OR code ~ (CASE WHEN synthetic THEN '^S[0-9]+$' ELSE '^[0-9]{3}$' END))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Synthetic rows cannot exist without the flag.
    await queryRunner.query('DELETE FROM "project" WHERE "synthetic"');
    await queryRunner.query('DELETE FROM "organisation" WHERE "synthetic"');
    await queryRunner.query('DELETE FROM "topic" WHERE "synthetic"');
    await queryRunner.query('DELETE FROM "programme" WHERE "synthetic"');
    await queryRunner.query(
      'ALTER TABLE "organisation" DROP CONSTRAINT "organisation_code_format"',
    );
    await queryRunner.query(
      'ALTER TABLE "organisation" ALTER COLUMN "code" TYPE character varying(3)',
    );
    for (const table of ['project', 'topic', 'programme', 'organisation']) {
      await queryRunner.query(`ALTER TABLE "${table}" DROP COLUMN "synthetic"`);
    }
  }
}
