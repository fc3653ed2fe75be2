import type { MigrationInterface, QueryRunner } from 'typeorm';

/** An admin can disable an organizer account: when, or NULL while it may sign in. Additive. */
export class OrganizerDisabled1795430000000 implements MigrationInterface {
  name = 'OrganizerDisabled1795430000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "organizer" ADD "disabled_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "organizer" DROP COLUMN "disabled_at"`);
  }
}
