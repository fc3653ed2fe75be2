import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The scoring rule grows from three columns into a declared rule document (src/scoring/rule.ts).
 * Step one: add the columns as nullable and fill them from the old ones; the next migration
 * makes them required and drops the old columns.
 */
export class EventRule1795340000000 implements MigrationInterface {
  name = 'EventRule1795340000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "event" ADD "rule" jsonb`);
    await queryRunner.query(`ALTER TABLE "event" ADD "standings" jsonb`);
    await queryRunner.query(`
      UPDATE "event" SET
        "rule" = jsonb_build_object(
          'aggregation', CASE WHEN "aggregation" = 'mean' OR "trim_k" = 0 THEN jsonb_build_object('method', 'mean')
                              ELSE jsonb_build_object('method', 'trimmed_mean', 'trim', "trim_k") END,
          'normalise', false,
          'minJudges', 1,
          'tooFewToTrim', 'untrimmed',
          'rounding', jsonb_build_object('decimals', "decimals", 'mode', 'half_up'),
          'rankOn', 'rounded',
          'ranking', 'competition',
          'tieBreak', '[]'::jsonb),
        "standings" = jsonb_build_object(
          'method', 'total', 'normalise', false, 'points', '[]'::jsonb,
          'rounding', jsonb_build_object('decimals', "decimals", 'mode', 'half_up'), 'ranking', 'competition')`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "event" DROP COLUMN "standings"`);
    await queryRunner.query(`ALTER TABLE "event" DROP COLUMN "rule"`);
  }
}
