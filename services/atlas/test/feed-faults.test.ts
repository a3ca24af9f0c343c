/**
 * The index through real faults, checked the strict way: after each fault the index must equal the
 * source exactly — the same records, each at the version (outbox cursor) of its latest change.
 * Faults are real: a database error raised inside the index's transaction, and a producer transaction
 * held open while a newer one commits.
 */
import { createLogger } from '@cultura/service-kit';
import { startTestService, startWithTerritories, type TestService, type WithTerritories } from '@cultura/testkit';
import { redCulturaService } from '@cultura/red-cultura';
import { atlasService, FeedConsumer } from '../src/index';
import { failOnce, indexVersions, recordActivity, sourceVersions } from './feed-helpers';

const log = createLogger('atlas-test', 'silent');
const CONSUMER = { pollMs: 50, batchSize: 3, timeoutMs: 5000 };
let stack: WithTerritories;
let territories: TestService;
let redCultura: TestService;
let atlas: TestService;

const feed = () => ({ name: 'red-cultura', baseUrl: redCultura.url.replace(/\/graphql$/, '') });
const consumer = () => new FeedConsumer(atlas.dataSource, [feed()], { ...CONSUMER, log });

const sourceOf = () => sourceVersions((sql, params) => redCultura.dataSource.query(sql, params));
const indexOf = () => indexVersions((sql, params) => atlas.dataSource.query(sql, params), 'red-cultura');
const record = (title: string) => recordActivity(redCultura.url, title);

beforeAll(async () => {
  stack = await startWithTerritories((territoriesUrl) => redCulturaService({ territoriesUrl }));
  ({ territories, service: redCultura } = stack);
  atlas = await startTestService(atlasService({ feeds: [], territories: territories.url, consumer: CONSUMER }), { background: false });
  await consumer().drain();
});
afterAll(async () => {
  await atlas?.stop();
  await stack?.stop();
});

describe('the index through real faults', () => {
  it('starts equal to the source, record by record and version by version', async () => {
    const versions = await sourceOf();
    expect(versions.length).toBeGreaterThan(5);
    expect(await indexOf()).toEqual(versions);
  });

  it('loses no page when applying it fails after part of it was written: the cursor moves only with the page', async () => {
    for (let i = 0; i < 7; i++) await record(`Actividad ${i} antes de la falla`);
    // A real error inside the index's transaction, on the second row of a page of three.
    const removeFault = await failOnce((sql) => atlas.dataSource.query(sql), 'indexed_action', 2);
    try {
      await expect(consumer().drain()).rejects.toThrow(/injected fault/);
      await consumer().drain();
    } finally {
      await removeFault();
    }
    expect(await indexOf()).toEqual(await sourceOf());
  });

  it('misses no change of a transaction that commits after a newer one', async () => {
    const [{ id: older }] = await redCultura.dataSource.query(`SELECT id FROM action ORDER BY id LIMIT 1`);
    const runner = redCultura.dataSource.createQueryRunner();
    await runner.connect();
    try {
      // The older transaction takes its id with its first write, then stays open…
      await runner.startTransaction();
      await runner.query(`UPDATE action SET title = title || ' (revisado)' WHERE id = $1`, [older]);
      // …while a newer one commits, and the index reads the feed.
      await record('Actividad confirmada antes que una transacción más antigua');
      for (let i = 0; i < 5; i++) await consumer().pollOnce(feed());
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
    await consumer().drain();
    expect(await indexOf()).toEqual(await sourceOf());
    const [indexed] = await atlas.dataSource.query(`SELECT title FROM indexed_action WHERE id = $1`, [older]);
    expect(indexed.title).toMatch(/\(revisado\)$/);
  });
});
