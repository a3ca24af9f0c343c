import { connect, type JetStreamManager, type NatsConnection } from 'nats';

/**
 * Where the change feeds live in JetStream. The defaults are the project's; tests and side-by-side stacks
 * pass their own names so they never read or delete each other's stream, bucket or consumer.
 */
export interface NatsNames {
  stream: string;
  /** Each feed publishes to `<subjectPrefix>.<feed>`. */
  subjectPrefix: string;
  /** Key-value bucket holding each relay's cursor, keyed by feed. */
  bucket: string;
  /** Durable name of atlas's pull consumer. */
  consumer: string;
}

export const DEFAULT_NATS_NAMES: NatsNames = {
  stream: 'CULTURA_CHANGES',
  subjectPrefix: 'cultura.changes',
  bucket: 'cultura_relay',
  consumer: 'atlas',
};

export function feedSubject(names: NatsNames, feed: string): string {
  // A dot or wildcard in a feed name would publish to another subject than the one consumers expect.
  if (!/^[A-Za-z0-9_-]+$/.test(feed)) throw new Error(`feed name "${feed}" cannot be a NATS subject token (letters, digits, - and _ only)`);
  return `${names.subjectPrefix}.${feed}`;
}

export function feedOfSubject(names: NatsNames, subject: string): string {
  return subject.slice(names.subjectPrefix.length + 1);
}

export async function connectNats(url: string, name: string): Promise<NatsConnection> {
  try {
    return await connect({ servers: url, name, timeout: 5000 });
  } catch (err) {
    throw new Error(
      `cannot reach NATS at ${url} (${(err as Error).message}); FEED_TRANSPORT=nats needs a JetStream server (nats-server -js)`,
      { cause: err },
    );
  }
}

/** Creates the stream, or brings its subjects up to date; safe to call from every relay and consumer at start. */
export async function ensureStream(jsm: JetStreamManager, names: NatsNames): Promise<void> {
  const subjects = [`${names.subjectPrefix}.>`];
  try {
    const info = await jsm.streams.info(names.stream);
    if (info.config.subjects?.join() !== subjects.join()) await jsm.streams.update(names.stream, { ...info.config, subjects });
  } catch (err) {
    if (!/stream not found/i.test((err as Error).message)) throw err;
    await jsm.streams.add({ name: names.stream, subjects });
  }
}
