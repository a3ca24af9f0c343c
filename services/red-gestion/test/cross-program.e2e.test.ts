import { createLogger } from '@cultura/service-kit';
import { startTestGateway, startTestService, type TestGateway, type TestService } from '@cultura/testkit';
import { atlasService, FeedConsumer } from '@cultura/atlas';
import { SEED_WORKSHOP_ID } from '../src/data/facts';
import { startServices, type Services } from './helpers';

let s: Services;
let atlas: TestService;
let gateway: TestGateway;

beforeAll(async () => {
  s = await startServices();
  atlas = await startTestService(atlasService({ feeds: [], consumer: { pollMs: 50, batchSize: 500, timeoutMs: 5000 } }), { background: false });
  // One pass over the RED's change feed, instead of the index's background polling.
  await new FeedConsumer(atlas.dataSource, [{ name: 'red-gestion', baseUrl: s.red.url.replace(/\/graphql$/, '') }], {
    pollMs: 50,
    batchSize: 500,
    timeoutMs: 5000,
    log: createLogger('red-gestion-test', 'silent'),
  }).drain();
  // The index names every program's types, so composition needs every program's schema; the other
  // programs are never called here (the index lists only the RED's records), so nothing listens there.
  const unused = 'http://127.0.0.1:9/graphql';
  gateway = await startTestGateway([
    { name: 'territories', url: s.territories.url },
    { name: 'red-gestion', url: s.red.url },
    { name: 'red-cultura', url: unused },
    { name: 'puntos-cultura', url: unused },
    { name: 'atlas', url: atlas.url },
  ]);
});
afterAll(async () => {
  await gateway?.stop();
  await atlas?.stop();
  await s?.stop();
});

describe('the RED in cross-program listings and reports', () => {
  it('lists the RED’s workshops from the index, with their RED fields resolved by the RED service', async () => {
    const data = await gateway.client.data(`{ actions(filter: { programs: ["red-gestion"] }, first: 20) {
      totalCount
      nodes { __typename id ... on Workshop { status attendance { servants { value qualifier } levelsPresent } } }
    } }`);
    expect(data.actions.totalCount).toBe(6);
    const seed = data.actions.nodes.find((n: { id: string }) => n.id === SEED_WORKSHOP_ID);
    expect(seed).toEqual({
      __typename: 'Workshop',
      id: SEED_WORKSHOP_ID,
      status: 'COMPLETED',
      attendance: { servants: { value: 60, qualifier: 'MORE_THAN' }, levelsPresent: ['NATIONAL', 'REGIONAL', 'LOCAL'] },
    });
  });

  it('reports the RED’s participants as "more than 60", not 60', async () => {
    const data = await gateway.client.data(`{ report(groupBy: [PROGRAM]) { rows { program actions participants { value qualifier } } } }`);
    expect(data.report.rows).toEqual([{ program: 'red-gestion', actions: 6, participants: { value: 60, qualifier: 'MORE_THAN' } }]);
  });
});
