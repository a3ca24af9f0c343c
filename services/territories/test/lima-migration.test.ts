import path from 'node:path';
import { createDataSource, openAndMigrate } from '@cultura/db';
import { normalizeText } from '@cultura/service-kit';
import { createTestDatabase, type TestDatabase } from '@cultura/testkit';
import { territoryAncestors, territoryAreas, territoryLineage } from '@cultura/vocabulary';
import type { DataSource } from 'typeorm';
import { loadDefaultGazetteer } from '../src/gazetteer/default';
import { importOfficialGazetteer } from '../src/gazetteer/official';
import { upsertTerritories, type TerritoryRecord } from '../src/gazetteer/records';
import { territoriesService } from '../src/index';
import { CreateTerritory1763790000000 } from '../src/migrations/1763790000000-CreateTerritory';

const GAZETTEERS = path.resolve(__dirname, '../../../../shared/data/gazetteers');

/** A stored row as `to_jsonb` gives it: column names, JSON values. */
type StoredRow = Record<string, unknown> & { id: string; ancestor_ids: string[] };

interface Db {
  database: TestDatabase;
  dataSource: DataSource;
}

async function openDb(label: string, migrations: (new () => unknown)[]): Promise<Db> {
  const database = await createTestDatabase(label);
  const { dataSource } = createDataSource({ url: database.url, entities: territoriesService.entities, migrations, poolSize: 2 });
  await openAndMigrate(dataSource);
  return { database, dataSource };
}

async function closeDb(db: Db | undefined): Promise<void> {
  if (db?.dataSource.isInitialized) await db.dataSource.destroy();
  await db?.database.drop();
}

/** Every row but its timestamps, which say when a row was written, not what it holds. */
async function rowsOf(dataSource: DataSource): Promise<StoredRow[]> {
  const rows: { row: StoredRow }[] = await dataSource.query(
    `SELECT to_jsonb(t) - 'created_at' - 'updated_at' AS row FROM territory t ORDER BY id`,
  );
  return rows.map((r) => r.row);
}

/**
 * The rows the previous version stored for the same data: Lima Metropolitana a first level under Peru
 * holding province 1501 (so the districts' ancestors read PE, PE:LMA, PE:1501), no Lima Provincias,
 * department 15 with ISO PE-LIM and Lima Provincias' names, no areas, lineage or alternate-name search columns.
 */
function previousVersionOf(rows: StoredRow[]): StoredRow[] {
  return rows
    .filter((r) => r.id !== 'PE:LIM')
    .map(({ area_ids: _areas, lineage: _lineage, alternate_sort_names: _searched, ...r }) => {
      const row: StoredRow = { ...r, ancestor_ids: [...r.ancestor_ids] };
      if (row.id === 'PE:LMA') Object.assign(row, { level: 'FIRST_LEVEL', parent_id: 'PE', ancestor_ids: ['PE'] });
      if (row.id === 'PE:15') Object.assign(row, { iso_code: 'PE-LIM', alternate_names: ['Lima Provincias', 'Lima Región'] });
      if (row.id === 'PE:1501') row.parent_id = 'PE:LMA';
      if (row.id === 'PE:1501' || row.ancestor_ids.includes('PE:1501')) {
        row.ancestor_ids = row.ancestor_ids.map((a) => (a === 'PE:15' ? 'PE:LMA' : a));
      }
      return row;
    });
}

/** Localities of a user below a district of Lima Metropolitana, as the API adds them. */
const userLocalities: TerritoryRecord[] = [
  {
    id: 'PE:150132:canto-grande',
    country: 'PE',
    level: 'LOCALITY',
    kind: 'LOCALITY',
    localKind: 'centro poblado',
    name: 'Canto Grande',
    officialCode: null,
    codeScheme: 'LOCAL',
    isoCode: null,
    alternateCodes: [],
    alternateNames: [],
    parentId: 'PE:150132',
    latitude: null,
    longitude: null,
  },
  {
    id: 'PE:150132:canto-grande:la-huayrona',
    country: 'PE',
    level: 'NEIGHBOURHOOD',
    kind: 'NEIGHBOURHOOD',
    localKind: 'barrio',
    name: 'La Huayrona',
    officialCode: null,
    codeScheme: 'LOCAL',
    isoCode: null,
    alternateCodes: [],
    alternateNames: [],
    parentId: 'PE:150132:canto-grande',
    latitude: null,
    longitude: null,
  },
];

const SCENARIOS: { label: string; build(dataSource: DataSource): Promise<unknown> }[] = [
  { label: 'the default gazetteer only', build: (ds) => loadDefaultGazetteer(ds) },
  {
    label: 'the official gazetteers and a user’s localities',
    build: async (ds) => {
      await importOfficialGazetteer(ds, { dir: GAZETTEERS });
      await upsertTerritories(ds, userLocalities, { origin: 'USER', originDetail: 'api:editor-1' });
    },
  },
];

describe.each(SCENARIOS)('upgrading a database of the previous version holding $label', ({ label, build }) => {
  const tag = label.includes('official') ? 'official' : 'defaults';
  let fresh: Db | undefined;
  let old: Db | undefined;
  let freshRows: StoredRow[];
  let oldRows: StoredRow[];

  beforeAll(async () => {
    fresh = await openDb(`lima_fresh_${tag}`, territoriesService.migrations);
    await build(fresh.dataSource);
    freshRows = await rowsOf(fresh.dataSource);
    oldRows = previousVersionOf(freshRows);

    old = await openDb(`lima_old_${tag}`, [CreateTerritory1763790000000]);
    // One statement, so each parent is there by the time foreign keys are checked; timestamps take their defaults.
    const columns = Object.keys(oldRows[0]).join(', ');
    await old.dataSource.query(
      `INSERT INTO territory (${columns}) SELECT ${columns} FROM jsonb_populate_recordset(NULL::territory, $1::jsonb)`,
      [JSON.stringify(oldRows)],
    );
  });

  afterAll(async () => {
    await closeDb(fresh);
    await closeDb(old);
  });

  it('starts from the shape the previous version stored', async () => {
    const db = old!.dataSource;
    expect(await rowsOf(db)).toEqual(oldRows);
    const [lma] = await db.query(`SELECT level, parent_id FROM territory WHERE id = 'PE:LMA'`);
    expect(lma).toEqual({ level: 'FIRST_LEVEL', parent_id: 'PE' });
    const [firstLevels] = await db.query(`SELECT count(*)::int AS n FROM territory WHERE country = 'PE' AND level = 'FIRST_LEVEL'`);
    expect(firstLevels.n).toBe(26);
    if (tag === 'official') {
      const [district] = await db.query(`SELECT ancestor_ids FROM territory WHERE id = 'PE:150101'`);
      expect(district.ancestor_ids).toEqual(['PE', 'PE:LMA', 'PE:1501']);
    }
  });

  it('moves province 1501 and everything below it into department 15 and makes Lima Metropolitana an area', async () => {
    const { dataSource } = createDataSource({
      url: old!.database.url,
      entities: territoriesService.entities,
      migrations: territoriesService.migrations,
      poolSize: 2,
    });
    await old!.dataSource.destroy();
    old!.dataSource = dataSource;
    await openAndMigrate(dataSource);

    const rows: {
      id: string;
      level: string;
      parent_id: string | null;
      ancestor_ids: string[];
      area_ids: string[];
      lineage: string[];
      iso_code: string | null;
    }[] = await dataSource.query(`SELECT id, level, parent_id, ancestor_ids, area_ids, lineage, iso_code FROM territory`);
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get('PE:LMA')).toMatchObject({
      level: 'AREA',
      parent_id: 'PE:15',
      ancestor_ids: ['PE', 'PE:15'],
      lineage: ['PE', 'PE:15', 'PE:LMA'],
    });
    expect(byId.get('PE:LIM')).toMatchObject({ level: 'AREA', parent_id: 'PE:15', iso_code: 'PE-LIM' });
    expect(byId.get('PE:1501')).toMatchObject({ parent_id: 'PE:15', ancestor_ids: ['PE', 'PE:15'], area_ids: ['PE:LMA'] });
    expect(byId.get('PE:15')).toMatchObject({ level: 'FIRST_LEVEL', iso_code: null });
    // Every row, the user's localities included, now stands where vocabulary's id rules put it.
    const disagreeing = rows.filter(
      (r) =>
        JSON.stringify([r.ancestor_ids, r.area_ids, r.lineage]) !==
        JSON.stringify([territoryAncestors(r.id), territoryAreas(r.id), territoryLineage(r.id)]),
    );
    expect(disagreeing.map((r) => r.id)).toEqual([]);
  });

  it('fills the folded form search reads of every stored alternate name, before any gazetteer loads', async () => {
    const rows: { id: string; alternate_names: string[]; alternate_sort_names: string[] }[] = await old!.dataSource.query(
      `SELECT id, alternate_names, alternate_sort_names FROM territory WHERE cardinality(alternate_names) > 0`,
    );
    expect(rows.length).toBeGreaterThan(0);
    const unfolded = rows.filter((r) => JSON.stringify(r.alternate_sort_names) !== JSON.stringify(r.alternate_names.map(normalizeText)));
    expect(unfolded.map((r) => r.id)).toEqual([]);
  });

  it('ends identical to a fresh database once the default gazetteer loads at start', async () => {
    const loaded = await loadDefaultGazetteer(old!.dataSource);
    expect(loaded).toMatchObject({ inserted: 0, rejected: [] });
    expect(await rowsOf(old!.dataSource)).toEqual(freshRows);
  });

  it('goes back to the previous shape when undone, and forward again when redone', async () => {
    const db = old!.dataSource;
    // Every migration after the previous version's, newest first (country code schemes, then Lima's areas).
    const since = await db.query(`SELECT count(*)::int AS n FROM migrations WHERE name <> 'CreateTerritory1763790000000'`);
    for (let i = 0; i < since[0].n; i++) await db.undoLastMigration({ transaction: 'each' });
    expect(await rowsOf(db)).toEqual(oldRows);
    await openAndMigrate(db);
    await loadDefaultGazetteer(db);
    expect(await rowsOf(db)).toEqual(freshRows);
  });
});
