import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What the big screens show, switched by the organizer. A default makes it safe in one step. */
export class ScreenMode1795350000000 implements MigrationInterface {
  name = 'ScreenMode1795350000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "event" ADD "screen_mode" character varying(16) NOT NULL DEFAULT 'stage'`);
    await queryRunner.query(
      `ALTER TABLE "event" ADD CONSTRAINT "ck_event_screen_mode" CHECK (screen_mode IN ('stage', 'round_board', 'standings'))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "event" DROP CONSTRAINT "ck_event_screen_mode"`);
    await queryRunner.query(`ALTER TABLE "event" DROP COLUMN "screen_mode"`);
  }
}
