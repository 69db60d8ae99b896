import { MigrationInterface, QueryRunner } from 'typeorm';

/** The outbox of change messages for live updates (see src/live/change-feed.ts). */
export class ChangeOutbox1795839378455 implements MigrationInterface {
  name = 'ChangeOutbox1795839378455';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "change_outbox" ("id" BIGSERIAL NOT NULL, "payload" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_04b6ad2932bba821443a10add9b" PRIMARY KEY ("id"))',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "change_outbox"');
  }
}
