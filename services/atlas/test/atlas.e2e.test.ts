import { createLogger } from '@cultura/service-kit';
import { startTestGateway, startTestService, type TestGateway, type TestService } from '@cultura/testkit';
import { territoriesService } from '@cultura/territories';
import { redCulturaService } from '@cultura/red-cultura';
import { atlasService, FeedConsumer } from '../src/index';

let territories: TestService;
let redCultura: TestService;
let atlas: TestService;
let gateway: TestGateway;

beforeAll(async () => {
  territories = await startTestService(territoriesService);
  redCultura = await startTestService(redCulturaService({ territoriesUrl: territories.url }));
  atlas = await startTestService(atlasService({ feeds: [], consumer: { pollMs: 50, batchSize: 500, timeoutMs: 5000 } }), { background: false });
  await new FeedConsumer(atlas.dataSource, [{ name: 'red-cultura', baseUrl: redCultura.url.replace(/\/graphql$/, '') }], {
    pollMs: 50,
    batchSize: 500,
    timeoutMs: 5000,
    log: createLogger('atlas-test', 'silent'),
  }).drain();
  gateway = await startTestGateway([
    { name: 'territories', url: territories.url },
    { name: 'red-cultura', url: redCultura.url },
    { name: 'atlas', url: atlas.url },
  ]);
});
afterAll(async () => {
  await gateway?.stop();
  await atlas?.stop();
  await redCultura?.stop();
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
        }
      }
    }`);
    const { nodes, totalCount } = data.actions;
    expect(totalCount).toBe(19);
    expect(nodes).toHaveLength(19);
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
    expect(new Set(seen).size).toBe(19);
  });

  it('reports actions per country and program, as GraphQL and as the same CSV', async () => {
    const data = await gateway.client.data(`{ report(groupBy: [COUNTRY, PROGRAM]) { rows { country { id name } program actions participants { value qualifier } } total { actions } } }`);
    expect(data.report.rows).toEqual([{ country: { id: 'CL', name: 'Chile' }, program: 'red-cultura', actions: 19, participants: null }]);
    const res = await fetch(`${gateway.baseUrl}/reports.csv?groupBy=PROGRAM,COUNTRY`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    expect(await res.text()).toBe('country_id,country_name,program,actions,participants,participants_qualifier,participants_unit\r\nCL,Chile,red-cultura,19,,,\r\n');
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
