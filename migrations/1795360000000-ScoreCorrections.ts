import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Organizer corrections (override, void) as new score revisions with who and why; additive with defaults. */
export class ScoreCorrections1795360000000 implements MigrationInterface {
  name = 'ScoreCorrections1795360000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "score" ADD "source" character varying(16) NOT NULL DEFAULT 'judge'`);
    await queryRunner.query(`ALTER TABLE "score" ADD "reason" text`);
    await queryRunner.query(`ALTER TABLE "score" ADD "voided" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "score" ADD "organizer_id" uuid`);
    await queryRunner.query(`ALTER TABLE "score" ADD CONSTRAINT "ck_score_source" CHECK (source IN ('judge', 'organizer'))`);
    await queryRunner.query(
      `ALTER TABLE "score" ADD CONSTRAINT "ck_score_organizer_reason" CHECK (source = 'judge' OR (reason IS NOT NULL AND organizer_id IS NOT NULL))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "score" DROP CONSTRAINT "ck_score_organizer_reason"`);
    await queryRunner.query(`ALTER TABLE "score" DROP CONSTRAINT "ck_score_source"`);
    await queryRunner.query(`ALTER TABLE "score" DROP COLUMN "organizer_id"`);
    await queryRunner.query(`ALTER TABLE "score" DROP COLUMN "voided"`);
    await queryRunner.query(`ALTER TABLE "score" DROP COLUMN "reason"`);
    await queryRunner.query(`ALTER TABLE "score" DROP COLUMN "source"`);
  }
}
