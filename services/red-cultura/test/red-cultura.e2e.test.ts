import { signToken, startTestGateway, startTestService, type TestGateway, type TestService } from '@cultura/testkit';
import { territoriesService } from '@cultura/territories';
import { redCulturaService } from '../src/index';

let territories: TestService;
let redCultura: TestService;
let gateway: TestGateway;

beforeAll(async () => {
  territories = await startTestService(territoriesService);
  redCultura = await startTestService(redCulturaService({ territoriesUrl: territories.url }));
  gateway = await startTestGateway([
    { name: 'territories', url: territories.url },
    { name: 'red-cultura', url: redCultura.url },
  ]);
});
afterAll(async () => {
  await gateway?.stop();
  await redCultura?.stop();
  await territories?.stop();
});

describe('Red Cultura through the gateway', () => {
  it('walks Tarapacá → its comunas → each comuna’s plan stage, centres and actions by line, as the seed says', async () => {
    const data = await gateway.client.data(`{
      territory(id: "CL:01") {
        name
        children { nodes { name children { nodes { id name redCultura {
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

    const stage = (name: string) => byName[name].redCultura.plan?.stage ?? null;
    expect(['Alto Hospicio', 'Pozo Almonte', 'Pica', 'Huara'].map(stage)).toEqual(Array(4).fill('PARTICIPATORY_FORMULATION'));
    expect(['Iquique', 'Camiña', 'Colchane'].map(stage)).toEqual([null, null, null]);

    const centres = (name: string) => byName[name].redCultura.centres.length;
    expect(['Iquique', 'Alto Hospicio', 'Pozo Almonte', 'Huara', 'Pica'].map(centres)).toEqual([1, 1, 1, 1, 0]);

    const lines = (name: string) =>
      Object.fromEntries(byName[name].redCultura.actionsByLine.map((l: { line: { code: string }; count: number }) => [l.line.code, l.count]));
    expect(lines('Iquique')).toEqual({ FDCL: 1, FGCM: 0, AGICM: 2 });
    expect(lines('Alto Hospicio')).toEqual({ FDCL: 2, FGCM: 1, AGICM: 2 });
    expect(lines('Pozo Almonte')).toEqual({ FDCL: 2, FGCM: 1, AGICM: 2 });
    expect(lines('Huara')).toEqual({ FDCL: 1, FGCM: 1, AGICM: 2 });
    expect(lines('Pica')).toEqual({ FDCL: 0, FGCM: 1, AGICM: 0 });
    expect(lines('Camiña')).toEqual({ FDCL: 0, FGCM: 0, AGICM: 0 });

    // Territory names of actions come from the territories service, across the graph.
    const pozoFdcl = byName['Pozo Almonte'].redCultura.actionsByLine.find((l: { line: { code: string } }) => l.line.code === 'FDCL');
    expect(pozoFdcl.actions.map((a: { territories: { name: string }[] }) => a.territories[0].name).sort()).toEqual(['La Tirana', 'Pozo Almonte']);
  });

  it('lets a program editor advance Pica’s plan, and refuses skips, unknown comunas and other programs', async () => {
    const editor = signToken({ scopes: ['red-cultura:write'] });
    const ADVANCE = `mutation($to: PlanStage!) { advanceMunicipalCulturePlan(id: "red-cultura:action:pmc-pica", input: { to: $to }) { stage territories { name } } }`;
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
    expect(after.territory.redCultura.plan.stageHistory.map((h: { to: string }) => h.to)).toEqual(['PARTICIPATORY_FORMULATION', 'APPROVAL']);
  });
});
