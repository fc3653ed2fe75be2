import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A round is a topic of the contest or a calibration round (试评) that never counts and is never published. */
export class CalibrationRound1795550000000 implements MigrationInterface {
  name = 'CalibrationRound1795550000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "round" ADD "kind" character varying(16) NOT NULL DEFAULT 'contest'`);
    await queryRunner.query(`ALTER TABLE "round" ADD CONSTRAINT "ck_round_kind" CHECK (kind IN ('contest', 'calibration'))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "round" DROP CONSTRAINT "ck_round_kind"`);
    await queryRunner.query(`ALTER TABLE "round" DROP COLUMN "kind"`);
  }
}
