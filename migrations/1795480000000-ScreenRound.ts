import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The topic whose board the big screens show in round-board mode, when the organizer chose one
 * (topic 1's board while topic 2 runs). Empty: the current topic's, as before.
 */
export class ScreenRound1795480000000 implements MigrationInterface {
  name = 'ScreenRound1795480000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "event" ADD "screen_round_id" uuid`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "event" DROP COLUMN "screen_round_id"`);
  }
}
