import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Failed sign-ins per organizer and the lock they lead to; additive with defaults. */
export class LoginLockout1795380000000 implements MigrationInterface {
  name = 'LoginLockout1795380000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "organizer" ADD "failed_logins" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "organizer" ADD "locked_until" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "organizer" DROP COLUMN "locked_until"`);
    await queryRunner.query(`ALTER TABLE "organizer" DROP COLUMN "failed_logins"`);
  }
}
