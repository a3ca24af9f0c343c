import { startTestGateway, type TestGateway } from '@cultura/testkit';
import { PII, SUBMIT, WRITE, WRITE_AND_PII, applicationInput, startStack, type Stack } from './helpers';

let stack: Stack;
let gateway: TestGateway;

beforeAll(async () => {
  // The synthetic demo registry gives every region something to count.
  stack = await startStack({ districts: true, synthetic: true });
  gateway = await startTestGateway([
    { name: 'territories', url: stack.territories.url },
    { name: 'puntos-cultura', url: stack.puntos.url },
  ]);
});
afterAll(async () => {
  await gateway?.stop();
  await stack?.stop();
});

const REGIONS = `query($first: Int) {
  territories(country: PE, level: FIRST_LEVEL, first: $first) {
    nodes { id name puntosCultura { recognised byStatus { status count } byDomain { domain count } } }
  }
}`;

type Region = { id: string; name: string; puntosCultura: { recognised: number; byDomain: { domain: string; count: number }[] } };

describe('Puntos de Cultura through the gateway', () => {
  it('answers culture points per Peruvian department, and per region as the program counts them, in one query each', async () => {
    const data = await gateway.client.data(REGIONS, { first: 50 });
    const departments: Region[] = data.territories.nodes;
    // INEI's 25 first levels: department 15 (Lima) holds the province of Lima; Lima Metropolitana is an area.
    expect(departments).toHaveLength(25);
    const byId = Object.fromEntries(departments.map((r) => [r.id, r]));
    expect(byId['PE:15'].puntosCultura.recognised + byId['PE:07'].puntosCultura.recognised).toBe(85);
    expect(departments.filter((r) => r.puntosCultura.recognised > 0)).toHaveLength(22);
    expect(departments.reduce((n, r) => n + r.puntosCultura.recognised, 0)).toBe(169);
    expect(byId['PE:15'].puntosCultura.byDomain.length).toBeGreaterThan(0);

    // The program's own per-region list (Lima Metropolitana and Lima Provincias apart), names joined in by the gateway.
    const own = await gateway.client.data(`{ puntosCultura { regions { region { id name isoCode } culturePoints } } }`);
    expect(own.puntosCultura.regions).toHaveLength(22);
    expect(own.puntosCultura.regions).toEqual(
      expect.arrayContaining([
        { region: { id: 'PE:07', name: 'Callao', isoCode: 'PE-CAL' }, culturePoints: byId['PE:07'].puntosCultura.recognised },
        { region: { id: 'PE:LMA', name: 'Lima Metropolitana', isoCode: 'PE-LMA' }, culturePoints: byId['PE:15'].puntosCultura.recognised },
      ]),
    );
  });

  it('shows a department the program’s figures only as context, flagged, never as its own', async () => {
    const data = await gateway.client.data(`{
      lima: territory(id: "PE:15") { name puntosCultura { own: figures { figure { key } } all: figures(context: true) { relation figure { key territories { name } } } } }
      peru: territory(id: "PE") { puntosCultura { figures { relation figure { key } } } }
    }`);
    expect(data.lima.puntosCultura.own).toEqual([]);
    expect(data.lima.puntosCultura.all).toEqual([
      { relation: 'PROGRAM_WIDE', figure: { key: 'culture-points', territories: [{ name: 'Perú' }] } },
      { relation: 'PROGRAM_WIDE', figure: { key: 'regions', territories: [{ name: 'Perú' }] } },
      { relation: 'WIDER', figure: { key: 'culture-points-lima-callao', territories: [{ name: 'Lima' }, { name: 'Callao' }] } },
      { relation: 'PROGRAM_WIDE', figure: { key: 'yearly-budget', territories: [{ name: 'Perú' }] } },
    ]);
    expect(data.peru.puntosCultura.figures).toHaveLength(5);
    expect(data.peru.puntosCultura.figures.every((f: { relation: string }) => f.relation === 'WITHIN')).toBe(true);
  });

  it('costs this service the same SQL statements for 5 regions as for 25', async () => {
    // Once unmeasured first: measured cold (this test alone), the first request cost 4 statements, later ones 1.
    await gateway.client.data(REGIONS, { first: 5 });
    const five = await stack.puntos.queries.measure(() => gateway.client.data(REGIONS, { first: 5 }));
    const all = await stack.puntos.queries.measure(() => gateway.client.data(REGIONS, { first: 50 }));
    expect(all.result.territories.nodes).toHaveLength(25);
    expect(all.statements).toBe(five.statements);
  });

  it('serves the reported figures with their qualifiers and source', async () => {
    const data = await gateway.client.data(`{
      puntosCultura {
        program { name agency legalBasis country { name } }
        figures { key label territories { name } figure { metric value qualifier unit currency sourceText provenance { origin source } } }
        evaluation { kind text }
      }
    }`);
    const p = data.puntosCultura;
    expect(p.program).toEqual({
      name: 'Puntos de Cultura (Culture Points)',
      agency: 'Ministry of Culture',
      legalBasis: 'Law No. 30487',
      country: { name: 'Perú' },
    });
    const figures = Object.fromEntries(p.figures.map((f: { key: string }) => [f.key, f]));
    const provenance = { origin: 'SOURCE_DOCUMENT', source: 'seed 002: UNESCO 2005 Convention periodic report — Culture Points' };
    expect(figures['culture-points'].figure).toMatchObject({ value: 169, qualifier: 'EXACT', unit: 'culture points', provenance });
    expect(figures.regions.figure).toMatchObject({ value: 22, qualifier: 'EXACT', unit: 'regions', provenance });
    expect(figures['culture-points-lima-callao']).toMatchObject({
      territories: [{ name: 'Lima' }, { name: 'Callao' }],
      figure: { value: 85, qualifier: 'EXACT', provenance },
    });
    expect(figures['culture-points-other-regions'].figure).toMatchObject({ value: 84, qualifier: 'EXACT', provenance });
    expect(figures['yearly-budget'].figure).toEqual({
      metric: 'BUDGET',
      value: 125000,
      qualifier: 'APPROXIMATELY',
      unit: 'USD',
      currency: 'USD',
      sourceText: 'Approximately USD 125,000.00 per year',
      provenance,
    });
    expect(p.evaluation).toHaveLength(4);
  });

  it('tells an application with one member and one year of work both reasons it is not eligible', async () => {
    const data = await gateway.client.data(
      SUBMIT,
      {
        input: applicationInput({
          organisationName: 'Pareja de Cuentacuentos',
          members: 1,
          continuousWorkSince: '2024-05-01',
          submittedOn: '2025-05-01',
        }),
      },
      { token: WRITE },
    );
    const app = data.submitCulturePointApplication;
    expect(app.eligibility.eligible).toBe(false);
    expect(app.eligibility.unmet).toEqual([
      { rule: 'CONTINUOUS_WORK', explanation: expect.stringContaining('1 year by 2025-05-01; at least 2 years are required') },
      { rule: 'MINIMUM_MEMBERS', explanation: 'The organisation has 1 member; at least 2 are required.' },
    ]);
  });

  it('recognises a complete application by a reviewer: it appears in the registry and under its district, province and region', async () => {
    const counts = `{
      territory(id: "PE:150142") {
        name puntosCultura { recognised points(first: 100) { nodes { name } } }
        parent { name puntosCultura { recognised } }
        firstLevel { name puntosCultura { recognised } }
      }
    }`;
    const before = (await gateway.client.data(counts)).territory;

    const submitted = (
      await gateway.client.data(
        SUBMIT,
        { input: applicationInput({ organisationName: 'Tejiendo Barrio', members: 6, continuousWorkSince: '2020-01-15' }) },
        { token: WRITE },
      )
    ).submitCulturePointApplication;
    expect(submitted.eligibility).toMatchObject({ eligible: true, unmet: [] });

    const decided = (
      await gateway.client.data(
        `mutation($input: DecideCulturePointApplicationInput!) {
          decideCulturePointApplication(input: $input) { status resolution { number kind } culturePoint { id name status district { name } } }
        }`,
        {
          input: {
            applicationId: submitted.id,
            decision: 'RECOGNISE',
            resolutionNumber: 'R.D. N° 000777-2025-DGIA/MC',
            resolutionDate: '2025-06-30',
          },
        },
        { token: WRITE },
      )
    ).decideCulturePointApplication;
    expect(decided).toMatchObject({
      status: 'RECOGNISED',
      resolution: { number: 'R.D. N° 000777-2025-DGIA/MC', kind: 'RECOGNITION' },
      culturePoint: { name: 'Tejiendo Barrio', status: 'RECOGNISED', district: { name: 'Villa El Salvador' } },
    });

    const registry = await gateway.client.data(`{
      puntosCultura { points(filter: { search: "tejiendo barrio", statuses: [RECOGNISED] }) {
        nodes { name district { id name parent { name } firstLevel { name } } recognition { resolutionNumber } }
      } }
    }`);
    expect(registry.puntosCultura.points.nodes).toEqual([
      {
        name: 'Tejiendo Barrio',
        district: { id: 'PE:150142', name: 'Villa El Salvador', parent: { name: 'Lima' }, firstLevel: { name: 'Lima' } },
        recognition: { resolutionNumber: 'R.D. N° 000777-2025-DGIA/MC' },
      },
    ]);

    const after = (await gateway.client.data(counts)).territory;
    expect(after.puntosCultura.recognised).toBe(before.puntosCultura.recognised + 1);
    expect(after.puntosCultura.points.nodes.map((n: { name: string }) => n.name)).toContain('Tejiendo Barrio');
    expect(after.parent).toEqual({ name: 'Lima', puntosCultura: { recognised: before.parent.puntosCultura.recognised + 1 } });
    expect(after.firstLevel).toEqual({ name: 'Lima', puntosCultura: { recognised: before.firstLevel.puntosCultura.recognised + 1 } });
  });

  it('passes the token to the service, which refuses writes without the program’s scope and hides contacts without pii:read', async () => {
    const input = applicationInput({ organisationName: 'Por la Puerta Principal' });
    const anonymous = await gateway.client.error('UNAUTHENTICATED', SUBMIT, { input });
    expect(anonymous.data ?? null).toBeNull();
    await gateway.client.error('FORBIDDEN', SUBMIT, { input }, { token: PII });

    const id = (await gateway.client.data(SUBMIT, { input }, { token: WRITE })).submitCulturePointApplication.id;
    const query = `query($id: ID!) { puntosCultura { application(id: $id) { organisationName contact { name email } } } }`;
    const hidden = await gateway.client.request<{ puntosCultura: { application: { contact: unknown } } }>(query, { id }, { token: WRITE });
    expect(hidden.data?.puntosCultura.application.contact).toBeNull();
    expect(hidden.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const shown = await gateway.client.data(query, { id }, { token: WRITE_AND_PII });
    expect(shown.puntosCultura.application.contact).toEqual({ name: 'Rosa Quispe', email: 'rosa@example.org' });
  });
});
