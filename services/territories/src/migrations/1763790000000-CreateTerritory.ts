import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateTerritory1763790000000 implements MigrationInterface {
  name = 'CreateTerritory1763790000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE territory (
        id text PRIMARY KEY,
        country text NOT NULL CHECK (country IN ('CL', 'PE')),
        level text NOT NULL CHECK (level IN ('COUNTRY', 'FIRST_LEVEL', 'SECOND_LEVEL', 'THIRD_LEVEL', 'LOCALITY', 'NEIGHBOURHOOD')),
        kind text NOT NULL,
        local_kind text NOT NULL,
        name text NOT NULL CHECK (length(btrim(name)) > 0),
        sort_name text NOT NULL,
        official_code text,
        code_scheme text NOT NULL,
        iso_code text,
        alternate_codes jsonb NOT NULL DEFAULT '[]'::jsonb,
        alternate_names text[] NOT NULL DEFAULT '{}',
        parent_id text REFERENCES territory (id) ON DELETE RESTRICT,
        ancestor_ids text[] NOT NULL DEFAULT '{}',
        latitude double precision CHECK (latitude BETWEEN -90 AND 90),
        longitude double precision CHECK (longitude BETWEEN -180 AND 180),
        origin text NOT NULL,
        origin_detail text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((level = 'COUNTRY') = (parent_id IS NULL))
      )`);
    await q.query(`CREATE INDEX territory_parent_sort_idx ON territory (parent_id, sort_name, id)`);
    await q.query(`CREATE INDEX territory_country_level_sort_idx ON territory (country, level, sort_name, id)`);
    await q.query(`CREATE INDEX territory_ancestors_idx ON territory USING gin (ancestor_ids)`);
    await q.query(`CREATE INDEX territory_sort_name_pattern_idx ON territory (sort_name text_pattern_ops)`);
    await q.query(
      `CREATE UNIQUE INDEX territory_official_code_idx ON territory (code_scheme, official_code) WHERE official_code IS NOT NULL`,
    );
    await q.query(`CREATE UNIQUE INDEX territory_sibling_name_idx ON territory (parent_id, kind, sort_name)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE territory`);
  }
}
