import type { JetStreamClient, KV, NatsConnection } from 'nats';
import type { Logger } from '@cultura/service-kit';
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
  private running = false;
  private loops: Promise<void>[] = [];
  private wake: (() => void)[] = [];

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
  async drain(timeoutMs = 15_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    let total = 0;
    for (const source of this.sources) {
      for (;;) {
        const { published, hasMore, pending } = await this.relayOnce(source);
        total += published;
        if (hasMore) continue;
        if (pending === 0) break;
        if (Date.now() > deadline) throw new Error(`feed ${source.name} still has ${pending} changes to relay after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    }
    return total;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loops = this.sources.map((source) => this.loop(source));
  }

  /** Stops the loops, then drains the connection so acknowledged publishes and cursor writes are flushed. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake.splice(0).forEach((w) => w());
    await Promise.all(this.loops);
    const connection = this.connection;
    this.connection = undefined;
    const nc = await connection?.then((c) => c.nc).catch(() => undefined);
    if (nc && !nc.isClosed()) await nc.drain();
  }

  private async loop(source: FeedSource): Promise<void> {
    let failures = 0;
    while (this.running) {
      let delay = this.opts.pollMs;
      try {
        const { published, hasMore } = await this.relayOnce(source);
        if (published) this.opts.log.debug({ feed: source.name, published }, 'feed relayed');
        failures = 0;
        if (hasMore) delay = 0;
      } catch (err) {
        failures++;
        // Back off while the service or the broker is down; the changes wait in the service's outbox.
        delay = Math.min(this.opts.pollMs * 2 ** failures, MAX_BACKOFF_MS);
        if (failures === 1 || failures % 10 === 0) this.opts.log.warn({ feed: source.name, err: (err as Error).message, failures }, 'relay failing');
      }
      if (delay && this.running) await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.wake.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}
