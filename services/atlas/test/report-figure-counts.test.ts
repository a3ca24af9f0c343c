import { startTestService, type TestService } from '@cultura/testkit';
import { territoriesService } from '@cultura/territories';
import { atlasService } from '../src/index';
import { applyChanges } from '../src/feed/apply';
import { action, figure } from './fixture';

/**
 * One action that reports the same metric several times: its figures add up, but it is one action
 * reporting them, per metric, unit and currency (`actionsReporting`). Expected values written by hand.
 */
let territories: TestService;
let atlas: TestService;

beforeAll(async () => {
  territories = await startTestService(territoriesService);
  atlas = await startTestService(
    atlasService({ feeds: [], territories: territories.url, consumer: { pollMs: 50, batchSize: 500, timeoutMs: 5000 } }),
    { background: false },
  );
  const f = (metric: string, value: number, unit: string, currency: string | null = null) =>
    figure({ metric: metric as 'PARTICIPANTS', value, qualifier: 'EXACT', unit, currency }, 'prog-z');
  await atlas.dataSource.transaction((tx) =>
    applyChanges(tx, [
      action({
        id: 'prog-z:a1',
        programId: 'prog-z',
        territoryIds: ['CL:01107'],
        figures: [
          f('PARTICIPANTS', 20, 'people'),
          f('PARTICIPANTS', 15, 'people'),
          f('PARTICIPANTS', 4, 'public servants'),
          f('BENEFICIARIES', 60, 'people'),
          f('BUDGET', 100, 'budget', 'CLP'),
          f('BUDGET', 7, 'budget', 'USD'),
          f('FUNDING', 9, 'budget', 'USD'),
        ],
      }),
      action({ id: 'prog-z:a2', programId: 'prog-z', territoryIds: ['CL:01107'], figures: [f('PARTICIPANTS', 5, 'people')] }),
    ]),
  );
});
afterAll(async () => {
  await atlas?.stop();
  await territories?.stop();
});

it('counts an action once per metric, unit and currency it reports, however many figures it gives', async () => {
  const data = await atlas.client.data(`{ report(groupBy: [PROGRAM]) { total { actions
    figures { metric value unit currency figureCount actionsReporting } } } }`);
  expect(data.report.total.actions).toBe(2);
  type Figure = { metric: string; unit: string; currency: string | null };
  const key = (f: Figure) => `${f.metric}|${f.unit}|${f.currency}`;
  const sorted = <T extends Figure>(fs: T[]) => [...fs].sort((a, b) => key(a).localeCompare(key(b)));
  expect(sorted(data.report.total.figures)).toEqual(
    sorted([
      { metric: 'PARTICIPANTS', value: 40, unit: 'people', currency: null, figureCount: 3, actionsReporting: 2 },
      { metric: 'PARTICIPANTS', value: 4, unit: 'public servants', currency: null, figureCount: 1, actionsReporting: 1 },
      { metric: 'BENEFICIARIES', value: 60, unit: 'people', currency: null, figureCount: 1, actionsReporting: 1 },
      { metric: 'BUDGET', value: 100, unit: 'budget', currency: 'CLP', figureCount: 1, actionsReporting: 1 },
      { metric: 'BUDGET', value: 7, unit: 'budget', currency: 'USD', figureCount: 1, actionsReporting: 1 },
      { metric: 'FUNDING', value: 9, unit: 'budget', currency: 'USD', figureCount: 1, actionsReporting: 1 },
    ]),
  );
});
