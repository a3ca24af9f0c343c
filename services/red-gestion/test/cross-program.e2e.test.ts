import { createLogger } from '@cultura/service-kit';
import { startTestGateway, startTestService, type TestGateway, type TestService } from '@cultura/testkit';
import { atlasService, FeedConsumer } from '@cultura/atlas';
import { SEED_REGIONS, SEED_WORKSHOP_ID } from '../src/data/facts';
import { startServices, type Services } from './helpers';

let s: Services;
let atlas: TestService;
let gateway: TestGateway;

beforeAll(async () => {
  s = await startServices();
  atlas = await startTestService(
    atlasService({ feeds: [], territories: s.territories.url, consumer: { pollMs: 50, batchSize: 500, timeoutMs: 5000 } }),
    { background: false },
  );
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
  it('lists the RED’s one workshop from the index, with its RED fields resolved by the RED service', async () => {
    const data = await gateway.client.data(`{ actions(filter: { programs: ["red-gestion"] }, first: 20) {
      totalCount
      nodes { __typename id ... on Workshop { status period { precision } attendance { servants { value qualifier } levelsPresent } } }
    } }`);
    // The five workshops the note announces are a program figure, not actions.
    expect(data.actions.totalCount).toBe(1);
    expect(data.actions.nodes).toEqual([
      {
        __typename: 'Workshop',
        id: SEED_WORKSHOP_ID,
        status: 'COMPLETED',
        period: { precision: 'UNDATED' },
        attendance: { servants: { value: 60, qualifier: 'MORE_THAN' }, levelsPresent: ['NATIONAL', 'REGIONAL', 'LOCAL'] },
      },
    ]);
  });

  it('reports one RED action with "more than 60" participants, and the five planned workshops beside it as the program’s figure', async () => {
    const data = await gateway.client.data(`{ report(groupBy: [PROGRAM]) { rows {
      program actions participants { value qualifier }
      reportedFigures { program subject metric value qualifier unit label programWide period { precision text } provenance { locator } }
    } } }`);
    expect(data.report.rows).toEqual([
      {
        program: 'red-gestion',
        actions: 1,
        participants: { value: 60, qualifier: 'MORE_THAN' },
        reportedFigures: [
          {
            program: 'red-gestion',
            subject: 'PROGRAM',
            metric: 'ACTIONS',
            value: 5,
            qualifier: 'EXACT',
            unit: 'planned workshops',
            label: 'Workshops planned for the rest of the year',
            programWide: true,
            period: { precision: 'UNDATED', text: 'para lo que resta del presente año' },
            provenance: { locator: 'paragraph 5' },
          },
        ],
      },
    ]);
  });

  it('gives no single region the workshop’s "more than 60": the workshop is one row spanning its 17 regions', async () => {
    const data = await gateway.client.data(`{ report(groupBy: [REGION], filter: { programs: ["red-gestion"] }) { rows {
      region { id } spans { dimension values } actions participants { value qualifier } reportedFigures { metric value }
    } } }`);
    const single = data.report.rows.filter((r: { region: { id: string } | null }) => r.region !== null);
    expect(single).toEqual([]);
    // The program's planned-workshops figure, reported for all of Peru, has a row of its own.
    const spanning = data.report.rows.find((r: { actions: number }) => r.actions > 0);
    expect(spanning.spans.map((x: { dimension: string }) => x.dimension)).toEqual(['REGION']);
    expect([...spanning.spans[0].values].sort()).toEqual(SEED_REGIONS.map((r) => r.id).sort());
    expect(spanning).toMatchObject({ actions: 1, participants: { value: 60, qualifier: 'MORE_THAN' }, reportedFigures: [] });
    // The five planned workshops: Peru's as a whole, in no region's row and in no count of actions.
    expect(data.report.rows.filter((r: { actions: number }) => r.actions === 0)).toEqual([
      {
        region: null,
        spans: [{ dimension: 'REGION', values: ['PE'] }],
        actions: 0,
        participants: null,
        reportedFigures: [{ metric: 'ACTIONS', value: 5 }],
      },
    ]);
  });
});
