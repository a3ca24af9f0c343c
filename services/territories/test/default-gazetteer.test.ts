import { createDataSource, openAndMigrate, type QueryCounter } from '@cultura/db';
import { territoryAncestors, territoryAreas, territoryLevelOf, territoryLineage } from '@cultura/vocabulary';
import { createTestDatabase, type TestDatabase } from '@cultura/testkit';
import type { DataSource } from 'typeorm';
import { DEFAULT_GAZETTEER } from '../src/data/default-gazetteer';
import { Territory } from '../src/entities/Territory';
import { loadDefaultGazetteer } from '../src/gazetteer/default';
import { upsertTerritories, type TerritoryRecord } from '../src/gazetteer/records';
import { territoriesService } from '../src/index';

let database: TestDatabase;
let dataSource: DataSource;
let queries: QueryCounter;

beforeAll(async () => {
  database = await createTestDatabase('default_gazetteer');
  ({ dataSource, queries } = createDataSource({
    url: database.url,
    entities: territoriesService.entities,
    migrations: territoriesService.migrations,
    poolSize: 2,
  }));
  await openAndMigrate(dataSource);
});

afterAll(async () => {
  if (dataSource?.isInitialized) await dataSource.destroy();
  await database?.drop();
});

const repo = () => dataSource.getRepository(Territory);
const count = (where: Partial<Pick<Territory, 'country' | 'level' | 'kind'>>) => repo().countBy(where);

describe('the default gazetteer data', () => {
  it('gives every record a unique id and a parent that is also in the data', () => {
    const ids = DEFAULT_GAZETTEER.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    const missing = DEFAULT_GAZETTEER.filter((r) => r.parentId !== null && !ids.includes(r.parentId));
    expect(missing).toEqual([]);
  });

  it('gives every record the parent and level its id names under vocabulary’s rules', () => {
    const wrong = DEFAULT_GAZETTEER.filter((r) => {
      const level = r.level === 'LOCALITY' || r.level === 'NEIGHBOURHOOD' ? 'LOCAL' : r.level;
      return territoryLevelOf(r.id) !== level || (territoryAncestors(r.id)?.at(-1) ?? null) !== r.parentId;
    });
    expect(wrong.map((r) => `${r.id} (${r.level}, parent ${r.parentId})`)).toEqual([]);
  });

  it('marks every record as default data and names its source', () => {
    for (const r of DEFAULT_GAZETTEER) {
      expect(r.origin).toBe('DEFAULT_GAZETTEER');
      expect(r.originDetail).toEqual(expect.any(String));
    }
  });
});

describe('loading the default gazetteer', () => {
  it('loads every default record without rejections', async () => {
    const summary = await loadDefaultGazetteer(dataSource);
    expect(summary).toEqual({ inserted: DEFAULT_GAZETTEER.length, updated: 0, unchanged: 0, rejected: [] });
  });

  it('changes nothing when loaded again, in a handful of statements', async () => {
    const { result, statements } = await queries.measure(() => loadDefaultGazetteer(dataSource));
    expect(result).toEqual({ inserted: 0, updated: 0, unchanged: DEFAULT_GAZETTEER.length, rejected: [] });
    // BEGIN, lock, one read, COMMIT.
    expect(statements).toBeLessThanOrEqual(4);
  });

  it('holds two countries, 16 Chilean regions, 25 Peruvian departments and two areas beside them', async () => {
    expect(await count({ level: 'COUNTRY' })).toBe(2);
    expect(await count({ country: 'CL', level: 'FIRST_LEVEL' })).toBe(16);
    expect(await count({ country: 'CL', level: 'FIRST_LEVEL', kind: 'REGION' })).toBe(16);
    expect(await count({ country: 'PE', level: 'FIRST_LEVEL' })).toBe(25);
    expect(await count({ country: 'PE', level: 'FIRST_LEVEL', kind: 'DEPARTMENT' })).toBe(25);
    expect(await count({ level: 'AREA' })).toBe(2);
  });

  it('places Alto Hospicio under Chile > Tarapacá > Iquique', async () => {
    const alto = await repo().findOneByOrFail({ id: 'CL:01107' });
    expect(alto.ancestorIds).toEqual(['CL', 'CL:01', 'CL:011']);
    const names = await Promise.all(alto.ancestorIds.map(async (id) => (await repo().findOneByOrFail({ id })).name));
    expect(names).toEqual(['Chile', 'Tarapacá', 'Iquique']);
    expect(alto).toMatchObject({ name: 'Alto Hospicio', sortName: 'alto hospicio', officialCode: '01107', codeScheme: 'CUT' });
  });

  it('places La Tirana under Pozo Almonte as a locality with a centroid', async () => {
    const tirana = await repo().findOneByOrFail({ id: 'CL:01401:la-tirana' });
    expect(tirana).toMatchObject({
      parentId: 'CL:01401',
      level: 'LOCALITY',
      kind: 'LOCALITY',
      localKind: 'localidad',
      officialCode: null,
      codeScheme: 'LOCAL',
    });
    expect(tirana.ancestorIds).toEqual(['CL', 'CL:01', 'CL:014', 'CL:01401']);
    expect(tirana.latitude).toBeCloseTo(-20.34, 1);
  });

  it('puts the province of Lima in department 15 Lima, as INEI counts it', async () => {
    expect(await repo().findOneByOrFail({ id: 'PE:1501' })).toMatchObject({
      parentId: 'PE:15',
      ancestorIds: ['PE', 'PE:15'],
      areaIds: ['PE:LMA'],
      lineage: ['PE', 'PE:15', 'PE:LMA', 'PE:1501'],
    });
    expect(await repo().findOneByOrFail({ id: 'PE:15' })).toMatchObject({
      name: 'Lima',
      level: 'FIRST_LEVEL',
      kind: 'DEPARTMENT',
      officialCode: '15',
      alternateNames: [],
      areaIds: [],
    });
    expect(await repo().findOneByOrFail({ id: 'PE:07' })).toMatchObject({ name: 'Callao', isoCode: 'PE-CAL' });
  });

  it('keeps Lima Metropolitana and Lima Provincias as areas inside department 15, with their ISO codes', async () => {
    expect(await repo().findOneByOrFail({ id: 'PE:LMA' })).toMatchObject({
      name: 'Lima Metropolitana',
      level: 'AREA',
      kind: 'METROPOLITAN_MUNICIPALITY',
      parentId: 'PE:15',
      ancestorIds: ['PE', 'PE:15'],
      areaIds: [],
      isoCode: 'PE-LMA',
      officialCode: null,
      codeScheme: 'ISO_3166_2',
    });
    expect(await repo().findOneByOrFail({ id: 'PE:LIM' })).toMatchObject({
      name: 'Lima Provincias',
      level: 'AREA',
      kind: 'REGIONAL_GOVERNMENT_AREA',
      localKind: 'región',
      parentId: 'PE:15',
      ancestorIds: ['PE', 'PE:15'],
      isoCode: 'PE-LIM',
      officialCode: null,
      codeScheme: 'ISO_3166_2',
      alternateNames: ['Lima Región', 'Región Lima'],
    });
  });

  it('gives ISO 3166-2 PE-LIM to Lima Provincias only: department 15 as a whole has no code of its own', async () => {
    expect((await repo().findOneByOrFail({ id: 'PE:15' })).isoCode).toBeNull();
    expect(await repo().findBy({ isoCode: 'PE-LIM' })).toEqual([expect.objectContaining({ id: 'PE:LIM' })]);
  });

  it('stores every territory where vocabulary’s id rules place it: ancestors, areas and lineage', async () => {
    const rows = await repo().find();
    const disagreeing = rows.filter((r) => {
      const expected = { ancestorIds: territoryAncestors(r.id), areaIds: territoryAreas(r.id), lineage: territoryLineage(r.id) };
      return JSON.stringify({ ancestorIds: r.ancestorIds, areaIds: r.areaIds, lineage: r.lineage }) !== JSON.stringify(expected);
    });
    expect(disagreeing.map((r) => r.id)).toEqual([]);
    const levels = rows.map((r) => [r.id, r.level === 'LOCALITY' || r.level === 'NEIGHBOURHOOD' ? 'LOCAL' : r.level]);
    expect(levels).toEqual(rows.map((r) => [r.id, territoryLevelOf(r.id)]));
  });

  it('stores a parent for every territory but the countries, and each parent exists', async () => {
    const orphans = await dataSource.query(
      `SELECT c.id FROM territory c LEFT JOIN territory p ON p.id = c.parent_id
        WHERE (c.level <> 'COUNTRY' AND p.id IS NULL)
           OR c.ancestor_ids[cardinality(c.ancestor_ids)] IS DISTINCT FROM c.parent_id`,
    );
    expect(orphans).toEqual([]);
  });
});

describe('upsert rules', () => {
  const locality = (over: Partial<TerritoryRecord>): TerritoryRecord => ({
    id: 'CL:01405:matilla',
    country: 'CL',
    level: 'LOCALITY',
    kind: 'LOCALITY',
    localKind: 'localidad',
    name: 'Matilla',
    officialCode: null,
    codeScheme: 'LOCAL',
    isoCode: null,
    alternateCodes: [],
    alternateNames: [],
    parentId: 'CL:01405',
    latitude: null,
    longitude: null,
    ...over,
  });
  const asUser = { origin: 'USER' as const, originDetail: 'test' };

  it('keeps an accented name when the same name comes in capitals, and adds new alternate names', async () => {
    const tarapacaInCapitals = locality({
      id: 'CL:01',
      level: 'FIRST_LEVEL',
      kind: 'REGION',
      localKind: 'región',
      name: 'TARAPACA',
      parentId: 'CL',
      officialCode: '01',
      codeScheme: 'CUT',
      alternateNames: ['I Región'],
    });
    const summary = await upsertTerritories(dataSource, [tarapacaInCapitals], {
      origin: 'DEFAULT_GAZETTEER',
      originDetail: 'test',
    });
    expect(summary).toMatchObject({ inserted: 0, updated: 1 });
    const tarapaca = await repo().findOneByOrFail({ id: 'CL:01' });
    expect(tarapaca.name).toBe('Tarapacá');
    expect(tarapaca.alternateNames).toEqual(['Región de Tarapacá', 'I Región']);
  });

  it('rejects a record whose parent does not exist, with the reason, and writes the others', async () => {
    const summary = await upsertTerritories(
      dataSource,
      [locality({}), locality({ id: 'CL:99999:nowhere', name: 'Nowhere', parentId: 'CL:99999', sourceRow: 'test.csv:7' })],
      asUser,
    );
    expect(summary.inserted).toBe(1);
    expect(summary.rejected).toEqual([{ row: 'test.csv:7', reason: 'parent CL:99999 does not exist' }]);
    expect(await repo().findOneByOrFail({ id: 'CL:01405:matilla' })).toMatchObject({
      origin: 'USER',
      ancestorIds: ['CL', 'CL:01', 'CL:014', 'CL:01405'],
    });
  });

  it('rejects a second territory of the same name under the same parent instead of failing the batch', async () => {
    const summary = await upsertTerritories(dataSource, [locality({ id: 'CL:01405:matilla-2', name: 'MATILLA' })], asUser);
    expect(summary.inserted).toBe(0);
    expect(summary.rejected[0].reason).toMatch(/already has a locality named "MATILLA" \(CL:01405:matilla\)/);
  });

  it('only fills missing values of a row another source created', async () => {
    const summary = await upsertTerritories(dataSource, [locality({ name: 'Otra Matilla', latitude: -20.51, longitude: -69.36 })], {
      origin: 'OFFICIAL_IMPORT',
      originDetail: 'test',
    });
    expect(summary.updated).toBe(1);
    const matilla = await repo().findOneByOrFail({ id: 'CL:01405:matilla' });
    expect(matilla).toMatchObject({ name: 'Matilla', origin: 'USER', latitude: -20.51, longitude: -69.36 });
    expect(matilla.alternateNames).toEqual(['Otra Matilla']);
  });

  it('moves the stored descendants of a territory that changes parent', async () => {
    const barrio = locality({
      id: 'CL:01405:matilla:centro',
      level: 'NEIGHBOURHOOD',
      kind: 'NEIGHBOURHOOD',
      name: 'Centro',
      parentId: 'CL:01405:matilla',
    });
    await upsertTerritories(dataSource, [barrio], asUser);
    const moved = await upsertTerritories(dataSource, [locality({ parentId: 'CL:01401' })], asUser);
    expect(moved).toMatchObject({ updated: 1, rejected: [] });
    expect((await repo().findOneByOrFail({ id: 'CL:01405:matilla:centro' })).ancestorIds).toEqual([
      'CL',
      'CL:01',
      'CL:014',
      'CL:01401',
      'CL:01405:matilla',
    ]);
  });

  const asDefault = { origin: 'DEFAULT_GAZETTEER' as const, originDetail: 'test' };
  const peru = (over: Partial<TerritoryRecord> & Pick<TerritoryRecord, 'id' | 'name' | 'parentId'>): TerritoryRecord => ({
    country: 'PE',
    level: 'THIRD_LEVEL',
    kind: 'DISTRICT',
    localKind: 'distrito',
    officialCode: null,
    codeScheme: 'UBIGEO_INEI',
    isoCode: null,
    alternateCodes: [],
    alternateNames: [],
    latitude: null,
    longitude: null,
    ...over,
  });

  it('rejects an official unit placed elsewhere than its code says', async () => {
    const barranca = peru({
      id: 'PE:1502',
      name: 'Barranca',
      parentId: 'PE:14',
      level: 'SECOND_LEVEL',
      kind: 'PROVINCE',
      officialCode: '1502',
    });
    const summary = await upsertTerritories(dataSource, [barranca], asDefault);
    expect(summary.rejected).toEqual([{ row: 'PE:1502', reason: 'PE:1502 belongs below PE:15, as its code says, not below PE:14' }]);
    const lima = DEFAULT_GAZETTEER.find((r) => r.id === 'PE:1501')!;
    const underLma = await upsertTerritories(dataSource, [{ ...lima, parentId: 'PE:LMA' }], asDefault);
    expect(underLma.rejected).toEqual([{ row: 'PE:1501', reason: expect.stringContaining('PE:LMA') }]);
    expect((await repo().findOneByOrFail({ id: 'PE:1501' })).parentId).toBe('PE:15');
  });

  it('rejects a territory below an area, and an id that does not name the level given', async () => {
    const below = await upsertTerritories(
      dataSource,
      [locality({ id: 'PE:150101:cerro', country: 'PE', localKind: 'centro poblado', name: 'Cerro', parentId: 'PE:LMA' })],
      asUser,
    );
    expect(below.rejected).toEqual([
      { row: 'PE:150101:cerro', reason: 'PE:LMA is an area: areas group territories beside the tree and hold none below them' },
    ]);
    const misnamed = await upsertTerritories(
      dataSource,
      [peru({ id: 'PE:LMA', name: 'Lima Metropolitana', parentId: 'PE', level: 'FIRST_LEVEL', kind: 'METROPOLITAN_MUNICIPALITY' })],
      asDefault,
    );
    expect(misnamed.rejected).toEqual([
      { row: 'PE:LMA', reason: expect.stringMatching(/^id PE:LMA does not name a FIRST_LEVEL territory/) },
    ]);
    expect(await repo().findOneByOrFail({ id: 'PE:LMA' })).toMatchObject({ level: 'AREA', parentId: 'PE:15' });
  });

  it('gives a locality moved to a district of another area, and what lies below it, the new area', async () => {
    const official = { origin: 'OFFICIAL_IMPORT' as const, originDetail: 'test' };
    await upsertTerritories(
      dataSource,
      [
        peru({ id: 'PE:1502', name: 'Barranca', parentId: 'PE:15', level: 'SECOND_LEVEL', kind: 'PROVINCE', officialCode: '1502' }),
        peru({ id: 'PE:150101', name: 'Lima', parentId: 'PE:1501', officialCode: '150101' }),
        peru({ id: 'PE:150201', name: 'Barranca', parentId: 'PE:1502', officialCode: '150201' }),
      ],
      official,
    );
    const cerro = locality({ id: 'PE:150101:cerro', country: 'PE', localKind: 'centro poblado', name: 'Cerro', parentId: 'PE:150101' });
    const barrio = locality({
      id: 'PE:150101:cerro:alto',
      country: 'PE',
      level: 'NEIGHBOURHOOD',
      kind: 'NEIGHBOURHOOD',
      localKind: 'barrio',
      name: 'Alto',
      parentId: 'PE:150101:cerro',
    });
    expect(await upsertTerritories(dataSource, [cerro, barrio], asUser)).toMatchObject({ inserted: 2, rejected: [] });
    expect((await repo().findOneByOrFail({ id: 'PE:150101:cerro:alto' })).areaIds).toEqual(['PE:LMA']);

    expect(await upsertTerritories(dataSource, [{ ...cerro, parentId: 'PE:150201' }], asUser)).toMatchObject({ updated: 1, rejected: [] });
    expect(await repo().findOneByOrFail({ id: 'PE:150101:cerro' })).toMatchObject({
      areaIds: ['PE:LIM'],
      lineage: ['PE', 'PE:15', 'PE:1502', 'PE:150201', 'PE:LIM', 'PE:150101:cerro'],
    });
    expect(await repo().findOneByOrFail({ id: 'PE:150101:cerro:alto' })).toMatchObject({
      ancestorIds: ['PE', 'PE:15', 'PE:1502', 'PE:150201', 'PE:150101:cerro'],
      areaIds: ['PE:LIM'],
    });
  });

  it('writes nothing when a statement fails part way', async () => {
    // A trigger makes the UPDATE fail after the INSERT of the same call has run.
    await dataSource.query(`CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'boom'; END $$`);
    await dataSource.query(`CREATE TRIGGER boom BEFORE UPDATE ON territory FOR EACH ROW WHEN (NEW.name = 'Boom') EXECUTE FUNCTION boom()`);
    try {
      const before = await repo().count();
      await expect(
        upsertTerritories(dataSource, [locality({ id: 'CL:01405:nueva', name: 'Nueva' }), locality({ name: 'Boom' })], asUser),
      ).rejects.toThrow('boom');
      expect(await repo().count()).toBe(before);
      expect(await repo().findOneBy({ id: 'CL:01405:nueva' })).toBeNull();
    } finally {
      await dataSource.query('DROP TRIGGER boom ON territory; DROP FUNCTION boom()');
    }
  });
});
