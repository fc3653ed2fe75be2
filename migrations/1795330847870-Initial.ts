import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795330847870 implements MigrationInterface {
  name = 'Initial1795330847870';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "organizer" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "username" character varying(64) NOT NULL, "display_name" character varying(100) NOT NULL, "password_hash" text NOT NULL, "role" character varying(16) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_organizer_username" UNIQUE ("username"), CONSTRAINT "ck_organizer_role" CHECK (role IN ('admin', 'organizer')), CONSTRAINT "PK_b59551a131f312443b992f90434" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "event" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(200) NOT NULL, "public_code" character varying(16) NOT NULL, "owner_id" uuid NOT NULL, "aggregation" character varying(32) NOT NULL DEFAULT 'trimmed_mean', "trim_k" integer NOT NULL DEFAULT '1', "decimals" integer NOT NULL DEFAULT '2', "default_time_limit_seconds" integer NOT NULL DEFAULT '300', "locked_at" TIMESTAMP WITH TIME ZONE, "version" bigint NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_event_public_code" UNIQUE ("public_code"), CONSTRAINT "ck_event_trim_k" CHECK (trim_k >= 0), CONSTRAINT "ck_event_aggregation" CHECK (aggregation IN ('mean', 'trimmed_mean')), CONSTRAINT "PK_30c2f3bbaf6d34a55f8ae6e4614" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_event_owner" ON "event"  ("owner_id") `);
    await queryRunner.query(
      `CREATE TABLE "criterion" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "position" integer NOT NULL, "name" character varying(100) NOT NULL, "min_score" numeric NOT NULL DEFAULT '0', "max_score" numeric NOT NULL, "step" numeric NOT NULL, "weight" numeric NOT NULL DEFAULT '1', CONSTRAINT "uq_criterion_event_position" UNIQUE ("event_id", "position"), CONSTRAINT "PK_a69d2ffbb1ef3ebea02d895e92f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "judge_group" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "name" character varying(100) NOT NULL, "weight" numeric NOT NULL DEFAULT '1', CONSTRAINT "uq_judge_group_event_name" UNIQUE ("event_id", "name"), CONSTRAINT "PK_5248fc493882866459f3ff610fa" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "judge" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "group_id" uuid, "display_name" character varying(100) NOT NULL, "seat_label" character varying(16) NOT NULL, "conflict_units" character varying array NOT NULL DEFAULT '{}', "link_hash" character(64), "link_issued_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_judge_link_hash" UNIQUE ("link_hash"), CONSTRAINT "uq_judge_event_seat" UNIQUE ("event_id", "seat_label"), CONSTRAINT "PK_e686dcaea5ac575a0a7fded3b46" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "organizer_session" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organizer_id" uuid NOT NULL, "token_hash" character(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_organizer_session_token_hash" UNIQUE ("token_hash"), CONSTRAINT "PK_7bbf3f9aadf7903c4281eecf555" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_organizer_session_organizer" ON "organizer_session"  ("organizer_id") `);
    await queryRunner.query(
      `CREATE TABLE "presenter" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "name" character varying(100) NOT NULL DEFAULT '', "title" character varying(100) NOT NULL, "unit" character varying(100) NOT NULL, CONSTRAINT "PK_3876ce28fcce3cf2002ac1cc6de" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "round" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "position" integer NOT NULL, "topic" character varying(200) NOT NULL, "lecturer" character varying(200) NOT NULL DEFAULT '', "status" character varying(16) NOT NULL DEFAULT 'pending', CONSTRAINT "uq_round_event_position" UNIQUE ("event_id", "position"), CONSTRAINT "ck_round_status" CHECK (status IN ('pending', 'live', 'done')), CONSTRAINT "PK_34bd959f3f4a90eb86e4ae24d2d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "presentation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "round_id" uuid NOT NULL, "presenter_id" uuid NOT NULL, "position" integer NOT NULL, "time_limit_seconds" integer NOT NULL, "state" character varying(16) NOT NULL DEFAULT 'pending', "on_stage_at" TIMESTAMP WITH TIME ZONE, "scoring_opened_at" TIMESTAMP WITH TIME ZONE, "scoring_closed_at" TIMESTAMP WITH TIME ZONE, "revealed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "uq_presentation_round_presenter" UNIQUE ("round_id", "presenter_id"), CONSTRAINT "ck_presentation_state" CHECK (state IN ('pending', 'on_stage', 'scoring_open', 'scoring_closed', 'revealed')), CONSTRAINT "PK_b3d0364e16cd51d8196a13c528d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_presentation_event" ON "presentation"  ("event_id") `);
    await queryRunner.query(
      `CREATE TABLE "score_value" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "score_id" uuid NOT NULL, "criterion_id" uuid NOT NULL, "value" numeric NOT NULL, CONSTRAINT "uq_score_value_score_criterion" UNIQUE ("score_id", "criterion_id"), CONSTRAINT "PK_2bf62a784c7f693165fd9989e44" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "score" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "presentation_id" uuid NOT NULL, "judge_id" uuid NOT NULL, "revision" integer NOT NULL, "idempotency_key" uuid NOT NULL, "total" numeric NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_score_presentation_judge_revision" UNIQUE ("presentation_id", "judge_id", "revision"), CONSTRAINT "uq_score_judge_idempotency_key" UNIQUE ("judge_id", "idempotency_key"), CONSTRAINT "ck_score_revision" CHECK (revision >= 1), CONSTRAINT "PK_1770f42c61451103f5514134078" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_score_presentation" ON "score"  ("presentation_id") `);
    await queryRunner.query(
      `ALTER TABLE "event" ADD CONSTRAINT "FK_36367b592f4185fd34f9a444075" FOREIGN KEY ("owner_id") REFERENCES "organizer"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "criterion" ADD CONSTRAINT "FK_ac1167da77eea58dc266272176e" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "judge_group" ADD CONSTRAINT "FK_56dff64db884cea11f2913158b3" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "judge" ADD CONSTRAINT "FK_e03aa0e37530d8fed3250dbf4ec" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "judge" ADD CONSTRAINT "FK_5248fc493882866459f3ff610fa" FOREIGN KEY ("group_id") REFERENCES "judge_group"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "organizer_session" ADD CONSTRAINT "FK_cb9a5bd2ba62766110a52b453e7" FOREIGN KEY ("organizer_id") REFERENCES "organizer"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "presenter" ADD CONSTRAINT "FK_914c89fd7451de5d60e116ea396" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "round" ADD CONSTRAINT "FK_4e47ca968713f045d0c4be58b7c" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "presentation" ADD CONSTRAINT "FK_85fe1ac34c5f067cadd724b93bc" FOREIGN KEY ("round_id") REFERENCES "round"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "presentation" ADD CONSTRAINT "FK_aa13f8fb9adf753781de59e181f" FOREIGN KEY ("presenter_id") REFERENCES "presenter"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "score_value" ADD CONSTRAINT "FK_ae54a0d598f66495c9037d0ef7f" FOREIGN KEY ("score_id") REFERENCES "score"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "score_value" ADD CONSTRAINT "FK_d686c1fc53a0d9d18ae361b2682" FOREIGN KEY ("criterion_id") REFERENCES "criterion"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "score" ADD CONSTRAINT "FK_05ad8cd71bbbb9e1463f6ba7257" FOREIGN KEY ("presentation_id") REFERENCES "presentation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "score" ADD CONSTRAINT "FK_4eb69d771d291fed3feade34d4c" FOREIGN KEY ("judge_id") REFERENCES "judge"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "score" DROP CONSTRAINT "FK_4eb69d771d291fed3feade34d4c"`);
    await queryRunner.query(`ALTER TABLE "score" DROP CONSTRAINT "FK_05ad8cd71bbbb9e1463f6ba7257"`);
    await queryRunner.query(`ALTER TABLE "score_value" DROP CONSTRAINT "FK_d686c1fc53a0d9d18ae361b2682"`);
    await queryRunner.query(`ALTER TABLE "score_value" DROP CONSTRAINT "FK_ae54a0d598f66495c9037d0ef7f"`);
    await queryRunner.query(`ALTER TABLE "presentation" DROP CONSTRAINT "FK_aa13f8fb9adf753781de59e181f"`);
    await queryRunner.query(`ALTER TABLE "presentation" DROP CONSTRAINT "FK_85fe1ac34c5f067cadd724b93bc"`);
    await queryRunner.query(`ALTER TABLE "round" DROP CONSTRAINT "FK_4e47ca968713f045d0c4be58b7c"`);
    await queryRunner.query(`ALTER TABLE "presenter" DROP CONSTRAINT "FK_914c89fd7451de5d60e116ea396"`);
    await queryRunner.query(`ALTER TABLE "organizer_session" DROP CONSTRAINT "FK_cb9a5bd2ba62766110a52b453e7"`);
    await queryRunner.query(`ALTER TABLE "judge" DROP CONSTRAINT "FK_5248fc493882866459f3ff610fa"`);
    await queryRunner.query(`ALTER TABLE "judge" DROP CONSTRAINT "FK_e03aa0e37530d8fed3250dbf4ec"`);
    await queryRunner.query(`ALTER TABLE "judge_group" DROP CONSTRAINT "FK_56dff64db884cea11f2913158b3"`);
    await queryRunner.query(`ALTER TABLE "criterion" DROP CONSTRAINT "FK_ac1167da77eea58dc266272176e"`);
    await queryRunner.query(`ALTER TABLE "event" DROP CONSTRAINT "FK_36367b592f4185fd34f9a444075"`);
    await queryRunner.query(`DROP INDEX "public"."ix_score_presentation"`);
    await queryRunner.query(`DROP TABLE "score"`);
    await queryRunner.query(`DROP TABLE "score_value"`);
    await queryRunner.query(`DROP INDEX "public"."ix_presentation_event"`);
    await queryRunner.query(`DROP TABLE "presentation"`);
    await queryRunner.query(`DROP TABLE "round"`);
    await queryRunner.query(`DROP TABLE "presenter"`);
    await queryRunner.query(`DROP INDEX "public"."ix_organizer_session_organizer"`);
    await queryRunner.query(`DROP TABLE "organizer_session"`);
    await queryRunner.query(`DROP TABLE "judge"`);
    await queryRunner.query(`DROP TABLE "judge_group"`);
    await queryRunner.query(`DROP TABLE "criterion"`);
    await queryRunner.query(`DROP INDEX "public"."ix_event_owner"`);
    await queryRunner.query(`DROP TABLE "event"`);
    await queryRunner.query(`DROP TABLE "organizer"`);
  }
}
