import type { MigrationInterface, QueryRunner } from 'typeorm';

const AUDITED = ['event', 'judge_group', 'criterion', 'round', 'presenter', 'presentation', 'judge', 'score', 'score_value', 'organizer'];

/**
 * An append-only audit log written by the database itself, so no change can bypass it: every
 * insert, update and delete of the audited tables, with the actor and connection the app declares
 * for its transaction, before and after. Records form one hash chain per event (and one global
 * chain for accounts): each holds the SHA-256 of the previous hash and its own payload, so
 * `npx podium audit verify` finds the first record altered or removed.
 */
export class AuditLog1795390000000 implements MigrationInterface {
  name = 'AuditLog1795390000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "audit_log" (
        "id" bigserial PRIMARY KEY,
        "chain" text NOT NULL,
        "seq" bigint NOT NULL,
        "payload" jsonb NOT NULL,
        "prev_hash" char(64) NOT NULL,
        "hash" char(64) NOT NULL,
        CONSTRAINT "uq_audit_log_chain_seq" UNIQUE ("chain", "seq")
      )`);
    await queryRunner.query(`
      CREATE FUNCTION podium_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        v_before jsonb := CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE to_jsonb(OLD) END;
        v_after jsonb := CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE to_jsonb(NEW) END;
        v_row jsonb := coalesce(v_after, v_before);
        v_chain text;
        v_prev record;
        v_payload jsonb;
        v_prev_hash text;
        v_seq bigint;
      BEGIN
        -- Secrets never enter the log, not even hashed.
        v_before := v_before - 'password_hash' - 'link_hash';
        v_after := v_after - 'password_hash' - 'link_hash';
        v_chain := CASE TG_TABLE_NAME
          WHEN 'event' THEN v_row->>'id'
          WHEN 'organizer' THEN 'global'
          WHEN 'score' THEN (SELECT p.event_id::text FROM presentation p WHERE p.id = (v_row->>'presentation_id')::uuid)
          WHEN 'score_value' THEN (SELECT p.event_id::text FROM score s JOIN presentation p ON p.id = s.presentation_id WHERE s.id = (v_row->>'score_id')::uuid)
          ELSE v_row->>'event_id' END;
        v_chain := coalesce(v_chain, 'global');
        -- One writer per chain at a time, so the chain never forks.
        PERFORM pg_advisory_xact_lock(hashtext('podium_audit:' || v_chain));
        SELECT seq, hash INTO v_prev FROM audit_log WHERE chain = v_chain ORDER BY seq DESC LIMIT 1;
        v_seq := coalesce(v_prev.seq, 0) + 1;
        v_prev_hash := coalesce(v_prev.hash, repeat('0', 64));
        v_payload := jsonb_build_object(
          'chain', v_chain, 'seq', v_seq, 'at', clock_timestamp(),
          'actor', coalesce(current_setting('podium.actor', true), 'database'),
          'connection', coalesce(current_setting('podium.connection', true), ''),
          'table', TG_TABLE_NAME, 'operation', TG_OP, 'row', v_row->>'id',
          'before', v_before, 'after', v_after);
        INSERT INTO audit_log (chain, seq, payload, prev_hash, hash)
        VALUES (v_chain, v_seq, v_payload, v_prev_hash, encode(sha256(convert_to(v_prev_hash || v_payload::text, 'UTF8')), 'hex'));
        RETURN NULL;
      END $$`);
    for (const table of AUDITED) {
      await queryRunner.query(
        `CREATE TRIGGER "audit_${table}" AFTER INSERT OR UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION podium_audit()`,
      );
    }
    await queryRunner.query(`
      CREATE FUNCTION podium_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the audit log is append-only';
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "audit_log_append_only" BEFORE UPDATE OR DELETE ON "audit_log" FOR EACH ROW EXECUTE FUNCTION podium_audit_append_only()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "audit_log_append_only" ON "audit_log"`);
    await queryRunner.query(`DROP FUNCTION podium_audit_append_only()`);
    for (const table of AUDITED) await queryRunner.query(`DROP TRIGGER "audit_${table}" ON "${table}"`);
    await queryRunner.query(`DROP FUNCTION podium_audit()`);
    await queryRunner.query(`DROP TABLE "audit_log"`);
  }
}
