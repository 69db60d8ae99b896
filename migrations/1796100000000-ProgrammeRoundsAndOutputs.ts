import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Further funding rounds and what projects built: programme facts that a
 * round may not publish become nullable (unknown stays unknown), rounds
 * without categories get UNCATEGORISED, projects without a Swedish title
 * keep it null, and data/ rows get a stable key so the loader can upsert
 * projects that have no list position.
 */
export class ProgrammeRoundsAndOutputs1796100000000 implements MigrationInterface {
  name = 'ProgrammeRoundsAndOutputs1796100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "project_output" ("id" SERIAL NOT NULL, "project_id" integer NOT NULL, "position" integer NOT NULL DEFAULT \'1\', "title" text NOT NULL, "description" text, "published_at" text, "source_key" text NOT NULL, CONSTRAINT "PK_00e9e5ad9e78fba1feda77eee00" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "project_output_project_idx" ON "project_output"  ("project_id", "position") ',
    );
    await queryRunner.query('ALTER TABLE "programme" ADD "decided_on" date');
    await queryRunner.query(
      'ALTER TABLE "programme" ADD "project_list_complete" boolean NOT NULL DEFAULT true',
    );
    await queryRunner.query('ALTER TABLE "programme" ADD "budget_eur" numeric(14,2)');
    await queryRunner.query('ALTER TABLE "programme" ADD "granted_total_eur" numeric(14,2)');
    await queryRunner.query('ALTER TABLE "programme" ADD "themes" text array');
    await queryRunner.query('ALTER TABLE "programme" ADD "exclusions" text array');
    await queryRunner.query('ALTER TABLE "project" ADD "period" text');
    await queryRunner.query('ALTER TABLE "project" ADD "dataset_key" text');
    await queryRunner.query(
      'ALTER TABLE "programme" ALTER COLUMN "completion_deadline" DROP NOT NULL',
    );
    await queryRunner.query(
      'ALTER TABLE "programme" ALTER COLUMN "min_participants" DROP NOT NULL',
    );
    await queryRunner.query('ALTER TABLE "programme" ALTER COLUMN "reuse_duty" DROP NOT NULL');
    await queryRunner.query(
      'ALTER TABLE "programme" ALTER COLUMN "cooperation_duty" DROP NOT NULL',
    );
    await queryRunner.query('ALTER TYPE "public"."project_category" ADD VALUE \'UNCATEGORISED\'');
    await queryRunner.query('ALTER TABLE "project" ALTER COLUMN "title_sv" DROP NOT NULL');
    await queryRunner.query(
      'CREATE UNIQUE INDEX "project_dataset_key_key" ON "project"  ("dataset_key") ',
    );
    // Projects loaded from data/ before this migration get the key the loader now upserts on.
    await queryRunner.query(
      `UPDATE project p SET dataset_key = pr.code || '/' || CASE p.category WHEN 'E_SERVICES' THEN 'E' ELSE 'O' END || p.list_position
       FROM programme pr
       WHERE pr.id = p.programme_id AND pr.code = 'vm-digi-joint-2019' AND NOT p.synthetic
         AND p.list_position IS NOT NULL AND p.provenance->>'titleSv' = 'vm-press-release-2020'`,
    );
    await queryRunner.query(
      'ALTER TABLE "project_output" ADD CONSTRAINT "FK_75115b227d1ee97795a9e343299" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "project_output" ADD CONSTRAINT "FK_331fcebaa49bc25acd4ec4754cc" FOREIGN KEY ("source_key") REFERENCES "source"("key") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // The old schema cannot hold these rows; refuse rather than drop facts silently.
    const [blocking]: { n: number }[] = await queryRunner.query(
      `SELECT (SELECT count(*) FROM project WHERE category = 'UNCATEGORISED' OR title_sv IS NULL)
            + (SELECT count(*) FROM programme WHERE completion_deadline IS NULL OR min_participants IS NULL
                 OR reuse_duty IS NULL OR cooperation_duty IS NULL) AS n`,
    );
    if (Number(blocking.n) > 0)
      throw new Error(
        'cannot revert: projects without a Swedish title or category, or programmes with unknown rules, exist; delete them first',
      );
    await queryRunner.query(
      'ALTER TABLE "project_output" DROP CONSTRAINT "FK_331fcebaa49bc25acd4ec4754cc"',
    );
    await queryRunner.query(
      'ALTER TABLE "project_output" DROP CONSTRAINT "FK_75115b227d1ee97795a9e343299"',
    );
    await queryRunner.query('ALTER TABLE "project" DROP CONSTRAINT "project_list_position_key"');
    await queryRunner.query('DROP INDEX "public"."project_dataset_key_key"');
    await queryRunner.query('ALTER TABLE "project" ALTER COLUMN "title_sv" SET NOT NULL');
    await queryRunner.query(
      'CREATE TYPE "public"."project_category_old" AS ENUM(\'E_SERVICES\', \'OTHER\')',
    );
    await queryRunner.query(
      'ALTER TABLE "project" ALTER COLUMN "category" TYPE "public"."project_category_old" USING "category"::"text"::"public"."project_category_old"',
    );
    await queryRunner.query('DROP TYPE "public"."project_category"');
    await queryRunner.query(
      'ALTER TYPE "public"."project_category_old" RENAME TO "project_category"',
    );
    await queryRunner.query(
      'ALTER TABLE "project" ADD CONSTRAINT "project_list_position_key" UNIQUE ("programme_id", "category", "list_position")',
    );
    await queryRunner.query('ALTER TABLE "programme" ALTER COLUMN "cooperation_duty" SET NOT NULL');
    await queryRunner.query('ALTER TABLE "programme" ALTER COLUMN "reuse_duty" SET NOT NULL');
    await queryRunner.query('ALTER TABLE "programme" ALTER COLUMN "min_participants" SET NOT NULL');
    await queryRunner.query(
      'ALTER TABLE "programme" ALTER COLUMN "completion_deadline" SET NOT NULL',
    );
    await queryRunner.query('ALTER TABLE "project" DROP COLUMN "dataset_key"');
    await queryRunner.query('ALTER TABLE "project" DROP COLUMN "period"');
    await queryRunner.query('ALTER TABLE "programme" DROP COLUMN "exclusions"');
    await queryRunner.query('ALTER TABLE "programme" DROP COLUMN "themes"');
    await queryRunner.query('ALTER TABLE "programme" DROP COLUMN "granted_total_eur"');
    await queryRunner.query('ALTER TABLE "programme" DROP COLUMN "budget_eur"');
    await queryRunner.query('ALTER TABLE "programme" DROP COLUMN "project_list_complete"');
    await queryRunner.query('ALTER TABLE "programme" DROP COLUMN "decided_on"');
    await queryRunner.query('DROP INDEX "public"."project_output_project_idx"');
    await queryRunner.query('DROP TABLE "project_output"');
  }
}
