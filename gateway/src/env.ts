/**
 * The gateway's configuration. This is the only module of the gateway that reads `process.env`.
 */
import path from 'node:path';
import { DEFAULT_AUDIENCE, DEV_ISSUER, resolvePublicKey, type AuthConfig } from '@cultura/auth';
import { EnvError, env, parseEnv, repoRoot, type EnvSource, type LogLevel } from '@cultura/service-kit';
import { SUPERGRAPH_FILE, readSubgraphList } from './compose';

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
  /** Browser origins allowed to call the gateway; `*` for any. */
  CORS_ORIGINS: env.list({ default: [] }),
  AUTH_PUBLIC_KEY: env.optionalString(),
  AUTH_PUBLIC_KEY_FILE: env.optionalString(),
  AUTH_ISSUER: env.string({ default: DEV_ISSUER }),
  AUTH_AUDIENCE: env.string({ default: DEFAULT_AUDIENCE }),
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
  const names = subgraphNames ?? readSubgraphList(root).map((s) => s.name);
  const urlSpec = Object.fromEntries(names.map((n) => [subgraphUrlVariable(n), env.url({ protocols: ['http', 'https'], optional: true })]));

  const problems: string[] = [];
  const attempt = <T>(read: () => T): T | undefined => {
    try {
      return read();
    } catch (err) {
      if (!(err instanceof EnvError)) throw err;
      problems.push(...err.problems);
      return undefined;
    }
  };
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
      publicKey = resolvePublicKey({ key: base.AUTH_PUBLIC_KEY, file: base.AUTH_PUBLIC_KEY_FILE, production: base.NODE_ENV === 'production' });
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  if (problems.length || !base || !urls || publicKey === undefined) throw new EnvError(problems);

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
    auth: { publicKey, issuer: base.AUTH_ISSUER, audience: base.AUTH_AUDIENCE },
    shutdownGraceMs: base.SHUTDOWN_GRACE_MS,
  };
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
