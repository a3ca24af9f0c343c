import type { MigrationInterface, QueryRunner } from 'typeorm';
import { territoryLineage } from '@cultura/vocabulary';

/**
 * Program figures keep what they count and the territories they were reported for in the shared
 * `reported_figure` row (label, scope_territory_ids), so the change feed carries them to the index;
 * `figure_annotation` keeps only what the shared row has no room for (key, note). Applications' lineages
 * follow Peru as INEI counts it (province 1501 inside department 15, Lima Metropolitana and Lima
 * Provincias as areas); culture points' lineages are in `actor`, which the shared migration recomputes.
 *
 * The annotation's territories are moved as they were, except the program's country (null in the shared
 * row means the program's country) and an empty list (the old "source does not say"). The source
 * document's figures get their corrected scopes from the default data, which rewrites them by key at
 * every start.
 */
export class FigureScopeAndLineage1764200400000 implements MigrationInterface {
  name = 'FigureScopeAndLineage1764200400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE reported_figure f SET label = a.label
      FROM figure_annotation a WHERE a.figure_id = f.id AND f.label IS NULL`);
    await q.query(`
      UPDATE reported_figure f SET scope_territory_ids = a.territory_ids
      FROM figure_annotation a, program p
      WHERE a.figure_id = f.id AND f.subject_type = 'PROGRAM' AND p.id = f.subject_id AND f.scope_territory_ids IS NULL
        AND cardinality(a.territory_ids) > 0 AND a.territory_ids <> ARRAY[p.country_id]`);
    await q.query(`ALTER TABLE figure_annotation DROP COLUMN label, DROP COLUMN territory_ids`);
    await relineageApplications(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE figure_annotation ADD COLUMN label text, ADD COLUMN territory_ids text[] NOT NULL DEFAULT '{}'`);
    await q.query(`
      UPDATE figure_annotation a SET label = COALESCE(f.label, lower(f.metric)), territory_ids = COALESCE(f.scope_territory_ids, ARRAY[p.country_id])
      FROM reported_figure f JOIN program p ON f.subject_type = 'PROGRAM' AND p.id = f.subject_id
      WHERE f.id = a.figure_id`);
    await q.query(`UPDATE figure_annotation SET label = key WHERE label IS NULL`);
    await q.query(`ALTER TABLE figure_annotation ALTER COLUMN label SET NOT NULL`);
  }
}

/** Recomputes `application.territory_lineage` from the district, writing only the rows that change. */
async function relineageApplications(q: QueryRunner): Promise<void> {
  const rows: { id: string; district_id: string; lineage: string[] }[] = await q.query(
    `SELECT id, district_id, territory_lineage AS lineage FROM application`,
  );
  const changed = rows.flatMap((r) => {
    const lineage = territoryLineage(r.district_id) ?? [r.district_id];
    const same = lineage.length === r.lineage.length && lineage.every((t, i) => r.lineage[i] === t);
    return same ? [] : [{ id: r.id, lineage }];
  });
  if (!changed.length) return;
  await q.query(
    `UPDATE application ap SET territory_lineage = ARRAY(SELECT e FROM jsonb_array_elements_text(c.lineage) WITH ORDINALITY AS x(e, n) ORDER BY n)
     FROM jsonb_to_recordset($1::jsonb) AS c(id text, lineage jsonb) WHERE ap.id = c.id`,
    [JSON.stringify(changed)],
  );
}
