import type { DataSource } from 'typeorm';
import { drainFeeds, startPollLoop, type Logger } from '@cultura/service-kit';
import type { ChangePage } from '@cultura/vocabulary';
import { FeedState } from '../entities';
import { applyChanges } from './apply';
import { countriesNamedBy } from './countries';

/** The longest wait between two tries of a feed that cannot be read. */
export const MAX_BACKOFF_MS = 5_000;

/** A program service's change feed: `<baseUrl>/changes`. */
export interface FeedSource {
  name: string;
  baseUrl: string;
}

export interface ConsumerOptions {
  pollMs: number;
  batchSize: number;
  timeoutMs: number;
  log: Logger;
  /**
   * Learns the code schemes of countries new to this process before their records are placed (the
   * territories service's, see `loadCodeSchemes`); throws when it cannot, and the page waits.
   */
  learnCountries?(countries: string[]): Promise<void>;
}

/** Parses `name=url,name=url` (the FEEDS variable). */
export function parseFeeds(entries: string[]): FeedSource[] {
  return entries.map((entry) => {
    const eq = entry.indexOf('=');
    if (eq <= 0) throw new Error(`FEEDS entry "${entry}" must be name=base-url`);
    const baseUrl = entry.slice(eq + 1).replace(/\/+$/, '');
    new URL(baseUrl);
    return { name: entry.slice(0, eq), baseUrl };
  });
}

/**
 * Applies one page of a feed and moves the saved cursor in the same transaction: a crash before the
 * commit leaves both as they were, so the page is read again and, carrying current states, applied
 * again to the same result. A page read from a cursor the index has already passed is ignored.
 */
export async function applyPage(ds: DataSource, feed: string, requestedAfter: string | null, page: ChangePage): Promise<number> {
  return ds.transaction(async (tx) => {
    await tx.query(`INSERT INTO feed_state (feed) VALUES ($1) ON CONFLICT (feed) DO NOTHING`, [feed]);
    const [state] = await tx.query(`SELECT cursor FROM feed_state WHERE feed = $1 FOR UPDATE`, [feed]);
    if ((state.cursor ?? null) !== requestedAfter) return 0;
    await applyChanges(
      tx,
      page.changes.map((change) => ({ feed, change })),
    );
    await tx.query(
      `UPDATE feed_state SET cursor = $2, pending = $3, oldest_pending_at = $4, applied_changes = applied_changes + $5,
         last_polled_at = now(), last_succeeded_at = now(), last_applied_at = CASE WHEN $5 > 0 THEN now() ELSE last_applied_at END, last_error = NULL
       WHERE feed = $1`,
      [feed, page.cursor, page.pending, page.oldestPendingAt, page.changes.length],
    );
    return page.changes.length;
  });
}

/** Reads one page of `source`'s change feed after `after` (null: from the start). */
export async function fetchPage(
  source: FeedSource,
  after: string | null,
  opts: Pick<ConsumerOptions, 'batchSize' | 'timeoutMs'>,
): Promise<ChangePage> {
  const url = new URL(`${source.baseUrl}/changes`);
  url.searchParams.set('limit', String(opts.batchSize));
  if (after) url.searchParams.set('after', after);
  const res = await fetch(url, { signal: AbortSignal.timeout(opts.timeoutMs) });
  if (!res.ok) throw new Error(`${url} answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
  return (await res.json()) as ChangePage;
}

/** A feed that could not be read, named, with the reason in one line (fetch's own message is only "fetch failed"). */
export class FeedUnreadable extends Error {
  constructor(source: FeedSource, cause: unknown) {
    // Read by shape: fetch's errors may come from another realm (a test VM), where instanceof fails.
    const messageOf = (e: unknown) => (typeof e === 'object' && e !== null && 'message' in e ? String(e.message) : String(e));
    const inner = typeof cause === 'object' && cause !== null && 'cause' in cause && cause.cause ? cause.cause : cause;
    super(`feed ${source.name} (${source.baseUrl}) could not be read: ${messageOf(inner)}`, { cause });
    this.name = 'FeedUnreadable';
  }
}

/** Polls every feed from its saved position and applies what it reads; one loop per feed. */
export class FeedConsumer {
  private loops: { stop(): Promise<void> }[] | undefined;

  constructor(
    private readonly ds: DataSource,
    private readonly sources: FeedSource[],
    private readonly opts: ConsumerOptions,
  ) {}

  /** Reads and applies one page of `source`; returns how many changes it applied and whether more wait. */
  async pollOnce(source: FeedSource): Promise<{ applied: number; hasMore: boolean; pending: number }> {
    const state = await this.ds.getRepository(FeedState).findOneBy({ feed: source.name });
    const after = state?.cursor ?? null;
    try {
      const page = await fetchPage(source, after, this.opts);
      await this.opts.learnCountries?.(countriesNamedBy(page.changes));
      const applied = await applyPage(this.ds, source.name, after, page);
      return { applied, hasMore: page.hasMore, pending: page.pending };
    } catch (err) {
      const message = (err as Error).message;
      await this.ds.query(
        `INSERT INTO feed_state (feed, last_error, last_polled_at) VALUES ($1, $2, now())
         ON CONFLICT (feed) DO UPDATE SET last_error = $2, last_polled_at = now()`,
        [source.name, message],
      );
      throw err;
    }
  }

  /**
   * Polls every feed until the index has caught up with what each service had recorded (tests, and the
   * rebuild command). Changes of a transaction are handed out only once every older transaction on the
   * same PostgreSQL server has ended, so "caught up" can take a moment while other work runs there.
   */
  drain(timeoutMs = 15_000): Promise<number> {
    return drainFeeds(
      this.sources,
      async (source) => {
        const { applied, hasMore, pending } = await this.pollOnce(source).catch((err: unknown) => {
          throw new FeedUnreadable(source, err);
        });
        return { count: applied, hasMore, pending };
      },
      { timeoutMs, what: 'pending changes' },
    );
  }

  start(): void {
    // Back off while a service is down, its changes waiting in its outbox; but never for long, so the
    // index catches up within seconds of the service's return.
    this.loops ??= this.sources.map((source) =>
      startPollLoop(
        async () => {
          const { applied, hasMore } = await this.pollOnce(source);
          if (applied) this.opts.log.debug({ feed: source.name, applied }, 'feed applied');
          return hasMore;
        },
        {
          pollMs: this.opts.pollMs,
          maxBackoffMs: MAX_BACKOFF_MS,
          onFailing: (err, failures) => this.opts.log.warn({ feed: source.name, err: err.message, failures }, 'feed unavailable'),
        },
      ),
    );
  }

  async stop(): Promise<void> {
    const loops = this.loops ?? [];
    this.loops = undefined;
    await Promise.all(loops.map((loop) => loop.stop()));
  }
}
