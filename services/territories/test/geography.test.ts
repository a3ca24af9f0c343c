/**
 * Boundaries and representative points from the reference boundary files (../shared/data/geo, read in
 * place through the import), the point and geometry fields, the near and bbox filters, and the GeoJSON
 * download, through the service and through the gateway.
 */
import path from 'node:path';
import {
  OFFICIAL_GAZETTEERS,
  expectConstantStatements,
  startTestGateway,
  startTestService,
  type TestGateway,
  type TestService,
} from '@cultura/testkit';
import { territoriesService } from '../src/index';
import { importOfficialGazetteer } from '../src/gazetteer/official';
import { importGeography } from '../src/gazetteer/geography';
import type { OfficialImportSummary } from '../src/gazetteer/official';

const GEOGRAPHY = path.resolve(OFFICIAL_GAZETTEERS, '..', 'geo');

let svc: TestService;
let gateway: TestGateway;
let first: OfficialImportSummary;

beforeAll(async () => {
  svc = await startTestService(territoriesService);
  await importOfficialGazetteer(svc.dataSource, { dir: OFFICIAL_GAZETTEERS });
  first = await importGeography(svc.dataSource, { dir: GEOGRAPHY });
  gateway = await startTestGateway([{ name: 'territories', url: svc.url }]);
}, 120_000);
afterAll(async () => {
  await gateway?.stop();
  await svc?.stop();
});

const geojson = (base: string, query: string) => fetch(`${base}/territories.geojson?${query}`);

describe('importing boundaries and points', () => {
  it('stores a boundary and a point for every unit the files draw, and reports the features that name no territory', () => {
    expect(first.perFile.map((f) => [f.file, f.level, f.rows, f.inserted, f.rejected.length])).toEqual([
      ['cl/regions.geojson', 'FIRST_LEVEL', 16, 16, 0],
      ['cl/provinces.geojson', 'SECOND_LEVEL', 56, 56, 0],
      ['cl/comunas.geojson', 'THIRD_LEVEL', 345, 345, 0],
      ['pe/departments.geojson', 'FIRST_LEVEL', 25, 25, 0],
      ['pe/provinces.geojson', 'SECOND_LEVEL', 196, 196, 0],
      ['pe/districts.geojson', 'THIRD_LEVEL', 1887, 1885, 2],
    ]);
    // Alto Trujillo is newer than the gazetteer; San Antonio (Moquegua) has no INEI code there, so no territory.
    expect(first.rejected.map((r) => r.reason)).toEqual([
      'no territory PE:130112 in the gazetteer: import the gazetteer first',
      'no territory PE:180107 in the gazetteer: import the gazetteer first',
    ]);
    expect(first.rejected.map((r) => r.row)).toEqual([
      expect.stringMatching(/^pe\/districts\.geojson:\d+$/),
      expect.stringMatching(/^pe\/districts\.geojson:\d+$/),
    ]);
  });

  it('changes nothing when imported again', async () => {
    const again = await importGeography(svc.dataSource, { dir: GEOGRAPHY });
    expect({ inserted: again.inserted, updated: again.updated, unchanged: again.unchanged }).toEqual({
      inserted: 0,
      updated: 0,
      unchanged: 2523,
    });
  });
});

describe('reading them', () => {
  it('gives a región its point inside it, its box and its boundary, full and simplified', async () => {
    const data = await svc.client.data(`{ territory(id: "CL:01") {
      point { lat lon source } bbox full: geometry simplified: geometry(simplified: true) } }`);
    const t = data.territory;
    expect(t.point).toEqual({ lat: expect.any(Number), lon: expect.any(Number), source: 'BOUNDARY' });
    const [west, south, east, north] = t.bbox;
    expect(t.point.lat).toBeGreaterThan(south);
    expect(t.point.lat).toBeLessThan(north);
    expect(t.point.lon).toBeGreaterThan(west);
    expect(t.point.lon).toBeLessThan(east);
    // Tarapacá lies between about 18.9° and 21.7° south, 68.4° and 70.3° west.
    expect(t.bbox.map((v: number) => Math.round(v))).toEqual([-70, -22, -68, -19]);
    expect(t.full.type).toMatch(/^(Multi)?Polygon$/);
    const vertices = (g: { coordinates: unknown }) => JSON.stringify(g.coordinates).split('],[').length;
    // 651 vertices → 217 for Tarapacá at the 500 m tolerance.
    expect(vertices(t.simplified)).toBeLessThan(vertices(t.full) / 2);
  });

  it('falls back to the gazetteer’s coordinates where no polygon exists, and says so; nothing where no source gives one', async () => {
    const data = await svc.client.data(`{
      laPunta: territory(id: "PE:070105") { name point { source } geometry bbox centroid { latitude longitude } }
      antartica: territory(id: "CL:12202") { name point { lat } geometry }
      lma: territory(id: "PE:LMA") { point { source } geometry }
    }`);
    expect(data.laPunta).toMatchObject({ name: 'La Punta', point: { source: 'GAZETTEER' }, geometry: null, bbox: null });
    expect(data.laPunta.centroid).not.toBeNull();
    expect(data.antartica).toEqual({ name: 'Antártica', point: null, geometry: null });
    // An area has no boundary file; its point is the one the default gazetteer gives.
    expect(data.lma).toEqual({ point: { source: 'GAZETTEER' }, geometry: null });
  });

  it('filters by distance from a point and by a box', async () => {
    // From Iquique's port: Alto Hospicio's point is 14 km away, Iquique's (the comuna reaches far south) 79 km,
    // Huara's 88 km and Pozo Almonte's 90 km.
    const near = (km: number) =>
      `{ territories(level: THIRD_LEVEL, near: { lat: -20.22, lon: -70.14, radiusKm: ${km} }) { nodes { name } } }`;
    expect((await svc.client.data(near(20))).territories.nodes).toEqual([{ name: 'Alto Hospicio' }]);
    expect((await svc.client.data(near(85))).territories.nodes).toEqual([{ name: 'Alto Hospicio' }, { name: 'Iquique' }]);
    const box = await svc.client.data(
      `{ territories(level: FIRST_LEVEL, bbox: { west: -70.5, south: -20.5, east: -69, north: -19.5 }) { nodes { id } } }`,
    );
    expect(box.territories.nodes.map((n: { id: string }) => n.id)).toEqual(['CL:01']);
    const both = await svc.client.data(
      `{ territories(country: PE, level: THIRD_LEVEL, search: "punta", near: { lat: -12.07, lon: -77.16, radiusKm: 5 }) { nodes { id point { source } } } }`,
    );
    expect(both.territories.nodes).toEqual([{ id: 'PE:070105', point: { source: 'GAZETTEER' } }]);
  });

  it('refuses a distance or a box that names no place, naming the argument', async () => {
    await svc.client.error(
      'BAD_USER_INPUT',
      `{ territories(near: { lat: -20, lon: -70, radiusKm: 0 }) { totalCount } }`,
      {},
      { field: 'near.radiusKm' },
    );
    await svc.client.error(
      'BAD_USER_INPUT',
      `{ territories(near: { lat: -95, lon: -70, radiusKm: 5 }) { totalCount } }`,
      {},
      { field: 'near.lat' },
    );
    await svc.client.error(
      'BAD_USER_INPUT',
      `{ territories(bbox: { west: -68, south: -21, east: -70, north: -20 }) { totalCount } }`,
      {},
      { field: 'bbox.west' },
    );
    await svc.client.error(
      'BAD_USER_INPUT',
      `{ territories(bbox: { west: -70, south: -19, east: -68, north: -20 }) { totalCount } }`,
      {},
      { field: 'bbox.south' },
    );
  });

  it('reads points and boundaries of a whole list in the same statements for 5 territories as for 100', async () => {
    await expectConstantStatements(svc, {
      relation: 'Territory.point/bbox/geometry',
      query: `query($first: Int) { territories(country: CL, level: THIRD_LEVEL, first: $first) { nodes { point { lat } bbox geometry(simplified: true) } } }`,
      small: { first: 5 },
      large: { first: 100 },
      parents: (d) => d.territories.nodes.length,
    });
  });
});

describe('GET /territories.geojson', () => {
  it('gives the comunas with a polygon as a FeatureCollection with their CUT codes, from the service and the gateway', async () => {
    for (const base of [svc.url.replace(/\/graphql$/, ''), gateway.baseUrl]) {
      const res = await geojson(base, 'country=CL&level=THIRD_LEVEL');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/geo\+json/);
      const body = (await res.json()) as {
        type: string;
        features: { type: string; id: string; properties: { id: string; code: string; name: string }; geometry: { type: string } }[];
      };
      expect(body.type).toBe('FeatureCollection');
      expect(body.features).toHaveLength(345);
      expect(body.features[0]).toMatchObject({
        type: 'Feature',
        id: 'CL:01101',
        properties: { id: 'CL:01101', code: '01101', name: 'Iquique' },
      });
      expect(body.features.map((f) => f.properties.code)).not.toContain('12202');
      expect(body.features.every((f) => /Polygon$/.test(f.geometry.type))).toBe(true);
    }
  });

  it('answers a wrong parameter with a 400 naming it, and a country without a gazetteer with a 404', async () => {
    const badLevel = await geojson(gateway.baseUrl, 'country=CL&level=COMUNA');
    expect({ status: badLevel.status, body: await badLevel.json() }).toMatchObject({ status: 400, body: { field: 'level' } });
    const badCountry = await geojson(gateway.baseUrl, 'country=Chile&level=FIRST_LEVEL');
    expect({ status: badCountry.status, body: await badCountry.json() }).toMatchObject({ status: 400, body: { field: 'country' } });
    const unknown = await geojson(gateway.baseUrl, 'country=AR&level=FIRST_LEVEL');
    expect({ status: unknown.status, body: await unknown.json() }).toMatchObject({ status: 404, body: { field: 'country' } });
  });
});
