import { signToken } from '@cultura/testkit';
import { SEED_WORKSHOP_ID } from '../src/data/facts';
import { readFeedUntil, snapshot, startServices, type FeedChange as RawChange, type Services } from './helpers';

let s: Services;
const editor = signToken({ scopes: ['red-gestion:write'], subject: 'editora-red' });
const piiReader = signToken({ scopes: ['pii:read'], subject: 'analista' });

beforeAll(async () => {
  s = await startServices();
});
afterAll(async () => {
  await s?.stop();
});

const REGISTER = `mutation($input: RegisterEntityInput!) { registerEntity(input: $input) {
  id name kind governmentLevel entityKind networkRole territory { id } provenance { origin source }
} }`;
const SCHEDULE = `mutation($input: ScheduleWorkshopInput!) { scheduleWorkshop(input: $input) {
  id title status period { start end year } territories { id } organiser { id } trainingProgramme { id } modality topic
} }`;
const RECORD = `mutation($input: RecordAttendanceInput!) { recordAttendance(input: $input) {
  servants { value qualifier } levelsPresent namedServants
  entities { totalCount nodes { entity { id } servants qualifier } }
} }`;
const CLOSE = `mutation($input: CloseWorkshopInput!) { closeWorkshop(input: $input) {
  id status period { start end } figures { metric value qualifier }
} }`;

async function register(input: Record<string, unknown>): Promise<string> {
  const data = await s.red.client.data(REGISTER, { input }, { token: editor });
  return data.registerEntity.id;
}

describe('writes need the red-gestion scope', () => {
  const input = { name: 'Gobierno Regional del Cusco', entityKind: 'REGIONAL_GOVERNMENT', territoryId: 'PE:08' };

  it('refuses a mutation without a token with UNAUTHENTICATED and writes nothing', async () => {
    const before = await snapshot(s.red);
    await s.red.client.error('UNAUTHENTICATED', REGISTER, { input });
    await s.red.client.error('UNAUTHENTICATED', CLOSE, { input: { sessionId: SEED_WORKSHOP_ID } });
    expect(await snapshot(s.red)).toEqual(before);
  });

  it('refuses another program’s scope with FORBIDDEN and writes nothing', async () => {
    const before = await snapshot(s.red);
    const other = signToken({ scopes: ['red-cultura:write', 'pii:read'] });
    await s.red.client.error('FORBIDDEN', REGISTER, { input }, { token: other });
    await s.red.client.error(
      'FORBIDDEN',
      `mutation { importAttendance(input: { sessionId: "x", csv: "entity_id,servants" }) { written } }`,
      {},
      { token: other },
    );
    expect(await snapshot(s.red)).toEqual(before);
  });
});

describe('registering entities', () => {
  let cuscoRegional: string;

  it('registers a regional government in its region, confirmed by the territories service', async () => {
    const data = await s.red.client.data(
      REGISTER,
      { input: { name: 'Gobierno Regional del Cusco', entityKind: 'REGIONAL_GOVERNMENT', territoryId: 'PE:08', acronym: 'GORE Cusco' } },
      { token: editor },
    );
    cuscoRegional = data.registerEntity.id;
    expect(data.registerEntity).toEqual({
      id: 'red-gestion:entity:gobierno-regional-del-cusco',
      name: 'Gobierno Regional del Cusco',
      kind: 'REGIONAL_GOVERNMENT',
      governmentLevel: 'REGIONAL',
      entityKind: 'REGIONAL_GOVERNMENT',
      networkRole: 'MEMBER',
      territory: { id: 'PE:08' },
      provenance: { origin: 'USER', source: 'api:editora-red' },
    });
  });

  it('refuses the same entity twice (case and accents aside) with CONFLICT on the name', async () => {
    const before = await snapshot(s.red);
    const res = await s.red.client.error(
      'CONFLICT',
      REGISTER,
      { input: { name: 'GOBIERNO REGIONAL DEL CUSCO', entityKind: 'REGIONAL_GOVERNMENT', territoryId: 'PE:08' } },
      { token: editor, field: 'input.name' },
    );
    expect(res.errors?.[0].extensions?.existingId).toBe(cuscoRegional);
    expect(await snapshot(s.red)).toEqual(before);
  });

  it('refuses unknown, foreign or unsuitable territories and impossible dates, naming the field, and writes nothing', async () => {
    const before = await snapshot(s.red);
    const base = { name: 'Municipalidad Provincial de Prueba', entityKind: 'PROVINCIAL_MUNICIPALITY' };
    await s.red.client.error(
      'BAD_USER_INPUT',
      REGISTER,
      { input: { ...base, territoryId: 'PE:0899' } },
      { token: editor, field: 'input.territoryId' },
    );
    await s.red.client.error(
      'BAD_USER_INPUT',
      REGISTER,
      { input: { ...base, territoryId: 'CL:011' } },
      { token: editor, field: 'input.territoryId' },
    );
    await s.red.client.error(
      'BAD_USER_INPUT',
      REGISTER,
      { input: { ...base, territoryId: 'PE:08' } },
      { token: editor, field: 'input.territoryId' },
    );
    await s.red.client.error(
      'BAD_USER_INPUT',
      REGISTER,
      { input: { ...base, territoryId: 'PE:0801', memberSince: '2025-02-30' } },
      { token: editor, field: 'input.memberSince' },
    );
    await s.red.client.error(
      'BAD_USER_INPUT',
      REGISTER,
      { input: { ...base, name: '   ', territoryId: 'PE:0801' } },
      { token: editor, field: 'input.name' },
    );
    await s.red.client.error(
      'CONFLICT',
      REGISTER,
      { input: { ...base, territoryId: 'PE:0801', networkRole: 'COORDINATOR' } },
      { token: editor, field: 'input.networkRole' },
    );
    expect(await snapshot(s.red)).toEqual(before);
  });

  it('lists entities with filters by level, kind and region (descendants included), with cursors', async () => {
    await register({ name: 'Municipalidad Provincial del Cusco', entityKind: 'PROVINCIAL_MUNICIPALITY', territoryId: 'PE:0801' });
    await register({
      name: 'Dirección Desconcentrada de Cultura de Cusco',
      entityKind: 'DECONCENTRATED_CULTURE_OFFICE',
      territoryId: 'PE:08',
    });
    const data = await s.red.client.data(`{ redGestion {
      cusco: entities(filter: { within: "PE:08" }) { totalCount nodes { name } }
      local: entities(filter: { governmentLevels: [LOCAL] }) { nodes { name } }
      offices: entities(entityKinds: [DECONCENTRATED_CULTURE_OFFICE]) { nodes { name governmentLevel } }
      page: entities(first: 2) { nodes { id } pageInfo { hasNextPage endCursor } }
    } }`);
    const r = data.redGestion;
    expect(r.cusco.totalCount).toBe(3);
    expect(r.local.nodes).toEqual([{ name: 'Municipalidad Provincial del Cusco' }]);
    expect(r.offices.nodes).toEqual([{ name: 'Dirección Desconcentrada de Cultura de Cusco', governmentLevel: 'NATIONAL' }]);
    const next = await s.red.client.data(`query($after: String) { redGestion { entities(first: 10, after: $after) { nodes { id } } } }`, {
      after: r.page.pageInfo.endCursor,
    });
    const all = [...r.page.nodes, ...next.redGestion.entities.nodes].map((n: { id: string }) => n.id);
    expect(new Set(all).size).toBe(4);
  });
});

describe('scheduling a workshop, recording its attendance and closing it', () => {
  let workshopId: string;
  let regional: string;
  let provincial: string;

  beforeAll(async () => {
    const ids = await s.red.client.data(`{ redGestion { entities(filter: { within: "PE:08" }) { nodes { id entityKind } } } }`);
    const byKind = Object.fromEntries(ids.redGestion.entities.nodes.map((n: { id: string; entityKind: string }) => [n.entityKind, n.id]));
    regional = byKind.REGIONAL_GOVERNMENT;
    provincial = byKind.PROVINCIAL_MUNICIPALITY;
  });

  it('schedules a planned workshop organised by DGIA in the RED’s programme', async () => {
    const data = await s.red.client.data(
      SCHEDULE,
      {
        input: {
          title: 'Gestión de espacios públicos para las artes',
          topic: 'Espacios públicos',
          modality: 'VIRTUAL',
          period: { start: '2025-05-20', end: '2025-05-21' },
          territoryIds: ['PE:08'],
          trainingProgrammeId: 'red-gestion:programme:programacion-formativa',
        },
      },
      { token: editor },
    );
    workshopId = data.scheduleWorkshop.id;
    expect(data.scheduleWorkshop).toEqual({
      id: 'red-gestion:action:gestion-de-espacios-publicos-para-las-artes',
      title: 'Gestión de espacios públicos para las artes',
      status: 'PLANNED',
      period: { start: '2025-05-20', end: '2025-05-21', year: 2025 },
      territories: [{ id: 'PE:08' }],
      organiser: { id: 'red-gestion:entity:dgia' },
      trainingProgramme: { id: 'red-gestion:programme:programacion-formativa' },
      modality: 'VIRTUAL',
      topic: 'Espacios públicos',
    });
  });

  it('refuses impossible dates, unknown territories and a duplicate, naming the field, and writes nothing', async () => {
    const before = await snapshot(s.red);
    const input = { title: 'Otro taller', period: { start: '2025-06-01' } };
    await s.red.client.error(
      'BAD_USER_INPUT',
      SCHEDULE,
      { input: { ...input, period: { start: '2025-02-30' } } },
      { token: editor, field: 'input.period.start' },
    );
    await s.red.client.error(
      'BAD_USER_INPUT',
      SCHEDULE,
      { input: { ...input, period: { start: '2025-06-10', end: '2025-06-01' } } },
      { token: editor, field: 'input.period.start' },
    );
    await s.red.client.error(
      'BAD_USER_INPUT',
      SCHEDULE,
      { input: { ...input, period: { text: 'pronto' } } },
      { token: editor, field: 'input.period.start' },
    );
    await s.red.client.error(
      'BAD_USER_INPUT',
      SCHEDULE,
      { input: { ...input, territoryIds: ['PE:99'] } },
      { token: editor, field: 'input.territoryIds' },
    );
    await s.red.client.error(
      'BAD_USER_INPUT',
      SCHEDULE,
      { input: { ...input, organiserId: 'red-gestion:group:gobiernos-regionales' } },
      { token: editor, field: 'input.organiserId' },
    );
    await s.red.client.error(
      'CONFLICT',
      SCHEDULE,
      { input: { title: 'GESTION de espacios públicos para las artes', period: { start: '2025-05-20' } } },
      { token: editor, field: 'input.title' },
    );
    expect(await snapshot(s.red)).toEqual(before);
  });

  it('records attendance by entity with named servants; the entities’ levels and territories join the workshop', async () => {
    const data = await s.red.client.data(
      RECORD,
      {
        input: {
          sessionId: workshopId,
          entries: [
            {
              entityId: regional,
              servantCount: 3,
              servants: [{ name: 'Ana Quispe', email: 'ana.quispe@example.org', position: 'Especialista en cultura' }],
            },
            { entityId: provincial, servants: [{ name: 'Luis Mamani' }, { name: 'Rosa Huamán', phone: '+51 984 000 000' }] },
          ],
        },
      },
      { token: editor },
    );
    expect(data.recordAttendance).toEqual({
      servants: { value: 5, qualifier: 'EXACT' },
      levelsPresent: ['REGIONAL', 'LOCAL'],
      namedServants: 3,
      entities: {
        totalCount: 2,
        nodes: [
          { entity: { id: regional }, servants: 3, qualifier: 'EXACT' },
          { entity: { id: provincial }, servants: 2, qualifier: 'EXACT' },
        ],
      },
    });
    const w = await s.red.client.data(
      `query($id: ID!) { redGestion { workshop(id: $id) { territories { id } participants { role actor { id } } } } }`,
      { id: workshopId },
    );
    expect(w.redGestion.workshop.territories).toEqual([{ id: 'PE:08' }, { id: 'PE:0801' }]);
    expect(w.redGestion.workshop.participants.filter((p: { role: string }) => p.role === 'PARTICIPANT')).toHaveLength(2);
  });

  it('refuses a second list for the same entity, unknown entities, groups and bad contacts, and writes nothing', async () => {
    const before = await snapshot(s.red);
    await s.red.client.error(
      'CONFLICT',
      RECORD,
      { input: { sessionId: workshopId, entries: [{ entityId: regional, servantCount: 1 }] } },
      { token: editor, field: 'input.entries[0].entityId' },
    );
    await s.red.client.error(
      'BAD_USER_INPUT',
      RECORD,
      { input: { sessionId: workshopId, entries: [{ entityId: 'red-gestion:entity:nadie', servantCount: 1 }] } },
      { token: editor, field: 'input.entries[0].entityId' },
    );
    await s.red.client.error(
      'BAD_USER_INPUT',
      RECORD,
      { input: { sessionId: workshopId, entries: [{ entityId: 'red-gestion:group:gobiernos-regionales', servantCount: 1 }] } },
      { token: editor, field: 'input.entries[0].entityId' },
    );
    await s.red.client.error(
      'BAD_USER_INPUT',
      RECORD,
      {
        input: {
          sessionId: workshopId,
          entries: [{ entityId: 'red-gestion:entity:dgia', servants: [{ name: 'X', email: 'not-an-email' }] }],
        },
      },
      { token: editor, field: 'input.entries[0].servants[0].email' },
    );
    await s.red.client.error(
      'BAD_USER_INPUT',
      RECORD,
      {
        input: {
          sessionId: workshopId,
          entries: [{ entityId: 'red-gestion:entity:dgia', servantCount: 1, servants: [{ name: 'A' }, { name: 'B' }] }],
        },
      },
      { token: editor, field: 'input.entries[0].servantCount' },
    );
    await s.red.client.error(
      'NOT_FOUND',
      RECORD,
      { input: { sessionId: 'red-gestion:action:no-existe', entries: [{ entityId: regional, servantCount: 1 }] } },
      { token: editor, field: 'input.sessionId' },
    );
    expect(await snapshot(s.red)).toEqual(before);
  });

  it('refuses a negative figure and an impossible end date, naming the field, and writes nothing', async () => {
    const before = await snapshot(s.red);
    await s.red.client.error(
      'BAD_USER_INPUT',
      CLOSE,
      { input: { sessionId: workshopId, figures: [{ metric: 'PARTICIPANTS', value: -1, unit: 'public servants' }] } },
      { token: editor, field: 'input.figures[0].value' },
    );
    await s.red.client.error(
      'BAD_USER_INPUT',
      CLOSE,
      { input: { sessionId: workshopId, endedOn: '2025-13-01' } },
      { token: editor, field: 'input.endedOn' },
    );
    await s.red.client.error(
      'BAD_USER_INPUT',
      CLOSE,
      {
        input: {
          sessionId: workshopId,
          figures: [{ metric: 'PARTICIPANTS', value: 5, unit: 'public servants', scopeTerritoryIds: ['PE:08', 'Cusco'] }],
        },
      },
      { token: editor, field: 'input.figures[0].scopeTerritoryIds[1]' },
    );
    expect(await snapshot(s.red)).toEqual(before);
  });

  it('closes the workshop with its figures once, refusing a second close', async () => {
    const data = await s.red.client.data(
      CLOSE,
      {
        input: {
          sessionId: workshopId,
          endedOn: '2025-05-21',
          figures: [{ metric: 'PARTICIPANTS', value: 5, qualifier: 'EXACT', unit: 'public servants' }],
        },
      },
      { token: editor },
    );
    expect(data.closeWorkshop).toEqual({
      id: workshopId,
      status: 'COMPLETED',
      period: { start: '2025-05-20', end: '2025-05-21' },
      figures: [{ metric: 'PARTICIPANTS', value: 5, qualifier: 'EXACT' }],
    });
    const before = await snapshot(s.red);
    await s.red.client.error('CONFLICT', CLOSE, { input: { sessionId: workshopId } }, { token: editor, field: 'input.sessionId' });
    expect(await snapshot(s.red)).toEqual(before);
  });

  it('adds the held workshop to its region’s counts, next to the seed’s "more than 0"', async () => {
    const data = await s.red.client.data(`{ redGestion {
      regions(ids: ["PE:08", "PE:01"]) { territory { id } memberEntities workshopsAttended servantsTrained { value qualifier sessions sessionsWithoutBreakdown } }
      trainingProgramme(id: "red-gestion:programme:programacion-formativa") { held planned }
    } }`);
    expect(data.redGestion.regions).toEqual([
      {
        territory: { id: 'PE:08' },
        memberEntities: 3,
        workshopsAttended: 2,
        servantsTrained: { value: 5, qualifier: 'MORE_THAN', sessions: 2, sessionsWithoutBreakdown: 1 },
      },
      {
        territory: { id: 'PE:01' },
        memberEntities: 0,
        workshopsAttended: 1,
        servantsTrained: { value: 0, qualifier: 'MORE_THAN', sessions: 1, sessionsWithoutBreakdown: 1 },
      },
    ]);
    expect(data.redGestion.trainingProgramme).toEqual({ held: 2, planned: 0 });
  });

  it('schedules technical assistance to one entity, which becomes its beneficiary', async () => {
    const data = await s.red.client.data(
      `mutation($input: ScheduleTechnicalAssistanceInput!) { scheduleTechnicalAssistance(input: $input) {
      id kind status recipient { id } territories { id } participants { role actor { id } }
    } }`,
      { input: { title: 'Asistencia técnica en gestión de eventos', recipientId: provincial, period: { start: '2025-07-01' } } },
      { token: editor },
    );
    expect(data.scheduleTechnicalAssistance).toMatchObject({
      kind: 'TECHNICAL_ASSISTANCE',
      status: 'PLANNED',
      recipient: { id: provincial },
      territories: [{ id: 'PE:0801' }],
    });
    expect(data.scheduleTechnicalAssistance.participants).toEqual([
      { role: 'BENEFICIARY', actor: { id: provincial } },
      { role: 'ORGANISER', actor: { id: 'red-gestion:entity:dgia' } },
    ]);
  });

  it('filters actions by region (descendants included), status and period, with cursors', async () => {
    const data = await s.red.client.data(`{ redGestion {
      cusco: actions(filter: { within: "PE:08" }) { totalCount }
      planned: actions(filter: { statuses: [PLANNED] }) { totalCount }
      may: actions(filter: { from: "2025-05-01", to: "2025-05-31" }) { nodes { id } }
      ta: actions(filter: { kinds: [TECHNICAL_ASSISTANCE] }) { nodes { __typename } }
      workshops(first: 3) { totalCount pageInfo { hasNextPage } }
    } }`);
    const r = data.redGestion;
    expect(r.cusco.totalCount).toBe(3);
    // The technical assistance just scheduled: the seed has no planned action.
    expect(r.planned.totalCount).toBe(1);
    // The workshop scheduled for 20–21 May; the seed's undated workshop cannot be placed in time and is left
    // out, as `year` and the cross-program list leave it out.
    expect(r.may.nodes.map((n: { id: string }) => n.id)).toEqual([workshopId]);
    expect(r.ta.nodes).toEqual([{ __typename: 'TechnicalAssistance' }]);
    expect(r.workshops).toEqual({ totalCount: 2, pageInfo: { hasNextPage: false } });
  });

  it('lists dated actions newest first and the undated seed workshop last, page by page', async () => {
    const first = await s.red.client.data(
      `{ redGestion { actions(first: 2) { nodes { id period { start precision } } pageInfo { endCursor hasNextPage } } } }`,
    );
    const next = await s.red.client.data(
      `query($after: String) { redGestion { actions(first: 10, after: $after) { nodes { id period { start precision } } } } }`,
      {
        after: first.redGestion.actions.pageInfo.endCursor,
      },
    );
    const all = [...first.redGestion.actions.nodes, ...next.redGestion.actions.nodes];
    expect(all.map((n: { period: { start: string | null } }) => n.period.start)).toEqual(['2025-07-01', '2025-05-20', null]);
    expect(all.at(-1)).toEqual({ id: SEED_WORKSHOP_ID, period: { start: null, precision: 'UNDATED' } });
  });

  it('refuses a cursor from another list or order with BAD_USER_INPUT on after, never a database error', async () => {
    const actors = await s.red.client.data(`{ redGestion { actors(first: 1) { pageInfo { endCursor } } } }`);
    const actorCursor = actors.redGestion.actors.pageInfo.endCursor;
    await s.red.client.error(
      'BAD_USER_INPUT',
      `query($after: String) { redGestion { actions(after: $after) { totalCount } } }`,
      { after: actorCursor },
      { field: 'after' },
    );
    const attendance = await s.red.client.data(
      `query($id: ID!) { redGestion { workshop(id: $id) { attendance { entities(first: 1) { pageInfo { endCursor } } } } } }`,
      { id: workshopId },
    );
    const attendanceCursor = attendance.redGestion.workshop.attendance.entities.pageInfo.endCursor;
    await s.red.client.error(
      'BAD_USER_INPUT',
      `query($after: String) { redGestion { entity(id: "red-gestion:entity:gobierno-regional-del-cusco") { servants(after: $after) { totalCount } } } }`,
      { after: attendanceCursor },
      { field: 'after' },
    );
    await s.red.client.error(
      'BAD_USER_INPUT',
      `query($id: ID!, $after: String) { redGestion { workshop(id: $id) { attendance { entities(after: $after) { totalCount } } } } }`,
      { id: workshopId, after: actorCursor },
      { field: 'after' },
    );
    // The list's own cursor still pages.
    const page = await s.red.client.data(
      `query($id: ID!, $after: String) { redGestion { workshop(id: $id) { attendance { entities(after: $after) { nodes { entity { id } } } } } } }`,
      { id: workshopId, after: attendanceCursor },
    );
    expect(page.redGestion.workshop.attendance.entities.nodes).toEqual([{ entity: { id: provincial } }]);
  });

  it('does not take a figure reported for some regions only as the whole session’s total', async () => {
    const scheduled = await s.red.client.data(
      SCHEDULE,
      { input: { title: 'Taller con cifra parcial', period: { start: '2025-03-03' }, territoryIds: ['PE:08', 'PE:20'] } },
      { token: editor },
    );
    const id = scheduled.scheduleWorkshop.id;
    await s.red.client.data(
      CLOSE,
      {
        input: {
          sessionId: id,
          figures: [
            {
              metric: 'PARTICIPANTS',
              value: 20,
              qualifier: 'EXACT',
              unit: 'public servants',
              label: 'Servants from Cusco',
              scopeTerritoryIds: ['PE:08'],
            },
          ],
        },
      },
      { token: editor },
    );
    const data = await s.red.client.data(
      `query($id: ID!) { redGestion {
      workshop(id: $id) { figures { value scopeTerritories { id } } attendance { servants { value qualifier } byRegion { territory { id } servants { value qualifier } } } }
    } }`,
      { id },
    );
    const w = data.redGestion.workshop;
    expect(w.figures).toEqual([{ value: 20, scopeTerritories: [{ id: 'PE:08' }] }]);
    // The session's total is unknown; Piura gets nothing of Cusco's 20.
    expect(w.attendance.servants).toBeNull();
    expect(w.attendance.byRegion).toEqual([
      { territory: { id: 'PE:08' }, servants: { value: 0, qualifier: 'MORE_THAN' } },
      { territory: { id: 'PE:20' }, servants: { value: 0, qualifier: 'MORE_THAN' } },
    ]);
  });
});

describe('the change feed the cross-program index reads', () => {
  interface FeedChange {
    entity: string;
    id: string;
    snapshot: { typeName: string; actorIds?: string[]; figures: { metric: string; value: number; qualifier: string }[] } | null;
  }
  const feed = async (): Promise<FeedChange[]> => {
    const res = await fetch(`${s.red.url.replace(/\/graphql$/, '')}/changes?limit=5000`);
    expect(res.status).toBe(200);
    return ((await res.json()) as { changes: FeedChange[] }).changes;
  };

  it('names every record by its GraphQL type, keeps "more than 60", and carries no servant', async () => {
    const changes = await feed();
    const seed = changes.filter((c) => c.id === SEED_WORKSHOP_ID).at(-1);
    expect(seed?.snapshot?.typeName).toBe('Workshop');
    expect(seed?.snapshot?.figures).toContainEqual(expect.objectContaining({ metric: 'PARTICIPANTS', value: 60, qualifier: 'MORE_THAN' }));
    const typeOf = (id: string) => changes.filter((c) => c.id === id).at(-1)?.snapshot?.typeName;
    expect(typeOf('red-gestion:entity:dgia')).toBe('GovernmentEntity');
    expect(typeOf('red-gestion:group:gobiernos-regionales')).toBe('GovernmentEntityGroup');
    expect(JSON.stringify(changes)).not.toMatch(/Quispe|Mamani|Huamán|servant:/);
  });

  it('carries the program with its planned-workshops figure, label, undated period and locator, and no placeholder action', async () => {
    const figuresOf = (changes: RawChange[]) =>
      (changes.filter((c) => c.entity === 'program').at(-1)?.snapshot?.figures as unknown[] | undefined) ?? [];
    const changes = await readFeedUntil(s.red, (c) => figuresOf(c).length > 0);
    expect(figuresOf(changes)).toEqual([
      expect.objectContaining({
        id: expect.stringMatching(/^red-gestion:figure:\d+$/),
        metric: 'ACTIONS',
        value: 5,
        qualifier: 'EXACT',
        unit: 'planned workshops',
        label: 'Workshops planned for the rest of the year',
        scopeTerritoryIds: null,
        period: { start: null, end: null, year: null, precision: 'UNDATED', text: 'para lo que resta del presente año' },
        origin: 'SOURCE_DOCUMENT',
        locator: 'paragraph 5',
      }),
    ]);
    expect(changes.some((c) => c.id.includes('taller-programado'))).toBe(false);
  });
});

describe('personal data of public servants', () => {
  const SERVANTS = `{ redGestion { entity(id: "red-gestion:entity:gobierno-regional-del-cusco") {
    servantCount servants { totalCount nodes { id name email phone position entity { name } } }
  } } }`;

  it('hides names and contacts from a token without pii:read (FORBIDDEN on those fields) but shows counts and ids', async () => {
    const res = await s.red.client.error('FORBIDDEN', SERVANTS, {}, { token: editor });
    const entity = (res.data as { redGestion: { entity: { servantCount: number; servants: { nodes: Record<string, unknown>[] } } } })
      .redGestion.entity;
    expect(entity.servantCount).toBe(1);
    expect(entity.servants.nodes).toEqual([
      {
        id: expect.stringMatching(/^red-gestion:servant:/),
        name: null,
        email: null,
        phone: null,
        position: null,
        entity: { name: 'Gobierno Regional del Cusco' },
      },
    ]);
    const paths = (res.errors ?? []).map((e) => e.path?.at(-1));
    expect(paths.sort()).toEqual(['email', 'name', 'phone', 'position']);
    expect(JSON.stringify(res)).not.toContain('Quispe');
  });

  it('hides them from an anonymous caller too (UNAUTHENTICATED on those fields), public fields still answered', async () => {
    const res = await s.red.client.error('UNAUTHENTICATED', SERVANTS);
    expect(JSON.stringify(res.data)).toContain('"servantCount":1');
    expect(JSON.stringify(res)).not.toContain('Quispe');
  });

  it('shows them with pii:read', async () => {
    const data = await s.red.client.data(SERVANTS, {}, { token: piiReader });
    expect(data.redGestion.entity.servants.nodes[0]).toMatchObject({
      name: 'Ana Quispe',
      email: 'ana.quispe@example.org',
      position: 'Especialista en cultura',
    });
  });

  it('recognises a servant already on record in a later list instead of recording them twice', async () => {
    const w = await s.red.client.data(SCHEDULE, { input: { title: 'Segundo taller', period: { start: '2025-08-01' } } }, { token: editor });
    await s.red.client.data(
      RECORD,
      {
        input: {
          sessionId: w.scheduleWorkshop.id,
          entries: [
            {
              entityId: 'red-gestion:entity:gobierno-regional-del-cusco',
              servants: [{ name: 'ANA QUISPE', email: 'Ana.Quispe@example.org' }],
            },
          ],
        },
      },
      { token: editor },
    );
    const data = await s.red.client.data(SERVANTS, {}, { token: piiReader });
    expect(data.redGestion.entity.servantCount).toBe(1);
  });
});
