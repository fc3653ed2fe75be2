import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The SQL twin of plainText (src/common/plain-text.ts) for one text expression. */
const plain = (expression: string) =>
  `btrim(regexp_replace(regexp_replace(normalize(${expression}, NFKC), E'[\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2069\\uFEFF\\u061C\\u00AD]', '', 'g'), E'\\\\s+', ' ', 'g'))`;

/**
 * Units are compared for conflicts of interest; units entered before names were cleaned at the
 * boundary are cleaned the same way, so a look-alike stored earlier cannot dodge a recusal.
 */
export class PlainUnits1795420000000 implements MigrationInterface {
  name = 'PlainUnits1795420000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`UPDATE "presenter" SET "unit" = ${plain('"unit"')} WHERE "unit" <> ${plain('"unit"')}`);
    await queryRunner.query(
      `UPDATE "judge" SET "conflict_units" = ARRAY(SELECT ${plain('u')} FROM unnest("conflict_units") AS u)
        WHERE "conflict_units"::text[] <> ARRAY(SELECT ${plain('u')} FROM unnest("conflict_units") AS u)`,
    );
  }

  public async down(): Promise<void> {
    // Cleaning cannot be undone, and nothing needs it undone.
  }
}
