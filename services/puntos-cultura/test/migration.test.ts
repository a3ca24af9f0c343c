import { createDataSource, openAndMigrate } from '@cultura/db';
import { createTestDatabase, startTestService, type TestDatabase, type TestService } from '@cultura/testkit';
import { AddChangeOutbox1763800200000, CreateProgramVocabulary1763800000000 } from '@cultura/vocabulary';
import { loadDefaultData } from '../src/data/load';
import { PROGRAM, SEED } from '../src/data/facts';
import { syntheticRegistry } from '../src/data/synthetic';
import { loadEnv } from '../src/env';
import { puntosCulturaOptions, puntosCulturaService } from '../src/index';
import { CreatePuntosCultura1763800400000 } from '../src/migrations/1763800400000-CreatePuntosCultura';

/**
 * A database kept from before figures carried their scope and Peru followed INEI (written here as the
 * previous version wrote it) must end up as a fresh one: same figures, same lineages, same recognitions.
 */

// Startup never asks the territories service; writes would, and these tests make none.
const env = loadEnv({ TERRITORIES_URL: 'http://127.0.0.1:9/graphql', LOAD_SYNTHETIC_DATA: 'true' });
const service = () => puntosCulturaService(puntosCulturaOptions(env));

/** Lineages as the previous version stored them: the province of Lima under Lima Metropolitana, beside department 15. */
function previousLineage(district: string): string[] {
  const code = district.slice(3);
  return ['PE', code.startsWith('1501') ? 'PE:LMA' : `PE:${code.slice(0, 2)}`, `PE:${code.slice(0, 4)}`, district];
}

const STOCK =
  'Currently, there are already 169 culture points in 22 regions, of which 85 are organizations from Lima and Callao, and 84 are organizations from other regions of Peru.';
const RESULTS = 'Results achieved so far';

/** The previous version's figures and annotations, as it stored them. */
const PREVIOUS_FIGURES = [
  {
    key: 'culture-points',
    label: 'Culture points recognised',
    territories: ['PE'],
    note: null,
    metric: 'ORGANISATIONS',
    value: 169,
    qualifier: 'EXACT',
    unit: 'culture points',
    currency: null,
    periodText: null,
    sourceText: STOCK,
    locator: RESULTS,
  },
  {
    key: 'regions',
    label: 'Regions with culture points',
    territories: ['PE'],
    note: null,
    metric: 'TERRITORIES',
    value: 22,
    qualifier: 'EXACT',
    unit: 'regions',
    currency: null,
    periodText: null,
    sourceText: STOCK,
    locator: RESULTS,
  },
  {
    key: 'culture-points-lima-callao',
    label: 'Culture points in Lima and Callao',
    territories: ['PE:LMA', 'PE:07'],
    note: 'The source says "Lima and Callao"; read here as Lima Metropolitana (PE:LMA) and Callao (PE:07).',
    metric: 'ORGANISATIONS',
    value: 85,
    qualifier: 'EXACT',
    unit: 'culture points',
    currency: null,
    periodText: null,
    sourceText: STOCK,
    locator: RESULTS,
  },
  {
    key: 'culture-points-other-regions',
    label: 'Culture points in the other regions of Peru',
    territories: [],
    note: 'Every region of Peru except Lima Metropolitana and Callao.',
    metric: 'ORGANISATIONS',
    value: 84,
    qualifier: 'EXACT',
    unit: 'culture points',
    currency: null,
    periodText: null,
    sourceText: STOCK,
    locator: RESULTS,
  },
  {
    key: 'yearly-budget',
    label: 'Financial resources allocated per year',
    territories: ['PE'],
    note: null,
    metric: 'BUDGET',
    value: 125000,
    qualifier: 'APPROXIMATELY',
    unit: 'USD',
    currency: 'USD',
    periodText: 'per year',
    sourceText: 'Approximately USD 125,000.00 per year',
    locator: 'Financial resources allocated to the policy/measure',
  },
];

const APPLICATIONS = [
  { id: 'puntos-cultura:application:1', name: 'Colectivo de Villa', district: 'PE:150142' },
  { id: 'puntos-cultura:application:2', name: 'Colectivo de Huaral', district: 'PE:150601' },
  { id: 'puntos-cultura:application:3', name: 'Colectivo del Cusco', district: 'PE:080101' },
];

/** A database at the previous version's migrations, holding what that version wrote (demo registry included). */
async function previousDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase('puntos_previous');
  const { dataSource } = createDataSource({
    url: database.url,
    entities: [],
    migrations: [CreateProgramVocabulary1763800000000, AddChangeOutbox1763800200000, CreatePuntosCultura1763800400000],
  });
  await openAndMigrate(dataSource);
  const q = (sql: string, params: unknown[] = []) => dataSource.query(sql, params);
  await q(
    `INSERT INTO program (id, name, country_id, agency, description, legal_basis, lines, origin, source, locator) VALUES ($1, $2, 'PE', $3, $4, $5, $6, 'SOURCE_DOCUMENT', $7, $8)`,
    [
      PROGRAM.id,
      PROGRAM.name,
      PROGRAM.agency,
      PROGRAM.description,
      PROGRAM.legalBasis,
      JSON.stringify(PROGRAM.lines),
      SEED,
      PROGRAM.locator,
    ],
  );
  for (const f of PREVIOUS_FIGURES) {
    const [{ id }] = await q(
      `INSERT INTO reported_figure (subject_type, subject_id, metric, value, qualifier, unit, currency, period_text, source_text, origin, source, locator)
       VALUES ('PROGRAM', 'puntos-cultura', $1, $2, $3, $4, $5, $6, $7, 'SOURCE_DOCUMENT', $8, $9) RETURNING id`,
      [f.metric, f.value, f.qualifier, f.unit, f.currency, f.periodText, f.sourceText, SEED, f.locator],
    );
    await q(`INSERT INTO figure_annotation (figure_id, key, label, territory_ids, note) VALUES ($1, $2, $3, $4, $5)`, [
      id,
      f.key,
      f.label,
      f.territories,
      f.note,
    ]);
  }
  // The demo registry as the previous version loaded it: the same points, recognised without any action.
  for (const { id, point } of syntheticRegistry()) {
    await q(
      `INSERT INTO actor (id, program_id, kind, government_level, name, sort_name, territory_id, territory_lineage, domains, origin, source, locator)
       VALUES ($1, 'puntos-cultura', 'CULTURE_POINT', 'NONE', $2, lower($2), $3, $4, $5, 'SYNTHETIC', $6, $7)`,
      [id, point.name, point.districtId, previousLineage(point.districtId), point.domains, point.source, point.locator],
    );
    await q(
      `INSERT INTO culture_point (actor_id, organisation_form, legal_personality, founding_year, members, areas_of_work, populations, artistic_expressions, network_member, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, true, 'RECOGNISED')`,
      [
        id,
        point.organisationForm,
        point.legalPersonality,
        point.foundingYear,
        point.members,
        point.areasOfWork,
        point.populations,
        point.artisticExpressions,
      ],
    );
    await q(
      `INSERT INTO culture_point_status_change (culture_point_id, status, origin, source, locator) VALUES ($1, 'RECOGNISED', 'SYNTHETIC', $2, $3)`,
      [id, point.source, point.locator],
    );
  }
  for (const a of APPLICATIONS) {
    await q(
      `INSERT INTO application (id, organisation_name, sort_name, organisation_form, non_profit, legal_personality, continuous_work_since, members, district_id,
         territory_lineage, community_work, evidence, submitted_on, status, eligible, eligibility, contact_name, origin)
       VALUES ($1, $2, lower($2), 'COLLECTIVE', true, false, '2019-01-01', 5, $3, $4, 'Talleres', '[]', '2025-01-10', 'UNDER_REVIEW', true, '{}', 'Ana', 'USER')`,
      [a.id, a.name, a.district, previousLineage(a.district)],
    );
  }
  await dataSource.destroy();
  return database;
}

/** Everything the default data and the migration decide about figures, by key. */
async function figures(svc: TestService) {
  return svc.dataSource.query(
    `SELECT n.key, n.note, f.subject_type, f.subject_id, f.metric, f.value, f.qualifier, f.unit, f.currency, f.label, f.scope_territory_ids,
            f.period_start, f.period_end, f.period_year, f.period_precision, f.period_text, f.source_text, f.origin, f.source, f.locator
     FROM reported_figure f LEFT JOIN figure_annotation n ON n.figure_id = f.id ORDER BY n.key`,
  );
}

const lineages = (svc: TestService, table: 'actor' | 'application') =>
  svc.dataSource.query(`SELECT id, territory_lineage FROM ${table} WHERE territory_lineage && ARRAY['PE'] ORDER BY id`);

const recognitions = (svc: TestService) =>
  svc.dataSource.query(
    `SELECT a.id, a.period_start, a.period_end, a.period_year, a.period_precision, a.sort_at, a.territory_lineage, a.origin,
            array_agg(p.actor_id || ':' || p.role ORDER BY p.actor_id) AS participants
     FROM action a JOIN participation p ON p.action_id = a.id WHERE a.kind = 'RECOGNITION' GROUP BY a.id ORDER BY a.id`,
  );

const statusDates = (svc: TestService) =>
  svc.dataSource.query(`SELECT culture_point_id, status, date FROM culture_point_status_change ORDER BY culture_point_id, id`);

let fresh: TestService;
let previous: TestDatabase;
let migrated: TestService;

beforeAll(async () => {
  fresh = await startTestService(service());
  previous = await previousDatabase();
  migrated = await startTestService(service(), { database: previous, loadDefaultData: false });
});
afterAll(async () => {
  await migrated?.stop();
  await fresh?.stop();
  await previous?.drop();
});

describe('a database kept from the previous version', () => {
  it('moves each figure’s label and scope into the shared row, keeping key and note in the annotation', async () => {
    const columns: { column_name: string }[] = await migrated.dataSource.query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'figure_annotation' ORDER BY ordinal_position`,
    );
    expect(columns.map((c) => c.column_name)).toEqual(['figure_id', 'key', 'note']);
    const byKey = Object.fromEntries(
      ((await figures(migrated)) as { key: string; label: string; scope_territory_ids: string[] | null }[]).map((f) => [f.key, f]),
    );
    for (const f of PREVIOUS_FIGURES) expect(byKey[f.key].label).toBe(f.label);
    // The program's country is what a null scope says; an empty list said nothing.
    expect(byKey['culture-points'].scope_territory_ids).toBeNull();
    expect(byKey['culture-points-other-regions'].scope_territory_ids).toBeNull();
    expect(byKey['culture-points-lima-callao'].scope_territory_ids).toEqual(['PE:LMA', 'PE:07']);
  });

  it('recomputes the lineages of applications and culture points as INEI counts Peru', async () => {
    const apps = Object.fromEntries(
      ((await lineages(migrated, 'application')) as { id: string; territory_lineage: string[] }[]).map((r) => [r.id, r.territory_lineage]),
    );
    expect(apps).toEqual({
      'puntos-cultura:application:1': ['PE', 'PE:15', 'PE:1501', 'PE:LMA', 'PE:150142'],
      'puntos-cultura:application:2': ['PE', 'PE:15', 'PE:1506', 'PE:LIM', 'PE:150601'],
      'puntos-cultura:application:3': ['PE', 'PE:08', 'PE:0801', 'PE:080101'],
    });
    const data = await migrated.client.data(
      `{ puntosCultura { applications(filter: { within: "PE:15" }) { totalCount } lima: applications(filter: { within: "PE:LMA" }) { totalCount } } }`,
    );
    expect(data.puntosCultura).toEqual({ applications: { totalCount: 2 }, lima: { totalCount: 1 } });
  });

  it('ends up with the same figures, lineages and recognitions as a fresh database once the default data is loaded', async () => {
    const first = await loadDefaultData(migrated.dataSource, { synthetic: true });
    // The label and budget were right already; the four figures read "Currently" and two took new scopes.
    expect(first).toEqual({ figures: { inserted: 0, updated: 4 }, syntheticPoints: 0, syntheticRecognitions: 169 });
    expect(await loadDefaultData(migrated.dataSource, { synthetic: true })).toEqual({
      figures: { inserted: 0, updated: 0 },
      syntheticPoints: 0,
      syntheticRecognitions: 0,
    });

    expect(await figures(migrated)).toEqual(await figures(fresh));
    expect(await lineages(migrated, 'actor')).toEqual(await lineages(fresh, 'actor'));
    expect(await recognitions(migrated)).toEqual(await recognitions(fresh));
    expect(await statusDates(migrated)).toEqual(await statusDates(fresh));
  });
});
