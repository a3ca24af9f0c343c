import type { JetStreamClient, KV, NatsConnection } from 'nats';
import { drainFeeds, startPollLoop } from '@cultura/service-kit';
import { MAX_BACKOFF_MS, fetchPage, type ConsumerOptions, type FeedSource } from './consumer';
import { connectNats, DEFAULT_NATS_NAMES, ensureStream, feedSubject, type NatsNames } from './nats-stream';

export interface RelayOptions extends ConsumerOptions {
  natsUrl: string;
  names?: NatsNames;
}

/**
 * Copies program services' change feeds into JetStream. It lives in atlas's workspace for now, but in
 * production one runs beside each program service: it needs only that service's feed URL and the broker.
 *
 * Each change goes to `<prefix>.<feed>` with `Nats-Msg-Id` = `<feed>:<cursor>`, and the relay's cursor is
 * saved in the key-value bucket only after every publish of the page is acknowledged. A crash in between
 * re-publishes the page; JetStream's duplicate window drops those, and atlas ignores any that outlive it
 * because their cursors are not newer than what it holds.
 */
export class NatsRelay {
  private readonly names: NatsNames;
  private connection: Promise<{ nc: NatsConnection; js: JetStreamClient; kv: KV }> | undefined;
  private loops: { stop(): Promise<void> }[] | undefined;

  constructor(
    private readonly sources: FeedSource[],
    private readonly opts: RelayOptions,
  ) {
    this.names = opts.names ?? DEFAULT_NATS_NAMES;
    sources.forEach((s) => feedSubject(this.names, s.name));
  }

  /** One connection for every feed loop, opened on first use and opened again after a failed attempt. */
  private connect(): Promise<{ nc: NatsConnection; js: JetStreamClient; kv: KV }> {
    this.connection ??= (async () => {
      const nc = await connectNats(this.opts.natsUrl, 'cultura-relay');
      try {
        await ensureStream(await nc.jetstreamManager(), this.names);
        const js = nc.jetstream();
        return { nc, js, kv: await js.views.kv(this.names.bucket) };
      } catch (err) {
        await nc.close();
        throw err;
      }
    })();
    this.connection.catch(() => (this.connection = undefined));
    return this.connection;
  }

  /** Publishes one page of `source` from the saved cursor; returns what it published and what the feed still holds. */
  async relayOnce(source: FeedSource): Promise<{ published: number; duplicates: number; hasMore: boolean; pending: number }> {
    const { js, kv } = await this.connect();
    const saved = await kv.get(source.name);
    const after = saved && saved.length ? saved.string() : null;
    const page = await fetchPage(source, after, this.opts);
    const subject = feedSubject(this.names, source.name);
    const acks = await Promise.all(
      page.changes.map((change) => js.publish(subject, JSON.stringify(change), { msgID: `${source.name}:${change.cursor}` })),
    );
    if (page.cursor && page.cursor !== after) await kv.put(source.name, page.cursor);
    const duplicates = acks.filter((a) => a.duplicate).length;
    return { published: acks.length - duplicates, duplicates, hasMore: page.hasMore, pending: page.pending };
  }

  /** Publishes until every feed's outbox is relayed (tests); waits for changes of still-running transactions. */
  drain(timeoutMs = 15_000): Promise<number> {
    return drainFeeds(
      this.sources,
      async (source) => {
        const { published, hasMore, pending } = await this.relayOnce(source);
        return { count: published, hasMore, pending };
      },
      { timeoutMs, what: 'changes to relay' },
    );
  }

  start(): void {
    // Back off while the service or the broker is down; the changes wait in the service's outbox.
    this.loops ??= this.sources.map((source) =>
      startPollLoop(
        async () => {
          const { published, hasMore } = await this.relayOnce(source);
          if (published) this.opts.log.debug({ feed: source.name, published }, 'feed relayed');
          return hasMore;
        },
        {
          pollMs: this.opts.pollMs,
          maxBackoffMs: MAX_BACKOFF_MS,
          onFailing: (err, failures) => this.opts.log.warn({ feed: source.name, err: err.message, failures }, 'relay failing'),
        },
      ),
    );
  }

  /** Stops the loops, then drains the connection so acknowledged publishes and cursor writes are flushed. */
  async stop(): Promise<void> {
    const loops = this.loops ?? [];
    this.loops = undefined;
    await Promise.all(loops.map((loop) => loop.stop()));
    const connection = this.connection;
    this.connection = undefined;
    const nc = await connection?.then((c) => c.nc).catch(() => undefined);
    if (nc && !nc.isClosed()) await nc.drain();
  }
}
