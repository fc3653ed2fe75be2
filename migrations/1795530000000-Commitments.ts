import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The new tables whose every change the audit trigger records, in their event's chain (each has event_id). */
const AUDITED = ['commitment', 'commitment_update', 'unit_link'];

/**
 * Commitments followed up (承诺—落实): what a presenter committed to after a talk, each unit's
 * progress updates with evidence, and the units' secret links. Audited like the rest of an event;
 * unit_link_token (the secret itself, for reprinting) is not, as judge_link is not.
 */
export class Commitments1795530000000 implements MigrationInterface {
  name = 'Commitments1795530000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "commitment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "presentation_id" uuid NOT NULL, "unit" character varying(100) NOT NULL, "text" text NOT NULL, "owner" character varying(100) NOT NULL, "due_on" date NOT NULL, "created_by" character varying(80) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7a0899978d100f72269b3045d7e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_commitment_presentation" ON "commitment"  ("presentation_id") `);
    await queryRunner.query(`CREATE INDEX "ix_commitment_unit" ON "commitment"  ("unit") `);
    await queryRunner.query(`CREATE INDEX "ix_commitment_event_unit" ON "commitment"  ("event_id", "unit") `);
    await queryRunner.query(
      `CREATE TABLE "commitment_update" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "commitment_id" uuid NOT NULL, "status" character varying(16) NOT NULL, "progress" text NOT NULL, "evidence" text NOT NULL DEFAULT '', "reported_on" date NOT NULL, "created_by" character varying(80) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_commitment_update_status" CHECK (status IN ('in_progress', 'done')), CONSTRAINT "PK_d790904ec3d9d23f4e1cf599638" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_commitment_update_commitment" ON "commitment_update"  ("commitment_id") `);
    await queryRunner.query(
      `CREATE TABLE "unit_link" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "unit" character varying(100) NOT NULL, "link_hash" character(64), "link_issued_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_unit_link_event_unit" UNIQUE ("event_id", "unit"), CONSTRAINT "PK_0a02794d0726422fa622fbef5ba" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_unit_link_hash" ON "unit_link"  ("link_hash") `);
    await queryRunner.query(
      `CREATE TABLE "unit_link_token" ("unit_link_id" uuid NOT NULL, "token" character varying(64) NOT NULL, CONSTRAINT "pk_unit_link_token" PRIMARY KEY ("unit_link_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "commitment" ADD CONSTRAINT "FK_992832250483e0dae9fa45813aa" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "commitment" ADD CONSTRAINT "fk_commitment_presentation" FOREIGN KEY ("presentation_id") REFERENCES "presentation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "commitment_update" ADD CONSTRAINT "FK_0ee97699c3072cd34c257cb3599" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "commitment_update" ADD CONSTRAINT "fk_commitment_update_commitment" FOREIGN KEY ("commitment_id") REFERENCES "commitment"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "unit_link" ADD CONSTRAINT "FK_5af15626a07eec98030bc7cc8fe" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "unit_link_token" ADD CONSTRAINT "fk_unit_link_token_unit_link" FOREIGN KEY ("unit_link_id") REFERENCES "unit_link"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    for (const table of AUDITED) {
      await queryRunner.query(
        `CREATE TRIGGER "audit_${table}" AFTER INSERT OR UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION podium_audit()`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of AUDITED) await queryRunner.query(`DROP TRIGGER "audit_${table}" ON "${table}"`);
    await queryRunner.query(`ALTER TABLE "unit_link_token" DROP CONSTRAINT "fk_unit_link_token_unit_link"`);
    await queryRunner.query(`ALTER TABLE "unit_link" DROP CONSTRAINT "FK_5af15626a07eec98030bc7cc8fe"`);
    await queryRunner.query(`ALTER TABLE "commitment_update" DROP CONSTRAINT "fk_commitment_update_commitment"`);
    await queryRunner.query(`ALTER TABLE "commitment_update" DROP CONSTRAINT "FK_0ee97699c3072cd34c257cb3599"`);
    await queryRunner.query(`ALTER TABLE "commitment" DROP CONSTRAINT "fk_commitment_presentation"`);
    await queryRunner.query(`ALTER TABLE "commitment" DROP CONSTRAINT "FK_992832250483e0dae9fa45813aa"`);
    await queryRunner.query(`DROP TABLE "unit_link_token"`);
    await queryRunner.query(`DROP INDEX "public"."ix_unit_link_hash"`);
    await queryRunner.query(`DROP TABLE "unit_link"`);
    await queryRunner.query(`DROP INDEX "public"."ix_commitment_update_commitment"`);
    await queryRunner.query(`DROP TABLE "commitment_update"`);
    await queryRunner.query(`DROP INDEX "public"."ix_commitment_event_unit"`);
    await queryRunner.query(`DROP INDEX "public"."ix_commitment_unit"`);
    await queryRunner.query(`DROP INDEX "public"."ix_commitment_presentation"`);
    await queryRunner.query(`DROP TABLE "commitment"`);
  }
}
