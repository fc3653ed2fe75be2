import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Judge links that no longer work, by hash, with why (replaced by a new link, or revoked): a
 * tablet still holding one is told which, instead of "invalid". Not audited: it holds only hashes,
 * and the judge row's own audit records every change of link.
 */
export class RetiredJudgeLinks1795470000000 implements MigrationInterface {
  name = 'RetiredJudgeLinks1795470000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "retired_judge_link" ("link_hash" character(64) NOT NULL, "judge_id" uuid NOT NULL, "reason" character varying(16) NOT NULL, "retired_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_retired_judge_link_reason" CHECK (reason IN ('reissued', 'revoked')), CONSTRAINT "pk_retired_judge_link" PRIMARY KEY ("link_hash"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "retired_judge_link" ADD CONSTRAINT "fk_retired_judge_link_judge" FOREIGN KEY ("judge_id") REFERENCES "judge"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "retired_judge_link" DROP CONSTRAINT "fk_retired_judge_link_judge"`);
    await queryRunner.query(`DROP TABLE "retired_judge_link"`);
  }
}
