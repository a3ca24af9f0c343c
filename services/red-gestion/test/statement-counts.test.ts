import { expectConstantStatements, signToken, type ListRelation } from '@cultura/testkit';
import { startServices, type Services } from './helpers';

/**
 * Every list relation of the RED, each measured by its own query for one parent and for every parent:
 * the statement counts must be equal, so a relation that stops batching fails here by its list length.
 * A new list relation is one more line in RELATIONS.
 *
 * Not here: RedGestionTerritory.entities and .workshops, paged and filtered connections run per territory
 * (listEntities, listActions), not through a loader; and TrainingProgramme.workshops and
 * Workshop.trainingProgramme, with a single parent to batch (the seed's one programme and its workshop).
 */
let s: Services;
const editor = signToken({ scopes: ['red-gestion:write'], subject: 'editora-red' });
const reader = signToken({ scopes: ['pii:read'], subject: 'lectora-red' });

beforeAll(async () => {
  s = await startServices();
  // Six provincial municipalities and three workshops, each attended by two of them with a named servant.
  const provinces = await s.territories.client.data(`{ territories(country: PE, level: SECOND_LEVEL, first: 6) { nodes { id name } } }`);
  const entityIds: string[] = [];
  for (const p of provinces.territories.nodes as { id: string; name: string }[]) {
    const data = await s.red.client.data(
      `mutation($input: RegisterEntityInput!) { registerEntity(input: $input) { id } }`,
      { input: { name: `Municipalidad Provincial de ${p.name}`, entityKind: 'PROVINCIAL_MUNICIPALITY', territoryId: p.id } },
      { token: editor },
    );
    entityIds.push(data.registerEntity.id);
  }
  for (let w = 0; w < 3; w++) {
    const data = await s.red.client.data(
      `mutation($input: ScheduleWorkshopInput!) { scheduleWorkshop(input: $input) { id } }`,
      { input: { title: `Taller ${w}`, period: { start: `2025-09-0${w + 1}` } } },
      { token: editor },
    );
    const sessionId = data.scheduleWorkshop.id;
    const entries = entityIds
      .slice(2 * w, 2 * w + 2)
      .map((entityId, i) => ({ entityId, servantCount: 2, servants: [{ name: `Servidor ${w} ${i}`, email: `s.${w}.${i}@example.org` }] }));
    await s.red.client.data(
      `mutation($input: RecordAttendanceInput!) { recordAttendance(input: $input) { namedServants } }`,
      { input: { sessionId, entries } },
      { token: editor },
    );
  }
});
afterAll(async () => {
  await s?.stop();
});

const ONE_VS_ALL = { small: { n: 1 }, large: { n: 100 } };
/** Workshops, newest first (the three above come first), each asking for `selection`. */
const workshops = (relation: string, selection: string): ListRelation => ({
  relation,
  query: `query($n: Int) { redGestion { workshops(first: $n) { nodes { id ${selection} } } } }`,
  ...ONE_VS_ALL,
  parents: (d) => d.redGestion.workshops.nodes.length,
});
/** Government entities, by name, each asking for `selection`. */
const entities = (relation: string, selection: string): ListRelation => ({
  relation,
  query: `query($n: Int) { redGestion { entities(first: $n) { nodes { id ${selection} } } } }`,
  ...ONE_VS_ALL,
  parents: (d) => d.redGestion.entities.nodes.length,
  options: { token: reader },
});
/** Attendance rows of every workshop, each asking for `selection`. */
const attendanceRows = (relation: string, selection: string): ListRelation => ({
  ...workshops(relation, `attendance { entities(first: 100) { nodes { servants ${selection} } } }`),
  options: { token: reader },
});

const RELATIONS: ListRelation[] = [
  // Root lists.
  workshops('RedGestionQuery.workshops', 'title'),
  entities('RedGestionQuery.entities', 'name'),
  {
    relation: 'RedGestionQuery.actions',
    query: `query($n: Int) { redGestion { actions(first: $n) { nodes { id title } } } }`,
    ...ONE_VS_ALL,
    parents: (d) => d.redGestion.actions.nodes.length,
  },
  {
    relation: 'RedGestionQuery.actors',
    query: `query($n: Int) { redGestion { actors(first: $n) { nodes { id name } } } }`,
    ...ONE_VS_ALL,
    parents: (d) => d.redGestion.actors.nodes.length,
  },
  {
    relation: 'RedGestionQuery.regions',
    query: `query($ids: [ID!]) { redGestion { regions(ids: $ids) { territory { id } memberEntities workshopsAttended servantsTrained { value } } } }`,
    // Without ids it first finds the regions with data: one more statement, for any number of regions.
    small: { ids: ['PE:01'] },
    large: {
      ids: [
        'PE:01',
        'PE:02',
        'PE:03',
        'PE:04',
        'PE:05',
        'PE:06',
        'PE:07',
        'PE:08',
        'PE:13',
        'PE:LMA',
        'PE:17',
        'PE:18',
        'PE:19',
        'PE:20',
        'PE:21',
        'PE:22',
        'PE:23',
      ],
    },
    parents: (d) => d.redGestion.regions.length,
  },
  // Workshop.
  workshops('Workshop.participants', 'participants { role actor { id name } }'),
  workshops('Workshop.figures', 'figures { value qualifier }'),
  workshops('Workshop.territories', 'territories { id }'),
  workshops('Workshop.topic', 'topic modality provenanceNote'),
  workshops('Workshop.organiser', 'organiser { id }'),
  workshops('WorkshopAttendance.servants', 'attendance { servants { value } levelsPresent }'),
  workshops('WorkshopAttendance.byLevel', 'attendance { byLevel { level entityKinds entities { id } groups { id } } }'),
  workshops('WorkshopAttendance.byRegion', 'attendance { byRegion { territory { id } entities } }'),
  workshops('WorkshopAttendance.entities', 'attendance { entities(first: 100) { totalCount nodes { servants } } }'),
  workshops('WorkshopAttendance.namedServants', 'attendance { namedServants }'),
  attendanceRows('EntityAttendance.entity', 'entity { id name }'),
  attendanceRows('EntityAttendance.session', 'session { id }'),
  attendanceRows('EntityAttendance.namedServants', 'namedServants { id name }'),
  // GovernmentEntity.
  entities('GovernmentEntity.entityKind', 'entityKind networkRole'),
  entities('GovernmentEntity.attendance', 'attendance { servants qualifier }'),
  entities('GovernmentEntity.servants', 'servantCount servants(first: 5) { totalCount nodes { id name } }'),
];

describe('each list relation costs as many SQL statements for one parent as for all', () => {
  it.each(RELATIONS.map((r) => [r.relation, r] as const))('%s', async (_, r) => {
    await expectConstantStatements(s.red, r);
  });
});
