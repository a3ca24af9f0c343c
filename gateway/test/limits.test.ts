import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import { startTestGateway, startTestService, type TestGateway, type TestService } from '@cultura/testkit';
import { territoriesService } from '@cultura/territories';
import { DEFAULT_LIMITS, checkLimits } from '../src';

/**
 * What one request may cost, checked before the gateway validates or plans it: the hostile documents of
 * issue 11, tried against the real gateway in front of the real territories service.
 */
let territories: TestService;
let gateway: TestGateway;

beforeAll(async () => {
  territories = await startTestService(territoriesService);
  gateway = await startTestGateway([{ name: 'territories', url: territories.url }]);
});
afterAll(async () => {
  await gateway?.stop();
  await territories?.stop();
});

const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

/** Fragments that each spread the previous one twice under two aliases: small to send, exponential to expand. */
function fragmentBomb(levels: number): string {
  const fragments = ['fragment F0 on Territory { id name }'];
  for (let i = 1; i <= levels; i++) fragments.push(`fragment F${i} on Territory { a: parent { ...F${i - 1} } b: parent { ...F${i - 1} } }`);
  return `query Bomb { territory(id: "CL:01107") { ...F${levels} } }\n${fragments.join('\n')}`;
}

describe('limits before planning', () => {
  it('refuses a query 40 levels deep with 400, naming the limit and its value', async () => {
    const deep = `{ territory(id: "CL:01107") { ${'parent { '.repeat(39)}id${' }'.repeat(39)} } }`;
    const res = await post({ query: deep });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] };
    expect(body.errors[0].extensions).toEqual({ code: 'QUERY_TOO_DEEP', limit: 'maxDepth', limitValue: DEFAULT_LIMITS.maxDepth });
    expect(body.errors[0].message).toMatch(/depth limit of 12 exceeded, found 41/);
  });

  it('refuses 1,000 aliases of one field', async () => {
    const aliases = Array.from({ length: 1000 }, (_, i) => `t${i}: territory(id: "CL") { id }`).join(' ');
    const res = await post({ query: `{ ${aliases} }` });
    expect(res.status).toBe(400);
    const [error] = ((await res.json()) as { errors: { extensions: { code: string; limitValue: number } }[] }).errors;
    expect(['TOO_MANY_ALIASES', 'QUERY_TOO_LONG']).toContain(error.extensions.code);
  });

  it('refuses 40 aliases of one field even when short enough in tokens', async () => {
    const aliases = Array.from({ length: 40 }, (_, i) => `t${i}: territory(id: "CL") { id }`).join(' ');
    const res = await post({ query: `{ ${aliases} }` });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: { extensions: unknown }[] }).errors[0].extensions).toEqual({
      code: 'TOO_MANY_ALIASES',
      limit: 'maxAliases',
      limitValue: 30,
    });
  });

  it('refuses a fragment bomb while a { __typename } sent at the same time answers in under 100 ms', async () => {
    // Warm: the first of any operation pays for compiling and planning it once.
    await post({ query: '{ __typename }' });
    const bomb = post({ query: fragmentBomb(14) });
    const started = performance.now();
    const quick = await post({ query: '{ __typename }' });
    const elapsed = performance.now() - started;
    expect(quick.status).toBe(200);
    expect(elapsed).toBeLessThan(100);
    const refused = await bomb;
    expect(refused.status).toBe(400);
    expect(['TOO_MANY_ALIASES', 'QUERY_TOO_DEEP', 'QUERY_TOO_COSTLY']).toContain(
      ((await refused.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code,
    );
  });

  it('counts lists at their size: one list of 1,000 territories with their children is too costly', async () => {
    const res = await post({ query: '{ territories(first: 1000) { nodes { id children(first: 100) { nodes { id name } } } } }' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: { extensions: unknown }[] }).errors[0].extensions).toEqual({
      code: 'QUERY_TOO_COSTLY',
      limit: 'maxCost',
      limitValue: 250_000,
    });
    expect((await post({ query: '{ territories(first: 100) { nodes { id children(first: 20) { nodes { id name } } } } }' })).status).toBe(
      200,
    );
  });

  it('lets every operation the project itself sends through: the README examples and the persisted operations fit the limits', () => {
    const supergraph = readFileSync(path.resolve(__dirname, '..', 'supergraph.graphql'), 'utf8');
    const schema = Supergraph.build(supergraph.replace(/, for: SECURITY/g, ''))
      .apiSchema()
      .toGraphQLJSSchema();
    const readme = readFileSync(path.resolve(__dirname, '..', '..', 'README.md'), 'utf8');
    const examples = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)]
      .map((m) => m[1])
      .filter((q) => !q.trim().startsWith('extend schema'));
    expect(examples.length).toBeGreaterThan(4);
    const manifest = JSON.parse(readFileSync(path.resolve(__dirname, '..', 'persisted-operations.json'), 'utf8')) as {
      operations: { body: string }[];
    };
    expect(manifest.operations.length).toBeGreaterThan(4);
    for (const query of [...examples, ...manifest.operations.map((o) => o.body)])
      expect({ query, refused: checkLimits(schema, query, DEFAULT_LIMITS).error?.message ?? null }).toEqual({ query, refused: null });
  });
});

describe('errors as the GraphQL-over-HTTP spec wants them', () => {
  it.each([
    ['two anonymous operations', { query: '{ __typename } { __typename }' }],
    ['two named operations without operationName', { query: 'query A { __typename } query B { __typename }' }],
    ['an operationName the document does not define', { query: 'query A { __typename }', operationName: 'Z' }],
    ['a subscription over POST', { query: 'subscription { __typename }' }],
  ])('answers %s with a 4xx and a GraphQL error', async (_what, body) => {
    const res = await post(body);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    const json = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(json.errors[0].extensions.code).toMatch(/^(GRAPHQL_VALIDATION_FAILED|OPERATION_RESOLUTION_FAILURE|BAD_REQUEST)$/);
  });

  it('answers a 5 MB body with a 413 and a JSON error, and malformed JSON with a 400', async () => {
    const big = await post({ query: `{ territory(id: "${'x'.repeat(5 * 2 ** 20)}") { id } }` });
    expect(big.status).toBe(413);
    expect(big.headers.get('content-type')).toMatch(/application\/json/);
    expect(((await big.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    const malformed = await post('{"query": ');
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('gives every answer a request id, and keeps the one a caller sends', async () => {
    expect((await post({ query: '{ __typename }' })).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect((await post({ query: '{ __typename }' }, { 'x-request-id': 'dash-42' })).headers.get('x-request-id')).toBe('dash-42');
  });
});
