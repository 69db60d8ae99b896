import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The write path: tokens, the audit trail, idempotency keys, commitment
 * history, and the source that facts recorded through the API point to.
 */
export class WritePath1795836437586 implements MigrationInterface {
  name = 'WritePath1795836437586';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TYPE "public"."actor_role" AS ENUM(\'ADMIN\', \'COORDINATOR\')',
    );
    await queryRunner.query(
      'CREATE TABLE "audit_event" ("id" BIGSERIAL NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_token_id" integer, "actor_name" text NOT NULL, "actor_role" "public"."actor_role" NOT NULL, "operation" text NOT NULL, "entity_type" text NOT NULL, "entity_id" integer NOT NULL, "before" jsonb, "after" jsonb, "reason" text, CONSTRAINT "PK_481efbe8b0a403efe3f47a6528f" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "audit_event_actor_idx" ON "audit_event"  ("actor_token_id", "id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "audit_event_entity_idx" ON "audit_event"  ("entity_type", "entity_id", "id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "idempotency_record" ("token_id" integer NOT NULL, "key" text NOT NULL, "operation" text NOT NULL, "request_hash" character(64) NOT NULL, "result" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_59d7772f6e6ba424781dc60790b" PRIMARY KEY ("token_id", "key"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_7e9be864bd21cd6f061f74d9cf" ON "idempotency_record"  ("created_at") ',
    );
    await queryRunner.query('CREATE TYPE "public"."token_kind" AS ENUM(\'API_KEY\', \'JWT\')');
    await queryRunner.query(
      'CREATE TABLE "api_token" ("id" SERIAL NOT NULL, "name" text NOT NULL, "role" "public"."actor_role" NOT NULL, "kind" "public"."token_kind" NOT NULL, "secret_hash" character(64), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "api_token_key_has_hash" CHECK (kind <> \'API_KEY\' OR secret_hash IS NOT NULL), CONSTRAINT "PK_d862311c568d175c26f41bc6f98" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "api_token_municipality" ("token_id" integer NOT NULL, "organisation_id" integer NOT NULL, CONSTRAINT "PK_b1aa830a033f89f777f1eec2a86" PRIMARY KEY ("token_id", "organisation_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_501db0792638e71dd78d926fe9" ON "api_token_municipality"  ("organisation_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "commitment_status_change" ("id" SERIAL NOT NULL, "commitment_id" integer NOT NULL, "from_status" "public"."commitment_status", "to_status" "public"."commitment_status" NOT NULL, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "changed_by" text NOT NULL, "reason" text, CONSTRAINT "PK_ee65d7ef70530e41932eddcf815" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "commitment_status_change_commitment_idx" ON "commitment_status_change"  ("commitment_id", "id") ',
    );
    await queryRunner.query('ALTER TABLE "project" ADD "deadline_override_reason" text');
    await queryRunner.query(
      'ALTER TABLE "cooperation_commitment" ADD "verified_at" TIMESTAMP WITH TIME ZONE',
    );
    await queryRunner.query('ALTER TABLE "cooperation_commitment" ADD "verified_by" text');
    await queryRunner.query(
      'ALTER TABLE "api_token_municipality" ADD CONSTRAINT "FK_6f90da0230385d17f740d956ee7" FOREIGN KEY ("token_id") REFERENCES "api_token"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "api_token_municipality" ADD CONSTRAINT "FK_501db0792638e71dd78d926fe97" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "commitment_status_change" ADD CONSTRAINT "FK_47bebdc797074501e4227715f00" FOREIGN KEY ("commitment_id") REFERENCES "cooperation_commitment"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    // Facts written through the API name this source; the audit trail says who and when.
    await queryRunner.query(
      `INSERT INTO source (key, title, publisher, note) VALUES ('api', 'Recorded through the kuntaverkko API', NULL, 'Entered by an administrator or a municipal coordinator; the audit trail records who and when.') ON CONFLICT (key) DO NOTHING`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM source WHERE key = 'api'`);
    await queryRunner.query(
      'ALTER TABLE "commitment_status_change" DROP CONSTRAINT "FK_47bebdc797074501e4227715f00"',
    );
    await queryRunner.query(
      'ALTER TABLE "api_token_municipality" DROP CONSTRAINT "FK_501db0792638e71dd78d926fe97"',
    );
    await queryRunner.query(
      'ALTER TABLE "api_token_municipality" DROP CONSTRAINT "FK_6f90da0230385d17f740d956ee7"',
    );
    await queryRunner.query('ALTER TABLE "cooperation_commitment" DROP COLUMN "verified_by"');
    await queryRunner.query('ALTER TABLE "cooperation_commitment" DROP COLUMN "verified_at"');
    await queryRunner.query('ALTER TABLE "project" DROP COLUMN "deadline_override_reason"');
    await queryRunner.query('DROP INDEX "public"."commitment_status_change_commitment_idx"');
    await queryRunner.query('DROP TABLE "commitment_status_change"');
    await queryRunner.query('DROP INDEX "public"."IDX_501db0792638e71dd78d926fe9"');
    await queryRunner.query('DROP TABLE "api_token_municipality"');
    await queryRunner.query('DROP TABLE "api_token"');
    await queryRunner.query('DROP TYPE "public"."token_kind"');
    await queryRunner.query('DROP INDEX "public"."IDX_7e9be864bd21cd6f061f74d9cf"');
    await queryRunner.query('DROP TABLE "idempotency_record"');
    await queryRunner.query('DROP INDEX "public"."audit_event_entity_idx"');
    await queryRunner.query('DROP INDEX "public"."audit_event_actor_idx"');
    await queryRunner.query('DROP TABLE "audit_event"');
    await queryRunner.query('DROP TYPE "public"."actor_role"');
  }
}
