import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795824251858 implements MigrationInterface {
  name = 'Initial1795824251858';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "source" ("key" text NOT NULL, "title" text NOT NULL, "publisher" text, "url" text, "published_on" date, "note" text, CONSTRAINT "PK_d73a8a376a5ed224675db7bb2fc" PRIMARY KEY ("key"))',
    );
    await queryRunner.query(
      'CREATE TABLE "region" ("code" character(2) NOT NULL, "name_fi" text NOT NULL, "name_sv" text NOT NULL, "name_en" text NOT NULL, CONSTRAINT "PK_74f7723fdff738f92929c0056cb" PRIMARY KEY ("code"))',
    );
    await queryRunner.query(
      'CREATE TYPE "public"."organisation_kind" AS ENUM(\'MUNICIPALITY\', \'JOINT_AUTHORITY\')',
    );
    await queryRunner.query(
      "CREATE TYPE \"public\".\"language_status\" AS ENUM('FINNISH', 'BILINGUAL_FINNISH_MAJORITY', 'SWEDISH', 'BILINGUAL_SWEDISH_MAJORITY')",
    );
    await queryRunner.query(
      'CREATE TABLE "organisation" ("id" SERIAL NOT NULL, "kind" "public"."organisation_kind" NOT NULL, "code" character varying(3), "name_fi" text NOT NULL, "name_sv" text, "name_en" text, "region_code" character(2), "language_status" "public"."language_status", "population2019" integer, "merged_into_id" integer, "merged_on" date, "source_key" text NOT NULL, "version" integer NOT NULL DEFAULT \'1\', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "organisation_merger_complete" CHECK ((merged_into_id IS NULL) = (merged_on IS NULL)), CONSTRAINT "organisation_municipality_fields" CHECK (kind <> \'MUNICIPALITY\' OR (code IS NOT NULL AND region_code IS NOT NULL AND language_status IS NOT NULL)), CONSTRAINT "PK_c725ae234ef1b74cce43d2d00c1" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "organisation_code_key" ON "organisation"  ("code") ',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_5283ba6ce1add8976fe6dc41e1" ON "organisation"  ("region_code") ',
    );
    await queryRunner.query(
      'CREATE TABLE "joint_authority_member" ("joint_authority_id" integer NOT NULL, "municipality_id" integer NOT NULL, "source_key" text NOT NULL, CONSTRAINT "PK_406ea77d38a72f06ce531e5db68" PRIMARY KEY ("joint_authority_id", "municipality_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_b857b4a64d8e6d6e8007abfe41" ON "joint_authority_member"  ("municipality_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "programme" ("id" SERIAL NOT NULL, "code" text NOT NULL, "name_fi" text NOT NULL, "name_sv" text NOT NULL, "name_en" text NOT NULL, "call_opened_on" date, "call_closed_on" date, "decided_year" integer, "applications_received" integer, "projects_granted" integer, "completion_deadline" date NOT NULL, "min_participants" integer NOT NULL, "max_grant_share" numeric(4,3), "reuse_duty" boolean NOT NULL, "cooperation_duty" boolean NOT NULL, "provenance" jsonb NOT NULL DEFAULT \'{}\', CONSTRAINT "PK_76ff6b30b74f213944d1ac0a660" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "programme_code_key" ON "programme"  ("code") ');
    await queryRunner.query(
      'CREATE TABLE "topic" ("id" SERIAL NOT NULL, "slug" text NOT NULL, "name_fi" text NOT NULL, "name_sv" text NOT NULL, "name_en" text NOT NULL, "description" text, "source_key" text NOT NULL, CONSTRAINT "PK_33aa4ecb4e4f20aa0157ea7ef61" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "topic_slug_key" ON "topic"  ("slug") ');
    await queryRunner.query(
      'CREATE TYPE "public"."project_category" AS ENUM(\'E_SERVICES\', \'OTHER\')',
    );
    await queryRunner.query(
      "CREATE TYPE \"public\".\"project_status\" AS ENUM('GRANTED', 'ACTIVE', 'COMPLETED', 'WITHDRAWN')",
    );
    await queryRunner.query(
      'CREATE TABLE "project" ("id" SERIAL NOT NULL, "programme_id" integer NOT NULL, "category" "public"."project_category" NOT NULL, "list_position" integer, "title_sv" text NOT NULL, "title_fi" text, "title_en" text, "description" text, "status" "public"."project_status" NOT NULL DEFAULT \'GRANTED\', "start_date" date, "end_date" date, "grant_eur" numeric(12,2), "grant_is_maximum" boolean NOT NULL DEFAULT false, "participants_known" boolean NOT NULL DEFAULT false, "provenance" jsonb NOT NULL DEFAULT \'{}\', "version" integer NOT NULL DEFAULT \'1\', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "project_list_position_key" UNIQUE ("programme_id", "category", "list_position"), CONSTRAINT "project_dates_ordered" CHECK (start_date IS NULL OR end_date IS NULL OR start_date <= end_date), CONSTRAINT "project_grant_non_negative" CHECK (grant_eur IS NULL OR grant_eur >= 0), CONSTRAINT "PK_4d68b1358bb5b766d3e78f32f57" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_a957be019e3ecfebb3812ed722" ON "project"  ("programme_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_57856cedbec1fbed761154d162" ON "project"  ("status") ',
    );
    await queryRunner.query(
      'CREATE TYPE "public"."participant_role" AS ENUM(\'LEAD\', \'PARTNER\')',
    );
    await queryRunner.query(
      'CREATE TABLE "participation" ("project_id" integer NOT NULL, "organisation_id" integer NOT NULL, "role" "public"."participant_role" NOT NULL, "source_key" text NOT NULL, CONSTRAINT "PK_0b9c14008664aade0fbcc03016d" PRIMARY KEY ("project_id", "organisation_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "participation_organisation_project_idx" ON "participation"  ("organisation_id", "project_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "project_topic" ("project_id" integer NOT NULL, "topic_id" integer NOT NULL, "weight" real NOT NULL DEFAULT \'1\', "source_key" text NOT NULL, CONSTRAINT "PK_796f6270e0a37f4688d687fd387" PRIMARY KEY ("project_id", "topic_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "project_topic_topic_project_idx" ON "project_topic"  ("topic_id", "project_id") ',
    );
    await queryRunner.query(
      "CREATE TYPE \"public\".\"commitment_kind\" AS ENUM('KNOWLEDGE_SHARING', 'JOINT_DEVELOPMENT', 'REUSE_OF_RESULTS', 'JOINT_PROCUREMENT')",
    );
    await queryRunner.query(
      "CREATE TYPE \"public\".\"commitment_status\" AS ENUM('PROPOSED', 'ACTIVE', 'FULFILLED', 'WITHDRAWN', 'LAPSED')",
    );
    await queryRunner.query(
      "CREATE TYPE \"public\".\"commitment_provenance\" AS ENUM('DECLARED', 'VERIFIED', 'INFERRED')",
    );
    await queryRunner.query(
      'CREATE TABLE "cooperation_commitment" ("id" SERIAL NOT NULL, "project_a_id" integer NOT NULL, "project_b_id" integer NOT NULL, "kind" "public"."commitment_kind" NOT NULL, "status" "public"."commitment_status" NOT NULL DEFAULT \'PROPOSED\', "provenance" "public"."commitment_provenance" NOT NULL, "note" text, "evidence_url" text, "committed_on" date, "version" integer NOT NULL DEFAULT \'1\', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "cooperation_commitment_pair_kind_key" UNIQUE ("project_a_id", "project_b_id", "kind"), CONSTRAINT "cooperation_commitment_ordered_pair" CHECK (project_a_id < project_b_id), CONSTRAINT "PK_2fda88bf4bf00ac9346e42c28db" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_f1169bbd78e4f551a43d677baa" ON "cooperation_commitment"  ("project_b_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "reuse_link" ("id" SERIAL NOT NULL, "project_id" integer NOT NULL, "source_project_id" integer, "source_output" text, "description" text, "evidence_url" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "reuse_link_not_self" CHECK (source_project_id IS NULL OR source_project_id <> project_id), CONSTRAINT "reuse_link_has_origin" CHECK (source_project_id IS NOT NULL OR source_output IS NOT NULL), CONSTRAINT "PK_7bb9c3b9d66ac97b636f8df85fe" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_286080d13e36b3f56f0cf1aa35" ON "reuse_link"  ("project_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_9eccf7c2a5c4262670a9418653" ON "reuse_link"  ("source_project_id") ',
    );
    await queryRunner.query(
      'ALTER TABLE "organisation" ADD CONSTRAINT "FK_5283ba6ce1add8976fe6dc41e1d" FOREIGN KEY ("region_code") REFERENCES "region"("code") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "organisation" ADD CONSTRAINT "FK_61e4cee267ed96003d0fb735c51" FOREIGN KEY ("merged_into_id") REFERENCES "organisation"("id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "organisation" ADD CONSTRAINT "FK_113b8c499e03bd74de3a1bb1071" FOREIGN KEY ("source_key") REFERENCES "source"("key") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "joint_authority_member" ADD CONSTRAINT "FK_a5873d168b4d0f56e2cfb4de63f" FOREIGN KEY ("joint_authority_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "joint_authority_member" ADD CONSTRAINT "FK_b857b4a64d8e6d6e8007abfe41f" FOREIGN KEY ("municipality_id") REFERENCES "organisation"("id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "joint_authority_member" ADD CONSTRAINT "FK_8aeb2582c255622203bf9cf43cf" FOREIGN KEY ("source_key") REFERENCES "source"("key") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "topic" ADD CONSTRAINT "FK_491270087de9d73a0014c888873" FOREIGN KEY ("source_key") REFERENCES "source"("key") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "project" ADD CONSTRAINT "FK_a957be019e3ecfebb3812ed722e" FOREIGN KEY ("programme_id") REFERENCES "programme"("id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "participation" ADD CONSTRAINT "FK_ec2f8211cf8bb4a721dc2f06765" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "participation" ADD CONSTRAINT "FK_34f9a816cf2ebd90dea8c214a6e" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "participation" ADD CONSTRAINT "FK_cb96f6f35d0c4ecb9275c64f3bb" FOREIGN KEY ("source_key") REFERENCES "source"("key") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "project_topic" ADD CONSTRAINT "FK_9b810a1a5f896517c2dd6a3295e" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "project_topic" ADD CONSTRAINT "FK_eb6176e244441c6a55f43451890" FOREIGN KEY ("topic_id") REFERENCES "topic"("id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "project_topic" ADD CONSTRAINT "FK_ccf51c5413aff1514cd88f754c1" FOREIGN KEY ("source_key") REFERENCES "source"("key") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "cooperation_commitment" ADD CONSTRAINT "FK_0d76539b7b688e88da72b153ab8" FOREIGN KEY ("project_a_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "cooperation_commitment" ADD CONSTRAINT "FK_f1169bbd78e4f551a43d677baa6" FOREIGN KEY ("project_b_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "reuse_link" ADD CONSTRAINT "FK_286080d13e36b3f56f0cf1aa354" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "reuse_link" ADD CONSTRAINT "FK_9eccf7c2a5c4262670a94186531" FOREIGN KEY ("source_project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "reuse_link" DROP CONSTRAINT "FK_9eccf7c2a5c4262670a94186531"',
    );
    await queryRunner.query(
      'ALTER TABLE "reuse_link" DROP CONSTRAINT "FK_286080d13e36b3f56f0cf1aa354"',
    );
    await queryRunner.query(
      'ALTER TABLE "cooperation_commitment" DROP CONSTRAINT "FK_f1169bbd78e4f551a43d677baa6"',
    );
    await queryRunner.query(
      'ALTER TABLE "cooperation_commitment" DROP CONSTRAINT "FK_0d76539b7b688e88da72b153ab8"',
    );
    await queryRunner.query(
      'ALTER TABLE "project_topic" DROP CONSTRAINT "FK_ccf51c5413aff1514cd88f754c1"',
    );
    await queryRunner.query(
      'ALTER TABLE "project_topic" DROP CONSTRAINT "FK_eb6176e244441c6a55f43451890"',
    );
    await queryRunner.query(
      'ALTER TABLE "project_topic" DROP CONSTRAINT "FK_9b810a1a5f896517c2dd6a3295e"',
    );
    await queryRunner.query(
      'ALTER TABLE "participation" DROP CONSTRAINT "FK_cb96f6f35d0c4ecb9275c64f3bb"',
    );
    await queryRunner.query(
      'ALTER TABLE "participation" DROP CONSTRAINT "FK_34f9a816cf2ebd90dea8c214a6e"',
    );
    await queryRunner.query(
      'ALTER TABLE "participation" DROP CONSTRAINT "FK_ec2f8211cf8bb4a721dc2f06765"',
    );
    await queryRunner.query(
      'ALTER TABLE "project" DROP CONSTRAINT "FK_a957be019e3ecfebb3812ed722e"',
    );
    await queryRunner.query('ALTER TABLE "topic" DROP CONSTRAINT "FK_491270087de9d73a0014c888873"');
    await queryRunner.query(
      'ALTER TABLE "joint_authority_member" DROP CONSTRAINT "FK_8aeb2582c255622203bf9cf43cf"',
    );
    await queryRunner.query(
      'ALTER TABLE "joint_authority_member" DROP CONSTRAINT "FK_b857b4a64d8e6d6e8007abfe41f"',
    );
    await queryRunner.query(
      'ALTER TABLE "joint_authority_member" DROP CONSTRAINT "FK_a5873d168b4d0f56e2cfb4de63f"',
    );
    await queryRunner.query(
      'ALTER TABLE "organisation" DROP CONSTRAINT "FK_113b8c499e03bd74de3a1bb1071"',
    );
    await queryRunner.query(
      'ALTER TABLE "organisation" DROP CONSTRAINT "FK_61e4cee267ed96003d0fb735c51"',
    );
    await queryRunner.query(
      'ALTER TABLE "organisation" DROP CONSTRAINT "FK_5283ba6ce1add8976fe6dc41e1d"',
    );
    await queryRunner.query('DROP INDEX "public"."IDX_9eccf7c2a5c4262670a9418653"');
    await queryRunner.query('DROP INDEX "public"."IDX_286080d13e36b3f56f0cf1aa35"');
    await queryRunner.query('DROP TABLE "reuse_link"');
    await queryRunner.query('DROP INDEX "public"."IDX_f1169bbd78e4f551a43d677baa"');
    await queryRunner.query('DROP TABLE "cooperation_commitment"');
    await queryRunner.query('DROP TYPE "public"."commitment_provenance"');
    await queryRunner.query('DROP TYPE "public"."commitment_status"');
    await queryRunner.query('DROP TYPE "public"."commitment_kind"');
    await queryRunner.query('DROP INDEX "public"."project_topic_topic_project_idx"');
    await queryRunner.query('DROP TABLE "project_topic"');
    await queryRunner.query('DROP INDEX "public"."participation_organisation_project_idx"');
    await queryRunner.query('DROP TABLE "participation"');
    await queryRunner.query('DROP TYPE "public"."participant_role"');
    await queryRunner.query('DROP INDEX "public"."IDX_57856cedbec1fbed761154d162"');
    await queryRunner.query('DROP INDEX "public"."IDX_a957be019e3ecfebb3812ed722"');
    await queryRunner.query('DROP TABLE "project"');
    await queryRunner.query('DROP TYPE "public"."project_status"');
    await queryRunner.query('DROP TYPE "public"."project_category"');
    await queryRunner.query('DROP INDEX "public"."topic_slug_key"');
    await queryRunner.query('DROP TABLE "topic"');
    await queryRunner.query('DROP INDEX "public"."programme_code_key"');
    await queryRunner.query('DROP TABLE "programme"');
    await queryRunner.query('DROP INDEX "public"."IDX_b857b4a64d8e6d6e8007abfe41"');
    await queryRunner.query('DROP TABLE "joint_authority_member"');
    await queryRunner.query('DROP INDEX "public"."IDX_5283ba6ce1add8976fe6dc41e1"');
    await queryRunner.query('DROP INDEX "public"."organisation_code_key"');
    await queryRunner.query('DROP TABLE "organisation"');
    await queryRunner.query('DROP TYPE "public"."language_status"');
    await queryRunner.query('DROP TYPE "public"."organisation_kind"');
    await queryRunner.query('DROP TABLE "region"');
    await queryRunner.query('DROP TABLE "source"');
  }
}
