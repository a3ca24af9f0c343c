import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { createVerifier } from '@cultura/auth';
import { createLogger, repoRoot } from '@cultura/service-kit';
import { startTestService, type TestService } from '@cultura/testkit';
import { territoriesService } from '@cultura/territories';
import { parse } from 'graphql';
import { composeSubgraphs, loadSubgraphSources, readSubgraphList } from '../src/compose';
import { loadEnv, optOutOfApolloTelemetry } from '../src/env';
import { markdownOperations } from '../src/operation-sources';
import { PERSISTED_OPERATIONS_FILE } from '../src/persisted-manifest';
import {
  loadPersistedOperations,
  operationBody,
  operationId,
  persistedOperationsPlugin,
  type PersistedOperations,
  type PersistedOperationsMode,
} from '../src/persisted-operations';
import { startGateway } from '../src/server';
import { delegateSecurityToSubgraphs } from '../src/supergraph';

const root = repoRoot();
const manifest = loadPersistedOperations(path.join(root, PERSISTED_OPERATIONS_FILE));
const log = createLogger('persisted-test', 'silent');

/** The committed manifest's entry of that name. */
const listed = (name: string) => {
  const op = manifest.operations.find((o) => o.name === name);
  if (!op) throw new Error(`${name} is not in ${PERSISTED_OPERATIONS_FILE}`);
  return op;
};

/** A query of territories that no file of the project holds. */
const UNKNOWN = 'query JustChile { territory(id: "CL") { id name } }';

/** APQ's cache, shared by gateways as a Redis would be. */
class SharedCache {
  readonly entries = new Map<string, string>();
  async get(key: string) {
    return this.entries.get(key);
  }
  async set(key: string, value: string) {
    this.entries.set(key, value);
  }
  async delete(key: string) {
    this.entries.delete(key);
  }
}

let territories: TestService;
let supergraphSdl: string;
const running: { stop(): Promise<unknown> }[] = [];

/**
 * The gateway (`startGateway`, as `npm start` runs it) over the real territories service, with the
 * plugin. Apollo Server's own persisted query settings stay at their defaults (APQ on, in memory).
 */
async function gatewayWith(mode: PersistedOperationsMode, opts: { manifest?: PersistedOperations; allowIntrospection?: boolean } = {}) {
  const env = loadEnv({ NODE_ENV: 'test', PORT: '0', LOG_LEVEL: 'silent' }, ['territories']);
  const gateway = await startGateway({
    supergraphSdl,
    host: env.host,
    port: env.port,
    timeoutMs: env.subgraphTimeoutMs,
    corsOrigins: env.corsOrigins,
    verifier: createVerifier(env.auth),
    log,
    production: false,
    responseCache: false,
    plugins: [persistedOperationsPlugin({ manifest: opts.manifest ?? manifest, mode, log, allowIntrospection: opts.allowIntrospection })],
  });
  running.push(gateway);
  return gateway.url;
}

/**
 * Apollo Gateway behind a bare Apollo Server whose APQ cache is `cache`: two gateways sharing one, as
 * replicas sharing a Redis would (startGateway has no option for Apollo Server's cache).
 */
async function sharingApqCache(mode: PersistedOperationsMode, cache: SharedCache) {
  const server = new ApolloServer({
    // startGateway does this itself; Apollo Gateway alone refuses the supergraph's @requiresScopes otherwise.
    gateway: new ApolloGateway({ supergraphSdl: delegateSecurityToSubgraphs(supergraphSdl).supergraphSdl, logger: log }),
    logger: log,
    cache,
    plugins: [persistedOperationsPlugin({ manifest, mode, log })],
  });
  const { url } = await startStandaloneServer(server, { listen: { host: '127.0.0.1', port: 0 } });
  running.push(server);
  return url;
}

interface Answer {
  status: number;
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

async function post(url: string, body: { query?: string; sha256Hash?: string; variables?: Record<string, unknown> }): Promise<Answer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: body.query,
      variables: body.variables,
      extensions: body.sha256Hash ? { persistedQuery: { version: 1, sha256Hash: body.sha256Hash } } : undefined,
    }),
  });
  return { status: res.status, ...((await res.json()) as Omit<Answer, 'status'>) };
}

const codes = (a: Answer) => a.errors?.map((e) => e.extensions?.code);

beforeAll(async () => {
  optOutOfApolloTelemetry();
  territories = await startTestService(territoriesService);
  const entry = readSubgraphList(root).filter((e) => e.name === 'territories');
  supergraphSdl = composeSubgraphs(loadSubgraphSources(root, entry, { territories: territories.url }));
});
afterAll(async () => {
  for (const s of running) await s.stop();
  await territories?.stop();
});

describe('require mode: only the manifest’s operations run', () => {
  let url: string;
  beforeAll(async () => {
    url = await gatewayWith('require');
  });

  it('runs a manifest operation sent by id alone', async () => {
    const op = listed('DashboardTerritories');
    const res = await post(url, { sha256Hash: op.id, variables: { parent: 'CL:011' } });
    expect(res).toMatchObject({ status: 200 });
    expect(res.errors).toBeUndefined();
    expect(res.data?.territories.nodes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id: 'CL:01107',
          name: 'Alto Hospicio',
          parent: { id: 'CL:011', name: 'Iquique', level: 'SECOND_LEVEL' },
        }),
      ]),
    );
  });

  it('runs it by id over GET too, as clients do to let caches keep the answer', async () => {
    const params = new URLSearchParams({
      extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: listed('DashboardTerritories').id } }),
      variables: JSON.stringify({ search: 'tarapaca' }),
    });
    // Apollo Server's CSRF prevention wants a header no plain browser form sends.
    const res = await fetch(`${url}?${params}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Answer).data?.territories.nodes).toEqual([expect.objectContaining({ id: 'CL:01', name: 'Tarapacá' })]);
  });

  it('runs a manifest operation sent as its body, exactly or as written in the README', async () => {
    const exact = await post(url, { query: listed('FirstQuery').body });
    expect(exact.errors).toBeUndefined();
    expect(exact.data?.territory).toMatchObject({ id: 'CL:01107', name: 'Alto Hospicio' });

    const asWritten = markdownOperations(readFileSync(path.join(root, 'README.md'), 'utf8')).find((e) =>
      e.text.startsWith('query FirstQuery'),
    );
    expect(asWritten?.text).not.toBe(listed('FirstQuery').body);
    const readme = await post(url, { query: `# pasted from the README\n${asWritten?.text}` });
    expect(readme.errors).toBeUndefined();
    expect(readme.data?.territory.firstLevel).toMatchObject({ id: 'CL:01', isoCode: 'CL-TA' });
  });

  it('refuses any other body with 400 PERSISTED_QUERY_NOT_IN_SAFELIST, naming the operation and its id', async () => {
    const res = await post(url, { query: UNKNOWN });
    expect(res.status).toBe(400);
    expect(res.data).toBeUndefined();
    const id = operationId(operationBody(parse(UNKNOWN)));
    expect(res.errors).toEqual([
      expect.objectContaining({
        message: expect.stringContaining(`"JustChile" (id ${id}) is not in the safelist`),
        extensions: expect.objectContaining({ code: 'PERSISTED_QUERY_NOT_IN_SAFELIST', operationName: 'JustChile', operationId: id }),
      }),
    ]);
  });

  it('refuses a manifest operation with one field more', async () => {
    const res = await post(url, { query: listed('FirstQuery').body.replace('localKind', 'localKind officialCode') });
    expect(res.status).toBe(400);
    expect(codes(res)).toEqual(['PERSISTED_QUERY_NOT_IN_SAFELIST']);
  });

  it('answers an unknown id with APQ’s PERSISTED_QUERY_NOT_FOUND, so a client’s retry with the body meets the safelist', async () => {
    const res = await post(url, { sha256Hash: 'f'.repeat(64) });
    expect(codes(res)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
  });

  it('refuses an APQ registration of a new operation, which stays unknown by its hash', async () => {
    const hash = operationId(UNKNOWN);
    const register = await post(url, { query: UNKNOWN, sha256Hash: hash });
    expect(register.status).toBe(400);
    expect(codes(register)).toEqual(['PERSISTED_QUERY_NOT_IN_SAFELIST']);
    expect(codes(await post(url, { sha256Hash: hash }))).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
  });

  it('answers introspection, which the explorer needs, but not a query that mixes it with data', async () => {
    const schema = await post(url, { query: 'query Docs { __schema { queryType { name } } }' });
    expect(schema.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    const mixed = await post(url, { query: '{ __typename ...Sneak } fragment Sneak on Query { territory(id: "CL") { name } }' });
    expect(codes(mixed)).toEqual(['PERSISTED_QUERY_NOT_IN_SAFELIST']);
  });

  it('refuses introspection too when told to', async () => {
    const strict = await gatewayWith('require', { allowIntrospection: false });
    const res = await post(strict, { query: 'query Docs { __schema { queryType { name } } }' });
    expect(codes(res)).toEqual(['PERSISTED_QUERY_NOT_IN_SAFELIST']);
  });

  it('does not run what another gateway registered in a shared APQ cache', async () => {
    const cache = new SharedCache();
    const open = await sharingApqCache('allow', cache);
    const strict = await sharingApqCache('require', cache);
    const hash = operationId(UNKNOWN);
    expect((await post(open, { query: UNKNOWN, sha256Hash: hash })).data).toEqual({ territory: { id: 'CL', name: 'Chile' } });
    await new Promise((resolve) => setTimeout(resolve, 50)); // APQ writes the cache without waiting
    expect([...cache.entries.values()]).toContain(UNKNOWN);
    const res = await post(strict, { sha256Hash: hash });
    expect(res.status).toBe(400);
    expect(codes(res)).toEqual(['PERSISTED_QUERY_NOT_IN_SAFELIST']);
  });
});

describe('allow mode: anything runs, and known operations can be sent by id', () => {
  let url: string;
  beforeAll(async () => {
    url = await gatewayWith('allow');
  });

  it('runs an operation of no manifest', async () => {
    const res = await post(url, { query: UNKNOWN });
    expect(res).toMatchObject({ status: 200, data: { territory: { id: 'CL', name: 'Chile' } } });
  });

  it('runs a manifest operation from its id alone, with no registration first', async () => {
    const res = await post(url, { sha256Hash: listed('AltoHospicio').id });
    expect(res.errors).toBeUndefined();
    expect(res.data?.territory.siblings).toEqual([expect.objectContaining({ id: 'CL:01101', name: 'Iquique' })]);
  });

  it('keeps automatic persisted queries for everything else', async () => {
    const hash = operationId(UNKNOWN);
    expect(codes(await post(url, { sha256Hash: hash }))).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    expect((await post(url, { query: UNKNOWN, sha256Hash: hash })).errors).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 50)); // APQ writes the cache without waiting
    expect((await post(url, { sha256Hash: hash })).data).toEqual({ territory: { id: 'CL', name: 'Chile' } });
  });
});

describe('off mode', () => {
  it('needs no manifest, where the other modes do', () => {
    expect(() => persistedOperationsPlugin({ mode: 'off', log })).not.toThrow();
    expect(() => persistedOperationsPlugin({ mode: 'require', log })).toThrow('mode "require" needs a manifest');
  });

  it('leaves ids to APQ alone: a manifest id it has not seen is not found', async () => {
    const url = await gatewayWith('off');
    expect(codes(await post(url, { sha256Hash: listed('AltoHospicio').id }))).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    expect((await post(url, { query: UNKNOWN })).data).toEqual({ territory: { id: 'CL', name: 'Chile' } });
  });
});
