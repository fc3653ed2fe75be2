import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The seed of each round's speaking-order draw, so the draw can be redone by anyone. */
export class DrawSeed1795370000000 implements MigrationInterface {
  name = 'DrawSeed1795370000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "round" ADD "draw_seed" bigint`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "round" DROP COLUMN "draw_seed"`);
  }
}
