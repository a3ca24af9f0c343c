import { createLogger } from '@cultura/service-kit';
import { freePort, startTestService, startWithTerritories, type TestService, type WithTerritories } from '@cultura/testkit';
import { redCulturaService } from '@cultura/red-cultura';
import { ATLAS_ENTITIES } from '../src/entities';
import { atlasService, FeedConsumer } from '../src/index';
import { REBUILD_SCHEMA, rebuildIndex } from '../src/feed/rebuild';

const log = createLogger('atlas-test', 'silent');
let stack: WithTerritories;
let territories: TestService;
let redCultura: TestService;
let atlas: TestService;

const CONSUMER = { pollMs: 50, batchSize: 500, timeoutMs: 2000 };
const feeds = () => [{ name: 'red-cultura', baseUrl: redCultura.url.replace(/\/graphql$/, '') }];
const rebuild = (sources = feeds(), batchSize = 500) =>
  rebuildIndex({
    dataSource: atlas.dataSource,
    database: {
      url: atlas.database.url,
      entities: ATLAS_ENTITIES,
      migrations: atlasService({ feeds: [], territories: territories.url, consumer: CONSUMER }).migrations,
    },
    feeds: sources,
    consumer: { ...CONSUMER, batchSize },
    log,
    timeoutMs: 30_000,
  });

// The rows, the figures reported for the program, and the rollups kept from the rows.
const dump = () =>
  atlas.dataSource.query(`
    SELECT to_jsonb(a) - 'indexed_at' AS row FROM indexed_action a UNION ALL SELECT to_jsonb(b) - 'indexed_at' FROM indexed_actor b
    UNION ALL SELECT to_jsonb(f) FROM indexed_figure f UNION ALL SELECT to_jsonb(r) FROM action_rollup r
    UNION ALL SELECT to_jsonb(r) FROM action_figure_rollup r UNION ALL SELECT to_jsonb(r) FROM action_rollup_national r ORDER BY 1`);
const totalCount = async (): Promise<number> => (await atlas.client.data('{ actions(first: 1) { totalCount } }')).actions.totalCount;

beforeAll(async () => {
  stack = await startWithTerritories((territoriesUrl) => redCulturaService({ territoriesUrl }), { env: { LOAD_SYNTHETIC_DATA: 'true' } });
  ({ territories, service: redCultura } = stack);
  atlas = await startTestService(atlasService({ feeds: [], territories: territories.url, consumer: CONSUMER }), { background: false });
  await new FeedConsumer(atlas.dataSource, feeds(), { pollMs: 50, batchSize: 500, timeoutMs: 5000, log }).drain();
}, 60_000);
afterAll(async () => {
  await atlas?.stop();
  await stack?.stop();
});

describe('npm run index:rebuild', () => {
  it('builds beside the live index and swaps it in at once: readers never see a partial index, and the result equals the old', async () => {
    const before = await dump();
    const count = await totalCount();
    expect(count).toBeGreaterThan(0);

    const seen = new Set<number>();
    let rebuilding = true;
    const reader = (async () => {
      while (rebuilding) seen.add(await totalCount());
    })();
    // Small pages: the build takes many transactions, each of which a reader could otherwise see.
    const { applied } = await rebuild(feeds(), 7);
    rebuilding = false;
    await reader;

    expect(applied).toBeGreaterThan(count);
    expect([...seen]).toEqual([count]);
    expect(await dump()).toEqual(before);
    const schemas = await atlas.dataSource.query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'atlas_%'`);
    expect(schemas).toEqual([]);
  }, 60_000);

  it('stops with a one-line error when a feed cannot be read, and leaves the live index as it was', async () => {
    const before = await dump();
    // A program service that is down: nothing listens on its port.
    const port = await freePort();
    const unreadable = { name: 'red-gestion', baseUrl: `http://127.0.0.1:${port}` };
    await expect(rebuild([...feeds(), unreadable])).rejects.toThrow(
      `index rebuild aborted, the live index is unchanged: feed red-gestion (http://127.0.0.1:${port}) could not be read: connect ECONNREFUSED 127.0.0.1:${port}`,
    );
    expect(await dump()).toEqual(before);
    expect(await atlas.dataSource.query(`SELECT 1 FROM pg_namespace WHERE nspname = $1`, [REBUILD_SCHEMA])).toEqual([]);
  }, 60_000);
});
