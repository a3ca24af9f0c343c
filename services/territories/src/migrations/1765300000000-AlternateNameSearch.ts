import { normalizeText } from '@cultura/service-kit';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alternate names in the form `search` compares (lower case, no accents), stored beside them: the
 * folding is JavaScript's Unicode normalization (`normalizeText`, as for `sort_name`), which plain
 * PostgreSQL without `unaccent` cannot repeat. Existing rows are filled here; writers keep it after.
 */
export class AlternateNameSearch1765300000000 implements MigrationInterface {
  name = 'AlternateNameSearch1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE territory ADD COLUMN alternate_sort_names text[] NOT NULL DEFAULT '{}'`);
    const rows: { id: string; names: string[] }[] = await q.query(
      `SELECT id, alternate_names AS names FROM territory WHERE cardinality(alternate_names) > 0`,
    );
    if (!rows.length) return;
    const folded = rows.map((r) => ({ id: r.id, names: r.names.map(normalizeText) }));
    await q.query(
      `UPDATE territory t SET alternate_sort_names = ARRAY(SELECT jsonb_array_elements_text(v.names))
         FROM jsonb_to_recordset($1::jsonb) AS v(id text, names jsonb) WHERE t.id = v.id`,
      [JSON.stringify(folded)],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE territory DROP COLUMN alternate_sort_names`);
  }
}
