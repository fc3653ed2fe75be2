import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The red and grey board of a series (红灰榜): kept on the event whose screens show it
 * (series_board), and a screen mode to show it (red_grey_board). The check is written by hand:
 * TypeORM's generator compares checks by name, not by what they allow.
 */
export class SeriesBoard1795540000000 implements MigrationInterface {
  name = 'SeriesBoard1795540000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "event" ADD "series_board" jsonb`);
    await queryRunner.query(`ALTER TABLE "event" DROP CONSTRAINT "ck_event_screen_mode"`);
    await queryRunner.query(
      `ALTER TABLE "event" ADD CONSTRAINT "ck_event_screen_mode" CHECK (screen_mode IN ('stage', 'round_board', 'standings', 'viewer_qr', 'red_grey_board'))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Screens showing the board go back to the stage, which the old check allows.
    await queryRunner.query(`UPDATE "event" SET screen_mode = 'stage' WHERE screen_mode = 'red_grey_board'`);
    await queryRunner.query(`ALTER TABLE "event" DROP CONSTRAINT "ck_event_screen_mode"`);
    await queryRunner.query(
      `ALTER TABLE "event" ADD CONSTRAINT "ck_event_screen_mode" CHECK (screen_mode IN ('stage', 'round_board', 'standings', 'viewer_qr'))`,
    );
    await queryRunner.query(`ALTER TABLE "event" DROP COLUMN "series_board"`);
  }
}
