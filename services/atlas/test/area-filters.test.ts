/**
 * `near` and `bbox` on the cross-program lists: the territories service (with the official gazetteers and
 * the reference boundary files imported through its import functions, read in place) says which
 * territories a circle or box selects; the index lists what was recorded for them. Expected ids are
 * written by hand from the distances the territories tests state: from Iquique's port (−20.22, −70.14)
 * Alto Hospicio's point is 14 km away, Tarapacá's (the región's) 78 km, Iquique's (the comuna reaches far
 * south) 79 km, Pozo Almonte's 90 km (the boundary files' points, ../shared/data/geo/cl/points.csv).
 */
import path from 'node:path';
import type { ActorSnapshot } from '@cultura/vocabulary';
import { OFFICIAL_GAZETTEERS, signToken, startTestService, type TestService } from '@cultura/testkit';
import { importGeography, importOfficialGazetteer, territoriesService } from '@cultura/territories';
import { atlasService } from '../src/index';
import { applyChanges, type FeedChange } from '../src/feed/apply';
import { action, program } from './fixture';
import { httpTerritoryCheck, placesOf } from '../src/query/validate';

const GEOGRAPHY = path.resolve(OFFICIAL_GAZETTEERS, '..', 'geo');

let territories: TestService;
let atlas: TestService;

let cursor = 70_000;
function actor(a: Pick<ActorSnapshot, 'id' | 'programId' | 'territoryId'>): FeedChange {
  const snapshot: ActorSnapshot = {
    typeName: 'Municipality',
    kind: 'MUNICIPALITY',
    name: a.id,
    governmentLevel: 'LOCAL',
    domains: [],
    origin: 'SOURCE_DOCUMENT',
    figures: [],
    ...a,
  };
  return {
    feed: a.programId,
    change: { cursor: `${++cursor}.1`, entity: 'actor', id: a.id, changedAt: new Date().toISOString(), snapshot },
  };
}

/** A locality added below Iquique with its own point at the port, 79 km from its comuna's point. */
const PORT_LOCALITY = 'CL:01101:caleta-del-puerto';
/** A locality below Alto Hospicio with no point of its own: placed by its comuna. */
const HOSPICIO_LOCALITY = 'CL:01107:la-pampa';

beforeAll(async () => {
  territories = await startTestService(territoriesService);
  await importOfficialGazetteer(territories.dataSource, { dir: OFFICIAL_GAZETTEERS });
  await importGeography(territories.dataSource, { dir: GEOGRAPHY });
  const token = signToken({ scopes: ['territories:write'] });
  const add = `mutation($input: AddLocalTerritoryInput!) { addLocalTerritory(input: $input) { id } }`;
  await territories.client.data(
    add,
    { input: { parentId: 'CL:01101', name: 'Caleta del Puerto', kind: 'LOCALITY', centroid: { latitude: -20.215, longitude: -70.152 } } },
    { token },
  );
  await territories.client.data(add, { input: { parentId: 'CL:01107', name: 'La Pampa', kind: 'LOCALITY' } }, { token });

  atlas = await startTestService(
    atlasService({ feeds: [], territories: territories.url, consumer: { pollMs: 50, batchSize: 500, timeoutMs: 5000 } }),
    { background: false },
  );
  await atlas.dataSource.transaction((tx) =>
    applyChanges(tx, [
      program({ id: 'prog-cl', name: 'A Chilean program', countryId: 'CL', origin: 'SOURCE_DOCUMENT', figures: [] }),
      program({ id: 'prog-pe', name: 'A Peruvian program', countryId: 'PE', origin: 'SOURCE_DOCUMENT', figures: [] }),
      action({ id: 'cl:iquique', programId: 'prog-cl', territoryIds: ['CL:01101'], periodStart: '2025-03-01' }),
      action({ id: 'cl:hospicio', programId: 'prog-cl', territoryIds: ['CL:01107'], periodStart: '2025-02-01' }),
      action({ id: 'cl:port-locality', programId: 'prog-cl', territoryIds: [PORT_LOCALITY], periodStart: '2025-01-01' }),
      action({ id: 'cl:la-pampa', programId: 'prog-cl', territoryIds: [HOSPICIO_LOCALITY], periodStart: '2024-12-01' }),
      action({ id: 'cl:tarapaca', programId: 'prog-cl', territoryIds: ['CL:01'], periodStart: '2024-11-01' }),
      action({ id: 'cl:pozo-almonte', programId: 'prog-cl', territoryIds: ['CL:01401'], periodStart: '2024-10-01' }),
      action({ id: 'pe:lima', programId: 'prog-pe', territoryIds: ['PE:150101'], periodStart: '2024-09-01' }),
      action({ id: 'both:hospicio-lima', programId: 'prog-pe', territoryIds: ['PE:150101', 'CL:01107'], periodStart: '2024-08-01' }),
      actor({ id: 'actor:hospicio', programId: 'prog-cl', territoryId: 'CL:01107' }),
      actor({ id: 'actor:la-pampa', programId: 'prog-cl', territoryId: HOSPICIO_LOCALITY }),
      actor({ id: 'actor:iquique', programId: 'prog-cl', territoryId: 'CL:01101' }),
      actor({ id: 'actor:lima', programId: 'prog-pe', territoryId: 'PE:150101' }),
      actor({ id: 'actor:nowhere', programId: 'prog-pe', territoryId: null }),
    ]),
  );
}, 180_000);
afterAll(async () => {
  await atlas?.stop();
  await territories?.stop();
});

const PORT = { lat: -20.22, lon: -70.14 };
/** Around Iquique and Pozo Almonte, inside Tarapacá (see the territories tests: it meets only CL:01 of the regions). */
const COAST_BOX = { west: -70.5, south: -20.5, east: -69, north: -19.5 };
const LIMA_CENTRE = { lat: -12.046, lon: -77.043 };

async function actionIds(filter: Record<string, unknown>): Promise<{ ids: string[]; total: number }> {
  const data = await atlas.client.data(
    `query($filter: CrossProgramActionFilter) { actions(filter: $filter, first: 100) { totalCount nodes { id } } }`,
    { filter },
  );
  return { ids: data.actions.nodes.map((n: { id: string }) => n.id), total: data.actions.totalCount };
}

async function actorIds(filter: Record<string, unknown>): Promise<string[]> {
  const data = await atlas.client.data(
    `query($filter: CrossProgramActorFilter) { actors(filter: $filter, first: 100) { totalCount nodes { id } } }`,
    { filter },
  );
  expect(data.actors.totalCount).toBe(data.actors.nodes.length);
  return data.actors.nodes.map((n: { id: string }) => n.id).sort();
}

describe('actions near a point', () => {
  it('lists what was recorded for the territories whose point is in the circle, and for localities of those comunas', async () => {
    // 20 km: Alto Hospicio and the port locality; not Iquique (its point is 79 km away), nor the region's.
    expect(await actionIds({ near: { ...PORT, radiusKm: 20 } })).toEqual({
      ids: ['cl:hospicio', 'cl:port-locality', 'cl:la-pampa', 'both:hospicio-lima'],
      total: 4,
    });
    // 85 km brings Iquique (79 km) and Tarapacá's own point (78 km), so the región-wide action; Pozo Almonte (90 km) stays out.
    expect((await actionIds({ near: { ...PORT, radiusKm: 85 } })).ids).toEqual([
      'cl:iquique',
      'cl:hospicio',
      'cl:port-locality',
      'cl:la-pampa',
      'cl:tarapaca',
      'both:hospicio-lima',
    ]);
  });

  it('finds Lima’s actions around its centre, with the action that also names Alto Hospicio', async () => {
    expect(await actionIds({ near: { ...LIMA_CENTRE, radiusKm: 3 } })).toEqual({ ids: ['pe:lima', 'both:hospicio-lima'], total: 2 });
  });

  it('reads every territory of a wide circle, over several pages of the territories service', async () => {
    // 2,000 km from Lima reaches Tarapacá (about 1,250 km): well over a thousand districts and comunas, so more
    // than one page of `territories`; the names of Pozo Almonte and Tarapacá sort late, on a later page.
    expect(await actionIds({ near: { ...LIMA_CENTRE, radiusKm: 2000 } })).toEqual({
      ids: [
        'cl:iquique',
        'cl:hospicio',
        'cl:port-locality',
        'cl:la-pampa',
        'cl:tarapaca',
        'cl:pozo-almonte',
        'pe:lima',
        'both:hospicio-lima',
      ],
      total: 8,
    });
  });

  it('combines with the other filters and pages like any list', async () => {
    expect((await actionIds({ near: { ...PORT, radiusKm: 20 }, programs: ['prog-pe'] })).ids).toEqual(['both:hospicio-lima']);
    expect((await actionIds({ near: { ...PORT, radiusKm: 20 }, to: '2024-12-31' })).ids).toEqual(['cl:la-pampa', 'both:hospicio-lima']);
    const page = `query($after: String) { actions(filter: { near: { lat: -20.22, lon: -70.14, radiusKm: 85 } }, first: 2, after: $after) {
      totalCount nodes { id } pageInfo { hasNextPage endCursor } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      type Page = { totalCount: number; nodes: { id: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
      const data: Page = (await atlas.client.data<{ actions: Page }>(page, { after })).actions;
      expect(data.totalCount).toBe(6);
      seen.push(...data.nodes.map((n) => n.id));
      if (!data.pageInfo.hasNextPage) break;
      after = data.pageInfo.endCursor;
    }
    expect(seen).toEqual(['cl:iquique', 'cl:hospicio', 'cl:port-locality', 'cl:la-pampa', 'cl:tarapaca', 'both:hospicio-lima']);
  });
});

describe('actions in a box', () => {
  it('lists what was recorded for every territory whose box meets it: the comunas, and the región for its region-wide actions', async () => {
    expect((await actionIds({ bbox: COAST_BOX })).ids).toEqual([
      'cl:iquique',
      'cl:hospicio',
      'cl:port-locality',
      'cl:la-pampa',
      'cl:tarapaca',
      'cl:pozo-almonte',
      'both:hospicio-lima',
    ]);
  });

  it('keeps what both a circle and a box select when given together', async () => {
    const lima = { west: -77.2, south: -12.2, east: -76.9, north: -11.9 };
    expect((await actionIds({ bbox: lima, near: { ...LIMA_CENTRE, radiusKm: 3 } })).ids).toEqual(['pe:lima', 'both:hospicio-lima']);
    expect(await actionIds({ bbox: COAST_BOX, near: { ...LIMA_CENTRE, radiusKm: 3 } })).toEqual({ ids: [], total: 0 });
  });

  it('lists nothing, without an error, for a box where no territory lies', async () => {
    expect(await actionIds({ bbox: { west: -120, south: -30, east: -110, north: -20 } })).toEqual({ ids: [], total: 0 });
  });
});

describe('actors near a point or in a box', () => {
  it('lists actors based in the selected territories or in a locality of a selected comuna; an actor with no territory never', async () => {
    expect(await actorIds({ near: { ...PORT, radiusKm: 20 } })).toEqual(['actor:hospicio', 'actor:la-pampa']);
    expect(await actorIds({ near: { ...LIMA_CENTRE, radiusKm: 3 } })).toEqual(['actor:lima']);
    expect(await actorIds({ bbox: COAST_BOX })).toEqual(['actor:hospicio', 'actor:iquique', 'actor:la-pampa']);
    expect(await actorIds({ bbox: COAST_BOX, programs: ['prog-pe'] })).toEqual([]);
  });
});

describe('the lists without an area', () => {
  it('list everything, whatever the filter leaves unsaid', async () => {
    const data = await atlas.client.data(`{ actions { totalCount } actors { totalCount } }`);
    expect(data).toEqual({ actions: { totalCount: 8 }, actors: { totalCount: 5 } });
    expect((await actionIds({})).total).toBe(8);
    expect(await actorIds({ programs: ['prog-pe'] })).toEqual(['actor:lima', 'actor:nowhere']);
  });
});

describe('the edges of the globe', () => {
  it('accepts a circle on a pole or the antimeridian, and a box over the whole globe', async () => {
    expect(await actionIds({ near: { lat: 90, lon: 180, radiusKm: 1 } })).toEqual({ ids: [], total: 0 });
    expect(await actionIds({ near: { lat: -90, lon: -180, radiusKm: 1 } })).toEqual({ ids: [], total: 0 });
    expect((await actionIds({ bbox: { west: -180, south: -90, east: 180, north: 90 } })).total).toBe(8);
  });

  it('accepts a box with no width or height: the territories whose box holds that point', async () => {
    // The port lies in Iquique's box, its province's and Tarapacá's, not in Alto Hospicio's (east of it).
    expect((await actionIds({ bbox: { west: -70.16, south: -20.21, east: -70.16, north: -20.21 } })).ids).toEqual([
      'cl:iquique',
      'cl:port-locality',
      'cl:tarapaca',
    ]);
  });
});

describe('reading the area from the territories service', () => {
  const wide = { near: { ...LIMA_CENTRE, radiusKm: 2000 } };

  it('gives the same territories whatever the page size', async () => {
    const whole = await placesOf(wide, httpTerritoryCheck(territories.url));
    const paged = await placesOf(wide, httpTerritoryCheck(territories.url, 5000, { pageSize: 250, maxPages: 50 }));
    expect(whole!.length).toBeGreaterThan(1000);
    expect([...paged!].sort()).toEqual([...whole!].sort());
    expect(new Set(whole).size).toBe(whole!.length);
  });

  it('gives exactly the territories in the area, nothing more', async () => {
    // Only the locality's own point is within 2 km of the port; Iquique's point lies far inland.
    expect(await placesOf({ near: { ...PORT, radiusKm: 2 } }, httpTerritoryCheck(territories.url))).toEqual([PORT_LOCALITY]);
  });

  it('reads an area that takes exactly its page bound, and refuses one that needs a page more', async () => {
    const count = (await placesOf(wide, httpTerritoryCheck(territories.url)))!.length;
    const pageSize = Math.ceil(count / 3);
    const threePages = await placesOf(wide, httpTerritoryCheck(territories.url, 5000, { pageSize, maxPages: 3 }));
    expect(threePages).toHaveLength(count);
    await expect(placesOf(wide, httpTerritoryCheck(territories.url, 5000, { pageSize, maxPages: 2 }))).rejects.toMatchObject({
      message: `The area holds more than ${2 * pageSize} territories: narrow filter.near or filter.bbox`,
    });
  });

  it('refuses an area wider than its bound, naming the filter that made it', async () => {
    const small = httpTerritoryCheck(territories.url, 5000, { pageSize: 100, maxPages: 2 });
    await expect(placesOf(wide, small)).rejects.toMatchObject({
      message: 'The area holds more than 200 territories: narrow filter.near or filter.bbox',
      extensions: { code: 'BAD_USER_INPUT', field: 'filter.near' },
    });
    await expect(placesOf({ bbox: { west: -80, south: -20, east: -70, north: -10 } }, small)).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'filter.bbox' },
    });
  });
});

describe('refusals', () => {
  it.each([
    ['actions', 'CrossProgramActionFilter', { near: { lat: -20, lon: -70, radiusKm: 0 } }, 'filter.near.radiusKm'],
    ['actions', 'CrossProgramActionFilter', { near: { lat: -20, lon: -70, radiusKm: 2001 } }, 'filter.near.radiusKm'],
    ['actions', 'CrossProgramActionFilter', { near: { lat: -95, lon: -70, radiusKm: 5 } }, 'filter.near.lat'],
    ['actions', 'CrossProgramActionFilter', { near: { lat: -20, lon: 181, radiusKm: 5 } }, 'filter.near.lon'],
    ['actions', 'CrossProgramActionFilter', { bbox: { west: -68, south: -21, east: -70, north: -20 } }, 'filter.bbox.west'],
    ['actors', 'CrossProgramActorFilter', { bbox: { west: -70, south: -19, east: -68, north: -20 } }, 'filter.bbox.south'],
    ['actors', 'CrossProgramActorFilter', { bbox: { west: -70, south: -91, east: -68, north: -20 } }, 'filter.bbox.south'],
    ['actors', 'CrossProgramActorFilter', { bbox: { west: -181, south: -21, east: -68, north: -20 } }, 'filter.bbox.west'],
    ['actions', 'CrossProgramActionFilter', { bbox: { west: -70, south: -21, east: 180.5, north: -20 } }, 'filter.bbox.east'],
  ])('%s (%s) refuses %j, naming %s', async (list, type, filter, field) => {
    const res = await atlas.client.error(
      'BAD_USER_INPUT',
      `query($filter: ${type}) { ${list}(filter: $filter) { totalCount } }`,
      { filter },
      { field },
    );
    expect(res.errors?.[0].message).toContain(field);
  });

  it.each([
    ['near', { near: { ...PORT, radiusKm: 20 } }],
    ['bbox', { bbox: COAST_BOX }],
  ])('report refuses %s: a circle or box cuts across the territories its figures were reported for', async (area, filter) => {
    const res = await atlas.client.error(
      'BAD_USER_INPUT',
      `query($filter: CrossProgramActionFilter) { report(groupBy: [PROGRAM], filter: $filter) { total { actions } } }`,
      { filter },
      { field: `filter.${area}` },
    );
    expect(res.errors?.[0].message).toMatch(/filters the lists/);
  });

  it('says the territories service is unavailable rather than list for an area nobody checked', async () => {
    await territories.stop();
    await atlas.client.error(
      'SERVICE_UNAVAILABLE',
      `{ actions(filter: { near: { lat: -20.22, lon: -70.14, radiusKm: 20 } }) { totalCount } }`,
      {},
      { field: 'filter' },
    );
  });
});
