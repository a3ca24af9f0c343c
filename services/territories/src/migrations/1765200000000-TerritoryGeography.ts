import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Boundaries and representative points, beside the territory rows rather than in them: a boundary is
 * kilobytes, and every territory read (by id, by parent) would carry it. Plain PostgreSQL (JSONB GeoJSON,
 * a bounding box in four columns): the embedded server has no PostGIS; see the README for the move to it.
 */
export class TerritoryGeography1765200000000 implements MigrationInterface {
  name = 'TerritoryGeography1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE territory_geography (
        territory_id text PRIMARY KEY REFERENCES territory (id) ON DELETE CASCADE,
        boundary jsonb,
        boundary_simplified jsonb,
        west double precision,
        south double precision,
        east double precision,
        north double precision,
        point_latitude double precision CHECK (point_latitude BETWEEN -90 AND 90),
        point_longitude double precision CHECK (point_longitude BETWEEN -180 AND 180),
        source text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((boundary IS NULL) = (west IS NULL) AND (west IS NULL) = (north IS NULL)),
        CHECK ((point_latitude IS NULL) = (point_longitude IS NULL))
      )`);
    await q.query(`CREATE INDEX territory_geography_point_idx ON territory_geography (point_latitude, point_longitude)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE territory_geography`);
  }
}
