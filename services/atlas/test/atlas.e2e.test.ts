import { createLogger } from '@cultura/service-kit';
import { startTestGateway, startTestService, type TestGateway, type TestService } from '@cultura/testkit';
import { territoriesService } from '@cultura/territories';
import { redCulturaService } from '@cultura/red-cultura';
import { redGestionService } from '@cultura/red-gestion';
import { puntosCulturaService } from '@cultura/puntos-cultura';
import { atlasService, FeedConsumer } from '../src/index';

let territories: TestService;
let programs: TestService[] = [];
let atlas: TestService;
let gateway: TestGateway;

beforeAll(async () => {
  territories = await startTestService(territoriesService);
  const territoriesUrl = territories.url;
  programs = await Promise.all([
    startTestService(redCulturaService({ territoriesUrl })),
    startTestService(redGestionService({ territoriesUrl })),
    startTestService(puntosCulturaService({ territoriesUrl })),
  ]);
  atlas = await startTestService(atlasService({ feeds: [], territories: territoriesUrl, consumer: { pollMs: 50, batchSize: 500, timeoutMs: 5000 } }), { background: false });
  await new FeedConsumer(
    atlas.dataSource,
    programs.map((p) => ({ name: p.name, baseUrl: p.url.replace(/\/graphql$/, '') })),
    { pollMs: 50, batchSize: 500, timeoutMs: 5000, log: createLogger('atlas-test', 'silent') },
  ).drain();
  gateway = await startTestGateway([
    { name: 'territories', url: territories.url },
    ...programs.map((p) => ({ name: p.name, url: p.url })),
    { name: 'atlas', url: atlas.url },
  ]);
});
afterAll(async () => {
  await gateway?.stop();
  await atlas?.stop();
  await Promise.all(programs.map((p) => p.stop()));
  await territories?.stop();
});

describe('cross-program queries through the gateway', () => {
  it('lists every program’s actions in Tarapacá and Lima together, each with its program-specific fields', async () => {
    const data = await gateway.client.data(`{
      actions(filter: { within: ["CL:01", "PE:15", "PE:LMA"] }, first: 50) {
        totalCount
        nodes {
          __typename id title kind program { id } territories { name firstLevel { name } }
          ... on MunicipalCulturePlan { stage municipality { name } }
          ... on AdvisorySession { areas centre { name } }
          ... on Workshop { attendance { servants { value qualifier } levelsPresent } }
        }
      }
    }`);
    const { nodes, totalCount } = data.actions;
    // Seed 000: 19 Red Cultura actions in Tarapacá; seed 001: the RED workshop, attended from Lima Metropolitana.
    expect(totalCount).toBe(20);
    expect(nodes).toHaveLength(20);
    const workshop = nodes.find((n: { __typename: string }) => n.__typename === 'Workshop');
    expect(workshop).toMatchObject({ program: { id: 'red-gestion' }, attendance: { servants: { value: 60, qualifier: 'MORE_THAN' } } });
    expect(workshop.territories).toHaveLength(17);
    expect(workshop.attendance.levelsPresent).toHaveLength(3);
    const plan = nodes.find((n: { id: string }) => n.id === 'red-cultura:action:pmc-pica');
    expect(plan).toMatchObject({ __typename: 'MunicipalCulturePlan', stage: 'PARTICIPATORY_FORMULATION', municipality: { name: 'Municipalidad de Pica' }, territories: [{ name: 'Pica', firstLevel: { name: 'Tarapacá' } }] });
    const advisory = nodes.find((n: { __typename: string }) => n.__typename === 'AdvisorySession');
    expect(advisory.areas).toHaveLength(9);
  });

  it('pages through the unified list with cursors, newest first', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 10; i++) {
      const data: { actions: { nodes: { id: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } = await gateway.client.data(
        `query($after: String) { actions(first: 4, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      seen.push(...data.actions.nodes.map((n) => n.id));
      if (!data.actions.pageInfo.hasNextPage) break;
      after = data.actions.pageInfo.endCursor;
    }
    // 19 Red Cultura actions, the RED's held workshop and its 5 planned ones; Puntos de Cultura reports only program figures.
    expect(new Set(seen).size).toBe(25);
  });

  it('reports actions per country and program, as GraphQL and as the same CSV', async () => {
    const data = await gateway.client.data(`{ report(groupBy: [COUNTRY, PROGRAM]) { rows { country { id name } program actions participants { value qualifier } } total { actions } } }`);
    // As the seeds say: Red Cultura's actions report no participant figures; the RED's one held workshop
    // had "más de 60" public servants, which stays "more than 60"; its five planned workshops count as actions.
    expect(data.report.rows).toEqual([
      { country: { id: 'CL', name: 'Chile' }, program: 'red-cultura', actions: 19, participants: null },
      { country: { id: 'PE', name: 'Perú' }, program: 'red-gestion', actions: 6, participants: { value: 60, qualifier: 'MORE_THAN' } },
    ]);
    expect(data.report.total.actions).toBe(25);
    const res = await fetch(`${gateway.baseUrl}/reports.csv?groupBy=PROGRAM,COUNTRY`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const csv = (await res.text()).split('\r\n');
    expect(csv[0]).toBe('country_id,country_name,program,actions,participants,participants_qualifier,participants_unit');
    expect(csv.slice(1, 3)).toEqual(['CL,Chile,red-cultura,19,,,', expect.stringMatching(/^PE,Perú,red-gestion,6,60,MORE_THAN,/)]);
  });

  it('refuses a CSV request without dimensions or with a bad filter, saying why', async () => {
    expect((await fetch(`${gateway.baseUrl}/reports.csv`)).status).toBe(400);
    const bad = await fetch(`${gateway.baseUrl}/reports.csv?groupBy=COUNTRY&within=Lima`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/BAD_USER_INPUT \(filter.within\[0\]\)/);
  });

  it('counts every program’s actions under a territory', async () => {
    const data = await gateway.client.data(`{ territory(id: "CL:01") { crossProgram { actions actors byProgram { program actions } } } }`);
    expect(data.territory.crossProgram).toMatchObject({ actions: 19, byProgram: [{ program: 'red-cultura', actions: 19 }] });
  });
});
