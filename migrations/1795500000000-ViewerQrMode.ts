import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The big screens can show a QR code that opens the remote viewer page (screen mode viewer_qr).
 * Written by hand: TypeORM's generator compares checks by name, not by what they allow.
 */
export class ViewerQrMode1795500000000 implements MigrationInterface {
  name = 'ViewerQrMode1795500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "event" DROP CONSTRAINT "ck_event_screen_mode"`);
    await queryRunner.query(
      `ALTER TABLE "event" ADD CONSTRAINT "ck_event_screen_mode" CHECK (screen_mode IN ('stage', 'round_board', 'standings', 'viewer_qr'))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Screens showing the QR code go back to the stage, which the old check allows.
    await queryRunner.query(`UPDATE "event" SET screen_mode = 'stage' WHERE screen_mode = 'viewer_qr'`);
    await queryRunner.query(`ALTER TABLE "event" DROP CONSTRAINT "ck_event_screen_mode"`);
    await queryRunner.query(
      `ALTER TABLE "event" ADD CONSTRAINT "ck_event_screen_mode" CHECK (screen_mode IN ('stage', 'round_board', 'standings'))`,
    );
  }
}
