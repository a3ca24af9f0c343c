import { signToken, startTestGateway, type TestGateway } from '@cultura/testkit';
import { SEED_REGIONS, SEED_WORKSHOP_ID } from '../src/data/facts';
import { snapshot, startServices, type Services } from './helpers';

let s: Services;
let gateway: TestGateway;
const editor = signToken({ scopes: ['red-gestion:write'], subject: 'editora-red' });

beforeAll(async () => {
  s = await startServices();
  gateway = await startTestGateway([
    { name: 'territories', url: s.territories.url },
    { name: 'red-gestion', url: s.red.url },
  ]);
});
afterAll(async () => {
  await gateway?.stop();
  await s?.stop();
});

describe('the RED through the gateway', () => {
  it('shows the seed workshop with "more than 60" servants, its 17 regions named by the territories service and the levels present', async () => {
    const data = await gateway.client.data(
      `query Seed($id: ID!) { redGestion { workshop(id: $id) {
      title status
      figures { metric value qualifier unit sourceText provenance { source locator } }
      territories { id name level }
      attendance {
        servants { value qualifier text }
        levelsPresent
        byLevel { level groups { name } sourceText }
      }
    } } }`,
      { id: SEED_WORKSHOP_ID },
    );
    const w = data.redGestion.workshop;
    expect(w.status).toBe('COMPLETED');
    const participants = w.figures.find((f: { metric: string }) => f.metric === 'PARTICIPANTS');
    expect(participants).toEqual({
      metric: 'PARTICIPANTS',
      value: 60,
      qualifier: 'MORE_THAN',
      unit: 'public servants',
      sourceText: 'más de 60 servidores públicos',
      provenance: { source: 'seed 001: RED workshop note', locator: 'paragraph 4' },
    });
    expect(w.attendance.servants).toEqual({ value: 60, qualifier: 'MORE_THAN', text: 'more than 60 public servants' });
    // Names come from the territories service, and match the note's own spelling region by region. Lima
    // Metropolitana's level is the territories service's to say (an area beside INEI's tree, once it
    // follows INEI); every other region is a department, or Callao.
    expect(w.territories).toEqual(
      SEED_REGIONS.map((r) => ({ id: r.id, name: r.name, level: r.id === 'PE:LMA' ? expect.any(String) : 'FIRST_LEVEL' })),
    );
    expect(w.attendance.levelsPresent).toEqual(['NATIONAL', 'REGIONAL', 'LOCAL']);
    expect(w.attendance.byLevel).toEqual([
      {
        level: 'NATIONAL',
        groups: [{ name: 'Direcciones desconcentradas del Ministerio de Cultura' }],
        sourceText: 'las direcciones desconcentradas del ministerio',
      },
      { level: 'REGIONAL', groups: [{ name: 'Gobiernos regionales' }], sourceText: 'los gobiernos regionales' },
      { level: 'LOCAL', groups: [{ name: 'Municipalidades provinciales' }], sourceText: 'las municipalidades provinciales' },
    ]);
  });

  it('answers, per region of Peru, member entities and servants trained in one query', async () => {
    await gateway.client.data(
      `mutation($input: RegisterEntityInput!) { registerEntity(input: $input) { id } }`,
      { input: { name: 'Gobierno Regional de Puno', entityKind: 'REGIONAL_GOVERNMENT', territoryId: 'PE:21' } },
      { token: editor },
    );
    const data = await gateway.client.data(`{ redGestion { regions {
      territory { id name }
      memberEntities
      servantsTrained { value qualifier }
    } } }`);
    const regions = data.redGestion.regions;
    expect(regions).toHaveLength(17);
    const byName = Object.fromEntries(regions.map((r: { territory: { name: string } }) => [r.territory.name, r]));
    expect(byName.Puno).toEqual({
      territory: { id: 'PE:21', name: 'Puno' },
      memberEntities: 1,
      servantsTrained: { value: 0, qualifier: 'MORE_THAN' },
    });
    expect(byName['Lima Metropolitana']).toMatchObject({ memberEntities: 0, servantsTrained: { value: 0, qualifier: 'MORE_THAN' } });
  });

  it('gives the program’s planned workshops as a figure beside the one action, through the gateway', async () => {
    const data = await gateway.client.data(`{ redGestion {
      figures { metric value qualifier unit label period { precision text } provenance { locator } }
      workshops(filter: { origins: [SOURCE_DOCUMENT] }) { totalCount nodes { id status } }
    } }`);
    expect(data.redGestion.figures).toEqual([
      {
        metric: 'ACTIONS',
        value: 5,
        qualifier: 'EXACT',
        unit: 'planned workshops',
        label: 'Workshops planned for the rest of the year',
        period: { precision: 'UNDATED', text: 'para lo que resta del presente año' },
        provenance: { locator: 'paragraph 5' },
      },
    ]);
    expect(data.redGestion.workshops).toEqual({ totalCount: 1, nodes: [{ id: SEED_WORKSHOP_ID, status: 'COMPLETED' }] });
  });

  it('adds the RED’s fields to territories served by the territories service', async () => {
    const data = await gateway.client.data(`{
      peru: territory(id: "PE") { name redGestion { memberEntities workshopsAttended servantsTrained { value qualifier text } } }
      cusco: territory(id: "PE:08") { name redGestion { workshops { totalCount nodes { title } } } }
    }`);
    expect(data.peru).toEqual({
      name: 'Perú',
      redGestion: {
        memberEntities: 2,
        workshopsAttended: 1,
        servantsTrained: { value: 60, qualifier: 'MORE_THAN', text: 'more than 60 public servants' },
      },
    });
    expect(data.cusco.redGestion.workshops.totalCount).toBe(1);
  });

  it('hides a servant’s personal data without pii:read and shows it with', async () => {
    const session = await gateway.client.data(
      `mutation($input: ScheduleWorkshopInput!) { scheduleWorkshop(input: $input) { id } }`,
      { input: { title: 'Taller con asistentes nombrados', period: { start: '2025-04-10' } } },
      { token: editor },
    );
    await gateway.client.data(
      `mutation($input: RecordAttendanceInput!) { recordAttendance(input: $input) { namedServants } }`,
      {
        input: {
          sessionId: session.scheduleWorkshop.id,
          entries: [
            {
              entityId: 'red-gestion:entity:gobierno-regional-de-puno',
              servants: [{ name: 'Carmen Apaza', email: 'carmen.apaza@example.org', phone: '+51 951 000 000' }],
            },
          ],
        },
      },
      { token: editor },
    );
    const query = `query($id: ID!) { redGestion { workshop(id: $id) { attendance {
      namedServants
      entities { nodes { servants namedServants { id name email phone } } }
    } } } }`;
    const hidden = await gateway.client.error(
      'FORBIDDEN',
      query,
      { id: session.scheduleWorkshop.id },
      { token: signToken({ scopes: ['red-gestion:write'] }) },
    );
    expect(JSON.stringify(hidden)).not.toMatch(/Apaza|carmen\.apaza|\+51 951/);
    const attendance = (
      hidden.data as {
        redGestion: {
          workshop: {
            attendance: { namedServants: number; entities: { nodes: { namedServants: { id: string; name: string | null }[] }[] } };
          };
        };
      }
    ).redGestion.workshop.attendance;
    expect(attendance.namedServants).toBe(1);
    expect(attendance.entities.nodes[0].namedServants[0]).toMatchObject({ id: expect.stringMatching(/^red-gestion:servant:/), name: null });

    const shown = await gateway.client.data(query, { id: session.scheduleWorkshop.id }, { token: signToken({ scopes: ['pii:read'] }) });
    expect(shown.redGestion.workshop.attendance.entities.nodes[0].namedServants[0]).toMatchObject({
      name: 'Carmen Apaza',
      email: 'carmen.apaza@example.org',
      phone: '+51 951 000 000',
    });
  });

  it('refuses the team’s mutations without a token (UNAUTHENTICATED) or with another program’s scope (FORBIDDEN), leaving the database unchanged', async () => {
    const scheduled = await gateway.client.data(
      `mutation($input: ScheduleWorkshopInput!) { scheduleWorkshop(input: $input) { id } }`,
      { input: { title: 'Taller por cancelar', period: { start: '2025-10-01', precision: 'DAY' } } },
      { token: editor },
    );
    const mutation = `mutation($input: CloseWorkshopInput!) { closeWorkshop(input: $input) { id status } }`;
    const input = { sessionId: scheduled.scheduleWorkshop.id, outcome: 'CANCELLED' };
    const before = await snapshot(s.red);
    const anonymous = await gateway.client.error('UNAUTHENTICATED', mutation, { input });
    expect(anonymous.data ?? null).toBeNull();
    await gateway.client.error(
      'FORBIDDEN',
      mutation,
      { input },
      { token: signToken({ scopes: ['red-cultura:write', 'territories:write'] }) },
    );
    expect(await snapshot(s.red)).toEqual(before);
    const data = await gateway.client.data(mutation, { input }, { token: editor });
    expect(data.closeWorkshop).toEqual({ id: input.sessionId, status: 'CANCELLED' });
  });
});
