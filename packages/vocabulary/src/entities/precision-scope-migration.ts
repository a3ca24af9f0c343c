import type { MigrationInterface, QueryRunner } from 'typeorm';
import { territoryLineage } from '../territory-ids';

/**
 * Periods say how precise they are (an undated action no longer sorts as if it happened when it was
 * recorded), figures say what they count and the territories they were reported for, and every stored
 * lineage follows Peru as INEI defines it (province 1501 inside department 15, Lima Metropolitana and
 * Lima Provincias as areas beside the tree). Rows whose lineage changes go through the outbox like any
 * other change, so the index follows.
 */
export class PeriodPrecisionAndFigureScope1764200000000 implements MigrationInterface {
  name = 'PeriodPrecisionAndFigureScope1764200000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['action', 'reported_figure']) {
      await q.query(`
        ALTER TABLE ${table} ADD COLUMN period_precision text NOT NULL DEFAULT 'UNDATED'
          CHECK (period_precision IN ('DAY', 'MONTH', 'YEAR', 'UNDATED'))`);
      await q.query(`
        UPDATE ${table} SET period_precision = CASE WHEN period_start IS NOT NULL THEN 'DAY' WHEN period_year IS NOT NULL THEN 'YEAR' ELSE 'UNDATED' END`);
    }
    await q.query(`ALTER TABLE action ALTER COLUMN sort_at DROP NOT NULL`);
    await q.query(`UPDATE action SET sort_at = NULL WHERE period_precision = 'UNDATED'`);
    await q.query(`ALTER TABLE reported_figure ADD COLUMN label text, ADD COLUMN scope_territory_ids text[]`);
    await relineage(q, 'action', 'territory_ids');
    await relineage(q, 'actor', 'territory_id');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reported_figure DROP COLUMN scope_territory_ids, DROP COLUMN label, DROP COLUMN period_precision`);
    await q.query(
      `UPDATE action SET sort_at = COALESCE(period_start::timestamptz, make_date(period_year, 1, 1)::timestamptz, created_at) WHERE sort_at IS NULL`,
    );
    await q.query(`ALTER TABLE action ALTER COLUMN sort_at SET NOT NULL, DROP COLUMN period_precision`);
  }
}

/** Recomputes `territory_lineage` from the territory column, writing only the rows that change. */
async function relineage(q: QueryRunner, table: 'action' | 'actor', column: 'territory_ids' | 'territory_id'): Promise<void> {
  const rows: { id: string; ids: string[] | string | null; lineage: string[] }[] = await q.query(
    `SELECT id, ${column} AS ids, territory_lineage AS lineage FROM ${table}`,
  );
  const changed = rows.flatMap((r) => {
    const ids = r.ids === null ? [] : Array.isArray(r.ids) ? r.ids : [r.ids];
    const lineage = [...new Set(ids.flatMap((id) => territoryLineage(id) ?? [id]))];
    const same = lineage.length === r.lineage.length && lineage.every((t) => r.lineage.includes(t));
    return same ? [] : [{ id: r.id, lineage }];
  });
  if (!changed.length) return;
  await q.query(
    `UPDATE ${table} t SET territory_lineage = ARRAY(SELECT jsonb_array_elements_text(c.lineage))
     FROM jsonb_to_recordset($1::jsonb) AS c(id text, lineage jsonb) WHERE t.id = c.id`,
    [JSON.stringify(changed)],
  );
}
