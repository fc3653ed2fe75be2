import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whether an organizer's entry was made after its talk's result was published: decided inside the
 * entry's own transaction, which holds the event's lock, so it never depends on comparing the
 * app's clock with the database's. Entries stored before are classed by their times, once.
 */
export class ScoreAfterReveal1795450000000 implements MigrationInterface {
  name = 'ScoreAfterReveal1795450000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "score" ADD "after_reveal" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`
      UPDATE "score" s SET "after_reveal" = true
        FROM "presentation" p
       WHERE p.id = s.presentation_id AND s.source = 'organizer' AND p.revealed_at IS NOT NULL AND s.created_at > p.revealed_at`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "score" DROP COLUMN "after_reveal"`);
  }
}
