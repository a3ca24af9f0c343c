import { signToken } from '@cultura/testkit';
import { startServices, type Services } from './helpers';

let s: Services;
const editor = signToken({ scopes: ['red-gestion:write'], subject: 'editora-red' });
const entityIds: string[] = [];

beforeAll(async () => {
  s = await startServices();
  // Thirty provincial municipalities, each in its own province (from Peru's official gazetteer).
  const provinces = await s.territories.client.data(`{ territories(country: PE, level: SECOND_LEVEL, first: 30) { nodes { id name } } }`);
  for (const p of provinces.territories.nodes as { id: string; name: string }[]) {
    const data = await s.red.client.data(
      `mutation($input: RegisterEntityInput!) { registerEntity(input: $input) { id } }`,
      { input: { name: `Municipalidad Provincial de ${p.name}`, entityKind: 'PROVINCIAL_MUNICIPALITY', territoryId: p.id } },
      { token: editor },
    );
    entityIds.push(data.registerEntity.id);
  }
});
afterAll(async () => {
  await s?.stop();
});

async function workshop(title: string): Promise<string> {
  const data = await s.red.client.data(
    `mutation($input: ScheduleWorkshopInput!) { scheduleWorkshop(input: $input) { id } }`,
    { input: { title, period: { start: '2025-09-01' } } },
    { token: editor },
  );
  return data.scheduleWorkshop.id;
}

const RECORD = `mutation($input: RecordAttendanceInput!) { recordAttendance(input: $input) { namedServants } }`;
const entries = (ids: string[], tag: string) =>
  ids.map((entityId, i) => ({
    entityId,
    servantCount: 2,
    servants: [{ name: `Servidor ${tag} ${i}`, email: `s.${tag}.${i}@example.org` }],
  }));

const ATTENDANCE = `query($id: ID!) { redGestion { workshop(id: $id) {
  territories { id }
  attendance {
    servants { value qualifier } levelsPresent namedServants
    byLevel { level entityKinds entities { id name territory { id } } servants { value qualifier } }
    byRegion { territory { id } entities servants { value qualifier } }
    entities(first: 100) { totalCount nodes {
      servants qualifier provenance { origin }
      entity { id name governmentLevel entityKind acronym servantCount territory { id } }
      namedServants { id entity { id } }
      session { id }
    } }
  }
} } }`;

describe('attendance lists cost a constant number of SQL statements', () => {
  let small: string;
  let large: string;
  let recordSmall: number;
  let recordLarge: number;

  beforeAll(async () => {
    small = await workshop('Taller con pocas entidades');
    large = await workshop('Taller con muchas entidades');
    recordSmall = (
      await s.red.queries.measure(() =>
        s.red.client.data(RECORD, { input: { sessionId: small, entries: entries(entityIds.slice(0, 3), 'a') } }, { token: editor }),
      )
    ).statements;
    recordLarge = (
      await s.red.queries.measure(() =>
        s.red.client.data(RECORD, { input: { sessionId: large, entries: entries(entityIds, 'b') } }, { token: editor }),
      )
    ).statements;
  });

  it('records a list of 30 entities with named servants in as many statements as a list of 3', () => {
    expect(recordLarge).toBe(recordSmall);
  });

  it('reads a list of 30 entities, with their servants, levels and regions, in as many statements as a list of 3', async () => {
    const a = await s.red.queries.measure(() => s.red.client.data(ATTENDANCE, { id: small }));
    const b = await s.red.queries.measure(() => s.red.client.data(ATTENDANCE, { id: large }));
    expect(a.result.redGestion.workshop.attendance.entities.totalCount).toBe(3);
    expect(b.result.redGestion.workshop.attendance.entities.totalCount).toBe(30);
    expect(b.result.redGestion.workshop.attendance.namedServants).toBe(30);
    expect(b.result.redGestion.workshop.attendance.servants).toEqual({ value: 60, qualifier: 'EXACT' });
    expect(b.result.redGestion.workshop.attendance.byRegion.length).toBeGreaterThan(1);
    // Every relation at once (statement-counts.test.ts measures each alone, with no slack). The actor
    // loader is reached after different round trips here (the attendance rows, the session's tally, the
    // by-level facts), and whether two of them share a batch depends on which rows arrive first: either list
    // costs 9 or 10 statements from run to run. One statement of slack, no more: a relation fetched per
    // entity would cost 27 more for the larger list.
    expect(Math.abs(b.statements - a.statements)).toBeLessThanOrEqual(1);
  });

  it('summarises every region in as many statements as two', async () => {
    await s.red.client.data(
      `mutation($input: CloseWorkshopInput!) { closeWorkshop(input: $input) { id } }`,
      { input: { sessionId: large, endedOn: '2025-09-01' } },
      { token: editor },
    );
    const q = `query($ids: [ID!]) { redGestion { regions(ids: $ids) { territory { id } memberEntities workshopsAttended servantsTrained { value qualifier } } } }`;
    const two = await s.red.queries.measure(() => s.red.client.data(q, { ids: ['PE:01', 'PE:02'] }));
    const all = await s.red.queries.measure(() => s.red.client.data(q, {}));
    expect(all.result.redGestion.regions.length).toBeGreaterThan(2);
    // Without ids, one statement more finds the regions with members or sessions; then the same batches.
    expect(all.statements).toBe(two.statements + 1);
  });
});
