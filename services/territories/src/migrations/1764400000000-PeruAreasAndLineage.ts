import type { MigrationInterface, QueryRunner } from 'typeorm';
import { areasOf } from '../gazetteer/areas';

const LEVELS_BEFORE = `'COUNTRY', 'FIRST_LEVEL', 'SECOND_LEVEL', 'THIRD_LEVEL', 'LOCALITY', 'NEIGHBOURHOOD'`;

/** The names that described department 15 without Lima Metropolitana: they belong to Lima Provincias. */
const LIMA_PROVINCIAS_NAMES = ['Lima Provincias', 'Lima Región'];

/**
 * Peru as INEI counts it: department 15 Lima holds province 1501 again, and the regional-government
 * areas (Lima Metropolitana, Lima Provincias) become areas beside the tree, which "within" filters reach
 * through a stored lineage (ancestors, areas, itself), as vocabulary's `territoryLineage` gives it.
 *
 * A database built by the previous version has Lima Metropolitana as a first level holding province 1501
 * (districts imported under it carry `[PE, PE:LMA, PE:1501]`) and ISO PE-LIM on department 15. The
 * default gazetteer loaded at start never erases a stored ISO code or alternate name, so this migration
 * moves those itself; the rest it fixes too, so the tree is right even where defaults are not loaded.
 */
export class PeruAreasAndLineage1764400000000 implements MigrationInterface {
  name = 'PeruAreasAndLineage1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE territory DROP CONSTRAINT territory_level_check`);
    await q.query(`ALTER TABLE territory ADD CONSTRAINT territory_level_check CHECK (level IN (${LEVELS_BEFORE}, 'AREA'))`);
    await q.query(`ALTER TABLE territory ADD COLUMN area_ids text[] NOT NULL DEFAULT '{}'`);

    const [{ lima }] = await q.query(`SELECT count(*) FILTER (WHERE id IN ('PE:15', 'PE:LMA'))::int = 2 AS lima FROM territory`);
    if (lima) {
      // Everything filed under Lima Metropolitana (province 1501, its districts and localities) moves to department 15.
      await q.query(`UPDATE territory SET parent_id = 'PE:15' WHERE parent_id = 'PE:LMA'`);
      await q.query(
        `UPDATE territory SET ancestor_ids = array_replace(ancestor_ids, 'PE:LMA', 'PE:15'), updated_at = now()
          WHERE 'PE:LMA' = ANY(ancestor_ids)`,
      );
      await q.query(
        `UPDATE territory SET level = 'AREA', parent_id = 'PE:15', ancestor_ids = ARRAY['PE', 'PE:15'], updated_at = now()
          WHERE id = 'PE:LMA'`,
      );
      // ISO 3166-2 PE-LIM names the regional government without Lima Metropolitana, not the department.
      await q.query(
        `UPDATE territory
            SET iso_code = CASE WHEN iso_code = 'PE-LIM' THEN NULL ELSE iso_code END,
                alternate_names = ARRAY(SELECT n FROM unnest(alternate_names) WITH ORDINALITY AS a(n, i)
                                         WHERE NOT (n = ANY($1::text[])) ORDER BY i),
                updated_at = now()
          WHERE id = 'PE:15'`,
        [LIMA_PROVINCIAS_NAMES],
      );
      // The area those names and that code belong to, as the default gazetteer of this version writes it.
      await q.query(
        `INSERT INTO territory (id, country, level, kind, local_kind, name, sort_name, official_code, code_scheme, iso_code,
                                alternate_names, parent_id, ancestor_ids, origin, origin_detail)
         VALUES ('PE:LIM', 'PE', 'AREA', 'REGIONAL_GOVERNMENT_AREA', 'región', 'Lima Provincias', 'lima provincias', NULL,
                 'ISO_3166_2', 'PE-LIM', ARRAY['Lima Región', 'Región Lima'], 'PE:15', ARRAY['PE', 'PE:15'],
                 'DEFAULT_GAZETTEER', 'ISO 3166-2:PE (PE-LIM: department 15 without Lima Metropolitana)')
         ON CONFLICT (id) DO NOTHING`,
      );
    }

    // Every row's areas, by the same rule the upsert applies to new rows.
    const rows: { id: string; ancestorIds: string[] }[] = await q.query(
      `SELECT id, ancestor_ids AS "ancestorIds" FROM territory WHERE country = 'PE'`,
    );
    const withAreas = rows.map((r) => ({ id: r.id, area_ids: areasOf(r.id, r.ancestorIds) })).filter((r) => r.area_ids.length);
    if (withAreas.length) {
      await q.query(
        `UPDATE territory t SET area_ids = ARRAY(SELECT jsonb_array_elements_text(c.area_ids))
           FROM jsonb_to_recordset($1::jsonb) AS c(id text, area_ids jsonb) WHERE t.id = c.id`,
        [JSON.stringify(withAreas)],
      );
    }

    await q.query(`ALTER TABLE territory ADD COLUMN lineage text[] GENERATED ALWAYS AS (ancestor_ids || area_ids || ARRAY[id]) STORED`);
    // The lineage index answers everything the ancestors index did ("within X" and moves), and the areas.
    await q.query(`DROP INDEX territory_ancestors_idx`);
    await q.query(`CREATE INDEX territory_lineage_idx ON territory USING gin (lineage)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX territory_ancestors_idx ON territory USING gin (ancestor_ids)`);
    await q.query(`DROP INDEX territory_lineage_idx`);
    await q.query(`ALTER TABLE territory DROP COLUMN lineage`);
    // Back to Lima Metropolitana as a first level holding province 1501, as the previous version has it.
    await q.query(`DELETE FROM territory WHERE level = 'AREA' AND id <> 'PE:LMA'`);
    const [{ lima }] = await q.query(`SELECT count(*)::int = 1 AS lima FROM territory WHERE id = 'PE:LMA'`);
    if (lima) {
      await q.query(`UPDATE territory SET level = 'FIRST_LEVEL', parent_id = 'PE', ancestor_ids = ARRAY['PE'] WHERE id = 'PE:LMA'`);
      await q.query(`UPDATE territory SET parent_id = 'PE:LMA' WHERE id = 'PE:1501'`);
      await q.query(
        `UPDATE territory SET ancestor_ids = array_replace(ancestor_ids, 'PE:15', 'PE:LMA')
          WHERE id = 'PE:1501' OR 'PE:1501' = ANY(ancestor_ids)`,
      );
      await q.query(
        `UPDATE territory
            SET iso_code = COALESCE(iso_code, 'PE-LIM'),
                alternate_names = alternate_names || ARRAY(SELECT n FROM unnest($1::text[]) n WHERE NOT (n = ANY(alternate_names)))
          WHERE id = 'PE:15'`,
        [LIMA_PROVINCIAS_NAMES],
      );
    }
    await q.query(`ALTER TABLE territory DROP COLUMN area_ids`);
    await q.query(`ALTER TABLE territory DROP CONSTRAINT territory_level_check`);
    await q.query(`ALTER TABLE territory ADD CONSTRAINT territory_level_check CHECK (level IN (${LEVELS_BEFORE}))`);
  }
}
