import { createTestDatabase, signToken, startTestService, type TestDatabase, type TestService } from '@cultura/testkit';
import { territoriesService } from '@cultura/territories';
import { VOCABULARY_MIGRATIONS } from '@cultura/vocabulary';
import type { DataSource } from 'typeorm';
import { redCulturaService } from '../src/index';
import { CreateRedCultura1763800100000 } from '../src/migrations/1763800100000-CreateRedCultura';
import { PlanStageMayBeUnknown1764300000000 } from '../src/migrations/1764300000000-PlanStageMayBeUnknown';
import { CorrectSeedRecords1764300100000 } from '../src/migrations/1764300100000-CorrectSeedRecords';
import { readWholeFeed } from '@cultura/testkit';
import { loadOldSeed } from './fixtures/seed-before-correction';

let territories: TestService;
let oldDb: TestDatabase;
let migrated: TestService;
let fresh: TestService;
let outboxBefore: number;
const editor = signToken({ scopes: ['red-cultura:write'], subject: 'editora-rc' });

const ADVISORY = ['iquique', 'alto-hospicio', 'pozo-almonte', 'huara'].map((k) => `red-cultura:action:asesoria-${k}`);
const PICA = 'red-cultura:action:pmc-pica';
const HUARA = 'red-cultura:action:pmc-huara';
const HUARA_NOTE = 'Plan de Huara: la municipalidad lo presenta en diciembre.';

beforeAll(async () => {
  territories = await startTestService(territoriesService);
  const def = redCulturaService({ territoriesUrl: territories.url });
  // A database as the service left it before the correction: the migrations of that time and the old seed.
  oldDb = await createTestDatabase('red_cultura_old_seed');
  const old = await startTestService(
    { ...def, migrations: [...VOCABULARY_MIGRATIONS, CreateRedCultura1763800100000], loadDefaultData: (ds) => loadOldSeed(ds) },
    { database: oldDb },
  );
  // Program editors at work on it: Pica's plan moved on, Huara's described anew, an advisory session recorded.
  await old.client.data(
    `mutation { advanceMunicipalCulturePlan(id: "${PICA}", input: { to: APPROVAL, date: "2026-11-02" }) { stage } }`,
    {},
    { token: editor },
  );
  await old.client.data(
    `mutation($d: String) { updateMunicipalCulturePlan(id: "${HUARA}", input: { description: $d }) { id } }`,
    { d: HUARA_NOTE },
    { token: editor },
  );
  await old.client.data(
    `mutation { recordAdvisorySession(input: { centreId: "red-cultura:actor:centro-cultural-iquique", areas: [FINANCING], date: "2026-11-03" }) { id } }`,
    {},
    { token: editor },
  );
  [{ outboxBefore }] = await old.dataSource.query(`SELECT max(position)::int AS "outboxBefore" FROM change_outbox`);
  await old.stop();
  migrated = await startTestService(def, { database: oldDb });
  fresh = await startTestService(def);
});
afterAll(async () => {
  await fresh?.stop();
  await migrated?.stop();
  await oldDb?.drop();
  await territories?.stop();
});

/** The seed's records, without the columns that differ by when they were written. */
async function seedState(ds: DataSource) {
  const q = (sql: string) => ds.query(sql);
  return {
    program: await q(`SELECT id, name, country_id, agency, description, lines, origin, source, locator FROM program`),
    actors: await q(
      `SELECT id, kind, government_level, name, territory_id, territory_lineage, domains, details, origin, source, locator FROM actor ORDER BY id`,
    ),
    actions: await q(`
      SELECT id, kind, line_code, title, status, period_start, period_end, period_year, period_precision, period_text, sort_at,
             territory_ids, territory_lineage, domains, description, details, origin, source, locator
      FROM action WHERE origin = 'SOURCE_DOCUMENT' ORDER BY id`),
    participations: await q(`
      SELECT p.action_id, p.actor_id, p.role, p.note FROM participation p JOIN action a ON a.id = p.action_id
      WHERE a.origin = 'SOURCE_DOCUMENT' ORDER BY 1, 2, 3`),
    figures: await q(`
      SELECT subject_type, subject_id, metric, value, qualifier, unit, currency, period_precision, period_text, source_text, label,
             scope_territory_ids, origin, source, locator
      FROM reported_figure WHERE origin = 'SOURCE_DOCUMENT' ORDER BY subject_type, subject_id, locator, metric`),
    plans: await q(
      `SELECT action_id, municipality_id, comuna_id, stage, participation_processes FROM municipal_culture_plan ORDER BY action_id`,
    ),
    history: await q(`SELECT plan_id, from_stage, to_stage, changed_on, changed_by, note FROM plan_stage_change ORDER BY plan_id, id`),
  };
}

type Row = Record<string, unknown>;
const without = (rows: Row[], key: string, ids: string[]) => rows.filter((r) => !ids.includes(String(r[key])));

describe('correcting a database loaded with the first seed', () => {
  it('ends with the same seed records as a fresh database, except what program editors changed', async () => {
    const [before, after] = [await seedState(migrated.dataSource), await seedState(fresh.dataSource)];
    expect(before.program).toEqual(after.program);
    expect(before.actors).toEqual(after.actors);
    expect(before.participations).toEqual(after.participations);
    expect(before.figures).toEqual(after.figures);
    // Huara's description is the editor's, not the seed's: left as written.
    expect(without(before.actions, 'id', [HUARA])).toEqual(without(after.actions, 'id', [HUARA]));
    expect(before.actions.find((a: Row) => a.id === HUARA)).toEqual({
      ...after.actions.find((a: Row) => a.id === HUARA),
      description: HUARA_NOTE,
    });
    // Pica's plan was moved by an editor: it keeps its stage and all its history.
    expect(without(before.plans, 'action_id', [PICA])).toEqual(without(after.plans, 'action_id', [PICA]));
    expect(without(before.history, 'plan_id', [PICA])).toEqual([]);
    expect(before.plans.find((p: Row) => p.action_id === PICA)).toMatchObject({ stage: 'APPROVAL' });
    expect(before.history.map((h: Row) => [h.from_stage, h.to_stage, h.note])).toEqual([
      [null, 'PARTICIPATORY_FORMULATION', 'Etapa indicada por el documento fuente'],
      ['PARTICIPATORY_FORMULATION', 'APPROVAL', null],
    ]);
  });

  it('removes the seed’s advisory sessions with their participations, and keeps the one an editor recorded', async () => {
    const left = await migrated.dataSource.query(`SELECT id, origin FROM action WHERE kind = 'ADVISORY'`);
    expect(left).toEqual([
      { id: expect.stringMatching(/^red-cultura:action:asesoria-a-centro-cultural-municipal-de-iquique/), origin: 'USER' },
    ]);
    const [{ orphans }] = await migrated.dataSource.query(`SELECT count(*)::int AS orphans FROM participation WHERE action_id = ANY($1)`, [
      ADVISORY,
    ]);
    expect(orphans).toBe(0);
    const data = await migrated.client.data(
      `{ redCultura { actor(id: "red-cultura:actor:centro-cultural-iquique") { ... on CulturalCentre { advisory { areas provenance { origin } } } } } }`,
    );
    expect(data.redCultura.actor.advisory).toEqual([{ areas: ['FINANCING'], provenance: { origin: 'USER' } }]);
  });

  it('sends every correction through the outbox, so the index drops the advisory sessions and moves the project', async () => {
    const rows: { entity: string; entity_id: string }[] = await migrated.dataSource.query(
      `SELECT DISTINCT entity, entity_id FROM change_outbox WHERE position > $1`,
      [outboxBefore],
    );
    const changed = new Set(rows.map((r) => `${r.entity}:${r.entity_id}`));
    for (const id of [
      ...ADVISORY,
      'red-cultura:action:proyectos-pozo-almonte',
      'red-cultura:action:pmc-alto-hospicio',
      'red-cultura:action:formacion-personal-municipal',
    ]) {
      expect(changed).toContain(`action:${id}`);
    }
    expect(changed).toContain('program:red-cultura');
    const feed = await readWholeFeed(migrated.url);
    const last = (id: string) => feed.filter((c) => c.id === id).at(-1);
    for (const id of ADVISORY) expect(last(id)?.snapshot).toBeNull();
    expect(last('red-cultura:action:proyectos-pozo-almonte')?.snapshot).toMatchObject({ territoryIds: ['CL:01401:pozo-almonte'] });
  });

  it('changes nothing when run again, or on a database that never held the old seed', async () => {
    const state = await seedState(migrated.dataSource);
    const [{ position }] = await migrated.dataSource.query(`SELECT max(position)::int AS position FROM change_outbox`);
    const runner = migrated.dataSource.createQueryRunner();
    try {
      await new CorrectSeedRecords1764300100000().up(runner);
    } finally {
      await runner.release();
    }
    expect(await seedState(migrated.dataSource)).toEqual(state);
    const [{ after }] = await migrated.dataSource.query(`SELECT max(position)::int AS after FROM change_outbox`);
    expect(after).toBe(position);
  });

  it('refuses to revert to a required stage while plans have none, rather than invent one', async () => {
    const runner = fresh.dataSource.createQueryRunner();
    try {
      await expect(new PlanStageMayBeUnknown1764300000000().down(runner)).rejects.toThrow(/no known stage/);
    } finally {
      await runner.release();
    }
  });
});
