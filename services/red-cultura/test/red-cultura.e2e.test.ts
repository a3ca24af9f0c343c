import {
  signToken,
  startTestGateway,
  startWithTerritories,
  type TestGateway,
  type TestService,
  type WithTerritories,
} from '@cultura/testkit';
import { redCulturaService } from '../src/index';

let stack: WithTerritories;
let territories: TestService;
let redCultura: TestService;
let gateway: TestGateway;

beforeAll(async () => {
  stack = await startWithTerritories((territoriesUrl) => redCulturaService({ territoriesUrl }));
  ({ territories, service: redCultura } = stack);
  gateway = await startTestGateway([
    { name: 'territories', url: territories.url },
    { name: 'red-cultura', url: redCultura.url },
  ]);
});
afterAll(async () => {
  await gateway?.stop();
  await stack?.stop();
});

describe('Red Cultura through the gateway', () => {
  it('walks Tarapacá → its comunas → each comuna’s plan stage, centres and actions by line, as the seed says', async () => {
    const data = await gateway.client.data(`{
      territory(id: "CL:01") {
        name
        children(first: 10) { nodes { name children(first: 10) { nodes { id name redCultura {
          plan { stage municipality { name } }
          centres { name }
          actionsByLine { line { code } count actions { title territories { name } } }
        } } } } }
      }
    }`);
    expect(data.territory.name).toBe('Tarapacá');
    const comunas = data.territory.children.nodes.flatMap((p: { children: { nodes: unknown[] } }) => p.children.nodes);
    const byName = Object.fromEntries(comunas.map((c: { name: string }) => [c.name, c]));
    expect(Object.keys(byName).sort()).toEqual(['Alto Hospicio', 'Camiña', 'Colchane', 'Huara', 'Iquique', 'Pica', 'Pozo Almonte']);

    // Plans in the four comunas the document names, at a stage it does not state.
    const plan = (name: string) => byName[name].redCultura.plan;
    expect(['Alto Hospicio', 'Pozo Almonte', 'Pica', 'Huara'].map(plan)).toEqual(
      ['Alto Hospicio', 'Pozo Almonte', 'Pica', 'Huara'].map((n) => ({ stage: null, municipality: { name: `Municipalidad de ${n}` } })),
    );
    expect(['Iquique', 'Camiña', 'Colchane'].map(plan)).toEqual([null, null, null]);

    const centres = (name: string) => byName[name].redCultura.centres.length;
    expect(['Iquique', 'Alto Hospicio', 'Pozo Almonte', 'Huara', 'Pica'].map(centres)).toEqual([1, 1, 1, 1, 0]);

    const lines = (name: string) =>
      Object.fromEntries(
        byName[name].redCultura.actionsByLine.map((l: { line: { code: string }; count: number }) => [l.line.code, l.count]),
      );
    // AGICM: the alliance with each comuna's centre; the document states no advisory session to any one of them.
    expect(lines('Iquique')).toEqual({ FDCL: 1, FGCM: 0, AGICM: 1 });
    expect(lines('Alto Hospicio')).toEqual({ FDCL: 2, FGCM: 1, AGICM: 1 });
    expect(lines('Pozo Almonte')).toEqual({ FDCL: 2, FGCM: 1, AGICM: 1 });
    expect(lines('Huara')).toEqual({ FDCL: 1, FGCM: 1, AGICM: 1 });
    expect(lines('Pica')).toEqual({ FDCL: 0, FGCM: 1, AGICM: 0 });
    expect(lines('Camiña')).toEqual({ FDCL: 0, FGCM: 0, AGICM: 0 });

    // Territory names of actions come from the territories service, across the graph: the localities of
    // La Tirana and of Pozo Almonte, both in the comuna of Pozo Almonte.
    const pozoFdcl = byName['Pozo Almonte'].redCultura.actionsByLine.find((l: { line: { code: string } }) => l.line.code === 'FDCL');
    expect(pozoFdcl.actions.map((a: { territories: { name: string }[] }) => a.territories[0].name).sort()).toEqual([
      'La Tirana',
      'Pozo Almonte',
    ]);
  });

  it('lets a program editor record Pica’s stage and advance it, and refuses skips, unknown comunas and other programs', async () => {
    const editor = signToken({ scopes: ['red-cultura:write'] });
    const RECORD = `mutation { recordMunicipalCulturePlanStage(id: "red-cultura:action:pmc-pica", input: { stage: PARTICIPATORY_FORMULATION }) { stage nextStage } }`;
    const ADVANCE = `mutation($to: PlanStage!) { advanceMunicipalCulturePlan(id: "red-cultura:action:pmc-pica", input: { to: $to }) { stage territories { name } } }`;
    await gateway.client.error('FORBIDDEN', RECORD, {}, { token: signToken({ scopes: ['puntos-cultura:write'] }) });
    await gateway.client.error('UNAUTHENTICATED', RECORD);
    // No next stage while the stage is unknown.
    await gateway.client.error('BAD_USER_INPUT', ADVANCE, { to: 'APPROVAL' }, { token: editor });
    expect((await gateway.client.data(RECORD, {}, { token: editor })).recordMunicipalCulturePlanStage).toEqual({
      stage: 'PARTICIPATORY_FORMULATION',
      nextStage: 'APPROVAL',
    });
    await gateway.client.error('FORBIDDEN', ADVANCE, { to: 'APPROVAL' }, { token: signToken({ scopes: ['puntos-cultura:write'] }) });
    await gateway.client.error('UNAUTHENTICATED', ADVANCE, { to: 'APPROVAL' });
    await gateway.client.error('BAD_USER_INPUT', ADVANCE, { to: 'EVALUATION' }, { token: editor });
    await gateway.client.error(
      'BAD_USER_INPUT',
      `mutation { createMunicipalCulturePlan(input: { comunaId: "CL:01998" }) { id } }`,
      {},
      { token: editor },
    );
    const data = await gateway.client.data(ADVANCE, { to: 'APPROVAL' }, { token: editor });
    expect(data.advanceMunicipalCulturePlan).toEqual({ stage: 'APPROVAL', territories: [{ name: 'Pica' }] });
    const after = await gateway.client.data(`{ territory(id: "CL:01405") { redCultura { plan { stage stageHistory { to } } } } }`);
    expect(after.territory.redCultura.plan.stageHistory.map((h: { to: string }) => h.to)).toEqual([
      'PARTICIPATORY_FORMULATION',
      'APPROVAL',
    ]);
  });

  it('shows the program’s figures with the names of the comunas they were reported for', async () => {
    const data = await gateway.client.data(
      `{ redCultura { figures { label value qualifier scopeTerritories { name } provenance { locator } } } }`,
    );
    expect(data.redCultura.figures).toEqual([
      {
        label: 'Municipal culture plans under development',
        value: 4,
        qualifier: 'EXACT',
        scopeTerritories: ['Alto Hospicio', 'Pozo Almonte', 'Pica', 'Huara'].map((name) => ({ name })),
        provenance: { locator: 'FGCM §2' },
      },
      {
        label: 'Municipal cultural centres allied with the CRCA',
        value: 4,
        qualifier: 'EXACT',
        scopeTerritories: ['Iquique', 'Alto Hospicio', 'Pozo Almonte', 'Huara'].map((name) => ({ name })),
        provenance: { locator: 'AGICM §2' },
      },
    ]);
  });
});
