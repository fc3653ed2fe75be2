import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Step two of the rule document: required, and the three old columns go. */
export class EventRuleRequired1795340000001 implements MigrationInterface {
  name = 'EventRuleRequired1795340000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "event" ALTER COLUMN "rule" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "event" ALTER COLUMN "standings" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "event" DROP CONSTRAINT "ck_event_aggregation"`);
    await queryRunner.query(`ALTER TABLE "event" DROP CONSTRAINT "ck_event_trim_k"`);
    await queryRunner.query(`ALTER TABLE "event" DROP COLUMN "aggregation"`);
    await queryRunner.query(`ALTER TABLE "event" DROP COLUMN "trim_k"`);
    await queryRunner.query(`ALTER TABLE "event" DROP COLUMN "decimals"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "event" ADD "decimals" integer NOT NULL DEFAULT '2'`);
    await queryRunner.query(`ALTER TABLE "event" ADD "trim_k" integer NOT NULL DEFAULT '1'`);
    await queryRunner.query(`ALTER TABLE "event" ADD "aggregation" character varying(32) NOT NULL DEFAULT 'trimmed_mean'`);
    await queryRunner.query(`ALTER TABLE "event" ADD CONSTRAINT "ck_event_trim_k" CHECK (trim_k >= 0)`);
    await queryRunner.query(`ALTER TABLE "event" ADD CONSTRAINT "ck_event_aggregation" CHECK (aggregation IN ('mean', 'trimmed_mean'))`);
    await queryRunner.query(`ALTER TABLE "event" ALTER COLUMN "standings" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "event" ALTER COLUMN "rule" DROP NOT NULL`);
  }
}
