import path from 'node:path';
import type { DataSource } from 'typeorm';
import { runMain, type Logger, startService, stopOnSignals, type ServiceDefinition, type StartOptions } from '@cultura/service-kit';
import { ATLAS_ENTITIES } from './entities';
import { CreateIndex1763800300000 } from './migrations/1763800300000-CreateIndex';
import { AddSourceCursor1763900000000 } from './migrations/1763900000000-AddSourceCursor';
import { ScopedReports1764300000000 } from './migrations/1764300000000-ScopedReports';
import { FeedReachability1765100000000 } from './migrations/1765100000000-FeedReachability';
import { createLoaders, type AtlasLoaders } from './loaders';
import { QueryResolvers } from './resolvers/Query';
import { LabelsResolvers } from './resolvers/Labels';
import { TerritoryResolvers } from './resolvers/Territory';
import { ReportRowResolvers } from './resolvers/ReportRow';
import { ProgramCountResolvers } from './resolvers/ProgramCount';
import { httpTerritoryCheck, type TerritoryCheck } from './query/validate';
import { FeedConsumer, parseFeeds, type ConsumerOptions, type FeedSource } from './feed/consumer';
import { NatsRelay } from './feed/nats-relay';
import { NatsFeedConsumer } from './feed/nats-consumer';
import type { NatsNames } from './feed/nats-stream';
import { loadCodeSchemes } from '@cultura/vocabulary';
import { loadEnv, type AtlasEnv } from './env';
import { feedStatuses, indexHead } from './store/FeedStateStore';

export interface AtlasOptions {
  feeds: FeedSource[];
  /** Confirms the territory ids filters name: the territories service's GraphQL endpoint, or a check of one's own. */
  territories: string | TerritoryCheck;
  territoriesTimeoutMs?: number;
  consumer: Omit<ConsumerOptions, 'log'>;
  /** Read the feeds through NATS JetStream instead of polling them; absent means HTTP polling. */
  nats?: { url: string; runRelay: boolean; names?: NatsNames };
}

/** Where the index learns a country's code scheme: the territories service, unless a test checks territories itself. */
function learnCountriesOf(opts: AtlasOptions): ((countries: string[]) => Promise<void>) | undefined {
  const url = opts.territories;
  if (typeof url !== 'string') return undefined;
  return (countries) => loadCodeSchemes(url, countries, opts.territoriesTimeoutMs);
}

/** With a broker: the relay (if this process runs it) fills the stream, the durable consumer empties it. */
function startNatsTransport(
  ds: DataSource,
  log: Logger,
  opts: AtlasOptions,
  nats: NonNullable<AtlasOptions['nats']>,
): { stop(): Promise<void> } {
  const relay = nats.runRelay ? new NatsRelay(opts.feeds, { ...opts.consumer, log, natsUrl: nats.url, names: nats.names }) : undefined;
  const consumer = new NatsFeedConsumer(
    ds,
    opts.feeds.map((f) => f.name),
    {
      natsUrl: nats.url,
      names: nats.names,
      batchSize: opts.consumer.batchSize,
      pollMs: opts.consumer.pollMs,
      log,
      learnCountries: learnCountriesOf(opts),
    },
  );
  relay?.start();
  consumer.start();
  return {
    stop: async () => {
      await Promise.all([relay?.stop(), consumer.stop()]);
    },
  };
}

/**
 * The cross-program index: a read model of every program's actors and actions, kept current from the
 * program services' change feeds, serving unified listings, reports and cross-program counts.
 */
export function atlasService(opts: AtlasOptions): ServiceDefinition<AtlasLoaders> {
  const territories =
    typeof opts.territories === 'string' ? httpTerritoryCheck(opts.territories, opts.territoriesTimeoutMs) : opts.territories;
  return {
    name: 'atlas',
    schemaFile: path.resolve(__dirname, '..', 'schema.graphql'),
    resolvers: {
      ...QueryResolvers,
      ...LabelsResolvers,
      ...TerritoryResolvers,
      ...ReportRowResolvers,
      ...ProgramCountResolvers,
      Action: { __resolveType: (r: { __typename: string }) => r.__typename },
      Actor: { __resolveType: (r: { __typename: string }) => r.__typename },
    },
    entities: ATLAS_ENTITIES,
    migrations: [CreateIndex1763800300000, AddSourceCursor1763900000000, ScopedReports1764300000000, FeedReachability1765100000000],
    createLoaders: (ds) => createLoaders(ds, { territories, feedNames: opts.feeds.map((f) => f.name) }),
    changeFeedHead: indexHead,
    startBackground: (ds, log, metrics) => {
      // Lag as Prometheus sees it: what each feed still holds for the index, and for how long.
      metrics.gauge({
        name: 'cultura_feed_pending_changes',
        help: 'Changes recorded by a program service that the index has not applied yet; absent while the feed cannot be read (unknown).',
        labelNames: ['feed'],
        collect: async (gauge) => {
          gauge.reset();
          for (const s of await feedStatuses(ds)) if (s.pending !== null) gauge.set({ feed: s.feed }, s.pending);
        },
      });
      metrics.gauge({
        name: 'cultura_feed_lag_seconds',
        help: 'Age of the oldest change the index has not applied yet (0 when up to date); while the feed cannot be read, time since it was last read.',
        labelNames: ['feed'],
        collect: async (gauge) => {
          gauge.reset();
          for (const s of await feedStatuses(ds)) if (s.lagSeconds !== null) gauge.set({ feed: s.feed }, s.lagSeconds);
        },
      });
      metrics.gauge({
        name: 'cultura_feed_reachable',
        help: 'Whether the last try to read each change feed succeeded (1) or not (0).',
        labelNames: ['feed'],
        collect: async (gauge) => {
          for (const s of await feedStatuses(ds)) gauge.set({ feed: s.feed }, s.reachable ? 1 : 0);
        },
      });
      if (opts.nats) return startNatsTransport(ds, log, opts, opts.nats);
      const consumer = new FeedConsumer(ds, opts.feeds, { ...opts.consumer, log, learnCountries: learnCountriesOf(opts) });
      consumer.start();
      return consumer;
    },
  };
}

export function atlasOptionsFrom(env: AtlasEnv): AtlasOptions {
  return {
    feeds: parseFeeds(env.FEEDS),
    territories: env.TERRITORIES_URL,
    territoriesTimeoutMs: env.TERRITORIES_TIMEOUT_MS,
    consumer: { pollMs: env.FEED_POLL_MS, batchSize: env.FEED_BATCH_SIZE, timeoutMs: env.FEED_TIMEOUT_MS },
    nats: env.FEED_TRANSPORT === 'nats' ? { url: env.NATS_URL, runRelay: env.RUN_NATS_RELAY } : undefined,
  };
}

export function startAtlas(env: AtlasEnv, options: StartOptions = {}) {
  return startService(atlasService(atlasOptionsFrom(env)), env, { background: env.CONSUME_FEEDS, ...options });
}

export { FeedConsumer, applyPage, parseFeeds } from './feed/consumer';
export { ACTION_COLUMNS, ACTOR_COLUMNS, actionRow, actorRow, applyChanges, type FeedChange } from './feed/apply';
export { placeOf, placementOf } from './domain';
export { NatsRelay } from './feed/nats-relay';
export { NatsFeedConsumer } from './feed/nats-consumer';
export { DEFAULT_NATS_NAMES, type NatsNames } from './feed/nats-stream';

if (require.main === module) {
  runMain(async () => {
    const env = loadEnv();
    const service = await startAtlas(env);
    stopOnSignals([service], service.log, env.SHUTDOWN_GRACE_MS);
  });
}
