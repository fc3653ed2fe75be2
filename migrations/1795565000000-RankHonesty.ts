import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rank honesty on an event's own boards (差异在评分误差内): the declared option (rank_honesty, null:
 * off) and its marks as last computed on a worker (tie_marks).
 */
export class RankHonesty1795565000000 implements MigrationInterface {
  name = 'RankHonesty1795565000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "event" ADD "rank_honesty" jsonb`);
    await queryRunner.query(`ALTER TABLE "event" ADD "tie_marks" jsonb`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "event" DROP COLUMN "tie_marks"`);
    await queryRunner.query(`ALTER TABLE "event" DROP COLUMN "rank_honesty"`);
  }
}
