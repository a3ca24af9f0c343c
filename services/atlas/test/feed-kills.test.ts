/**
 * The index and a program service killed with SIGKILL in the middle of a drain, as real processes: when
 * both are back, the index equals the source exactly — the same records at the same versions.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import {
  createTestDatabase,
  startServiceProcess,
  startTestService,
  type ServiceProcess,
  type TestDatabase,
  type TestService,
} from '@cultura/testkit';
import { territoriesService } from '@cultura/territories';
import { indexVersions, recordActivity, sourceVersions, waitFor } from './feed-helpers';

let territories: TestService;
let sourceDb: TestDatabase;
let indexDb: TestDatabase;
let redCultura: ServiceProcess;
let atlas: ServiceProcess;
let source: Client;
let index: Client;

const WRITES = 120;

const rowsOf = (client: () => Client) => async (sql: string, params?: unknown[]) =>
  (await client().query<{ v?: string }>(sql, params)).rows;
const sourceOf = () => sourceVersions(rowsOf(() => source));
const indexOf = () =>
  indexVersions(
    rowsOf(() => index),
    'red-cultura',
  );
async function applied(): Promise<number> {
  const { rows } = await index
    .query<{ applied: string }>(`SELECT applied_changes::text AS applied FROM feed_state WHERE feed = 'red-cultura'`)
    .catch(() => ({ rows: [] }));
  return Number(rows[0]?.applied ?? 0);
}
beforeAll(async () => {
  territories = await startTestService(territoriesService);
  sourceDb = await createTestDatabase('red_cultura_kills');
  indexDb = await createTestDatabase('atlas_kills');
  redCultura = await startServiceProcess({ name: 'red-cultura', env: { DATABASE_URL: sourceDb.url, TERRITORIES_URL: territories.url } });
  source = new Client({ connectionString: sourceDb.url });
  index = new Client({ connectionString: indexDb.url });
  await source.connect();
  await index.connect();
  for (let i = 0; i < WRITES; i++) await recordActivity(redCultura.url, `Actividad ${i}`);
}, 120_000);
afterAll(async () => {
  await atlas?.stop();
  await redCultura?.stop();
  await source?.end();
  await index?.end();
  await sourceDb?.drop();
  await indexDb?.drop();
  await territories?.stop();
});

describe('the index when processes die mid-drain', () => {
  it('equals the source exactly after the index and the program service were each killed mid-drain and restarted', async () => {
    const expected = await sourceOf();
    expect(expected.length).toBeGreaterThan(WRITES);
    atlas = await startServiceProcess({
      name: 'atlas',
      env: {
        DATABASE_URL: indexDb.url,
        TERRITORIES_URL: territories.url,
        FEEDS: `red-cultura=${redCultura.url.replace(/\/graphql$/, '')}`,
        // Small pages, fast: many transactions to be killed between.
        FEED_BATCH_SIZE: '2',
        FEED_POLL_MS: '50',
      },
    });

    // The index killed with part of the feed applied.
    expect(await waitFor(async () => (await applied()) >= 20, Boolean, 30_000)).toBe(true);
    await atlas.kill('SIGKILL');
    const atKill = await applied();
    expect(atKill).toBeLessThan(expected.length);

    await atlas.restart();
    // The program service killed while the index reads its pages, with more still to read.
    expect(await waitFor(async () => (await applied()) >= atKill + 20, Boolean, 30_000)).toBe(true);
    await redCultura.kill('SIGKILL');
    const atSecondKill = await applied();
    expect(atSecondKill).toBeLessThan(expected.length);
    await sleep(500);
    await redCultura.restart();

    const caughtUp = await waitFor(async () => (await indexOf()).length === expected.length, Boolean, 60_000);
    expect(caughtUp).toBe(true);
    expect(await indexOf()).toEqual(await sourceOf());
  }, 120_000);
});
