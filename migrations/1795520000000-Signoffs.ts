import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The tables this migration adds to the audit log (their rows are chained under their event). */
const AUDITED = ['signer', 'signoff'];

/**
 * Sign-offs before a reveal (计分员, 复核员, 监督员): which roles an event's reveals wait for, the
 * signers with their secret links (kept apart for showing again, like judge links, and not audited
 * for the same reason), and the sign-offs themselves, append-only in practice and audited.
 */
export class Signoffs1795520000000 implements MigrationInterface {
  name = 'Signoffs1795520000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "event" ADD "required_signoffs" character varying(16) array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(
      `ALTER TABLE "event" ADD CONSTRAINT "ck_event_required_signoffs" CHECK (required_signoffs <@ ARRAY['scorer', 'reviewer', 'supervisor']::varchar[])`,
    );
    await queryRunner.query(
      `CREATE TABLE "signer" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "role" character varying(16) NOT NULL, "display_name" character varying(100) NOT NULL, "link_hash" character(64), "link_issued_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_signer_link_hash" UNIQUE ("link_hash"), CONSTRAINT "ck_signer_role" CHECK (role IN ('scorer', 'reviewer', 'supervisor')), CONSTRAINT "PK_07c56344c848a4910c80dbe0eca" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "signer" ADD CONSTRAINT "FK_9c8c9153842ff4b1833bb613b5d" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE TABLE "signer_link" ("signer_id" uuid NOT NULL, "token" character varying(64) NOT NULL, CONSTRAINT "pk_signer_link" PRIMARY KEY ("signer_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "signer_link" ADD CONSTRAINT "fk_signer_link_signer" FOREIGN KEY ("signer_id") REFERENCES "signer"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE TABLE "signoff" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "presentation_id" uuid NOT NULL, "signer_id" uuid NOT NULL, "role" character varying(16) NOT NULL, "verdict" character varying(8) NOT NULL, "reason" text, "digest" character(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_signoff_objection_reason" CHECK (verdict = 'confirm' OR reason IS NOT NULL), CONSTRAINT "ck_signoff_verdict" CHECK (verdict IN ('confirm', 'object')), CONSTRAINT "ck_signoff_role" CHECK (role IN ('scorer', 'reviewer', 'supervisor')), CONSTRAINT "PK_18b22a8a3fc4a7857616705c29c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_signoff_presentation" ON "signoff" ("presentation_id") `);
    await queryRunner.query(
      `ALTER TABLE "signoff" ADD CONSTRAINT "FK_48f7d930aef8747370969ed6196" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "signoff" ADD CONSTRAINT "fk_signoff_presentation" FOREIGN KEY ("presentation_id") REFERENCES "presentation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "signoff" ADD CONSTRAINT "fk_signoff_signer" FOREIGN KEY ("signer_id") REFERENCES "signer"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    for (const table of AUDITED) {
      await queryRunner.query(
        `CREATE TRIGGER "audit_${table}" AFTER INSERT OR UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION podium_audit()`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of AUDITED) await queryRunner.query(`DROP TRIGGER "audit_${table}" ON "${table}"`);
    await queryRunner.query(`DROP TABLE "signoff"`);
    await queryRunner.query(`DROP TABLE "signer_link"`);
    await queryRunner.query(`DROP TABLE "signer"`);
    await queryRunner.query(`ALTER TABLE "event" DROP CONSTRAINT "ck_event_required_signoffs"`);
    await queryRunner.query(`ALTER TABLE "event" DROP COLUMN "required_signoffs"`);
  }
}
