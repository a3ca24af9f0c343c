import { createHash } from 'node:crypto';
import type { GraphQLSchema } from 'graphql';
import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import type { Redis } from 'ioredis';
import type { Logger, ServiceMetrics } from '@cultura/service-kit';
import { operationCachePolicy, type SupergraphPolicy } from './cache-policy';
import type { GatewayContext } from './subgraph';

/** A stored answer: the response body and when it was computed. */
interface CachedAnswer {
  body: string;
  storedAt: number;
}

/**
 * Where answers and the subgraphs' generations live. A cached answer's key includes the generation of
 * every subgraph it read, so bumping a subgraph's generation makes every answer that read it unreachable
 * at once (it then expires by its TTL): invalidation costs one write, whatever the cache holds.
 */
export interface ResponseCacheStore {
  get(key: string): Promise<CachedAnswer | undefined>;
  set(key: string, value: CachedAnswer, ttlSeconds: number): Promise<void>;
  generations(graphs: string[]): Promise<number[]>;
  bump(graphs: string[]): Promise<void>;
  close(): Promise<void>;
}

/** In this process: answers in a map bounded by bytes (least recently used first out). */
export class MemoryCacheStore implements ResponseCacheStore {
  private readonly answers = new Map<string, { value: CachedAnswer; expires: number; bytes: number }>();
  private readonly gens = new Map<string, number>();
  private bytes = 0;

  /** @param maxBytes the memory the cached bodies may take, counted as their length in UTF-16 units × 2. */
  constructor(private readonly maxBytes = 64 * 2 ** 20) {}

  async get(key: string) {
    const hit = this.answers.get(key);
    if (!hit) return undefined;
    if (hit.expires < Date.now()) {
      this.drop(key);
      return undefined;
    }
    // Refreshes its place: the oldest in insertion order is evicted first.
    this.answers.delete(key);
    this.answers.set(key, hit);
    return hit.value;
  }

  async set(key: string, value: CachedAnswer, ttlSeconds: number) {
    this.drop(key);
    const bytes = value.body.length * 2;
    if (bytes > this.maxBytes / 4) return;
    this.answers.set(key, { value, expires: Date.now() + ttlSeconds * 1000, bytes });
    this.bytes += bytes;
    for (const oldest of this.answers.keys()) {
      if (this.bytes <= this.maxBytes) break;
      this.drop(oldest);
    }
  }

  async generations(graphs: string[]) {
    return graphs.map((g) => this.gens.get(g) ?? 0);
  }

  async bump(graphs: string[]) {
    for (const g of graphs) this.gens.set(g, (this.gens.get(g) ?? 0) + 1);
  }

  async close() {
    this.answers.clear();
  }

  private drop(key: string) {
    const hit = this.answers.get(key);
    if (!hit) return;
    this.bytes -= hit.bytes;
    this.answers.delete(key);
  }
}

/** In Redis, shared by every gateway replica and worker: answers with their TTL, generations as counters. */
export class RedisCacheStore implements ResponseCacheStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'cultura:gateway:cache:',
  ) {}

  async get(key: string) {
    const raw = await this.redis.get(`${this.prefix}answer:${key}`);
    return raw ? (JSON.parse(raw) as CachedAnswer) : undefined;
  }

  async set(key: string, value: CachedAnswer, ttlSeconds: number) {
    await this.redis.set(`${this.prefix}answer:${key}`, JSON.stringify(value), 'EX', ttlSeconds);
  }

  async generations(graphs: string[]) {
    if (!graphs.length) return [];
    const values = await this.redis.mget(graphs.map((g) => `${this.prefix}generation:${g}`));
    return values.map((v) => Number(v ?? 0));
  }

  async bump(graphs: string[]) {
    if (!graphs.length) return;
    const multi = this.redis.multi();
    for (const g of graphs) multi.incr(`${this.prefix}generation:${g}`);
    await multi.exec();
  }

  async close() {
    this.redis.disconnect();
  }
}

export interface ResponseCacheOptions {
  store: ResponseCacheStore;
  /** The API schema and the supergraph's ownership and scopes, as the gateway serves them now. */
  schema: () => { schema: GraphQLSchema; policy: SupergraphPolicy } | null;
  /** How long an answer may be served when nothing says it changed (territories have no change feed). */
  ttlSeconds: number;
  /** Subgraphs whose answers derive from others' data: a mutation through the gateway makes these stale too. */
  derived: string[];
  log: Logger;
  metrics?: ServiceMetrics;
}

const requestState = new WeakMap<object, { key: string; graphs: string[] } | 'uncacheable' | 'hit'>();

/**
 * Caches whole answers of public queries, keyed by the operation, its variables, the caller's scopes and
 * the generation of every subgraph it reads. Never cached: mutations, and any query reading a field or
 * type guarded by `@requiresScopes` (personal data is never kept). A mutation through the gateway, or a
 * change in a program's change feed (see FeedWatcher), bumps the generations of the subgraphs concerned.
 * Answers carry `Cache-Control` and, when served from the cache, `Age`.
 */
export function responseCachePlugin(o: ResponseCacheOptions): ApolloServerPlugin<GatewayContext> {
  const outcomes = o.metrics?.counter({
    name: 'cultura_gateway_response_cache_total',
    help: 'Gateway answers by cache outcome: hit, miss (computed and stored) or bypass (not cacheable).',
    labelNames: ['outcome'],
  });
  const keyOf = (ctx: GraphQLRequestContext<GatewayContext>, generations: number[], graphs: string[]) => {
    const scopes = [...ctx.contextValue.auth.scopes].sort().join(' ');
    return createHash('sha256')
      .update(JSON.stringify([ctx.queryHash, ctx.operationName, ctx.request.variables ?? {}, scopes, graphs, generations]))
      .digest('hex');
  };
  return {
    async requestDidStart() {
      return {
        async responseForOperation(ctx) {
          const served = o.schema();
          if (!served || !ctx.operation || !ctx.document) return null;
          const policy = operationCachePolicy(served.schema, served.policy, ctx.document, ctx.operation);
          if (!policy.cacheable) {
            requestState.set(ctx, 'uncacheable');
            return null;
          }
          try {
            const key = keyOf(ctx, await o.store.generations(policy.graphs), policy.graphs);
            const hit = await o.store.get(key);
            if (hit) {
              requestState.set(ctx, 'hit');
              outcomes?.inc({ outcome: 'hit' });
              const age = Math.max(0, Math.floor((Date.now() - hit.storedAt) / 1000));
              ctx.response.http.headers.set('age', String(age));
              ctx.response.http.headers.set('x-cache', 'HIT');
              ctx.response.http.headers.set('cache-control', cacheControl(ctx, Math.max(0, o.ttlSeconds - age)));
              return { http: ctx.response.http, body: { kind: 'single', singleResult: JSON.parse(hit.body) } };
            }
            requestState.set(ctx, { key, graphs: policy.graphs });
          } catch (err) {
            // A cache that cannot be read serves nothing stale and nothing wrong: the request runs as usual.
            o.log.warn({ err }, 'response cache unavailable');
          }
          return null;
        },
        async willSendResponse(ctx) {
          const state = requestState.get(ctx);
          if (state === 'hit') return;
          if (ctx.operation?.operation === 'mutation') {
            // Whatever the mutation touched is now stale, here and (through the store) in every replica.
            const served = o.schema();
            if (served && ctx.document) {
              const touched = operationCachePolicy(served.schema, served.policy, ctx.document, ctx.operation).graphs;
              await o.store
                .bump([...new Set([...touched, ...o.derived])])
                .catch((err) => o.log.warn({ err }, 'response cache invalidation failed'));
            }
            ctx.response.http.headers.set('cache-control', 'no-store');
            return;
          }
          if (!state || state === 'uncacheable' || ctx.response.body.kind !== 'single') {
            outcomes?.inc({ outcome: 'bypass' });
            ctx.response.http.headers.set('cache-control', 'no-store');
            return;
          }
          const result = ctx.response.body.singleResult;
          // Only complete answers are kept: an error may be a passing outage.
          if (result.errors?.length) {
            ctx.response.http.headers.set('cache-control', 'no-store');
            return;
          }
          outcomes?.inc({ outcome: 'miss' });
          ctx.response.http.headers.set('x-cache', 'MISS');
          ctx.response.http.headers.set('cache-control', cacheControl(ctx, o.ttlSeconds));
          await o.store
            .set(state.key, { body: JSON.stringify(result), storedAt: Date.now() }, o.ttlSeconds)
            .catch((err) => o.log.warn({ err }, 'response cache write failed'));
        },
      };
    },
  };
}

/** Answers for a token holder may depend on its scopes: browsers and CDNs may keep them only privately. */
function cacheControl(ctx: GraphQLRequestContext<GatewayContext>, maxAge: number): string {
  return `${ctx.contextValue.auth.authorization ? 'private' : 'public'}, max-age=${maxAge}`;
}

/** A subgraph whose answers the cache follows, as the gateway watches it. */
export interface WatchedFeed {
  /** The subgraph name, which is also its cache generation's name. */
  name: string;
  /** The service's root URL: its head is `<baseUrl>/changes/head`. */
  baseUrl: string;
}

/**
 * Follows the heads of the services' change feeds (a program's outbox moves when a change commits, the
 * index's when it applies one) and bumps a subgraph's cache generation as soon as its head moves. The
 * index is watched on its own head rather than made stale with the programs', so an answer cached
 * between a program's commit and the index applying it is dropped too. A head that cannot be read is
 * retried; meanwhile the TTL bounds staleness.
 */
export class FeedWatcher {
  private readonly heads = new Map<string, string | null>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    private readonly feeds: WatchedFeed[],
    private readonly o: { store: ResponseCacheStore; pollMs: number; log: Logger; timeoutMs?: number },
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.pollAll(), this.o.pollMs);
    this.timer.unref();
    void this.pollAll();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
  }

  /** One round over every feed; exported for tests, which poll on their own clock. */
  async pollAll(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await Promise.all(
        this.feeds.map((f) =>
          this.poll(f).catch((err) => this.o.log.debug({ feed: f.name, err: (err as Error).message }, 'change feed head not read')),
        ),
      );
    } finally {
      this.running = false;
    }
  }

  private async poll(feed: WatchedFeed): Promise<void> {
    const res = await fetch(`${feed.baseUrl}/changes/head`, { signal: AbortSignal.timeout(this.o.timeoutMs ?? 2000) });
    if (!res.ok) throw new Error(`head answered ${res.status}`);
    const { cursor } = (await res.json()) as { cursor: string | null };
    const known = this.heads.has(feed.name);
    const previous = this.heads.get(feed.name);
    this.heads.set(feed.name, cursor);
    // The first read is where the gateway starts: what happened before is not in its cache.
    if (!known || previous === cursor) return;
    await this.o.store.bump([feed.name]);
    this.o.log.debug({ feed: feed.name, head: cursor }, 'cached answers of a changed service made stale');
  }
}
