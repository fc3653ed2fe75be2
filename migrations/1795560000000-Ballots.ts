import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The new tables whose every change the audit trigger records, in their event's chain (each has event_id). */
const AUDITED = ['poll', 'ballot_code'];

/** The audit trigger's body (as AuditTriggerInline left it), with the columns it leaves out of the log. */
function auditTrigger(schema: string, secrets: string[]): string {
  const strip = secrets.map((c) => ` - '${c}'`).join('');
  return `
      CREATE OR REPLACE FUNCTION podium_audit() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
      SET search_path = pg_catalog, pg_temp AS $$
      DECLARE
        -- Secrets never enter the log, not even hashed.
        v_before jsonb := CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE to_jsonb(OLD)${strip} END;
        v_after jsonb := CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE to_jsonb(NEW)${strip} END;
        v_row jsonb := coalesce(v_after, v_before);
        v_chain text;
        v_prev record;
        v_payload jsonb;
        v_prev_hash text;
        v_seq bigint;
      BEGIN
        v_chain := CASE TG_TABLE_NAME
          WHEN 'event' THEN v_row->>'id'
          WHEN 'organizer' THEN 'global'
          WHEN 'score' THEN (SELECT p.event_id::text FROM ${schema}.presentation p WHERE p.id = (v_row->>'presentation_id')::uuid)
          WHEN 'score_value' THEN (SELECT p.event_id::text FROM ${schema}.score s JOIN ${schema}.presentation p ON p.id = s.presentation_id WHERE s.id = (v_row->>'score_id')::uuid)
          ELSE v_row->>'event_id' END;
        v_chain := coalesce(v_chain, 'global');
        -- One writer per chain at a time, so the chain never forks.
        PERFORM pg_advisory_xact_lock(hashtext('podium_audit:' || v_chain));
        SELECT seq, hash INTO v_prev FROM ${schema}.audit_log WHERE chain = v_chain ORDER BY seq DESC LIMIT 1;
        v_seq := coalesce(v_prev.seq, 0) + 1;
        v_prev_hash := coalesce(v_prev.hash, repeat('0', 64));
        v_payload := jsonb_build_object(
          'chain', v_chain, 'seq', v_seq, 'at', clock_timestamp(),
          'actor', coalesce(nullif(current_setting('podium.actor', true), ''), 'database:' || session_user),
          'connection', coalesce(current_setting('podium.connection', true), ''),
          'table', TG_TABLE_NAME, 'operation', TG_OP, 'row', ${schema}.podium_audit_row_key(TG_TABLE_NAME, v_row),
          'before', v_before, 'after', v_after);
        INSERT INTO ${schema}.audit_log (chain, seq, payload, prev_hash, hash)
        VALUES (v_chain, v_seq, v_payload, v_prev_hash, encode(sha256(convert_to(v_prev_hash || v_payload::text, 'UTF8')), 'hex'));
        RETURN NULL;
      END $$`;
}

/**
 * Attendee ballots (满意度测评, docs/ballots.md): the event's evaluation card, the printed ballot
 * codes (only their SHA-256, never the code), the polls, and the ballots. Polls and codes are
 * audited (the trigger now leaves code_hash out, as it does link_hash); ballots are not: the log
 * keeps every image for good, and a ballot's key to its code must be gone once its poll closes.
 * No ballot column refers to a code.
 */
export class Ballots1795560000000 implements MigrationInterface {
  name = 'Ballots1795560000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const [{ schema }] = (await queryRunner.query(`SELECT quote_ident(current_schema()) AS schema`)) as { schema: string }[];
    await queryRunner.query(auditTrigger(schema, ['password_hash', 'link_hash', 'code_hash']));
    await queryRunner.query(`ALTER TABLE "event" ADD "ballot_card" jsonb`);
    await queryRunner.query(
      `CREATE TABLE "poll" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "round_id" uuid NOT NULL, "presentation_id" uuid, "state" character varying(8) NOT NULL DEFAULT 'open', "display" character varying(8) NOT NULL DEFAULT 'turnout', "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL, "closed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_poll_display" CHECK (display IN ('hidden', 'turnout', 'result')), CONSTRAINT "ck_poll_state" CHECK (state IN ('open', 'closed')), CONSTRAINT "PK_03b5cf19a7f562b231c3458527e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_poll_round" ON "poll"  ("round_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_poll_open_per_event" ON "poll"  ("event_id") WHERE state = 'open'`);
    await queryRunner.query(
      `CREATE TABLE "ballot" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "poll_id" uuid NOT NULL, "hall" character varying(50) NOT NULL, "voter_key" character(64), "idempotency_key" uuid, "earlier_keys" uuid array NOT NULL DEFAULT '{}', "values" numeric array NOT NULL, "total" numeric NOT NULL, "revision" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_ballot_poll_voter" UNIQUE ("poll_id", "voter_key"), CONSTRAINT "ck_ballot_revision" CHECK (revision >= 1), CONSTRAINT "PK_20adac0e902c60e62fcb6f4cf9c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "ballot_code" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "hall" character varying(50) NOT NULL, "number" integer NOT NULL, "code_hash" character(64) NOT NULL, "voided_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_ballot_code_event_hall_number" UNIQUE ("event_id", "hall", "number"), CONSTRAINT "uq_ballot_code_hash" UNIQUE ("code_hash"), CONSTRAINT "PK_3b0985dc0fa9567f43865105587" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "poll" ADD CONSTRAINT "FK_460d132efa38f48ebe1ff791113" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "poll" ADD CONSTRAINT "fk_poll_round" FOREIGN KEY ("round_id") REFERENCES "round"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "poll" ADD CONSTRAINT "fk_poll_presentation" FOREIGN KEY ("presentation_id") REFERENCES "presentation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ballot" ADD CONSTRAINT "fk_ballot_poll" FOREIGN KEY ("poll_id") REFERENCES "poll"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ballot_code" ADD CONSTRAINT "FK_b81974a8cb233d5eaa998241f78" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    for (const table of AUDITED) {
      await queryRunner.query(
        `CREATE TRIGGER "audit_${table}" AFTER INSERT OR UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION podium_audit()`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    const [{ schema }] = (await queryRunner.query(`SELECT quote_ident(current_schema()) AS schema`)) as { schema: string }[];
    for (const table of AUDITED) await queryRunner.query(`DROP TRIGGER "audit_${table}" ON "${table}"`);
    await queryRunner.query(`ALTER TABLE "ballot_code" DROP CONSTRAINT "FK_b81974a8cb233d5eaa998241f78"`);
    await queryRunner.query(`ALTER TABLE "ballot" DROP CONSTRAINT "fk_ballot_poll"`);
    await queryRunner.query(`ALTER TABLE "poll" DROP CONSTRAINT "fk_poll_presentation"`);
    await queryRunner.query(`ALTER TABLE "poll" DROP CONSTRAINT "fk_poll_round"`);
    await queryRunner.query(`ALTER TABLE "poll" DROP CONSTRAINT "FK_460d132efa38f48ebe1ff791113"`);
    await queryRunner.query(`DROP TABLE "ballot_code"`);
    await queryRunner.query(`DROP TABLE "ballot"`);
    await queryRunner.query(`DROP INDEX "public"."uq_poll_open_per_event"`);
    await queryRunner.query(`DROP INDEX "public"."ix_poll_round"`);
    await queryRunner.query(`DROP TABLE "poll"`);
    await queryRunner.query(`ALTER TABLE "event" DROP COLUMN "ballot_card"`);
    await queryRunner.query(auditTrigger(schema, ['password_hash', 'link_hash']));
  }
}
