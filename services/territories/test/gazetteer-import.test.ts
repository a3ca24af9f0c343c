import { spawn } from 'node:child_process';
import path from 'node:path';
import { createDataSource, openAndMigrate } from '@cultura/db';
import { createTestDatabase, type TestDatabase } from '@cultura/testkit';
import { territoryAncestors, territoryAreas, territoryLevelOf, territoryLineage } from '@cultura/vocabulary';
import type { DataSource } from 'typeorm';
import { Territory } from '../src/entities/Territory';
import { loadDefaultGazetteer } from '../src/gazetteer/default';
import { importOfficialGazetteer, titleCaseSpanish, type OfficialImportSummary } from '../src/gazetteer/official';
import { territoriesService } from '../src/index';

/** The official files live outside the repository; the import reads them where they are. */
const GAZETTEERS = path.resolve(__dirname, '../../../../shared/data/gazetteers');
const REPO_ROOT = path.resolve(__dirname, '../../..');

async function openDatabase(label: string): Promise<{ database: TestDatabase; dataSource: DataSource }> {
  const database = await createTestDatabase(label);
  const { dataSource } = createDataSource({
    url: database.url,
    entities: territoriesService.entities,
    migrations: territoriesService.migrations,
    poolSize: 2,
  });
  await openAndMigrate(dataSource);
  return { database, dataSource };
}

describe('importing the full official gazetteers', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let first: OfficialImportSummary;
  const progress: [number, number][] = [];

  beforeAll(async () => {
    ({ database, dataSource } = await openDatabase('gazetteer_import'));
    first = await importOfficialGazetteer(dataSource, {
      dir: GAZETTEERS,
      onProgress: (done, total) => progress.push([done, total]),
    });
  });

  afterAll(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
    await database?.drop();
  });

  const repo = () => dataSource.getRepository(Territory);
  const fileSummary = (file: string) => first.perFile.find((f) => f.file === file);

  it('stores 25 departments, 196 provinces and every district with an INEI code for Peru', async () => {
    expect(await repo().countBy({ country: 'PE', kind: 'DEPARTMENT' })).toBe(25);
    expect(await repo().countBy({ country: 'PE', level: 'FIRST_LEVEL' })).toBe(25);
    expect(await repo().countBy({ country: 'PE', level: 'AREA' })).toBe(2);
    expect(await repo().countBy({ country: 'PE', level: 'SECOND_LEVEL' })).toBe(196);
    expect(await repo().countBy({ country: 'PE', level: 'THIRD_LEVEL' })).toBe(1892);
  });

  it('stores 16 regions, 56 provinces and 346 comunas for Chile', async () => {
    expect(await repo().countBy({ country: 'CL', level: 'FIRST_LEVEL' })).toBe(16);
    expect(await repo().countBy({ country: 'CL', level: 'SECOND_LEVEL' })).toBe(56);
    expect(await repo().countBy({ country: 'CL', level: 'THIRD_LEVEL' })).toBe(346);
  });

  it('rejects only the district without an INEI code, saying where and why', () => {
    expect(first.rejected).toEqual([
      { row: 'pe/ubigeo_distrito.csv:1896', reason: expect.stringMatching(/no INEI code .*RENIEC 170107.*SAN ANTONIO/) },
    ]);
    expect(fileSummary('pe/ubigeo_distrito.csv')).toMatchObject({ rows: 1893, inserted: 1892, rejected: [expect.anything()] });
  });

  it('reports what each file did', () => {
    expect(first.perFile.map((f) => [f.file, f.country, f.level, f.rows])).toEqual([
      ['default gazetteer', 'CL', null, 29],
      ['cl/csv_regions.csv', 'CL', 'FIRST_LEVEL', 16],
      ['cl/csv_provinces.csv', 'CL', 'SECOND_LEVEL', 56],
      ['cl/csv_communes.csv', 'CL', 'THIRD_LEVEL', 346],
      ['default gazetteer', 'PE', null, 29],
      ['pe/ubigeo_departamento.csv', 'PE', 'FIRST_LEVEL', 25],
      ['pe/ubigeo_provincia.csv', 'PE', 'SECOND_LEVEL', 196],
      ['pe/ubigeo_distrito.csv', 'PE', 'THIRD_LEVEL', 1893],
    ]);
    // The default records were there first: the files confirm them rather than insert them again.
    expect(fileSummary('cl/csv_regions.csv')).toMatchObject({ inserted: 0, unchanged: 16 });
    expect(fileSummary('cl/csv_provinces.csv')).toMatchObject({ inserted: 54 });
    expect(fileSummary('cl/csv_communes.csv')).toMatchObject({ inserted: 339 });
    expect(fileSummary('pe/ubigeo_provincia.csv')).toMatchObject({ inserted: 195 });
  });

  it('reports progress up to the total', () => {
    const [done, total] = progress[progress.length - 1];
    expect(done).toBe(total);
    expect(total).toBe(29 + 16 + 56 + 346 + 29 + 25 + 196 + 1892);
  });

  it('changes nothing when the same files are imported again', async () => {
    const again = await importOfficialGazetteer(dataSource, { dir: GAZETTEERS });
    expect(again.inserted).toBe(0);
    expect(again.updated).toBe(0);
    expect(again.rejected).toHaveLength(1);
  });

  it('leaves nothing for the default gazetteer to change at the next service start', async () => {
    expect(await loadDefaultGazetteer(dataSource)).toMatchObject({ inserted: 0, updated: 0, rejected: [] });
  });

  it('keeps the accented names of the default gazetteer', async () => {
    expect(await repo().findOneByOrFail({ id: 'CL:01' })).toMatchObject({
      name: 'Tarapacá',
      alternateNames: ['Región de Tarapacá'],
    });
    expect(await repo().findOneByOrFail({ id: 'PE:03' })).toMatchObject({ name: 'Apurímac', alternateNames: [] });
    expect(await repo().findOneByOrFail({ id: 'CL:01402' })).toMatchObject({ name: 'Camiña', origin: 'DEFAULT_GAZETTEER' });
  });

  it('names new Peruvian territories in title case with lower-case particles and the accents of their capital', async () => {
    expect((await repo().findOneByOrFail({ id: 'PE:150132' })).name).toBe('San Juan de Lurigancho');
    expect((await repo().findOneByOrFail({ id: 'PE:040201' })).name).toBe('Camaná');
    expect((await repo().findOneByOrFail({ id: 'PE:0401' })).name).toBe('Arequipa');
    expect(titleCaseSpanish('SANTO DOMINGO DE LOS OLLEROS')).toBe('Santo Domingo de los Olleros');
    expect(titleCaseSpanish('ANCO-HUALLO')).toBe('Anco-Huallo');
    expect(titleCaseSpanish('LA PERLA')).toBe('La Perla');
  });

  it('stores the RENIEC ubigeo as an alternate code and the INEI ubigeo as the official one', async () => {
    const callao = await repo().findOneByOrFail({ id: 'PE:070101' });
    expect(callao).toMatchObject({ officialCode: '070101', codeScheme: 'UBIGEO_INEI' });
    expect(callao.alternateCodes).toEqual([{ scheme: 'UBIGEO_RENIEC', code: '240101' }]);
    expect((await repo().findOneByOrFail({ id: 'PE:0701' })).alternateCodes).toEqual([{ scheme: 'UBIGEO_RENIEC', code: '2401' }]);
    // Santa María de Huachipa has no RENIEC code: kept, without an alternate code.
    expect((await repo().findOneByOrFail({ id: 'PE:150144' })).alternateCodes).toEqual([]);
  });

  it('puts every province of Lima, 1501 included, under department 15, and its districts below them', async () => {
    expect(await repo().findOneByOrFail({ id: 'PE:1501' })).toMatchObject({ parentId: 'PE:15', ancestorIds: ['PE', 'PE:15'] });
    expect(await repo().findOneByOrFail({ id: 'PE:1502' })).toMatchObject({ parentId: 'PE:15', areaIds: ['PE:LIM'] });
    expect(await repo().countBy({ parentId: 'PE:15', level: 'SECOND_LEVEL' })).toBe(10);
    expect(await repo().findOneByOrFail({ id: 'PE:150101' })).toMatchObject({
      ancestorIds: ['PE', 'PE:15', 'PE:1501'],
      areaIds: ['PE:LMA'],
      lineage: ['PE', 'PE:15', 'PE:1501', 'PE:LMA', 'PE:150101'],
    });
  });

  it('does not give department 15 the PE-LIM the file writes on it: that code is Lima Provincias’', async () => {
    expect((await repo().findOneByOrFail({ id: 'PE:15' })).isoCode).toBeNull();
    expect(await repo().findBy({ isoCode: 'PE-LIM' })).toEqual([expect.objectContaining({ id: 'PE:LIM' })]);
  });

  it('stores every imported territory where vocabulary’s id rules place it', async () => {
    const rows: { id: string; level: string; ancestorIds: string[]; areaIds: string[]; lineage: string[] }[] = await dataSource.query(
      `SELECT id, level, ancestor_ids AS "ancestorIds", area_ids AS "areaIds", lineage FROM territory`,
    );
    // Countries, Chile's 16 + 56 + 346 and three localities, Peru's 25 + 196 + 1,892 and two areas.
    expect(rows).toHaveLength(2 + 16 + 56 + 346 + 3 + 25 + 196 + 1892 + 2);
    const disagreeing = rows.filter(
      (r) =>
        JSON.stringify([r.ancestorIds, r.areaIds, r.lineage]) !==
          JSON.stringify([territoryAncestors(r.id), territoryAreas(r.id), territoryLineage(r.id)]) ||
        territoryLevelOf(r.id) !== (r.level === 'LOCALITY' || r.level === 'NEIGHBOURHOOD' ? 'LOCAL' : r.level),
    );
    expect(disagreeing.map((r) => r.id)).toEqual([]);
  });

  it('keeps districts without coordinates, with no centroid', async () => {
    expect(await repo().findOneByOrFail({ id: 'PE:030612' })).toMatchObject({ name: 'Ahuayro', latitude: null, longitude: null });
    expect((await repo().findOneByOrFail({ id: 'PE:010101' })).latitude).toBeCloseTo(-6.2294, 3);
  });

  it('reads codes as zero-padded text', async () => {
    expect(await repo().findOneByOrFail({ id: 'CL:01101' })).toMatchObject({ officialCode: '01101', parentId: 'CL:011' });
    expect(await repo().findOneByOrFail({ id: 'PE:010101' })).toMatchObject({ officialCode: '010101', parentId: 'PE:0101' });
  });
});

describe('the import command', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase('gazetteer_cli');
  });
  afterAll(async () => {
    await database?.drop();
  });

  function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn('npx', ['tsx', 'services/territories/src/cli/import-gazetteer.ts', ...args], {
        cwd: REPO_ROOT,
        env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'warn' },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  it('imports one country, prints a summary table and exits 0', async () => {
    const res = await run(['--dir', GAZETTEERS, '--country', 'CL']);
    expect({ code: res.code, stderr: res.stderr }).toMatchObject({ code: 0 });
    expect(res.stdout).toMatch(/file\s+level\s+rows\s+inserted\s+updated\s+unchanged\s+rejected/);
    expect(res.stdout).toMatch(/cl\/csv_communes\.csv\s+THIRD_LEVEL\s+346\s+339\s+0\s+7\s+0/);
    expect(res.stdout).toMatch(/default gazetteer \(CL\)\s+all levels\s+29\s+29\s+0\s+0\s+0/);
    expect(res.stdout).not.toMatch(/pe\//);
    expect(res.stdout).toContain('No rows rejected.');
    expect(res.stderr).toMatch(/importing: .*\(100%\)/);
  });

  it('imports Peru with province 1501 in department 15: 25 departments, 196 provinces, 1,892 districts', async () => {
    const res = await run(['--dir', GAZETTEERS, '--country', 'PE']);
    expect({ code: res.code, stderr: res.stderr }).toMatchObject({ code: 0 });
    expect(res.stdout).toMatch(/default gazetteer \(PE\)\s+all levels\s+29\s+29\s+0\s+0\s+0/);
    expect(res.stdout).toMatch(/pe\/ubigeo_departamento\.csv\s+FIRST_LEVEL\s+25\s+0\s+0\s+25\s+0/);
    expect(res.stdout).toMatch(/pe\/ubigeo_provincia\.csv\s+SECOND_LEVEL\s+196\s+195\s+0\s+1\s+0/);
    const { dataSource } = createDataSource({ url: database.url, entities: territoriesService.entities, migrations: [], poolSize: 1 });
    await dataSource.initialize();
    try {
      const [counts] = await dataSource.query(
        `SELECT count(*) FILTER (WHERE level = 'FIRST_LEVEL')::int AS departments,
                count(*) FILTER (WHERE level = 'SECOND_LEVEL')::int AS provinces,
                count(*) FILTER (WHERE level = 'THIRD_LEVEL')::int AS districts,
                count(*) FILTER (WHERE ancestor_ids = ARRAY['PE', 'PE:15', 'PE:1501'])::int AS "inProvince1501"
           FROM territory WHERE country = 'PE'`,
      );
      expect(counts).toEqual({ departments: 25, provinces: 196, districts: 1892, inProvince1501: 44 });
      expect((await dataSource.getRepository(Territory).findOneByOrFail({ id: 'PE:1501' })).parentId).toBe('PE:15');
    } finally {
      await dataSource.destroy();
    }
  });

  it('exits non-zero with a readable message on an unknown option', async () => {
    const res = await run(['--dir', GAZETTEERS, '--frobnicate']);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain('import-gazetteer: unknown option --frobnicate');
    expect(res.stderr).toContain('Usage:');
  });

  it('exits non-zero with a readable message when --dir is missing or not a folder', async () => {
    const missing = await run(['--country', 'PE']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('--dir is required');
    const wrong = await run(['--dir', path.join(GAZETTEERS, 'nope')]);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/--dir .*nope: no such folder/);
  });
});
