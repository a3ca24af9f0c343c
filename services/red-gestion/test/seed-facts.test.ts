import { signToken } from '@cultura/testkit';
import { loadSourceDocumentFacts } from '../src/data/load';
import { SEED_REGIONS, SEED_WORKSHOP_ID } from '../src/data/facts';
import { snapshot, startServices, type Services } from './helpers';

// The seed's facts as the API gives them, before any write but the few that place entities in Lima.
let s: Services;
const editor = signToken({ scopes: ['red-gestion:write'], subject: 'editora-red' });

beforeAll(async () => {
  s = await startServices();
});
afterAll(async () => {
  await s?.stop();
});

const REGISTER = `mutation($input: RegisterEntityInput!) { registerEntity(input: $input) { id } }`;

async function register(input: Record<string, unknown>): Promise<string> {
  const data = await s.red.client.data(REGISTER, { input }, { token: editor });
  return data.registerEntity.id;
}

describe('the source document, loaded as data', () => {
  it('describes the network: DGIA as coordinator, its purpose, the three levels and the Política Nacional de Cultura al 2030', async () => {
    const data = await s.red.client.data(`{ redGestion {
      program { id acronym country { id } provenance { origin source } }
      network {
        coordinator { id name acronym entityKind governmentLevel networkRole territory { id } provenanceNote }
        mechanism { text } purpose { text provenance { locator } } objective { text provenance { locator } }
        governmentLevels alignments { policy statement provenance { origin source locator } }
      }
    } }`);
    const { program, network } = data.redGestion;
    expect(program).toEqual({
      id: 'red-gestion',
      acronym: 'RED',
      country: { id: 'PE' },
      provenance: { origin: 'SOURCE_DOCUMENT', source: 'seed 001: RED workshop note' },
    });
    expect(network.coordinator).toMatchObject({
      id: 'red-gestion:entity:dgia',
      name: 'Dirección General de Industrias Culturales y Artes',
      acronym: 'DGIA',
      entityKind: 'MINISTRY_DIRECTORATE',
      governmentLevel: 'NATIONAL',
      networkRole: 'COORDINATOR',
      territory: { id: 'PE' },
    });
    expect(network.coordinator.provenanceNote).toMatch(/no seat/);
    expect(network.mechanism.text).toMatch(/mecanismo de coordinación y cooperación/);
    expect(network.purpose).toMatchObject({
      text: expect.stringMatching(/^Busca ampliar y mejorar los servicios públicos/),
      provenance: { locator: 'paragraph 6' },
    });
    expect(network.objective).toMatchObject({
      text: expect.stringMatching(/tres niveles de gobierno/),
      provenance: { locator: 'paragraph 2' },
    });
    expect(network.governmentLevels).toEqual(['NATIONAL', 'REGIONAL', 'LOCAL']);
    expect(network.alignments).toEqual([
      {
        policy: 'Política Nacional de Cultura al 2030',
        statement: expect.stringMatching(/gobernanza cultural/),
        provenance: { origin: 'SOURCE_DOCUMENT', source: 'seed 001: RED workshop note', locator: 'paragraph 5' },
      },
    ]);
  });

  it('keeps the workshop’s "más de 60" as more than 60 (not 60) and its 17 regions exactly as listed', async () => {
    const data = await s.red.client.data(
      `query($id: ID!) { redGestion { workshop(id: $id) {
      title kind status period { start end year precision text } topic modality organiser { id }
      figures { metric value qualifier unit label period { precision text } scopeTerritories { id } sourceText provenance { origin locator } }
      territories { id }
      attendance { servants { value qualifier text } }
      provenanceNote
    } } }`,
      { id: SEED_WORKSHOP_ID },
    );
    const w = data.redGestion.workshop;
    expect(w).toMatchObject({
      title: 'Asistencia técnica para la organización y ejecución de eventos públicos culturales a nivel nacional',
      kind: 'WORKSHOP',
      status: 'COMPLETED',
      // The note never says when: undated, not guessed.
      period: { start: null, end: null, year: null, precision: 'UNDATED', text: 'fecha no indicada en la fuente' },
      modality: 'UNKNOWN',
      organiser: { id: 'red-gestion:entity:dgia' },
    });
    const undated = { precision: 'UNDATED', text: 'fecha no indicada en la fuente' };
    const seedProvenance = { origin: 'SOURCE_DOCUMENT', locator: 'paragraph 4' };
    expect(w.figures).toEqual([
      {
        metric: 'PARTICIPANTS',
        value: 60,
        qualifier: 'MORE_THAN',
        unit: 'public servants',
        label: 'Public servants who took part, from the 17 regions together',
        period: undated,
        // The workshop's own 17 regions, together: no narrower scope.
        scopeTerritories: null,
        sourceText: 'más de 60 servidores públicos',
        provenance: seedProvenance,
      },
      {
        metric: 'TERRITORIES',
        value: 17,
        qualifier: 'EXACT',
        unit: 'regions',
        label: 'Regions the participants came from',
        period: undated,
        scopeTerritories: null,
        sourceText: '17 regiones del país',
        provenance: seedProvenance,
      },
    ]);
    expect(w.territories.map((t: { id: string }) => t.id)).toEqual(SEED_REGIONS.map((r) => r.id));
    expect(w.attendance.servants).toEqual({ value: 60, qualifier: 'MORE_THAN', text: 'more than 60 public servants' });
    expect(w.provenanceNote).toMatch(/not stated in the source/);
  });

  it('shows the levels of government present as unnamed groups, in the source’s words', async () => {
    const data = await s.red.client.data(
      `query($id: ID!) { redGestion { workshop(id: $id) {
      participants { role note actor { __typename name governmentLevel } }
      attendance { levelsPresent byLevel { level entityKinds entities { id } groups { name provenanceNote } sourceText servants { value qualifier } } }
    } } }`,
      { id: SEED_WORKSHOP_ID },
    );
    const { participants, attendance } = data.redGestion.workshop;
    expect(attendance.levelsPresent).toEqual(['NATIONAL', 'REGIONAL', 'LOCAL']);
    expect(
      attendance.byLevel.map((l: { level: string; entityKinds: string[]; sourceText: string }) => [l.level, l.entityKinds, l.sourceText]),
    ).toEqual([
      ['NATIONAL', ['DECONCENTRATED_CULTURE_OFFICE'], 'las direcciones desconcentradas del ministerio'],
      ['REGIONAL', ['REGIONAL_GOVERNMENT'], 'los gobiernos regionales'],
      ['LOCAL', ['PROVINCIAL_MUNICIPALITY'], 'las municipalidades provinciales'],
    ]);
    for (const level of attendance.byLevel) {
      // Named entities are unknown and so are the numbers per level: "more than 0", never a share of 60.
      expect(level.entities).toEqual([]);
      expect(level.servants).toEqual({ value: 0, qualifier: 'MORE_THAN' });
      expect(level.groups[0].provenanceNote).toMatch(/names neither the entities nor their number/);
    }
    expect(
      participants
        .filter((p: { role: string }) => p.role === 'PARTICIPANT')
        .map((p: { actor: { __typename: string } }) => p.actor.__typename),
    ).toEqual(['GovernmentEntityGroup', 'GovernmentEntityGroup', 'GovernmentEntityGroup']);
  });

  it('records the five announced workshops as a program figure, never as actions: one RED action, held', async () => {
    const data = await s.red.client.data(`{ redGestion {
      figures { metric value qualifier unit label period { start end year precision text } scopeTerritories { id } sourceText provenance { origin source locator } }
      actions(first: 50) { totalCount nodes { id status } }
      planned: actions(filter: { statuses: [PLANNED, IN_PROGRESS] }) { totalCount }
      workshops { totalCount }
    } }`);
    const r = data.redGestion;
    expect(r.figures).toEqual([
      {
        metric: 'ACTIONS',
        value: 5,
        qualifier: 'EXACT',
        unit: 'planned workshops',
        label: 'Workshops planned for the rest of the year',
        // "El presente año" of a note that gives no year.
        period: { start: null, end: null, year: null, precision: 'UNDATED', text: 'para lo que resta del presente año' },
        scopeTerritories: null,
        sourceText: 'La RED ha programado el desarrollo de cinco talleres más para lo que resta del presente año.',
        provenance: { origin: 'SOURCE_DOCUMENT', source: 'seed 001: RED workshop note', locator: 'paragraph 5' },
      },
    ]);
    expect(r.actions).toEqual({ totalCount: 1, nodes: [{ id: SEED_WORKSHOP_ID, status: 'COMPLETED' }] });
    expect(r.planned.totalCount).toBe(0);
    expect(r.workshops.totalCount).toBe(1);
  });

  it('filters the program figures by metric and origin', async () => {
    const data = await s.red.client.data(`{ redGestion {
      actions: figures(metrics: [ACTIONS]) { value }
      participants: figures(metrics: [PARTICIPANTS]) { value }
      synthetic: figures(origins: [SYNTHETIC]) { value }
    } }`);
    expect(data.redGestion).toEqual({ actions: [{ value: 5 }], participants: [], synthetic: [] });
  });

  it('holds the training programme: one workshop held, the five more announced as a figure, none of them a record', async () => {
    const data = await s.red.client.data(`{ redGestion { trainingProgrammes {
      id title period { year precision text } announced { metric value qualifier unit label sourceText provenance { locator } }
      held planned cancelled provenanceNote
      workshops { id status }
    } } }`);
    const [programme] = data.redGestion.trainingProgrammes;
    expect(programme).toEqual({
      id: 'red-gestion:programme:programacion-formativa',
      title: 'Programación formativa de la RED',
      period: { year: null, precision: 'UNDATED', text: 'el presente año (año no indicado en la fuente)' },
      announced: {
        metric: 'ACTIONS',
        value: 5,
        qualifier: 'EXACT',
        unit: 'planned workshops',
        label: 'Workshops planned for the rest of the year',
        sourceText: 'cinco talleres más para lo que resta del presente año',
        provenance: { locator: 'paragraph 5' },
      },
      held: 1,
      planned: 0,
      cancelled: 0,
      provenanceNote: expect.stringMatching(/five more/),
      workshops: [{ id: SEED_WORKSHOP_ID, status: 'COMPLETED' }],
    });
  });

  it('names no entity the source does not name: DGIA is the only named entity', async () => {
    const data = await s.red.client.data(`{ redGestion {
      entities { totalCount nodes { id } }
      actors(first: 50) { totalCount nodes { __typename name } }
    } }`);
    expect(data.redGestion.entities).toEqual({ totalCount: 1, nodes: [{ id: 'red-gestion:entity:dgia' }] });
    expect(data.redGestion.actors.totalCount).toBe(4);
  });

  it('resolves its types by reference, as the gateway asks when the cross-program index lists them', async () => {
    const r = [
      { __typename: 'Workshop', id: SEED_WORKSHOP_ID },
      { __typename: 'GovernmentEntity', id: 'red-gestion:entity:dgia' },
      { __typename: 'GovernmentEntityGroup', id: 'red-gestion:group:municipalidades-provinciales' },
      { __typename: 'GovernmentEntity', id: 'red-gestion:group:municipalidades-provinciales' },
    ];
    const data = await s.red.client.data(
      `query($r: [_Any!]!) { _entities(representations: $r) {
      ... on Workshop { title } ... on GovernmentEntity { acronym } ... on GovernmentEntityGroup { governmentLevel }
    } }`,
      { r },
    );
    expect(data._entities).toEqual([
      { title: expect.stringMatching(/^Asistencia técnica/) },
      { acronym: 'DGIA' },
      { governmentLevel: 'LOCAL' },
      null,
    ]);
  });

  it('loads the facts again without adding or changing anything', async () => {
    const before = await snapshot(s.red);
    expect(await loadSourceDocumentFacts(s.red.dataSource)).toEqual({ inserted: 0 });
    expect(await snapshot(s.red)).toEqual(before);
  });
});

describe('regions and levels compared, from the source document alone', () => {
  it('answers every region of the workshop, with members and servants trained, in one query', async () => {
    const data = await s.red.client.data(`{ redGestion { regions {
      territory { id } memberEntities workshopsAttended servantsTrained { value qualifier text sessions sessionsWithoutBreakdown }
    } } }`);
    const regions = data.redGestion.regions;
    expect(regions.map((r: { territory: { id: string } }) => r.territory.id).sort()).toEqual(SEED_REGIONS.map((r) => r.id).sort());
    for (const r of regions) {
      expect(r).toMatchObject({ memberEntities: 0, workshopsAttended: 1 });
      // The note says servants came from each region but not how many: more than 0, and it says why.
      expect(r.servantsTrained).toEqual({
        value: 0,
        qualifier: 'MORE_THAN',
        text: 'more than 0 public servants',
        sessions: 1,
        sessionsWithoutBreakdown: 1,
      });
    }
  });

  it('gives the whole country the workshop’s own figure: more than 60', async () => {
    const data = await s.red.client.data(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Territory { id redGestion {
      memberEntities workshopsAttended servantsTrained { value qualifier }
    } } } }`,
      { r: [{ __typename: 'Territory', id: 'PE' }] },
    );
    expect(data._entities[0].redGestion).toEqual({
      memberEntities: 1,
      workshopsAttended: 1,
      servantsTrained: { value: 60, qualifier: 'MORE_THAN' },
    });
  });

  it('compares the levels of government', async () => {
    const data = await s.red.client.data(
      `{ redGestion { levels { level memberEntities workshopsAttended servantsTrained { value qualifier } } } }`,
    );
    expect(data.redGestion.levels).toEqual([
      { level: 'NATIONAL', memberEntities: 1, workshopsAttended: 1, servantsTrained: { value: 0, qualifier: 'MORE_THAN' } },
      { level: 'REGIONAL', memberEntities: 0, workshopsAttended: 1, servantsTrained: { value: 0, qualifier: 'MORE_THAN' } },
      { level: 'LOCAL', memberEntities: 0, workshopsAttended: 1, servantsTrained: { value: 0, qualifier: 'MORE_THAN' } },
    ]);
  });

  it('never gives one region the workshop’s "more than 60", whichever way the region is asked for', async () => {
    const data = await s.red.client.data(
      `query($r: [_Any!]!) {
      redGestion {
        regions(ids: ["PE:LMA", "PE:07", "PE:LIM"]) { territory { id } workshopsAttended servantsTrained { value qualifier } }
        workshop(id: "${SEED_WORKSHOP_ID}") { attendance { byRegion { territory { id } entities servants { value qualifier } } } }
      }
      _entities(representations: $r) { ... on Territory { id redGestion { workshopsAttended servantsTrained { value qualifier } } } }
    }`,
      { r: ['PE:LMA', 'PE:15', 'PE:150101'].map((id) => ({ __typename: 'Territory', id })) },
    );
    const moreThanZero = { value: 0, qualifier: 'MORE_THAN' };
    expect(data.redGestion.regions).toEqual([
      { territory: { id: 'PE:LMA' }, workshopsAttended: 1, servantsTrained: moreThanZero },
      { territory: { id: 'PE:07' }, workshopsAttended: 1, servantsTrained: moreThanZero },
      // Lima Provincias is not among the note's 17.
      { territory: { id: 'PE:LIM' }, workshopsAttended: 0, servantsTrained: { value: 0, qualifier: 'EXACT' } },
    ]);
    const byRegion = data.redGestion.workshop.attendance.byRegion;
    expect(byRegion.map((r: { territory: { id: string } }) => r.territory.id)).toEqual(SEED_REGIONS.map((r) => r.id));
    for (const r of byRegion) expect(r).toMatchObject({ entities: 0, servants: moreThanZero });
    expect(data._entities).toEqual([
      { id: 'PE:LMA', redGestion: { workshopsAttended: 1, servantsTrained: moreThanZero } },
      // Department 15 holds Lima Metropolitana, one of 17: still "more than 0", not the 60.
      { id: 'PE:15', redGestion: { workshopsAttended: 1, servantsTrained: moreThanZero } },
      // A district of Lima Metropolitana: the note says nothing of it.
      { id: 'PE:150101', redGestion: { workshopsAttended: 0, servantsTrained: { value: 0, qualifier: 'EXACT' } } },
    ]);
  });

  it('refuses a region id that is not one of Peru’s regions, naming it: a province, or department 15 as a whole', async () => {
    await s.red.client.error(
      'BAD_USER_INPUT',
      `{ redGestion { regions(ids: ["PE:08", "PE:0801"]) { memberEntities } } }`,
      {},
      { field: 'ids[1]' },
    );
    const res = await s.red.client.error(
      'BAD_USER_INPUT',
      `{ redGestion { regions(ids: ["PE:LMA", "PE:LIM", "PE:15"]) { memberEntities } } }`,
      {},
      { field: 'ids[2]' },
    );
    expect(res.errors?.[0].message).toMatch(/"PE:15" is not a region of Peru/);
    await s.red.client.error('BAD_USER_INPUT', `{ redGestion { regions(ids: ["PE:1501"]) { memberEntities } } }`, {}, { field: 'ids[0]' });
  });
});

describe('Lima’s two regions and its province', () => {
  it('registers a regional government in Lima Metropolitana and a provincial municipality in province 1501, refusing department 15', async () => {
    const before = await snapshot(s.red);
    const res = await s.red.client.error(
      'BAD_USER_INPUT',
      REGISTER,
      { input: { name: 'Gobierno Regional de Lima', entityKind: 'REGIONAL_GOVERNMENT', territoryId: 'PE:15' } },
      { token: editor, field: 'input.territoryId' },
    );
    expect(res.errors?.[0].message).toMatch(/is based in a region \(PE:08, PE:LMA, PE:LIM\); "PE:15" is not one/);
    await s.red.client.error(
      'BAD_USER_INPUT',
      REGISTER,
      { input: { name: 'Municipalidad X', entityKind: 'PROVINCIAL_MUNICIPALITY', territoryId: 'PE:LMA' } },
      { token: editor, field: 'input.territoryId' },
    );
    expect(await snapshot(s.red)).toEqual(before);

    await register({ name: 'Municipalidad Metropolitana de Lima', entityKind: 'REGIONAL_GOVERNMENT', territoryId: 'PE:LMA' });
    await register({ name: 'Municipalidad Provincial de Lima', entityKind: 'PROVINCIAL_MUNICIPALITY', territoryId: 'PE:1501' });
    const data = await s.red.client.data(
      `query($r: [_Any!]!) {
      redGestion { regions(ids: ["PE:LMA", "PE:LIM"]) { territory { id } memberEntities } }
      _entities(representations: $r) { ... on Territory { id redGestion { memberEntities } } }
    }`,
      { r: [{ __typename: 'Territory', id: 'PE:15' }] },
    );
    // Province 1501 lies in Lima Metropolitana, and both in department 15.
    expect(data.redGestion.regions).toEqual([
      { territory: { id: 'PE:LMA' }, memberEntities: 2 },
      { territory: { id: 'PE:LIM' }, memberEntities: 0 },
    ]);
    expect(data._entities).toEqual([{ id: 'PE:15', redGestion: { memberEntities: 2 } }]);
  });
});
