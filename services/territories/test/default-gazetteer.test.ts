import { createDataSource, openAndMigrate, type QueryCounter } from '@cultura/db';
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

  it('holds two countries, 16 Chilean regions and 26 Peruvian first levels', async () => {
    expect(await count({ level: 'COUNTRY' })).toBe(2);
    expect(await count({ country: 'CL', level: 'FIRST_LEVEL' })).toBe(16);
    expect(await count({ country: 'CL', level: 'FIRST_LEVEL', kind: 'REGION' })).toBe(16);
    expect(await count({ country: 'PE', level: 'FIRST_LEVEL' })).toBe(26);
    expect(await count({ country: 'PE', level: 'FIRST_LEVEL', kind: 'DEPARTMENT' })).toBe(25);
    expect(await count({ country: 'PE', level: 'FIRST_LEVEL', kind: 'METROPOLITAN_MUNICIPALITY' })).toBe(1);
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

  it('puts the province of Lima under Lima Metropolitana, not under the department of Lima', async () => {
    const lima = await repo().findOneByOrFail({ id: 'PE:1501' });
    expect(lima.ancestorIds).toEqual(['PE', 'PE:LMA']);
    const lma = await repo().findOneByOrFail({ id: 'PE:LMA' });
    expect(lma).toMatchObject({
      isoCode: 'PE-LMA',
      officialCode: null,
      codeScheme: 'ISO_3166_2',
      kind: 'METROPOLITAN_MUNICIPALITY',
    });
    expect(await repo().findOneByOrFail({ id: 'PE:15' })).toMatchObject({ name: 'Lima', isoCode: 'PE-LIM' });
    expect(await repo().findOneByOrFail({ id: 'PE:07' })).toMatchObject({ name: 'Callao', isoCode: 'PE-CAL' });
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
    const summary = await upsertTerritories(
      dataSource,
      [locality({ name: 'Otra Matilla', latitude: -20.51, longitude: -69.36 })],
      { origin: 'OFFICIAL_IMPORT', originDetail: 'test' },
    );
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

  it('writes nothing when a statement fails part way', async () => {
    // A trigger makes the UPDATE fail after the INSERT of the same call has run.
    await dataSource.query(`CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'boom'; END $$`);
    await dataSource.query(
      `CREATE TRIGGER boom BEFORE UPDATE ON territory FOR EACH ROW WHEN (NEW.name = 'Boom') EXECUTE FUNCTION boom()`,
    );
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
