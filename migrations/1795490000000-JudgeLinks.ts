import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Judges' current links, kept so the QR sheet can be printed again without re-issuing (which
 * would cut off tablets in use). Not audited: the judge row's audit records each change of link by
 * hash, and a link must never reach the audit trail. Links issued before this migration are not
 * known (only their hashes are): those judges need one re-issue to be reprintable.
 */
export class JudgeLinks1795490000000 implements MigrationInterface {
  name = 'JudgeLinks1795490000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "judge_link" ("judge_id" uuid NOT NULL, "token" character varying(64) NOT NULL, CONSTRAINT "pk_judge_link" PRIMARY KEY ("judge_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "judge_link" ADD CONSTRAINT "fk_judge_link_judge" FOREIGN KEY ("judge_id") REFERENCES "judge"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "judge_link" DROP CONSTRAINT "fk_judge_link_judge"`);
    await queryRunner.query(`DROP TABLE "judge_link"`);
  }
}
