import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Every table whose changes the audit log records; sign_in_throttle adds failed sign-ins. */
const AUDITED_TABLES = [
  'event',
  'judge_group',
  'criterion',
  'round',
  'presenter',
  'presentation',
  'judge',
  'score',
  'score_value',
  'organizer',
  'sign_in_throttle',
] as const;

/**
 * The audit log against an insider. The app now connects as a role that owns nothing
 * (src/database/app-role.ts), so it can append to the log only through the audit trigger, which
 * runs as the database owner (SECURITY DEFINER, fixed search_path). Failed sign-ins are recorded
 * (sign_in_throttle, in the global chain). TRUNCATE of the log is refused like UPDATE and DELETE.
 * Each record names the row it describes by a key the verifier can recompute
 * (podium_audit_row_key), indexed, so `podium audit verify` can compare every current row with
 * its last record. Rows stored before the log existed get a BASELINE record, so that comparison
 * starts from an agreement. podium_app_role keeps the app role's password, readable by the owner
 * alone, so every instance started with the same DATABASE_URL agrees on it.
 */
export class AuditOwnerRole1795440000000 implements MigrationInterface {
  name = 'AuditOwnerRole1795440000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // The functions that run as the owner search nothing but pg_catalog: every object of Podium's is
    // named with its schema, so no function or operator created elsewhere can stand in for one.
    const [{ schema }] = (await queryRunner.query(`SELECT quote_ident(current_schema()) AS schema`)) as { schema: string }[];
    await queryRunner.query(`CREATE TABLE "podium_app_role" ("name" text PRIMARY KEY, "password" text NOT NULL)`);
    await queryRunner.query(`
      CREATE FUNCTION podium_audit_row_key(p_table text, p_row jsonb) RETURNS text LANGUAGE sql IMMUTABLE
      SET search_path = pg_catalog, pg_temp AS $$
        SELECT CASE p_table WHEN 'sign_in_throttle' THEN (p_row->>'username') || ' @ ' || (p_row->>'address') ELSE p_row->>'id' END
      $$`);
    // Appends one record to its chain. Only the owner may call it (the trigger below runs as the owner).
    await queryRunner.query(`
      CREATE FUNCTION podium_audit_append(p_table text, p_operation text, p_before jsonb, p_after jsonb) RETURNS void LANGUAGE plpgsql
      SET search_path = pg_catalog, pg_temp AS $$
      DECLARE
        -- Secrets never enter the log, not even hashed.
        v_before jsonb := p_before - 'password_hash' - 'link_hash';
        v_after jsonb := p_after - 'password_hash' - 'link_hash';
        v_row jsonb := coalesce(p_after, p_before);
        v_chain text;
        v_prev record;
        v_payload jsonb;
        v_prev_hash text;
        v_seq bigint;
      BEGIN
        v_chain := CASE p_table
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
          'table', p_table, 'operation', p_operation, 'row', ${schema}.podium_audit_row_key(p_table, v_row),
          'before', v_before, 'after', v_after);
        INSERT INTO ${schema}.audit_log (chain, seq, payload, prev_hash, hash)
        VALUES (v_chain, v_seq, v_payload, v_prev_hash, encode(sha256(convert_to(v_prev_hash || v_payload::text, 'UTF8')), 'hex'));
      END $$`);
    await queryRunner.query(`REVOKE ALL ON FUNCTION podium_audit_append(text, text, jsonb, jsonb) FROM PUBLIC`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION podium_audit() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
      SET search_path = pg_catalog, pg_temp AS $$
      BEGIN
        PERFORM ${schema}.podium_audit_append(TG_TABLE_NAME::text, TG_OP::text,
          CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE to_jsonb(OLD) END,
          CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE to_jsonb(NEW) END);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`REVOKE ALL ON FUNCTION podium_audit() FROM PUBLIC`);
    await queryRunner.query(
      `CREATE TRIGGER "audit_sign_in_throttle" AFTER INSERT OR UPDATE OR DELETE ON "sign_in_throttle" FOR EACH ROW EXECUTE FUNCTION podium_audit()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "audit_log" FOR EACH STATEMENT EXECUTE FUNCTION podium_audit_append_only()`,
    );
    await queryRunner.query(`CREATE INDEX "ix_audit_log_row" ON "audit_log" ((payload->>'table'), (payload->>'row'), "id")`);
    // Records of the first audit migration named sign-in rows by id, which they lack: none were
    // audited then, so every key already matches podium_audit_row_key.
    await queryRunner.query(`SELECT set_config('podium.actor', 'migration:${this.name}', true)`);
    for (const table of AUDITED_TABLES) {
      await queryRunner.query(
        `SELECT podium_audit_append('${table}', 'BASELINE', NULL, to_jsonb(t)) FROM "${table}" t
          WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.payload->>'table' = '${table}' AND a.payload->>'row' = podium_audit_row_key('${table}', to_jsonb(t)))`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_audit_log_row"`);
    await queryRunner.query(`DROP TABLE "podium_app_role"`);
    await queryRunner.query(`DROP TRIGGER "audit_log_no_truncate" ON "audit_log"`);
    await queryRunner.query(`DROP TRIGGER "audit_sign_in_throttle" ON "sign_in_throttle"`);
    // The trigger runs as the one who calls it again; the helpers stay (AuditLog's down drops the trigger function, then they are unused).
    await queryRunner.query(`ALTER FUNCTION podium_audit() SECURITY INVOKER RESET search_path`);
    await queryRunner.query(`GRANT EXECUTE ON FUNCTION podium_audit_append(text, text, jsonb, jsonb) TO PUBLIC`);
  }
}
