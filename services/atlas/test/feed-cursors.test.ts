import { createServer, type AddressInfo } from 'node:net';
import { createLogger } from '@cultura/service-kit';
import { createTestDatabase, startTestService, type TestDatabase, type TestService } from '@cultura/testkit';
import { territoriesService } from '@cultura/territories';
import { redCulturaService } from '@cultura/red-cultura';
import type { ChangePage } from '@cultura/vocabulary';
import { atlasService, FeedConsumer, applyPage, parseFeeds } from '../src/index';
import { compareCursors } from '../src/feed/apply';
import { FeedUnreadable, MAX_BACKOFF_MS, fetchPage } from '../src/feed/consumer';

/**
 * The feed's positions, one by one: how cursors order, where a page may be applied, what the saved
 * state says after a page and after a failure, and how the FEEDS variable and an unreadable feed read.
 */
describe('cursors order as transaction and position numbers, not as text', () => {
  it.each([
    ['9.5', '10.1', -1],
    ['10.1', '9.5', 1],
    ['12.3', '12.3', 0],
    ['12.9', '12.10', -1],
    ['12.10', '12.9', 1],
    ['100.1', '99.999', 1],
  ])('%s against %s is %i', (a, b, expected) => {
    expect(compareCursors(a, b)).toBe(expected);
  });
});

describe('the FEEDS variable', () => {
  it('reads name=url entries, cutting at the first = and dropping trailing slashes', () => {
    expect(parseFeeds(['red-cultura=http://red-cultura:4002//', 'pc=http://pc:4004/base?x=1'])).toEqual([
      { name: 'red-cultura', baseUrl: 'http://red-cultura:4002' },
      { name: 'pc', baseUrl: 'http://pc:4004/base?x=1' },
    ]);
  });

  it.each(['=http://x:1', 'http://x:1', ''])('refuses "%s", which names no feed', (entry) => {
    expect(() => parseFeeds([entry])).toThrow(`FEEDS entry "${entry}" must be name=base-url`);
  });

  it('refuses a base that is not a URL', () => {
    expect(() => parseFeeds(['a=not a url'])).toThrow('Invalid URL');
  });
});

describe('an unreadable feed', () => {
  const source = { name: 'red-cultura', baseUrl: 'http://127.0.0.1:9' };

  it('says which feed, where, and the reason under fetch’s own "fetch failed"', () => {
    const err = new FeedUnreadable(source, new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') }));
    expect(err.message).toBe('feed red-cultura (http://127.0.0.1:9) could not be read: connect ECONNREFUSED 127.0.0.1:9');
    expect(err.name).toBe('FeedUnreadable');
    expect((err.cause as Error).message).toBe('fetch failed');
  });

  it('gives the error’s own message when it has no cause, and what was thrown when it is not an error', () => {
    expect(new FeedUnreadable(source, new Error('answered 500')).message).toBe(
      'feed red-cultura (http://127.0.0.1:9) could not be read: answered 500',
    );
    expect(new FeedUnreadable(source, 'timeout').message).toBe('feed red-cultura (http://127.0.0.1:9) could not be read: timeout');
    expect(new FeedUnreadable(source, { cause: null, message: 'plain' }).message).toBe(
      'feed red-cultura (http://127.0.0.1:9) could not be read: plain',
    );
  });

  it('is tried again at most every 5 seconds', () => {
    expect(MAX_BACKOFF_MS).toBe(5000);
  });
});

/** A port nothing listens on: one the system just handed out and took back. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

describe('pages of a real program feed', () => {
  const log = createLogger('atlas-test', 'silent');
  let territories: TestService;
  let redCulturaDb: TestDatabase;
  let redCultura: TestService;
  let atlas: TestService;
  const feed = () => ({ name: 'red-cultura', baseUrl: redCultura.url.replace(/\/graphql$/, '') });
  const state = async () =>
    (
      await atlas.dataSource.query(
        `SELECT cursor, pending, applied_changes::int AS applied, last_error, last_applied_at IS NOT NULL AS applied_once,
                last_succeeded_at IS NOT NULL AS succeeded_once, last_polled_at IS NOT NULL AS polled
         FROM feed_state WHERE feed = 'red-cultura'`,
      )
    )[0];
  const indexed = async () => (await atlas.dataSource.query(`SELECT count(*)::int AS n FROM indexed_action`))[0].n as number;

  beforeAll(async () => {
    territories = await startTestService(territoriesService);
    redCulturaDb = await createTestDatabase('red_cultura_cursors');
    redCultura = await startTestService(redCulturaService({ territoriesUrl: territories.url }), { database: redCulturaDb });
    atlas = await startTestService(
      atlasService({ feeds: [], territories: territories.url, consumer: { pollMs: 50, batchSize: 500, timeoutMs: 5000 } }),
      {
        background: false,
      },
    );
  });
  afterAll(async () => {
    await atlas?.stop();
    await redCultura?.stop();
    await redCulturaDb?.drop();
    await territories?.stop();
  });

  let first: ChangePage;
  let second: ChangePage;

  it('reads a page of the asked size, then the next one after its cursor', async () => {
    first = await fetchPage(feed(), null, { batchSize: 3, timeoutMs: 5000 });
    expect(first.changes).toHaveLength(3);
    expect(first.hasMore).toBe(true);
    expect(first.cursor).toBe(first.changes[2].cursor);
    second = await fetchPage(feed(), first.cursor, { batchSize: 2, timeoutMs: 5000 });
    expect(second.changes).toHaveLength(2);
    expect(compareCursors(second.changes[0].cursor, first.changes[2].cursor)).toBe(1);
  });

  it('says what the feed answered when it refuses', async () => {
    await expect(fetchPage(feed(), 'nonsense', { batchSize: 3, timeoutMs: 5000 })).rejects.toThrow(
      new RegExp(`^${feed().baseUrl}/changes\\?limit=3&after=nonsense answered 400: `),
    );
  });

  it('applies a page only from the position the index is at, and moves the cursor with it', async () => {
    expect(await applyPage(atlas.dataSource, 'red-cultura', first.cursor, second)).toBe(0);
    expect(await state()).toMatchObject({ cursor: null, applied: 0, applied_once: false, succeeded_once: false });
    expect(await indexed()).toBe(0);

    expect(await applyPage(atlas.dataSource, 'red-cultura', null, first)).toBe(3);
    expect(await state()).toMatchObject({
      cursor: first.cursor,
      pending: first.pending,
      applied: 3,
      applied_once: true,
      succeeded_once: true,
      last_error: null,
    });

    expect(await applyPage(atlas.dataSource, 'red-cultura', null, first)).toBe(0);
    expect(await applyPage(atlas.dataSource, 'red-cultura', first.cursor, second)).toBe(2);
    expect(await state()).toMatchObject({ cursor: second.cursor, applied: 5 });
  });

  it('moves the cursor over an empty page without counting it as applied', async () => {
    const empty: ChangePage = { ...second, changes: [], cursor: second.cursor, pending: 0 };
    await atlas.dataSource.query(`UPDATE feed_state SET last_applied_at = NULL WHERE feed = 'red-cultura'`);
    expect(await applyPage(atlas.dataSource, 'red-cultura', second.cursor, empty)).toBe(0);
    expect(await state()).toMatchObject({ cursor: second.cursor, pending: 0, applied: 5, applied_once: false });
  });

  it('polls from the saved cursor, and drains the rest of the feed', async () => {
    const consumer = new FeedConsumer(atlas.dataSource, [feed()], { pollMs: 50, batchSize: 4, timeoutMs: 5000, log });
    const polled = await consumer.pollOnce(feed());
    expect(polled.applied).toBe(4);
    expect(polled.hasMore).toBe(true);
    expect(await state()).toMatchObject({ applied: 9 });
    const rest = await consumer.drain();
    const total = (await state()).applied;
    expect(total).toBeGreaterThan(9);
    expect(rest).toBe(total - 9);
    const [{ actions }] = await redCultura.dataSource.query(`SELECT count(*)::int AS actions FROM action`);
    expect(await indexed()).toBe(actions);
  });

  it('records why a poll failed, and clears it on the next good one', async () => {
    const broken = { name: 'red-cultura', baseUrl: `http://127.0.0.1:${await closedPort()}` };
    const consumer = new FeedConsumer(atlas.dataSource, [broken], { pollMs: 50, batchSize: 4, timeoutMs: 2000, log });
    await expect(consumer.pollOnce(broken)).rejects.toThrow('fetch failed');
    expect((await state()).last_error).toBe('fetch failed');
    await expect(consumer.drain()).rejects.toThrow(`feed red-cultura (${broken.baseUrl}) could not be read: connect ECONNREFUSED`);
    const good = new FeedConsumer(atlas.dataSource, [feed()], { pollMs: 50, batchSize: 4, timeoutMs: 5000, log });
    await good.pollOnce(feed());
    expect((await state()).last_error).toBeNull();
  });

  it('records a first failure of a feed it has never read', async () => {
    const never = { name: 'never-read', baseUrl: `http://127.0.0.1:${await closedPort()}` };
    await expect(
      new FeedConsumer(atlas.dataSource, [never], { pollMs: 50, batchSize: 4, timeoutMs: 2000, log }).pollOnce(never),
    ).rejects.toThrow();
    const [row] = await atlas.dataSource.query(
      `SELECT cursor, last_error, last_polled_at IS NOT NULL AS polled FROM feed_state WHERE feed = 'never-read'`,
    );
    expect(row).toEqual({ cursor: null, last_error: 'fetch failed', polled: true });
  });
});
