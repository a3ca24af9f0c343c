import type { DataSource } from 'typeorm';
import { AckPolicy, DeliverPolicy, type Consumer, type JetStreamManager, type JsMsg, type NatsConnection } from 'nats';
import { startPollLoop, type Logger } from '@cultura/service-kit';
import type { Change } from '@cultura/vocabulary';
import { applyChanges, compareCursors, type FeedChange } from './apply';
import { countriesNamedBy } from './countries';
import { connectNats, DEFAULT_NATS_NAMES, ensureStream, feedOfSubject, type NatsNames } from './nats-stream';
import { MAX_BACKOFF_MS } from './consumer';

export interface NatsConsumerOptions {
  natsUrl: string;
  names?: NatsNames;
  /** Most changes applied in one transaction. */
  batchSize: number;
  /** How long one pull waits for news; JetStream's minimum is one second. */
  pollMs: number;
  log: Logger;
  /** As the HTTP consumer's: learns new countries' code schemes before their records are placed. */
  learnCountries?(countries: string[]): Promise<void>;
}

interface Connection {
  nc: NatsConnection;
  jsm: JetStreamManager;
  consumer: Consumer;
}

/**
 * Applies the change stream to the index through a durable pull consumer: each batch in one transaction,
 * acknowledged only after it commits. A batch that fails is not acknowledged and comes back; a change that
 * comes back after a newer one of the same record is ignored (see applyChanges), so redelivery is harmless.
 */
export class NatsFeedConsumer {
  private readonly names: NatsNames;
  private connection: Promise<Connection> | undefined;
  private loop: { stop(): Promise<void> } | undefined;

  constructor(
    private readonly ds: DataSource,
    /** The feeds whose rows in feed_state this consumer keeps current (indexStatus, metrics). */
    private readonly feeds: string[],
    private readonly opts: NatsConsumerOptions,
  ) {
    this.names = opts.names ?? DEFAULT_NATS_NAMES;
  }

  private connect(): Promise<Connection> {
    this.connection ??= (async () => {
      const nc = await connectNats(this.opts.natsUrl, 'cultura-atlas');
      try {
        const jsm = await nc.jetstreamManager();
        await ensureStream(jsm, this.names);
        await jsm.consumers.info(this.names.stream, this.names.consumer).catch(async (err: Error) => {
          if (!/consumer not found/i.test(err.message)) throw err;
          await jsm.consumers.add(this.names.stream, {
            durable_name: this.names.consumer,
            ack_policy: AckPolicy.Explicit,
            deliver_policy: DeliverPolicy.All,
            filter_subject: `${this.names.subjectPrefix}.>`,
          });
        });
        return { nc, jsm, consumer: await nc.jetstream().consumers.get(this.names.stream, this.names.consumer) };
      } catch (err) {
        await nc.close();
        throw err;
      }
    })();
    this.connection.catch(() => (this.connection = undefined));
    return this.connection;
  }

  /** Pulls one batch (waiting up to `pollMs` for the first message), applies it and acknowledges it. */
  async consumeOnce(): Promise<{ applied: number; pending: number }> {
    const { jsm, consumer } = await this.connect();
    try {
      const batch = await this.pull(consumer);
      const changes: FeedChange[] = [];
      const valid: JsMsg[] = [];
      for (const m of batch) {
        try {
          changes.push({ feed: feedOfSubject(this.names, m.subject), change: m.json<Change>() });
          valid.push(m);
        } catch (err) {
          // A message that is not a change would come back forever; drop it loudly instead.
          this.opts.log.error({ subject: m.subject, seq: m.seq, err: (err as Error).message }, 'not a change; terminated');
          m.term();
        }
      }
      if (changes.length) {
        try {
          await this.apply(changes);
        } catch (err) {
          // Not applied, so not acknowledged: handed back at once rather than after the ack wait.
          for (const m of valid) m.nak();
          throw err;
        }
      }
      await Promise.all(valid.map((m) => m.ackAck()));
      const pending = await this.recordPending(jsm);
      return { applied: changes.length, pending };
    } catch (err) {
      await this.recordError((err as Error).message);
      throw err;
    }
  }

  /** Applies until the consumer has nothing pending (tests, rebuilds). */
  async drain(timeoutMs = 15_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    let total = 0;
    const { consumer } = await this.connect();
    for (;;) {
      const info = await consumer.info();
      if (info.num_pending === 0 && info.num_ack_pending === 0) break;
      if (Date.now() > deadline)
        throw new Error(`consumer ${this.names.consumer} still has ${info.num_pending} pending messages after ${timeoutMs} ms`);
      total += (await this.consumeOnce()).applied;
    }
    await this.recordPending((await this.connect()).jsm);
    return total;
  }

  start(): void {
    // Each pull waits for news itself, so the next follows at once; while the broker or the database is
    // down it backs off, unacknowledged messages waiting in the stream.
    this.loop ??= startPollLoop(
      async () => {
        const { applied } = await this.consumeOnce();
        if (applied) this.opts.log.debug({ applied }, 'stream batch applied');
        return true;
      },
      {
        pollMs: this.opts.pollMs,
        maxBackoffMs: MAX_BACKOFF_MS,
        onFailing: (err, failures) => this.opts.log.warn({ err: err.message, failures }, 'stream consumer failing'),
      },
    );
  }

  /** Lets the batch in hand finish, then drains the connection so its acknowledgements reach the server. */
  async stop(): Promise<void> {
    const loop = this.loop;
    this.loop = undefined;
    await loop?.stop();
    const connection = this.connection;
    this.connection = undefined;
    const nc = await connection?.then((c) => c.nc).catch(() => undefined);
    if (nc && !nc.isClosed()) await nc.drain();
  }

  /**
   * `next` answers as soon as one message is there; the rest of the batch is fetched only up to what the
   * server says is waiting, so a small batch does not sit out the pull's whole expiry.
   */
  private async pull(consumer: Consumer): Promise<JsMsg[]> {
    const expires = Math.max(1000, this.opts.pollMs);
    const first = await consumer.next({ expires });
    if (!first) return [];
    const more = Math.min(this.opts.batchSize - 1, first.info.pending);
    const batch = [first];
    if (more > 0) for await (const m of await consumer.fetch({ max_messages: more, expires })) batch.push(m);
    return batch;
  }

  private async apply(changes: FeedChange[]): Promise<void> {
    await this.opts.learnCountries?.(countriesNamedBy(changes.map((c) => c.change)));
    await this.ds.transaction(async (tx) => {
      await applyChanges(tx, changes);
      const byFeed = new Map<string, string[]>();
      for (const { feed, change } of changes) byFeed.set(feed, [...(byFeed.get(feed) ?? []), change.cursor]);
      for (const [feed, cursors] of byFeed) {
        // `cursor` is the newest change applied from the feed; redelivered older ones never move it back.
        await tx.query(
          `INSERT INTO feed_state (feed, cursor) VALUES ($1, $2)
           ON CONFLICT (feed) DO UPDATE SET
             cursor = CASE WHEN feed_state.cursor IS NULL OR feed_cursor_key($2) > feed_cursor_key(feed_state.cursor) THEN $2 ELSE feed_state.cursor END,
             applied_changes = feed_state.applied_changes + $3, last_applied_at = now(), last_polled_at = now(), last_succeeded_at = now(), last_error = NULL`,
          [feed, cursors.reduce((a, b) => (compareCursors(b, a) > 0 ? b : a)), cursors.length],
        );
      }
    });
  }

  /**
   * The consumer's pending count is for all feeds together (one durable consumer reads the whole stream),
   * so every feed shows it; lag is measured from the oldest change not yet delivered.
   */
  private async recordPending(jsm: JetStreamManager): Promise<number> {
    const info = await jsm.consumers.info(this.names.stream, this.names.consumer);
    const pending = info.num_pending + info.num_ack_pending;
    let oldest: string | null = null;
    if (info.num_pending > 0) {
      const next = await jsm.streams.getMessage(this.names.stream, { seq: info.delivered.stream_seq + 1 }).catch(() => null);
      oldest = next ? next.json<Change>().changedAt : null;
    }
    for (const feed of this.feeds) {
      await this.ds.query(
        `INSERT INTO feed_state (feed, pending, oldest_pending_at, last_polled_at, last_succeeded_at) VALUES ($1, $2, $3, now(), now())
         ON CONFLICT (feed) DO UPDATE SET pending = $2, oldest_pending_at = $3, last_polled_at = now(), last_succeeded_at = now(), last_error = NULL`,
        [feed, pending, oldest],
      );
    }
    return pending;
  }

  private async recordError(message: string): Promise<void> {
    for (const feed of this.feeds) {
      await this.ds.query(
        `INSERT INTO feed_state (feed, last_error, last_polled_at) VALUES ($1, $2, now())
         ON CONFLICT (feed) DO UPDATE SET last_error = $2, last_polled_at = now()`,
        [feed, message],
      );
    }
  }
}
