import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A judge group can be the audience (大众评委): no judges; the attendees' ballots on a talk of a hall, or of every hall, are its value. */
export class AudienceGroup1795570000000 implements MigrationInterface {
  name = 'AudienceGroup1795570000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "judge_group" ADD "audience" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "judge_group" ADD "audience_hall" character varying(50)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "judge_group" DROP COLUMN "audience_hall"`);
    await queryRunner.query(`ALTER TABLE "judge_group" DROP COLUMN "audience"`);
  }
}
