import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A talk can be closed with no result (无成绩), always with the organizer's reason. */
export class NoResult1795400000000 implements MigrationInterface {
  name = 'NoResult1795400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "presentation" ADD "no_result_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "presentation" ADD "no_result_reason" text`);
    await queryRunner.query(`ALTER TABLE "presentation" DROP CONSTRAINT "ck_presentation_state"`);
    await queryRunner.query(
      `ALTER TABLE "presentation" ADD CONSTRAINT "ck_presentation_state" CHECK (state IN ('pending', 'on_stage', 'scoring_open', 'scoring_closed', 'revealed', 'no_result'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "presentation" ADD CONSTRAINT "ck_presentation_no_result_reason" CHECK (state <> 'no_result' OR no_result_reason IS NOT NULL)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "presentation" DROP CONSTRAINT "ck_presentation_no_result_reason"`);
    await queryRunner.query(`ALTER TABLE "presentation" DROP CONSTRAINT "ck_presentation_state"`);
    await queryRunner.query(
      `ALTER TABLE "presentation" ADD CONSTRAINT "ck_presentation_state" CHECK (state IN ('pending', 'on_stage', 'scoring_open', 'scoring_closed', 'revealed'))`,
    );
    await queryRunner.query(`ALTER TABLE "presentation" DROP COLUMN "no_result_reason"`);
    await queryRunner.query(`ALTER TABLE "presentation" DROP COLUMN "no_result_at"`);
  }
}
