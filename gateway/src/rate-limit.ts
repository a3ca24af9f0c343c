/**
 * Per-caller rate limits for the gateway's API routes (`/graphql`, `/reports.csv`): who the caller is,
 * the `RateLimit-*` headers, the 429 answer, and the configuration. Where counters live is
 * `rate-limit-store.ts`.
 */
import type { IncomingMessage } from 'node:http';
import type { RequestHandler, Response } from 'express';
import ipaddr from 'ipaddr.js';
import proxyaddr from 'proxy-addr';
import type { RateLimiterRes } from 'rate-limiter-flexible';
import type { Verifier } from '@cultura/auth';
import { EnvError, env, type Logger, type ParsedEnv, type ServiceMetrics } from '@cultura/service-kit';
import { openCounterStore, type CounterStoreName } from './rate-limit-store';

export { installRateLimitPrimary } from './rate-limit-store';

/**
 * Fitted to dashboards. A dashboard page sends one query per chart, table, map layer and count, so
 * 5–15 at once on every load or filter change; an analyst clicking through filters makes about 20 such
 * loads a minute (≈300 requests), and a wall display refreshing every 30 s about 30. 600 a minute
 * leaves one busy person twice that, and a small office sharing one public address (anonymous callers
 * are counted by address) room for a few, while a script looping as fast as it can is held to 10 a
 * second on average. A minute is long enough for a page's burst never to matter and short enough that a
 * refused client is served again soon. The window starts at a caller's first request (rate-limiter-
 * flexible's fixed window), so at worst a caller fits 2 × points into a short span across two windows.
 */
export const DEFAULT_RATE_LIMIT_POINTS = 600;
export const DEFAULT_RATE_LIMIT_WINDOW_SECONDS = 60;
const DEFAULT_KEY_PREFIX = 'cultura:gateway:rate-limit';

/**
 * Which proxies in front of the gateway may say who the client is in `X-Forwarded-For`: `false` (none:
 * the socket's address counts), a number of hops (e.g. `1` for the Kubernetes Ingress alone), or
 * proxy addresses and CIDR ranges (`10.0.0.0/8`, or Express's names `loopback`, `linklocal`,
 * `uniquelocal`). Trusting every hop is not offered: any client could then choose its own address.
 */
export type TrustProxy = false | number | readonly string[];

export interface RateLimitOptions {
  /** Requests each caller may make per window; 0 turns rate limiting off. */
  points: number;
  /** Length of a caller's window in seconds; it starts with the caller's first request. */
  windowSeconds: number;
  /**
   * `redis://` or `rediss://` URL of the Redis that gateway replicas share counters in. Without it,
   * counters live in this process (or in the cluster primary, see {@link installRateLimitPrimary}), so
   * N replicas allow a caller up to N × points.
   */
  redisUrl?: string;
  /** Prefix of the counter keys, in Redis and in the cluster primary; tests give each run its own. */
  keyPrefix?: string;
  /**
   * Verifies the `Authorization` header to count a caller by its token subject. A header that does not
   * verify, or a token without a subject, counts against the client address, so forged tokens get no
   * fresh budget.
   */
  verifier: Verifier;
  /** Which proxies' `X-Forwarded-For` is believed for the client address; default `false` (none). */
  trustProxy?: TrustProxy;
  /** Refusals (once per caller and window) and store outages are logged here. */
  log: Logger;
  /** When given, refusals and store fallbacks are counted on the gateway's `/metrics`. */
  metrics?: ServiceMetrics;
}

/** The middleware, and `close()` to end its Redis connection when the gateway stops. */
export type RateLimitMiddleware = RequestHandler & {
  close(): Promise<void>;
  /** Where counters live, in the order tried, e.g. `['redis', 'process']`; empty when limiting is off. */
  readonly stores: readonly CounterStoreName[];
};

/**
 * The headers a browser page may read on a cross-origin answer; CORS hides all but a few otherwise.
 * Names follow draft-ietf-httpapi-ratelimit-headers-06, the last draft with separate fields (later
 * drafts fold them into one `RateLimit` field).
 */
export const RATE_LIMIT_HEADERS = ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'RateLimit-Policy', 'Retry-After'];

/**
 * Builds the rate-limit middleware for the API routes (never mount it before health, readiness or
 * metrics routes). Each caller — the token's subject when a valid Bearer token is sent, else the client
 * address — gets `points` requests per window; beyond that the answer is HTTP 429 with `Retry-After`
 * and a GraphQL-style error `RATE_LIMITED`. Every counted answer carries `RateLimit-*` headers. Mount
 * it after `cors()` so that browsers can read a 429. A failing store never fails a request: it is
 * logged and the next store counts (see `rate-limit-store.ts`).
 */
export async function rateLimitMiddleware(o: RateLimitOptions): Promise<RateLimitMiddleware> {
  if (!Number.isInteger(o.points) || o.points < 0) throw new Error(`rate limit points must be a whole number ≥ 0, got ${o.points}`);
  if (!Number.isInteger(o.windowSeconds) || o.windowSeconds < 1)
    throw new Error(`rate limit window must be a whole number of seconds ≥ 1, got ${o.windowSeconds}`);
  if (o.points === 0) {
    o.log.info({}, 'rate limiting is off (RATE_LIMIT_POINTS=0)');
    const off: RequestHandler = (_req, _res, next) => next();
    return Object.assign(off, { close: async () => {}, stores: [] });
  }

  const store = await openCounterStore({
    points: o.points,
    windowSeconds: o.windowSeconds,
    redisUrl: o.redisUrl,
    keyPrefix: o.keyPrefix ?? DEFAULT_KEY_PREFIX,
    log: o.log,
    metrics: o.metrics,
  });
  const refusals = o.metrics?.counter({
    name: 'cultura_gateway_rate_limited_requests_total',
    help: 'Requests refused with HTTP 429 by the rate limit, by how the caller was identified (subject or address).',
    labelNames: ['caller'],
  });
  const trust = compileTrust(o.trustProxy ?? false);
  const limits = { points: o.points, windowSeconds: o.windowSeconds };
  o.log.info({ ...limits, stores: store.stores, trustProxy: o.trustProxy ?? false }, 'rate limiting on');

  const handler: RequestHandler = async (req, res, next) => {
    // Preflights carry no credentials and are answered by cors() before this runs anyway.
    if (req.method === 'OPTIONS') return next();
    const caller = identifyCaller(req, o.verifier, trust);
    let counted;
    try {
      counted = await store.consume(caller.key);
    } catch (err) {
      // The store already falls back to memory; this guards against a bug, still without a 500.
      o.log.error({ err }, 'rate limit could not count a request; serving it');
      return next();
    }
    const resetSeconds = secondsUntil(counted.res);
    setRateLimitHeaders(res, limits, counted.res.remainingPoints, resetSeconds);
    if (req.headers.origin) res.append('Access-Control-Expose-Headers', RATE_LIMIT_HEADERS.join(', '));
    if (counted.allowed) return next();

    refusals?.inc({ caller: caller.kind });
    // One line per caller and window: the first refusal is the one that crossed the limit.
    if (counted.res.consumedPoints === o.points + 1) {
      o.log.warn({ caller: caller.kind, id: caller.id, ...limits, store: counted.store }, 'caller reached the rate limit');
    }
    res.setHeader('Retry-After', String(resetSeconds));
    res.setHeader('Cache-Control', 'no-store');
    res.status(429).json({
      errors: [
        {
          message: `Too many requests: each caller may make ${o.points} requests per ${o.windowSeconds} seconds. Retry after ${resetSeconds} seconds.`,
          extensions: { code: 'RATE_LIMITED', retryAfterSeconds: resetSeconds, limit: o.points, windowSeconds: o.windowSeconds },
        },
      ],
    });
  };
  return Object.assign(handler, { close: () => store.close(), stores: store.stores });
}

interface Caller {
  kind: 'subject' | 'address';
  /** The subject or address, for logs. */
  id: string;
  /** The counter key; the kind prefix keeps a subject from sharing a bucket with an address. */
  key: string;
}

function identifyCaller(req: IncomingMessage, verifier: Verifier, trust: Trust): Caller {
  const header = req.headers.authorization;
  if (header) {
    try {
      const subject = verifier(header).subject;
      if (subject) return { kind: 'subject', id: subject, key: `sub:${subject}` };
    } catch {
      // Counted by address below; the GraphQL layer answers the bad token with 401 anyway.
    }
  }
  const address = clientAddress(req, trust);
  return { kind: 'address', id: address, key: `ip:${address}` };
}

type Trust = (addr: string, hop: number) => boolean;

function compileTrust(t: TrustProxy): Trust {
  if (t === false) return () => false;
  if (typeof t === 'number') return (_addr, hop) => hop < t;
  return proxyaddr.compile([...t]);
}

/**
 * The address a caller is counted under. IPv4-mapped IPv6 (`::ffff:1.2.3.4`, from dual-stack sockets)
 * is the IPv4 address; IPv6 counts by /64, since one home or office usually holds a whole /64 and
 * could otherwise take a fresh address, and budget, for every request.
 */
function clientAddress(req: IncomingMessage, trust: Trust): string {
  const raw = proxyaddr(req, trust);
  if (!raw || !ipaddr.isValid(raw)) return raw || 'unknown';
  const addr = ipaddr.process(raw);
  if (!(addr instanceof ipaddr.IPv6)) return addr.toString();
  const prefix = new ipaddr.IPv6([...addr.parts.slice(0, 4), 0, 0, 0, 0]);
  return `${prefix.toString()}/64`;
}

/** Whole seconds until the caller's window ends; at least 1, so `Retry-After: 0` never invites a loop. */
function secondsUntil(res: RateLimiterRes): number {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

function setRateLimitHeaders(
  res: Response,
  limits: { points: number; windowSeconds: number },
  remaining: number,
  resetSeconds: number,
): void {
  res.setHeader('RateLimit-Limit', String(limits.points));
  res.setHeader('RateLimit-Remaining', String(Math.max(0, remaining)));
  res.setHeader('RateLimit-Reset', String(resetSeconds));
  res.setHeader('RateLimit-Policy', `${limits.points};w=${limits.windowSeconds}`);
}

/** The gateway's rate-limit variables, to merge into `gatewayEnvSpec`; see {@link rateLimitConfig}. */
export const rateLimitEnvSpec = {
  /** Requests each caller may make per window; 0 turns rate limiting off. */
  RATE_LIMIT_POINTS: env.int({ default: DEFAULT_RATE_LIMIT_POINTS, min: 0 }),
  /** Length of a caller's window in seconds. */
  RATE_LIMIT_WINDOW_SECONDS: env.int({ default: DEFAULT_RATE_LIMIT_WINDOW_SECONDS, min: 1, max: 86_400 }),
  /** Redis shared by gateway replicas for rate-limit counters; unset: counted on each machine. */
  REDIS_URL: env.url({ protocols: ['redis', 'rediss'], optional: true }),
  /** Proxies trusted to set `X-Forwarded-For`: a hop count (`1` behind the Ingress) or addresses/CIDRs. */
  TRUST_PROXY: env.list({ default: [] }),
};

/** The rate-limit part of `RateLimitOptions`, as configured by the environment. */
export interface RateLimitConfig {
  points: number;
  windowSeconds: number;
  redisUrl?: string;
  trustProxy: TrustProxy;
}

/** Reads parsed {@link rateLimitEnvSpec} values; throws an {@link EnvError} for a bad `TRUST_PROXY`. */
export function rateLimitConfig(e: ParsedEnv<typeof rateLimitEnvSpec>): RateLimitConfig {
  return {
    points: e.RATE_LIMIT_POINTS,
    windowSeconds: e.RATE_LIMIT_WINDOW_SECONDS,
    redisUrl: e.REDIS_URL,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
  };
}

function parseTrustProxy(values: string[]): TrustProxy {
  if (values.length === 0 || (values.length === 1 && /^(false|0)$/i.test(values[0]))) return false;
  if (values.length === 1 && /^\d+$/.test(values[0])) return Number(values[0]);
  if (values.some((v) => /^true$/i.test(v))) {
    throw new EnvError([
      'TRUST_PROXY=true would let any client choose its own address: give a hop count (e.g. 1) or the proxies’ addresses',
    ]);
  }
  try {
    proxyaddr.compile(values);
  } catch (err) {
    throw new EnvError([`TRUST_PROXY must be a hop count or proxy addresses/CIDR ranges: ${(err as Error).message}`]);
  }
  return values;
}
