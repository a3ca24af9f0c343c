/**
 * The gateway's configuration. This is the only module of the gateway that reads `process.env`.
 */
import path from 'node:path';
import { resolvePublicKey, type AuthConfig } from '@cultura/auth';
import os from 'node:os';
import { EnvError, authEnvSpec, env, envProblems, parseEnv, repoRoot, type EnvSource, type LogLevel } from '@cultura/service-kit';
import { SUPERGRAPH_FILE, readSubgraphList } from './compose';
import { DEFAULT_LIMITS, type OperationLimits } from './limits';
import { PERSISTED_OPERATIONS_FILE, PERSISTED_OPERATIONS_MODES, type PersistedOperationsMode } from './persisted-operations';
import { rateLimitConfig, rateLimitEnvSpec, type RateLimitConfig } from './rate-limit';

export const gatewayEnvSpec = {
  NODE_ENV: env.oneOf(['development', 'test', 'production'], 'development'),
  HOST: env.string({ default: '127.0.0.1' }),
  PORT: env.port(4000),
  LOG_LEVEL: env.oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
  /** The composed supergraph; a relative path is taken from the repository root. Reloaded when it changes. */
  SUPERGRAPH_FILE: env.string({ default: SUPERGRAPH_FILE }),
  /** The supergraph file is also re-read this often, in case a change event is missed; 0 turns that off. */
  SUPERGRAPH_POLL_INTERVAL_MS: env.int({ default: 10000, min: 0 }),
  /** Each subgraph call is aborted after this many milliseconds. */
  SUBGRAPH_TIMEOUT_MS: env.int({ default: 10000, min: 1 }),
  /** A whole request is answered within this many milliseconds; subgraph calls still running then are aborted. */
  REQUEST_TIMEOUT_MS: env.int({ default: 15000, min: 1 }),
  /** Identical in-flight subgraph queries (same authorization) are answered by one call; `false` only to measure it. */
  SHARE_IN_FLIGHT_CALLS: env.bool(true),
  /** What one request may ask for (see gateway/src/limits.ts for why these defaults fit this schema). */
  MAX_TOKENS: env.int({ default: DEFAULT_LIMITS.maxTokens, min: 1 }),
  MAX_DEPTH: env.int({ default: DEFAULT_LIMITS.maxDepth, min: 1 }),
  MAX_ALIASES: env.int({ default: DEFAULT_LIMITS.maxAliases, min: 0 }),
  MAX_DIRECTIVES: env.int({ default: DEFAULT_LIMITS.maxDirectives, min: 0 }),
  MAX_COST: env.int({ default: DEFAULT_LIMITS.maxCost, min: 1 }),
  /** The response cache of public queries; `false` turns it off. */
  RESPONSE_CACHE: env.bool(true),
  /** How long a cached answer may be served when no change feed or mutation says it changed. */
  RESPONSE_CACHE_TTL_SECONDS: env.int({ default: 60, min: 1 }),
  /** Per-caller request budget; REDIS_URL (shared by replicas for these counters and the response cache) and TRUST_PROXY too. */
  ...rateLimitEnvSpec,
  /**
   * `off`: any operation; `allow`: any operation, and the manifest's by id; `require`: only the
   * manifest's (see gateway/src/persisted-operations.ts).
   */
  PERSISTED_OPERATIONS: env.oneOf(PERSISTED_OPERATIONS_MODES, 'allow'),
  /** The safelist, an Apollo persisted query manifest; a relative path is taken from the repository root. */
  PERSISTED_OPERATIONS_FILE: env.string({ default: PERSISTED_OPERATIONS_FILE }),
  /** Processes serving the gateway's port (`node:cluster`); `auto` is one per core less one (see workerCount). */
  GATEWAY_WORKERS: env.string({ default: 'auto' }),
  /** Browser origins allowed to call the gateway; `*` for any. */
  CORS_ORIGINS: env.list({ default: [] }),
  ...authEnvSpec,
  SHUTDOWN_GRACE_MS: env.int({ default: 10000, min: 0 }),
};

/** `*` lets any origin call the gateway; a list allows those origins only (an empty list: none). */
export type CorsOrigins = '*' | string[];

export interface GatewayEnv {
  nodeEnv: 'development' | 'test' | 'production';
  production: boolean;
  host: string;
  port: number;
  logLevel: LogLevel;
  /** Absolute path of the supergraph SDL to serve. */
  supergraphFile: string;
  supergraphPollIntervalMs: number;
  /** Routing URLs that replace the supergraph's, by subgraph name (from `SUBGRAPH_<NAME>_URL`). */
  subgraphUrls: Record<string, string>;
  subgraphTimeoutMs: number;
  corsOrigins: CorsOrigins;
  /** How tokens are verified (same variables and meaning as the services'). */
  auth: AuthConfig;
  shutdownGraceMs: number;
  requestTimeoutMs: number;
  shareInFlightCalls: boolean;
  limits: OperationLimits;
  responseCache: { enabled: boolean; ttlSeconds: number; feedSubgraphs: string[]; derivedSubgraphs: string[] };
  /** Plain GET paths served from the subgraph that serves them (the registry's `downloads`). */
  downloads: { path: string; subgraph: string }[];
  redisUrl: string | undefined;
  rateLimit: RateLimitConfig;
  persistedOperations: { mode: PersistedOperationsMode; file: string };
  /** How many processes serve the port; 1 runs the gateway in the starting process. */
  workers: number;
}

/** `territories` → `SUBGRAPH_TERRITORIES_URL`; `red-cultura` → `SUBGRAPH_RED_CULTURA_URL`. */
export function subgraphUrlVariable(name: string): string {
  return `SUBGRAPH_${name.toUpperCase().replace(/-/g, '_')}_URL`;
}

/**
 * Parses the gateway's environment once at boot. Throws an {@link EnvError} listing every problem:
 * bad values, a production gateway without a token key, or a `SUBGRAPH_*_URL` naming no subgraph
 * of `gateway/subgraphs.json` (a typo would otherwise silently route to the committed URL).
 */
export function loadEnv(source: EnvSource = process.env, subgraphNames?: string[]): GatewayEnv {
  const root = repoRoot();
  const listed = subgraphNames ? null : readSubgraphList(root);
  const names = subgraphNames ?? listed!.map((s) => s.name);
  const urlSpec = Object.fromEntries(names.map((n) => [subgraphUrlVariable(n), env.url({ protocols: ['http', 'https'], optional: true })]));

  const { problems, attempt } = envProblems();
  const base = attempt(() => parseEnv(gatewayEnvSpec, source));
  const urls = attempt(() => parseEnv(urlSpec, source));
  const known = new Set(Object.keys(urlSpec));
  for (const name of Object.keys(source)) {
    if (/^SUBGRAPH_.+_URL$/.test(name) && !known.has(name)) {
      const expected = [...known].join(', ') || 'none';
      problems.push(`${name} names no subgraph of gateway/subgraphs.json (expected one of: ${expected})`);
    }
  }

  let publicKey: string | undefined;
  if (base) {
    try {
      publicKey = resolvePublicKey({
        key: base.AUTH_PUBLIC_KEY,
        file: base.AUTH_PUBLIC_KEY_FILE,
        production: base.NODE_ENV === 'production',
      });
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  const rateLimit = base ? attempt(() => rateLimitConfig(base)) : undefined;
  const workers = base ? attempt(() => workerCount(base.GATEWAY_WORKERS)) : undefined;
  if (problems.length || !base || !urls || publicKey === undefined || !rateLimit || workers === undefined) throw new EnvError(problems);

  const production = base.NODE_ENV === 'production';
  const subgraphUrls: Record<string, string> = {};
  for (const n of names) {
    const url = urls[subgraphUrlVariable(n)];
    if (url) subgraphUrls[n] = url;
  }
  return {
    nodeEnv: base.NODE_ENV,
    production,
    host: base.HOST,
    port: base.PORT,
    logLevel: base.LOG_LEVEL,
    supergraphFile: path.resolve(root, base.SUPERGRAPH_FILE),
    supergraphPollIntervalMs: base.SUPERGRAPH_POLL_INTERVAL_MS,
    subgraphUrls,
    subgraphTimeoutMs: base.SUBGRAPH_TIMEOUT_MS,
    corsOrigins: corsOrigins(base.CORS_ORIGINS, production),
    auth: {
      publicKey,
      issuer: base.AUTH_ISSUER,
      audience: base.AUTH_AUDIENCE,
      maxTokenLifetimeSeconds: base.AUTH_MAX_TOKEN_LIFETIME_SECONDS,
    },
    shutdownGraceMs: base.SHUTDOWN_GRACE_MS,
    requestTimeoutMs: base.REQUEST_TIMEOUT_MS,
    shareInFlightCalls: base.SHARE_IN_FLIGHT_CALLS,
    limits: {
      maxTokens: base.MAX_TOKENS,
      maxDepth: base.MAX_DEPTH,
      maxAliases: base.MAX_ALIASES,
      maxDirectives: base.MAX_DIRECTIVES,
      maxCost: base.MAX_COST,
    },
    responseCache: {
      enabled: base.RESPONSE_CACHE,
      ttlSeconds: base.RESPONSE_CACHE_TTL_SECONDS,
      feedSubgraphs: (listed ?? []).filter((s) => s.changeFeed || s.indexesChangeFeeds).map((s) => s.name),
      derivedSubgraphs: (listed ?? []).filter((s) => s.indexesChangeFeeds).map((s) => s.name),
    },
    downloads: (listed ?? []).flatMap((s) => s.downloads.map((p) => ({ path: p, subgraph: s.name }))),
    redisUrl: base.REDIS_URL,
    rateLimit,
    persistedOperations: { mode: base.PERSISTED_OPERATIONS, file: path.resolve(root, base.PERSISTED_OPERATIONS_FILE) },
    workers,
  };
}

/**
 * `GATEWAY_WORKERS`: a count, or `auto` for one per core the process may use less one, at most 4.
 * Planning and merging answers are CPU work on one thread, so a spare core lets a second worker serve
 * more; but the gateway is rarely alone on its machine. On 2 cores running the whole stack
 * (`npm run bench:gateway`) a second worker gained nothing on the dashboard query (78 against 81 RPS:
 * the subgraphs and their databases need that core) and 17% on a territories-only one, for twice the
 * resident memory (each worker holds its own schema, query plans and cache). Past 4 workers the
 * subgraphs, not the gateway, are the limit.
 */
export function workerCount(raw: string, cores: number = os.availableParallelism()): number {
  if (raw === 'auto') return Math.max(1, Math.min(4, cores - 1));
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 64) {
    throw new EnvError([`GATEWAY_WORKERS must be "auto" or a whole number from 1 to 64, got "${raw}"`]);
  }
  return Number(raw);
}

/** Unset: any origin in development (local dashboards on other ports), none in production. */
function corsOrigins(configured: string[], production: boolean): CorsOrigins {
  if (configured.includes('*')) return '*';
  if (configured.length) return configured;
  return production ? [] : '*';
}

/**
 * @apollo/gateway sends usage metrics to Apollo and probes cloud metadata endpoints unless
 * `APOLLO_TELEMETRY_DISABLED` is set when it is constructed. The gateway must work offline and not
 * report on its users, so it opts out unless the operator has set the variable themselves.
 */
export function optOutOfApolloTelemetry(target: EnvSource = process.env): void {
  target.APOLLO_TELEMETRY_DISABLED ??= 'true';
}
