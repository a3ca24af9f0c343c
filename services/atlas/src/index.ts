import path from 'node:path';
import { runMain, startService, stopOnSignals, type ServiceDefinition, type StartOptions } from '@cultura/service-kit';
import { ATLAS_ENTITIES, FeedState } from './entities';
import { CreateIndex1763800300000 } from './migrations/1763800300000-CreateIndex';
import { createLoaders, type AtlasLoaders } from './loaders';
import { QueryResolvers } from './resolvers/Query';
import { FeedConsumer, parseFeeds, type ConsumerOptions, type FeedSource } from './feed/consumer';
import { loadEnv, type AtlasEnv } from './env';

export interface AtlasOptions {
  feeds: FeedSource[];
  consumer: Omit<ConsumerOptions, 'log'>;
}

/**
 * The cross-program index: a read model of every program's actors and actions, kept current from the
 * program services' change feeds, serving unified listings, reports and cross-program counts.
 */
export function atlasService(opts: AtlasOptions): ServiceDefinition<AtlasLoaders> {
  return {
    name: 'atlas',
    schemaFile: path.resolve(__dirname, '..', 'schema.graphql'),
    resolvers: { ...QueryResolvers, Action: { __resolveType: (r: { __typename: string }) => r.__typename }, Actor: { __resolveType: (r: { __typename: string }) => r.__typename } },
    entities: ATLAS_ENTITIES,
    migrations: [CreateIndex1763800300000],
    createLoaders,
    startBackground: (ds, log, metrics) => {
      const consumer = new FeedConsumer(ds, opts.feeds, { ...opts.consumer, log });
      // Lag as Prometheus sees it: what each feed still holds for the index, and for how long.
      metrics.gauge({
        name: 'cultura_feed_pending_changes',
        help: 'Changes recorded by a program service that the index has not applied yet.',
        labelNames: ['feed'],
        collect: async (gauge) => {
          for (const s of await ds.getRepository(FeedState).find()) gauge.set({ feed: s.feed }, s.pending);
        },
      });
      metrics.gauge({
        name: 'cultura_feed_lag_seconds',
        help: 'Age of the oldest change the index has not applied yet (0 when up to date).',
        labelNames: ['feed'],
        collect: async (gauge) => {
          for (const s of await ds.getRepository(FeedState).find()) {
            gauge.set({ feed: s.feed }, s.pending > 0 && s.oldestPendingAt ? (Date.now() - s.oldestPendingAt.getTime()) / 1000 : 0);
          }
        },
      });
      consumer.start();
      return consumer;
    },
  };
}

export function atlasOptionsFrom(env: AtlasEnv): AtlasOptions {
  return {
    feeds: parseFeeds(env.FEEDS),
    consumer: { pollMs: env.FEED_POLL_MS, batchSize: env.FEED_BATCH_SIZE, timeoutMs: env.FEED_TIMEOUT_MS },
  };
}

export function startAtlas(env: AtlasEnv, options: StartOptions = {}) {
  return startService(atlasService(atlasOptionsFrom(env)), env, { background: env.CONSUME_FEEDS, ...options });
}

export { FeedConsumer, applyPage, parseFeeds } from './feed/consumer';

if (require.main === module) {
  runMain(async () => {
    const env = loadEnv();
    const service = await startAtlas(env);
    stopOnSignals([service], service.log, env.SHUTDOWN_GRACE_MS);
  });
}
