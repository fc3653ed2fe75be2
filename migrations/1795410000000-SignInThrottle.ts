import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Failed sign-ins counted per name and address instead of per account: guessing can no longer
 * lock an organizer out. The per-account lock's columns go.
 */
export class SignInThrottle1795410000000 implements MigrationInterface {
  name = 'SignInThrottle1795410000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sign_in_throttle" ("username" character varying(64) NOT NULL, "address" character varying(64) NOT NULL, "failures" integer NOT NULL, "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_sign_in_throttle" PRIMARY KEY ("username", "address"))`,
    );
    await queryRunner.query(`ALTER TABLE "organizer" DROP COLUMN "failed_logins"`);
    await queryRunner.query(`ALTER TABLE "organizer" DROP COLUMN "locked_until"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "organizer" ADD "locked_until" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "organizer" ADD "failed_logins" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`DROP TABLE "sign_in_throttle"`);
  }
}
