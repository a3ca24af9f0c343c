import cluster from 'node:cluster';
import { Redis } from 'ioredis';
import { createVerifier } from '@cultura/auth';
import type { Logger } from '@cultura/service-kit';
import type { GatewayEnv } from './env';
import { loadPersistedOperations } from './persisted-operations';
import { MemoryCacheStore, RedisCacheStore, type ResponseCacheStore } from './response-cache';
import { ClusterBroadcastCacheStore } from './workers';
import type { GatewayOptions } from './server';

/** What differs between the gateway as `npm start` runs it and as a test or a benchmark does. */
export interface GatewayOptionsFrom {
  log: Logger;
  /** The supergraph given as text (tests compose their own); default: the env's supergraph file. */
  supergraphSdl?: string;
  /**
   * Subgraphs the response cache follows (`/changes/head`) and those that answer from the others'
   * feeds; default: the flags of gateway/subgraphs.json as the env read them.
   */
  cacheFeeds?: { feedSubgraphs: string[]; derivedSubgraphs: string[] };
  /** How often the feeds' heads are read (default 500 ms). */
  feedPollMs?: number;
  /** Files served from subgraphs; default: the `downloads` of gateway/subgraphs.json as the env read them. */
  downloads?: { path: string; subgraph: string }[];
}

/**
 * The gateway's options from its environment: one translation for `npm start`, the test kit and the
 * benchmark, so that what is tested is what runs.
 */
export function gatewayOptionsFromEnv(env: GatewayEnv, o: GatewayOptionsFrom): GatewayOptions {
  const supergraph =
    o.supergraphSdl !== undefined
      ? { supergraphSdl: o.supergraphSdl }
      : { supergraphFile: env.supergraphFile, supergraphPollIntervalMs: env.supergraphPollIntervalMs };
  const { mode, file } = env.persistedOperations;
  return {
    ...supergraph,
    host: env.host,
    port: env.port,
    subgraphUrls: env.subgraphUrls,
    timeoutMs: env.subgraphTimeoutMs,
    requestTimeoutMs: env.requestTimeoutMs,
    shareInFlightCalls: env.shareInFlightCalls,
    corsOrigins: env.corsOrigins,
    verifier: createVerifier(env.auth),
    log: o.log,
    production: env.production,
    limits: env.limits,
    rateLimit: env.rateLimit,
    downloads: o.downloads ?? env.downloads,
    persistedOperations: { mode, manifest: mode === 'off' ? undefined : loadPersistedOperations(file) },
    responseCache: env.responseCache.enabled && {
      store: cacheStore(env),
      ttlSeconds: env.responseCache.ttlSeconds,
      ...(o.cacheFeeds ?? { feedSubgraphs: env.responseCache.feedSubgraphs, derivedSubgraphs: env.responseCache.derivedSubgraphs }),
      feedPollMs: o.feedPollMs,
    },
  };
}

/**
 * Redis when configured, so that every replica and worker shares answers and a change drops a stale
 * answer everywhere; else this process's memory, and in a cluster worker the others hear of its bumps.
 */
function cacheStore(env: GatewayEnv): ResponseCacheStore {
  if (env.redisUrl) return new RedisCacheStore(new Redis(env.redisUrl, { maxRetriesPerRequest: 1 }));
  return cluster.isWorker ? new ClusterBroadcastCacheStore(new MemoryCacheStore()) : new MemoryCacheStore();
}
