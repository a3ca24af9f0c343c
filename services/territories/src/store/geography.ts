import type { AreaFilter } from '@cultura/vocabulary';
import type { DataSource, EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/** A boundary as GeoJSON (RFC 7946): a Polygon or MultiPolygon in WGS 84 longitude/latitude. */
export interface Boundary {
  type: 'Polygon' | 'MultiPolygon';
  coordinates: unknown;
}

/** What a geography file gives one territory. */
export interface GeographyRow {
  territoryId: string;
  boundary: Boundary | null;
  boundarySimplified: Boundary | null;
  /** [west, south, east, north] of the boundary; null without one. */
  bbox: [number, number, number, number] | null;
  point: { latitude: number; longitude: number } | null;
  /** The file the boundary and point come from, and their publisher. */
  source: string;
}

/** Rows per statement: boundaries are large, so fewer than the gazetteer's thousand. */
const WRITE_BATCH = 200;

/**
 * Writes the geography of territories that exist (the caller checked), replacing what a previous import
 * stored for them. Returns how many rows were new, changed or the same.
 */
export async function saveGeography(
  manager: EntityManager,
  rows: GeographyRow[],
): Promise<{ inserted: number; updated: number; unchanged: number }> {
  const out = { inserted: 0, updated: 0, unchanged: 0 };
  for (let i = 0; i < rows.length; i += WRITE_BATCH) {
    const batch = rows.slice(i, i + WRITE_BATCH).map((r) => ({
      territory_id: r.territoryId,
      boundary: r.boundary,
      boundary_simplified: r.boundarySimplified,
      west: r.bbox?.[0] ?? null,
      south: r.bbox?.[1] ?? null,
      east: r.bbox?.[2] ?? null,
      north: r.bbox?.[3] ?? null,
      point_latitude: r.point?.latitude ?? null,
      point_longitude: r.point?.longitude ?? null,
      source: r.source,
    }));
    // xmax = 0 tells an inserted row from an updated one; rows whose values are all the same are not written.
    const [counts] = await manager.query(
      `WITH v AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS v(territory_id text, boundary jsonb, boundary_simplified jsonb,
           west double precision, south double precision, east double precision, north double precision,
           point_latitude double precision, point_longitude double precision, source text)
       ), written AS (
         INSERT INTO territory_geography AS g (territory_id, boundary, boundary_simplified, west, south, east, north, point_latitude, point_longitude, source)
         SELECT * FROM v
         ON CONFLICT (territory_id) DO UPDATE SET
           boundary = excluded.boundary, boundary_simplified = excluded.boundary_simplified, west = excluded.west,
           south = excluded.south, east = excluded.east, north = excluded.north, point_latitude = excluded.point_latitude,
           point_longitude = excluded.point_longitude, source = excluded.source, updated_at = now()
         WHERE (g.boundary, g.point_latitude, g.point_longitude, g.source) IS DISTINCT FROM
               (excluded.boundary, excluded.point_latitude, excluded.point_longitude, excluded.source)
         RETURNING (xmax = 0) AS inserted
       )
       SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*) FILTER (WHERE NOT inserted)::int AS updated FROM written`,
      [JSON.stringify(batch)],
    );
    out.inserted += counts.inserted;
    out.updated += counts.updated;
    out.unchanged += batch.length - counts.inserted - counts.updated;
  }
  return out;
}

/** The ids among these that name a stored territory. */
export async function existingTerritoryIds(manager: EntityManager, ids: string[]): Promise<Set<string>> {
  const rows: { id: string }[] = await manager.query(`SELECT id FROM territory WHERE id = ANY($1)`, [ids]);
  return new Set(rows.map((r) => r.id));
}

/** A territory's representative point and bounding box, as `Territory.point` and `bbox` read them. */
export interface StoredPlace {
  territoryId: string;
  pointLatitude: number | null;
  pointLongitude: number | null;
  bbox: [number, number, number, number] | null;
}

/** Points and boxes of some territories (those with a geography row). */
export async function placesByIds(db: DataSource, ids: readonly string[]): Promise<StoredPlace[]> {
  const rows: {
    id: string;
    lat: number | null;
    lon: number | null;
    w: number | null;
    s: number | null;
    e: number | null;
    n: number | null;
  }[] = await db.query(
    `SELECT territory_id AS id, point_latitude AS lat, point_longitude AS lon, west AS w, south AS s, east AS e, north AS n
         FROM territory_geography WHERE territory_id = ANY($1)`,
    [ids],
  );
  return rows.map((r) => ({
    territoryId: r.id,
    pointLatitude: r.lat,
    pointLongitude: r.lon,
    bbox: r.w === null ? null : [r.w, r.s!, r.e!, r.n!],
  }));
}

/** Boundaries of some territories, full or simplified, by id (absent: no boundary). */
export async function boundariesByIds(db: DataSource, ids: readonly string[], simplified: boolean): Promise<Map<string, Boundary>> {
  const column = simplified ? 'boundary_simplified' : 'boundary';
  const rows: { id: string; boundary: Boundary }[] = await db.query(
    `SELECT territory_id AS id, ${column} AS boundary FROM territory_geography WHERE territory_id = ANY($1) AND ${column} IS NOT NULL`,
    [ids],
  );
  return new Map(rows.map((r) => [r.id, r.boundary]));
}

/** One GeoJSON feature per territory of a country and level that has a boundary, ordered by code. */
export async function boundaryFeatures(
  db: DataSource,
  country: string,
  level: string,
  simplified: boolean,
): Promise<{ id: string; name: string; officialCode: string | null; boundary: Boundary }[]> {
  const column = simplified ? 'g.boundary_simplified' : 'g.boundary';
  return db.query(
    `SELECT t.id, t.name, t.official_code AS "officialCode", ${column} AS boundary
       FROM territory t JOIN territory_geography g ON g.territory_id = t.id
      WHERE t.country = $1 AND t.level = $2 AND ${column} IS NOT NULL
      ORDER BY t.official_code, t.id`,
    [country, level],
  );
}

/** Mean Earth radius (IUGG), in km: great-circle distances without PostGIS. */
const EARTH_RADIUS_KM = 6371.0088;

/** The territory's representative point as `point` resolves it: the boundary files', else its own coordinates. */
const POINT_LAT = 'COALESCE(g.point_latitude, t.latitude)';
const POINT_LON = 'COALESCE(g.point_longitude, t.longitude)';

/**
 * Narrows a query of territories (alias `t`) to those near a point or meeting a box. A plain bounding-box
 * test on the point's latitude (and, away from the poles, longitude) keeps the distance formula to the
 * few rows close enough; PostGIS would do the same with an index (see the README).
 */
export function whereGeography<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, f: AreaFilter): void {
  if (!f.near && !f.bbox) return;
  qb.leftJoin('territory_geography', 'g', 'g.territory_id = t.id');
  if (f.near) {
    const { lat, lon, radiusKm } = f.near;
    const dLat = (radiusKm / EARTH_RADIUS_KM) * (180 / Math.PI);
    qb.andWhere(`${POINT_LAT} BETWEEN :nearSouth AND :nearNorth`, { nearSouth: lat - dLat, nearNorth: lat + dLat });
    qb.andWhere(
      `2 * ${EARTH_RADIUS_KM} * asin(sqrt(power(sin(radians(${POINT_LAT} - :nearLat) / 2), 2)
         + cos(radians(:nearLat)) * cos(radians(${POINT_LAT})) * power(sin(radians(${POINT_LON} - :nearLon) / 2), 2))) <= :nearKm`,
      { nearLat: lat, nearLon: lon, nearKm: radiusKm },
    );
  }
  if (f.bbox) {
    qb.andWhere(
      `CASE WHEN g.west IS NOT NULL THEN g.west <= :boxEast AND g.east >= :boxWest AND g.south <= :boxNorth AND g.north >= :boxSouth
            ELSE ${POINT_LAT} BETWEEN :boxSouth AND :boxNorth AND ${POINT_LON} BETWEEN :boxWest AND :boxEast END`,
      { boxWest: f.bbox.west, boxSouth: f.bbox.south, boxEast: f.bbox.east, boxNorth: f.bbox.north },
    );
  }
}
