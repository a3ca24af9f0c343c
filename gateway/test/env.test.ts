import path from 'node:path';
import { readFileSync } from 'node:fs';
import { DEV_PUBLIC_KEY_FILE } from '@cultura/auth';
import { EnvError, repoRoot } from '@cultura/service-kit';
import { loadEnv, subgraphUrlVariable, workerCount } from '../src';

const NAMES = ['territories', 'red-cultura'];

function envError(source: Record<string, string>): EnvError {
  try {
    loadEnv(source, NAMES);
  } catch (err) {
    if (err instanceof EnvError) return err;
    throw err;
  }
  throw new Error('expected an EnvError');
}

describe('gateway configuration', () => {
  it('has working defaults for local development', () => {
    const env = loadEnv({}, NAMES);
    expect(env).toMatchObject({
      nodeEnv: 'development',
      production: false,
      host: '127.0.0.1',
      port: 4000,
      logLevel: 'info',
      supergraphFile: path.join(repoRoot(), 'gateway', 'supergraph.graphql'),
      subgraphUrls: {},
      subgraphTimeoutMs: 10000,
      corsOrigins: '*',
      shutdownGraceMs: 10000,
    });
    expect(env.auth).toEqual({
      publicKey: readFileSync(DEV_PUBLIC_KEY_FILE, 'utf8'),
      issuer: 'cultura-graph-dev',
      audience: 'cultura-graph',
      maxTokenLifetimeSeconds: 86400,
    });
  });

  it('reads the subgraph names from gateway/subgraphs.json when not given', () => {
    expect(loadEnv({ SUBGRAPH_TERRITORIES_URL: 'http://territories:4001/graphql' }).subgraphUrls).toEqual({
      territories: 'http://territories:4001/graphql',
    });
  });

  it('overrides routing URLs per subgraph with SUBGRAPH_<NAME>_URL (dashes become underscores)', () => {
    expect(subgraphUrlVariable('red-cultura')).toBe('SUBGRAPH_RED_CULTURA_URL');
    const env = loadEnv(
      { SUBGRAPH_TERRITORIES_URL: 'http://territories:4001/graphql', SUBGRAPH_RED_CULTURA_URL: 'https://red-cultura.internal/graphql' },
      NAMES,
    );
    expect(env.subgraphUrls).toEqual({
      territories: 'http://territories:4001/graphql',
      'red-cultura': 'https://red-cultura.internal/graphql',
    });
  });

  it('rejects a SUBGRAPH_*_URL that names no known subgraph, so a typo does not go unnoticed', () => {
    expect(envError({ SUBGRAPH_TERRITORY_URL: 'http://x/graphql' }).problems).toEqual([
      'SUBGRAPH_TERRITORY_URL names no subgraph of gateway/subgraphs.json (expected one of: SUBGRAPH_TERRITORIES_URL, SUBGRAPH_RED_CULTURA_URL)',
    ]);
  });

  it('resolves a relative SUPERGRAPH_FILE from the repository root', () => {
    expect(loadEnv({ SUPERGRAPH_FILE: 'build/supergraph.graphql' }, NAMES).supergraphFile).toBe(
      path.join(repoRoot(), 'build', 'supergraph.graphql'),
    );
    expect(loadEnv({ SUPERGRAPH_FILE: '/etc/cultura/supergraph.graphql' }, NAMES).supergraphFile).toBe('/etc/cultura/supergraph.graphql');
  });

  it('allows no browser origin in production unless CORS_ORIGINS lists some', () => {
    const key = readFileSync(DEV_PUBLIC_KEY_FILE, 'utf8');
    expect(loadEnv({ NODE_ENV: 'production', AUTH_PUBLIC_KEY: key }, NAMES).corsOrigins).toEqual([]);
    expect(
      loadEnv({ NODE_ENV: 'production', AUTH_PUBLIC_KEY: key, CORS_ORIGINS: 'https://a.example, https://b.example' }, NAMES).corsOrigins,
    ).toEqual(['https://a.example', 'https://b.example']);
    expect(loadEnv({ NODE_ENV: 'production', AUTH_PUBLIC_KEY: key, CORS_ORIGINS: '*' }, NAMES).corsOrigins).toBe('*');
  });

  it('requires a token key in production', () => {
    expect(envError({ NODE_ENV: 'production' }).message).toContain(
      'AUTH_PUBLIC_KEY or AUTH_PUBLIC_KEY_FILE is required when NODE_ENV=production',
    );
  });

  it('reports every problem at once', () => {
    const err = envError({ PORT: 'eighty', SUBGRAPH_TIMEOUT_MS: '0', SUBGRAPH_TERRITORIES_URL: 'territories:4001', LOG_LEVEL: 'loud' });
    expect(err.problems).toEqual([
      'PORT must be a port number 0–65535, got "eighty"',
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"',
      'SUBGRAPH_TIMEOUT_MS must be ≥ 1, got 0',
      'SUBGRAPH_TERRITORIES_URL must use http or https, got "territories:"',
    ]);
  });

  it('runs one worker per core less one by default (none spare on 2 cores), at most 4, and refuses nonsense', () => {
    expect([1, 2, 3, 4, 8, 64].map((cores) => workerCount('auto', cores))).toEqual([1, 1, 2, 3, 4, 4]);
    expect(workerCount('3', 2)).toBe(3);
    expect(() => workerCount('0')).toThrow(/GATEWAY_WORKERS must be "auto" or a whole number from 1 to 64, got "0"/);
    expect(() => workerCount('two')).toThrow(EnvError);
  });
});
