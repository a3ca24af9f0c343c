import { readFile } from 'node:fs/promises';
import path from 'node:path';
import turfBbox from '@turf/bbox';
import simplify from '@turf/simplify';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { DataSource } from 'typeorm';
import { territoryLevelOf } from '@cultura/vocabulary';
import type { TerritoryLevel } from '../entities/Territory';
import { existingTerritoryIds, saveGeography, type Boundary, type GeographyRow } from '../store/geography';
import { GazetteerFileError, readCsv } from './csv';
import type { FileImportSummary, OfficialImportSummary } from './official';
import type { RejectedRow } from './records';

/**
 * The boundary files of `shared/data/geo` (see its README): per country one GeoJSON FeatureCollection per
 * level, one feature per line with `properties.code` (the official code at its natural length), and
 * `points.csv` with one representative point inside each polygon.
 */
const LAYERS: Record<string, { files: [string, TerritoryLevel][]; points: string; source: string }> = {
  CL: {
    files: [
      ['cl/regions.geojson', 'FIRST_LEVEL'],
      ['cl/provinces.geojson', 'SECOND_LEVEL'],
      ['cl/comunas.geojson', 'THIRD_LEVEL'],
    ],
    points: 'cl/points.csv',
    source: 'INE 2017 census cartography, robsalasco/sinimr (MIT)',
  },
  PE: {
    files: [
      ['pe/departments.geojson', 'FIRST_LEVEL'],
      ['pe/provinces.geojson', 'SECOND_LEVEL'],
      ['pe/districts.geojson', 'THIRD_LEVEL'],
    ],
    points: 'pe/points.csv',
    source: 'IDEP (INEI limits), ccalobeto/latam-atlas (MIT)',
  },
};

/** Countries with boundary files in the layout above. */
export const GEOGRAPHY_COUNTRIES = Object.keys(LAYERS);

/**
 * Tolerance of the simplified boundaries, in degrees (about 500 m): what a national or regional map
 * needs, with far fewer vertices (Tarapacá: 651 → 217). Full boundaries stay available.
 */
const SIMPLIFY_TOLERANCE = 0.005;

export interface GeographyImportOptions {
  /** Folder holding `cl/` and `pe/` in the layout of `shared/data/geo`. */
  dir: string;
  /** Countries to import; those with files when omitted. */
  countries?: readonly string[];
}

/**
 * Imports boundaries and representative points for the territories the gazetteer holds, in one
 * transaction. A feature whose code names no stored territory, or a territory of another level, is
 * reported with its line and left out; nothing is invented for a territory without a polygon.
 */
export async function importGeography(dataSource: DataSource, opts: GeographyImportOptions): Promise<OfficialImportSummary> {
  const countries = (opts.countries ?? GEOGRAPHY_COUNTRIES).filter((c) => LAYERS[c]);
  const read: { summary: Omit<FileImportSummary, 'inserted' | 'updated' | 'unchanged'>; rows: GeographyRow[] }[] = [];
  for (const country of countries) {
    const layer = LAYERS[country];
    const points = await readPoints(opts.dir, layer.points, country);
    for (const [file, level] of layer.files) read.push(await readLayer(opts.dir, file, country, level, points, layer.source));
  }
  const perFile = await dataSource.transaction(async (manager) => {
    const known = await existingTerritoryIds(
      manager,
      read.flatMap((f) => f.rows.map((r) => r.territoryId)),
    );
    const out: FileImportSummary[] = [];
    for (const f of read) {
      const missing = f.rows.filter((r) => !known.has(r.territoryId));
      const rejected: RejectedRow[] = [
        ...f.summary.rejected,
        ...missing.map((r) => ({ row: r.source, reason: `no territory ${r.territoryId} in the gazetteer: import the gazetteer first` })),
      ];
      const counts = await saveGeography(
        manager,
        f.rows
          .filter((r) => known.has(r.territoryId))
          .map((r) => ({ ...r, source: `${f.summary.file} (${LAYERS[f.summary.country].source})` })),
      );
      out.push({ ...f.summary, ...counts, rejected });
    }
    return out;
  });
  return {
    inserted: perFile.reduce((n, f) => n + f.inserted, 0),
    updated: perFile.reduce((n, f) => n + f.updated, 0),
    unchanged: perFile.reduce((n, f) => n + f.unchanged, 0),
    rejected: perFile.flatMap((f) => f.rejected),
    perFile,
  };
}

type Point = { latitude: number; longitude: number };

async function readPoints(dir: string, file: string, country: string): Promise<Map<string, Point>> {
  const csv = await readCsv(dir, file, ['code', 'lat', 'lon']);
  const points = new Map<string, Point>();
  for (const { values } of csv.rows) {
    const latitude = Number(values.lat);
    const longitude = Number(values.lon);
    if (Number.isFinite(latitude) && Number.isFinite(longitude)) points.set(`${country}:${values.code}`, { latitude, longitude });
  }
  return points;
}

/**
 * Reads one level's features. Each row's `source` is the feature's `file:line` (one feature per line,
 * after the collection's opening line) until it is written.
 */
async function readLayer(
  dir: string,
  file: string,
  country: string,
  level: TerritoryLevel,
  points: Map<string, Point>,
  source: string,
): Promise<{ summary: Omit<FileImportSummary, 'inserted' | 'updated' | 'unchanged'>; rows: GeographyRow[] }> {
  let collection: { type?: string; features?: Feature[] };
  try {
    collection = JSON.parse(await readFile(path.join(dir, file), 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new GazetteerFileError(code === 'ENOENT' ? `${file} not found in ${dir}` : `${file} is not GeoJSON: ${(err as Error).message}`);
  }
  if (collection.type !== 'FeatureCollection' || !Array.isArray(collection.features)) {
    throw new GazetteerFileError(`${file} is not a GeoJSON FeatureCollection (${source})`);
  }
  const rows: GeographyRow[] = [];
  const rejected: RejectedRow[] = [];
  collection.features.forEach((feature, i) => {
    const where = `${file}:${i + 2}`;
    const code = feature.properties?.code;
    const geometry = feature.geometry;
    const id = `${country}:${code}`;
    if (typeof code !== 'string' || territoryLevelOf(id) !== level) {
      rejected.push({ row: where, reason: `code ${JSON.stringify(code)} is not a ${level} code of ${country}` });
    } else if (geometry?.type !== 'Polygon' && geometry?.type !== 'MultiPolygon') {
      rejected.push({ row: where, reason: `${id} has no polygon (geometry ${geometry?.type ?? 'null'})` });
    } else {
      const boundary = geometry as Polygon | MultiPolygon;
      const [west, south, east, north] = turfBbox(boundary);
      rows.push({
        territoryId: id,
        boundary: boundary as Boundary,
        boundarySimplified: simplify(boundary, { tolerance: SIMPLIFY_TOLERANCE, highQuality: false }) as Boundary,
        bbox: [west, south, east, north],
        point: points.get(id) ?? null,
        source: where,
      });
    }
  });
  return { summary: { file, country, level, rows: collection.features.length, rejected }, rows };
}
