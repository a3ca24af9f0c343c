import { connect, type NatsConnection } from 'nats';
import { createLogger } from '@cultura/service-kit';
import {
  createTestDatabase,
  signToken,
  startTestService,
  startWithTerritories,
  type TestDatabase,
  type TestService,
  type WithTerritories,
} from '@cultura/testkit';
import { redCulturaService } from '@cultura/red-cultura';
import type { Change } from '@cultura/vocabulary';
import { atlasService, FeedConsumer, NatsFeedConsumer, NatsRelay, type NatsNames } from '../src/index';
import { failOnce } from './feed-helpers';

const NATS_URL = 'nats://127.0.0.1:4222';
const log = createLogger('atlas-nats-test', 'silent');
// Names of this run only, so parallel runs and a developer's own stack never share a stream or consumer.
const run = `${process.pid}_${Date.now()}`;
const names: NatsNames = {
  stream: `CULTURA_TEST_${run}`,
  subjectPrefix: `cultura_test.${run}.changes`,
  bucket: `cultura_test_${run}`,
  consumer: `atlas_${run}`,
};
const consumerOpts = { pollMs: 50, batchSize: 500, timeoutMs: 5000 };

let nc: NatsConnection;
let stack: WithTerritories;
let territories: TestService;
let redCulturaDb: TestDatabase;
let redCultura: TestService;
let atlas: TestService;
const editor = signToken({ scopes: ['red-cultura:write'] });

const feeds = () => [{ name: 'red-cultura', baseUrl: redCultura.url.replace(/\/graphql$/, '') }];
const relay = () => new NatsRelay(feeds(), { ...consumerOpts, log, natsUrl: NATS_URL, names });
const streamConsumer = () =>
  new NatsFeedConsumer(atlas.dataSource, ['red-cultura'], { natsUrl: NATS_URL, names, batchSize: 500, pollMs: 50, log });

async function sourceIds(): Promise<string[]> {
  const rows: { id: string }[] = await redCultura.dataSource.query(`SELECT id FROM action UNION ALL SELECT id FROM actor ORDER BY 1`);
  return rows.map((r) => r.id);
}
async function indexIds(service: TestService = atlas): Promise<string[]> {
  const rows: { id: string }[] = await service.dataSource.query(
    `SELECT id FROM indexed_action UNION ALL SELECT id FROM indexed_actor ORDER BY 1`,
  );
  return rows.map((r) => r.id);
}
const dump = (service: TestService) =>
  service.dataSource.query(
    `SELECT to_jsonb(a) - 'indexed_at' AS row FROM indexed_action a UNION ALL SELECT to_jsonb(b) - 'indexed_at' FROM indexed_actor b
     UNION ALL SELECT to_jsonb(p) - 'indexed_at' FROM indexed_program p ORDER BY 1`,
  );
async function streamMessages(): Promise<number> {
  return (await (await nc.jetstreamManager()).streams.info(names.stream)).state.messages;
}
async function recordActivity(title: string): Promise<string> {
  const data = await redCultura.client.data(
    `mutation($t: String!) { recordActivity(input: { kind: TRAINING, title: $t, territoryIds: ["CL:01405"], period: { start: "2026-06-01" } }) { id } }`,
    { t: title },
    { token: editor },
  );
  return data.recordActivity.id;
}
async function withRelay<T>(work: (r: NatsRelay) => Promise<T>): Promise<T> {
  const r = relay();
  try {
    return await work(r);
  } finally {
    await r.stop();
  }
}
async function withConsumer<T>(work: (c: NatsFeedConsumer) => Promise<T>): Promise<T> {
  const c = streamConsumer();
  try {
    return await work(c);
  } finally {
    await c.stop();
  }
}

beforeAll(async () => {
  try {
    nc = await connect({ servers: NATS_URL, timeout: 3000 });
    await (await nc.jetstreamManager()).getAccountInfo();
  } catch (err) {
    throw new Error(
      `These tests need NATS with JetStream on 127.0.0.1:4222 (start it with \`nats-server -js\`): ${(err as Error).message}`,
      { cause: err },
    );
  }
  redCulturaDb = await createTestDatabase('red_cultura_nats');
  stack = await startWithTerritories((territoriesUrl) => redCulturaService({ territoriesUrl }), { database: redCulturaDb });
  ({ territories, service: redCultura } = stack);
  atlas = await startTestService(atlasService({ feeds: [], territories: territories.url, consumer: consumerOpts }), { background: false });
});
afterAll(async () => {
  if (nc && !nc.isClosed()) {
    const jsm = await nc.jetstreamManager();
    await jsm.streams.delete(names.stream).catch(() => false);
    await jsm.streams.delete(`KV_${names.bucket}`).catch(() => false);
    await nc.close();
  }
  await atlas?.stop();
  await stack?.stop();
  await redCulturaDb?.drop();
});

describe('the index through NATS JetStream', () => {
  it('indexes a program’s feed relayed through the stream', async () => {
    await withRelay((r) => r.drain());
    await withConsumer((c) => c.drain());
    expect(await indexIds()).toEqual(await sourceIds());
  });

  it('acknowledges nothing it failed to apply: a batch whose transaction fails comes back and is applied', async () => {
    for (let i = 0; i < 3; i++) await recordActivity(`Actividad ${i} antes de la falla del índice`);
    await withRelay((r) => r.drain());
    // A real error inside the index's transaction, once.
    const removeFault = await failOnce((sql) => atlas.dataSource.query(sql), 'indexed_action');
    try {
      await withConsumer(async (c) => {
        await expect(c.consumeOnce()).rejects.toThrow(/injected fault/);
        await c.drain();
      });
    } finally {
      await removeFault();
    }
    expect(await indexIds()).toEqual(await sourceIds());
  });

  it('brings a change in red-cultura to the index through the stream, with its status', async () => {
    const live = await startTestService(
      atlasService({
        feeds: feeds(),
        territories: territories.url,
        consumer: consumerOpts,
        nats: { url: NATS_URL, runRelay: true, names },
      }),
      { database: atlas.database },
    );
    try {
      const id = await recordActivity('Taller de mediación lectora en Huara');
      const deadline = Date.now() + 10_000;
      let found = false;
      while (!found && Date.now() < deadline) {
        const data = await live.client.data(`{ actions(filter: { search: "mediacion lectora en huara" }) { nodes { id } } }`);
        found = data.actions.nodes.some((n: { id: string }) => n.id === id);
        if (!found) await new Promise((r) => setTimeout(r, 50));
      }
      expect(found).toBe(true);
      const status = await live.client.data(`{ indexStatus { feed pending lastError } }`);
      expect(status.indexStatus).toEqual([{ feed: 'red-cultura', pending: 0, lastError: null }]);
    } finally {
      await live.stop();
    }
    expect(await indexIds()).toEqual(await sourceIds());
  });

  it('republishes nothing twice when the relay restarts, even after losing its saved cursor', async () => {
    await recordActivity('Escrito antes de reiniciar el relé');
    await withRelay((r) => r.drain());
    const stored = await streamMessages();
    expect(await withRelay((r) => r.drain())).toBe(0);
    // A crash after publishing but before saving the cursor: the next relay publishes the same changes again.
    const kv = await nc.jetstream().views.kv(names.bucket);
    await kv.delete('red-cultura');
    const again = await withRelay((r) => r.relayOnce(feeds()[0]));
    expect(again.published).toBe(0);
    expect(again.duplicates).toBeGreaterThan(0);
    expect(await streamMessages()).toBe(stored);
    await withRelay((r) => r.drain());
    await withConsumer((c) => c.drain());
    const ids = await indexIds();
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(await sourceIds());
  });

  it('does not let a redelivered older state overwrite a newer one', async () => {
    const [row] = await atlas.dataSource.query(
      `SELECT id, title, source_cursor FROM indexed_action WHERE feed = 'red-cultura' ORDER BY source_cursor DESC LIMIT 1`,
    );
    const [txid, position] = (row.source_cursor as string).split('.');
    // Older than the stored cursor by position within the same transaction.
    const older = `${txid}.${BigInt(position) - 1n}`;
    const res = await fetch(`${feeds()[0].baseUrl}/changes?limit=5000`);
    const { changes } = (await res.json()) as { changes: Change[] };
    const current = changes.filter((c): c is Extract<Change, { entity: 'action' }> => c.entity === 'action' && c.id === row.id).pop();
    if (!current?.snapshot) throw new Error(`the feed has no current state for ${row.id}`);
    const stale: Change = { ...current, cursor: older, snapshot: { ...current.snapshot, title: 'Estado antiguo' } };
    const gone: Change = { cursor: older, entity: 'action', id: row.id, changedAt: new Date().toISOString(), snapshot: null };
    const js = nc.jetstream();
    await js.publish(`${names.subjectPrefix}.red-cultura`, JSON.stringify(stale), { msgID: `test-stale-${run}` });
    await js.publish(`${names.subjectPrefix}.red-cultura`, JSON.stringify(gone), { msgID: `test-gone-${run}` });
    await withConsumer((c) => c.drain());
    const [after] = await atlas.dataSource.query(`SELECT title, source_cursor FROM indexed_action WHERE id = $1`, [row.id]);
    expect(after).toEqual({ title: row.title, source_cursor: row.source_cursor });
  });

  it('builds the same index as HTTP polling from the same data', async () => {
    const http = await startTestService(atlasService({ feeds: [], territories: territories.url, consumer: consumerOpts }), {
      background: false,
    });
    try {
      await new FeedConsumer(http.dataSource, feeds(), { ...consumerOpts, log }).drain();
      await withRelay((r) => r.drain());
      await withConsumer((c) => c.drain());
      expect(await dump(atlas)).toEqual(await dump(http));
    } finally {
      await http.stop();
    }
  });
});
