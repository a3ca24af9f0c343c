/**
 * Where the gateway's rate-limit counters live: Redis when configured (shared by every replica), the
 * cluster primary when the gateway runs node:cluster workers (shared by the workers of one machine),
 * and always this process's memory as the last resort. Counting itself is rate-limiter-flexible's.
 */
import cluster from 'node:cluster';
import Redis from 'ioredis';
import {
  RateLimiterCluster,
  RateLimiterClusterMaster,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { Logger, ServiceMetrics } from '@cultura/service-kit';

/** Where a caller's requests were counted: Redis, the cluster primary, or this process alone. */
export type CounterStoreName = 'redis' | 'cluster' | 'process';

/** The outcome of counting one request. */
export interface Counted {
  allowed: boolean;
  /** Remaining points and time to the window's end, from the store that counted the request. */
  res: RateLimiterRes;
  store: CounterStoreName;
}

export interface CounterStoreOptions {
  points: number;
  windowSeconds: number;
  /** `redis://` or `rediss://` URL; without it, counters stay on this machine. */
  redisUrl?: string;
  /** Prefix of every counter key (in Redis: `<prefix>:<caller>`). */
  keyPrefix: string;
  log: Logger;
  metrics?: ServiceMetrics;
}

/** Counts requests per key in the best store that answers. */
export interface CounterStore {
  consume(key: string): Promise<Counted>;
  /** The stores in the order they are tried, e.g. `['redis', 'process']`. */
  readonly stores: readonly CounterStoreName[];
  close(): Promise<void>;
}

/**
 * A Redis call that takes longer fails over to the next store: every API request waits on it, and a
 * stuck Redis must not stall the gateway. Redis answers in well under a millisecond on a local network.
 */
const REDIS_COMMAND_TIMEOUT_MS = 500;
/** How long start-up waits for Redis before serving with local counters (it keeps reconnecting). */
const REDIS_CONNECT_WAIT_MS = 2_000;
/**
 * How long a worker waits for the cluster primary; IPC on one machine answers in microseconds, so a
 * longer silence means the primary is gone or never installed the counters.
 */
const CLUSTER_TIMEOUT_MS = 1_000;
/** While a store keeps failing, its warning is repeated at most this often. */
const REPEAT_WARNING_MS = 60_000;

/**
 * Call in the node:cluster primary before forking workers: the workers' in-memory counters then live
 * in the primary, so a caller has one budget per machine however many workers serve it. Without it,
 * workers notice at start-up and each counts alone (logged as an error).
 */
export function installRateLimitPrimary(): void {
  if (!cluster.isPrimary) throw new Error('installRateLimitPrimary must be called in the cluster primary process');
  // A singleton inside the library: calling this twice installs one listener.
  new RateLimiterClusterMaster();
}

interface Tier {
  name: 'redis' | 'cluster';
  limiter: RateLimiterAbstract;
  health: StoreHealth;
  close?(): Promise<void>;
}

type Fallbacks = ReturnType<ServiceMetrics['counter']> | undefined;
type LimiterBase = { points: number; duration: number; keyPrefix: string };

async function openRedisTier(url: string, base: LimiterBase, fallback: CounterStoreName, log: Logger, fallbacks: Fallbacks): Promise<Tier> {
  const health = new StoreHealth('redis', fallback, log, fallbacks);
  const redis = new Redis(url, {
    // Fail at once while disconnected, instead of queueing API requests behind a dead connection.
    enableOfflineQueue: false,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    connectTimeout: REDIS_CONNECT_WAIT_MS,
    // Counters need no goodbye: on close, a socket to a vanished Redis is dropped instead of awaited.
    disconnectTimeout: 200,
  });
  // ioredis keeps reconnecting on its own; these only report it.
  redis.on('error', (err: Error) => health.unreachable(err));
  redis.on('ready', () => health.answered());
  const limiter = new RateLimiterRedis({
    ...base,
    storeClient: redis,
    rejectIfRedisNotReady: true,
    // A caller over the limit is refused from memory until its window ends, sparing Redis a round
    // trip per refused request from a client that keeps hammering.
    inMemoryBlockOnConsumed: base.points + 1,
  });
  await firstConnection(redis);
  if (redis.status !== 'ready') health.unreachable(new Error(`not ready after ${REDIS_CONNECT_WAIT_MS} ms (status ${redis.status})`));
  return {
    name: 'redis',
    limiter,
    health,
    async close() {
      if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
      else redis.disconnect();
    },
  };
}

async function openClusterTier(base: LimiterBase, log: Logger, fallbacks: Fallbacks): Promise<Tier | undefined> {
  const limiter = new RateLimiterCluster({ ...base, timeoutMs: CLUSTER_TIMEOUT_MS });
  try {
    await limiter.get('startup-probe');
  } catch (err) {
    // Keeping the tier would delay every request by CLUSTER_TIMEOUT_MS before its fallback.
    log.error(
      { err, worker: cluster.worker?.id },
      'the cluster primary holds no rate-limit counters (installRateLimitPrimary was not called): each worker counts its callers alone',
    );
    return undefined;
  }
  return { name: 'cluster', limiter, health: new StoreHealth('cluster', 'process', log, fallbacks) };
}

/**
 * Opens the counters. Never throws for an unreachable store: it logs a warning and counts in the next
 * store, so a Redis outage never turns into failed API requests.
 */
export async function openCounterStore(o: CounterStoreOptions): Promise<CounterStore> {
  const fallbacks = o.metrics?.counter({
    name: 'cultura_gateway_rate_limit_store_fallbacks_total',
    help: 'Requests counted in a later rate-limit store because an earlier one (redis or cluster) failed, by the store that failed.',
    labelNames: ['store'],
  });
  const base = { points: o.points, duration: o.windowSeconds, keyPrefix: o.keyPrefix };
  // The machine-wide tier is opened first so that Redis warnings can say where requests go instead.
  const machine = cluster.isWorker ? await openClusterTier(base, o.log, fallbacks) : undefined;
  const shared = o.redisUrl ? await openRedisTier(o.redisUrl, base, machine ? 'cluster' : 'process', o.log, fallbacks) : undefined;
  const tiers = [shared, machine].filter((t): t is Tier => t !== undefined);
  const local = new RateLimiterMemory(base);
  const stores: CounterStoreName[] = [...tiers.map((t) => t.name), 'process'];
  return {
    stores,
    async consume(key) {
      for (const tier of tiers) {
        try {
          const res = await tier.limiter.consume(key);
          tier.health.answered();
          return { allowed: true, res, store: tier.name };
        } catch (err) {
          if (err instanceof RateLimiterRes) {
            tier.health.answered();
            return { allowed: false, res: err, store: tier.name };
          }
          tier.health.failedOver(err);
        }
      }
      // RateLimiterMemory rejects only with a RateLimiterRes: it has no store to fail.
      return local.consume(key).then(
        (res) => ({ allowed: true, res, store: 'process' }),
        (res: RateLimiterRes) => ({ allowed: false, res, store: 'process' }),
      );
    },
    async close() {
      await shared?.close?.();
    },
  };
}

/** Resolves when Redis is ready, has failed once, or after REDIS_CONNECT_WAIT_MS. */
function firstConnection(redis: Redis): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      redis.off('ready', done);
      redis.off('error', done);
      resolve();
    };
    const timer = setTimeout(done, REDIS_CONNECT_WAIT_MS);
    redis.once('ready', done);
    redis.once('error', done);
  });
}

/**
 * Tells the operator when a store stops and starts answering, without a log line per request or per
 * reconnection attempt.
 */
class StoreHealth {
  private failingSince: number | undefined;
  private lastWarning = 0;
  private failedOverRequests = 0;

  constructor(
    private readonly store: 'redis' | 'cluster',
    /** The store that counts requests while this one fails. */
    private readonly fallback: CounterStoreName,
    private readonly log: Logger,
    private readonly fallbacks: Fallbacks,
  ) {}

  unreachable(err: unknown): void {
    this.warn(err);
  }

  failedOver(err: unknown): void {
    this.failedOverRequests += 1;
    this.fallbacks?.inc({ store: this.store });
    this.warn(err);
  }

  answered(): void {
    if (this.failingSince === undefined) return;
    this.log.info(
      { store: this.store, downForMs: Date.now() - this.failingSince, failedOverRequests: this.failedOverRequests },
      `rate-limit store ${this.store} answers again; callers share its counters from now on`,
    );
    this.failingSince = undefined;
    this.failedOverRequests = 0;
  }

  private warn(err: unknown): void {
    const now = Date.now();
    const first = this.failingSince === undefined;
    if (!first && now - this.lastWarning < REPEAT_WARNING_MS) return;
    this.failingSince ??= now;
    this.lastWarning = now;
    const where = this.fallback === 'cluster' ? "the cluster primary (this machine's workers only)" : 'this process alone';
    this.log.warn(
      { store: this.store, err: err instanceof Error ? err.message : String(err), failedOverRequests: this.failedOverRequests },
      first
        ? `rate-limit store ${this.store} is unreachable: requests are still served, counted in ${where} until it answers`
        : `rate-limit store ${this.store} is still unreachable: requests are counted in ${where}`,
    );
  }
}
