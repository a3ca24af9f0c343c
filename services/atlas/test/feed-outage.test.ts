/**
 * A program service killed (SIGKILL) while the index follows its feed: the index says the feed cannot be
 * read (pending unknown, lag growing), and catches up within seconds once the service is back.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  createTestDatabase,
  startServiceProcess,
  startTestService,
  type ServiceProcess,
  type TestDatabase,
  type TestService,
} from '@cultura/testkit';
import { territoriesService } from '@cultura/territories';
import { atlasService } from '../src/index';
import { recordActivity, waitFor } from './feed-helpers';

interface Status {
  feed: string;
  reachable: boolean;
  pending: number | null;
  lagSeconds: number | null;
  lastError: string | null;
}

let territories: TestService;
let database: TestDatabase;
let redCultura: ServiceProcess;
let atlas: TestService;

const status = async (): Promise<Status> =>
  (await atlas.client.data(`{ indexStatus { feed reachable pending lagSeconds lastError } }`)).indexStatus[0];

beforeAll(async () => {
  territories = await startTestService(territoriesService);
  database = await createTestDatabase('red_cultura_outage');
  redCultura = await startServiceProcess({ name: 'red-cultura', env: { DATABASE_URL: database.url, TERRITORIES_URL: territories.url } });
  atlas = await startTestService(
    atlasService({
      feeds: [{ name: 'red-cultura', baseUrl: redCultura.url.replace(/\/graphql$/, '') }],
      territories: territories.url,
      consumer: { pollMs: 100, batchSize: 500, timeoutMs: 2000 },
    }),
  );
}, 120_000);
afterAll(async () => {
  await atlas?.stop();
  await redCultura?.stop();
  await database?.drop();
  await territories?.stop();
});

describe('the index while a feed cannot be read', () => {
  it('says so (pending unknown, lag growing since the last read), and catches up within seconds of the return', async () => {
    const live = await waitFor(status, (s) => s?.reachable && s.pending === 0, 30_000);
    expect(live).toEqual({ feed: 'red-cultura', reachable: true, pending: 0, lagSeconds: 0, lastError: null });

    await redCultura.kill('SIGKILL');
    const down = await waitFor(status, (s) => !s.reachable, 10_000);
    expect(down).toMatchObject({ feed: 'red-cultura', reachable: false, pending: null, lastError: expect.any(String) });
    await sleep(1_000);
    const later = await status();
    expect(later.lagSeconds).toBeGreaterThanOrEqual((down.lagSeconds ?? 0) + 0.9);
    const metrics = await (await fetch(atlas.url.replace(/\/graphql$/, '/metrics'))).text();
    expect(metrics).toMatch(/cultura_feed_reachable\{[^}]*feed="red-cultura"[^}]*\} 0/);
    expect(metrics).not.toMatch(/cultura_feed_pending_changes\{[^}]*feed="red-cultura"/);
    expect(metrics).toMatch(/cultura_feed_lag_seconds\{[^}]*feed="red-cultura"[^}]*\} [1-9]/);

    // Long enough down (about 15 s) that a back-off doubling from 100 ms without a cap would next try
    // some 25 s later, far past the bound below.
    await sleep(11_000);
    await redCultura.restart();
    const written = await recordActivity(redCultura.url, 'Taller tras la caída');
    const writtenAt = Date.now();
    const indexed = await waitFor(
      async () => (await atlas.dataSource.query(`SELECT 1 FROM indexed_action WHERE id = $1`, [written])).length > 0,
      (found) => found,
      15_000,
    );
    expect({ indexed, withinSeconds: (Date.now() - writtenAt) / 1000 <= 8 }).toEqual({ indexed: true, withinSeconds: true });
    expect(await waitFor(status, (s) => s.reachable && s.pending === 0, 5_000)).toEqual({
      feed: 'red-cultura',
      reachable: true,
      pending: 0,
      lagSeconds: 0,
      lastError: null,
    });
  }, 90_000);
});
