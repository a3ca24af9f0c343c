import { startTestService, type TestDatabase, type TestService } from '@cultura/testkit';
import type { DataSource } from 'typeorm';
import { loadEnv } from '../src/env';
import { redGestionOptions, redGestionService } from '../src/index';
import { SEED_WORKSHOP_ID } from '../src/data/facts';
import { PLACEHOLDER_IDS, createOldSeedDatabase } from './fixtures/old-seed';
import { readFeedUntil, type FeedChange } from './helpers';

// Nothing here writes through the API, so the territories service is never asked.
const env = { TERRITORIES_URL: 'http://127.0.0.1:9/graphql' };
const service = () => redGestionService(redGestionOptions(loadEnv(env)));

/** Every row the seed touches, without ids, timestamps or order that differ between two loads of the same facts. */
async function contents(ds: DataSource) {
  const rows = (sql: string) => ds.query(sql);
  const sorted = `ARRAY(SELECT unnest(territory_lineage) ORDER BY 1)`;
  return {
    program: await rows(
      `SELECT id, name, acronym, country_id, agency, description, legal_basis, lines, origin, source, locator FROM program ORDER BY id`,
    ),
    actors: await rows(
      `SELECT id, kind, government_level, name, sort_name, territory_id, ${sorted} AS lineage, domains, details, origin, source, locator FROM actor ORDER BY id`,
    ),
    actions: await rows(
      `SELECT id, kind, line_code, title, status, period_start, period_end, period_year, period_precision, period_text, sort_at,
              territory_ids, ${sorted} AS lineage, domains, description, details, origin, source, locator
         FROM action ORDER BY id`,
    ),
    participations: await rows(`SELECT action_id, actor_id, role, note FROM participation ORDER BY 1, 2, 3`),
    figures: await rows(
      `SELECT subject_type, subject_id, metric, value, qualifier, unit, currency, period_start, period_end, period_year, period_precision, period_text,
              source_text, label, scope_territory_ids, origin, source, locator
         FROM reported_figure ORDER BY subject_type, subject_id, metric`,
    ),
    entities: await rows(`SELECT * FROM red_entity ORDER BY actor_id`),
    programmes: await rows(
      `SELECT id, title, period_year, period_text, announced_workshops, announced_qualifier, announced_source_text, note, origin, source, locator FROM red_training_programme ORDER BY id`,
    ),
    sessions: await rows(`SELECT * FROM red_session ORDER BY action_id`),
    statements: await rows(`SELECT id, topic, policy, text, origin, source, locator FROM red_statement ORDER BY id`),
    attendance: await rows(`SELECT action_id, entity_id, servant_count, qualifier FROM red_attendance ORDER BY 1, 2`),
  };
}

const lastChange = (changes: FeedChange[], id: string) => changes.filter((c) => c.id === id).at(-1);

describe('a database holding the old seed (five placeholder workshops), migrated', () => {
  let fresh: TestService;
  let oldDatabase: TestDatabase;
  let migrated: TestService;

  beforeAll(async () => {
    fresh = await startTestService(service(), { env });
    oldDatabase = await createOldSeedDatabase();
    migrated = await startTestService(service(), { env, database: oldDatabase });
  });
  afterAll(async () => {
    await migrated?.stop();
    await oldDatabase?.drop();
    await fresh?.stop();
  });

  it('holds what a fresh database holds: one held workshop, its labelled figures, the program’s planned-workshops figure', async () => {
    const [got, want] = await Promise.all([contents(migrated.dataSource), contents(fresh.dataSource)]);
    expect(got).toEqual(want);
    expect(got.actions.map((a: { id: string }) => a.id)).toEqual([SEED_WORKSHOP_ID]);
    expect(got.figures.map((f: { subject_type: string; metric: string; label: string }) => [f.subject_type, f.metric, f.label])).toEqual([
      ['ACTION', 'PARTICIPANTS', 'Public servants who took part, from the 17 regions together'],
      ['ACTION', 'TERRITORIES', 'Regions the participants came from'],
      ['PROGRAM', 'ACTIONS', 'Workshops planned for the rest of the year'],
    ]);
    // Lima Metropolitana now lies inside department 15.
    expect(got.actions[0].lineage).toContain('PE:15');
  });

  it('tells the index each placeholder is gone, and sends the program with its new figure', async () => {
    const figuresOf = (changes: FeedChange[]) => (lastChange(changes, 'red-gestion')?.snapshot?.figures as unknown[] | undefined) ?? [];
    const changes = await readFeedUntil(
      migrated,
      (c) => PLACEHOLDER_IDS.every((id) => lastChange(c, id)?.snapshot === null) && figuresOf(c).length > 0,
    );
    for (const id of PLACEHOLDER_IDS) expect(lastChange(changes, id)).toMatchObject({ id, snapshot: null });
    expect(figuresOf(changes)).toEqual([expect.objectContaining({ metric: 'ACTIONS', value: 5, unit: 'planned workshops' })]);
  });

  it('answers the API like a fresh database: the programme holds one workshop held and none planned', async () => {
    const query = `{ redGestion { actions { totalCount } trainingProgrammes { held planned announced { value } } figures { value } } }`;
    expect(await migrated.client.data(query)).toEqual(await fresh.client.data(query));
    expect(await migrated.client.data(query)).toEqual({
      redGestion: {
        actions: { totalCount: 1 },
        trainingProgrammes: [{ held: 1, planned: 0, announced: { value: 5 } }],
        figures: [{ value: 5 }],
      },
    });
  });
});

describe('an old database where the team worked on the placeholders', () => {
  let oldDatabase: TestDatabase;
  let migrated: TestService;

  beforeAll(async () => {
    oldDatabase = await createOldSeedDatabase(async (ds) => {
      // Attendance recorded at placeholder 2, and placeholder 3 cancelled.
      await ds.query(
        `INSERT INTO actor (id, program_id, kind, government_level, name, sort_name, territory_id, territory_lineage, origin)
         VALUES ('red-gestion:entity:gore-cusco', 'red-gestion', 'REGIONAL_GOVERNMENT', 'REGIONAL', 'Gobierno Regional del Cusco', 'gobierno regional del cusco', 'PE:08', '{PE,PE:08}', 'USER')`,
      );
      await ds.query(
        `INSERT INTO red_entity (actor_id, entity_kind, network_role) VALUES ('red-gestion:entity:gore-cusco', 'REGIONAL_GOVERNMENT', 'MEMBER')`,
      );
      await ds.query(
        `INSERT INTO red_attendance (action_id, entity_id, servant_count, qualifier, origin) VALUES ($1, 'red-gestion:entity:gore-cusco', 4, 'EXACT', 'USER')`,
        [PLACEHOLDER_IDS[1]],
      );
      await ds.query(`INSERT INTO participation (action_id, actor_id, role) VALUES ($1, 'red-gestion:entity:gore-cusco', 'PARTICIPANT')`, [
        PLACEHOLDER_IDS[1],
      ]);
      await ds.query(`UPDATE action SET status = 'CANCELLED' WHERE id = $1`, [PLACEHOLDER_IDS[2]]);
      // No API wrote figures on a planned workshop, but a direct write could have: they go with it.
      await ds.query(
        `INSERT INTO reported_figure (subject_type, subject_id, metric, value, qualifier, unit, origin) VALUES ('ACTION', $1, 'PARTICIPANTS', 30, 'APPROXIMATELY', 'public servants', 'USER')`,
        [PLACEHOLDER_IDS[3]],
      );
    });
    migrated = await startTestService(service(), { env, database: oldDatabase });
  });
  afterAll(async () => {
    await migrated?.stop();
    await oldDatabase?.drop();
  });

  it('keeps the placeholder holding the team’s attendance, and removes the others with their figures, the cancelled one included', async () => {
    const { actions, attendance, participations, sessions, figures } = await contents(migrated.dataSource);
    expect(figures.filter((f: { subject_id: string }) => f.subject_id.includes('taller-programado'))).toEqual([]);
    expect(actions.map((a: { id: string }) => a.id)).toEqual([SEED_WORKSHOP_ID, PLACEHOLDER_IDS[1]]);
    expect(attendance).toEqual([
      { action_id: PLACEHOLDER_IDS[1], entity_id: 'red-gestion:entity:gore-cusco', servant_count: 4, qualifier: 'EXACT' },
    ]);
    expect(participations.filter((p: { action_id: string }) => p.action_id === PLACEHOLDER_IDS[1])).toHaveLength(1);
    expect(sessions.map((s: { action_id: string }) => s.action_id)).toEqual([SEED_WORKSHOP_ID, PLACEHOLDER_IDS[1]]);
  });
});
