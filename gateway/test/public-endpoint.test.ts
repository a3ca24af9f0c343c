import { DEV_PUBLIC_KEY_FILE } from '@cultura/auth';
import { signToken, startTestGateway, startTestService, type TestGateway, type TestService } from '@cultura/testkit';
import { territoriesService } from '@cultura/territories';
import { startFakeSubgraph, type FakeSubgraph } from './fake-subgraph';

/**
 * The public endpoint as a dashboard (or an abuser) meets it: text PostgreSQL cannot store, a caller
 * over its budget, tokens that never expire, GET for queries, and a fault that must not reach a client.
 */
let territories: TestService;
let gateway: TestGateway;

beforeAll(async () => {
  territories = await startTestService(territoriesService);
  gateway = await startTestGateway([{ name: 'territories', url: territories.url }], {
    env: { RATE_LIMIT_POINTS: '8', RATE_LIMIT_WINDOW_SECONDS: '60' },
  });
});
afterAll(async () => {
  await gateway?.stop();
  await territories?.stop();
});

type Body = { data?: Record<string, unknown> | null; errors?: { message: string; extensions: Record<string, unknown> }[] };
const post = async (query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) => {
  const res = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { res, body: (await res.json()) as Body };
};
/** Each test speaks as its own caller, so that the rate limit counts only its own requests. */
const as = (subject: string) => ({ authorization: `Bearer ${signToken({ scopes: [], subject })}` });

describe('text PostgreSQL cannot store', () => {
  it('answers a NUL byte in a string argument with BAD_USER_INPUT naming the argument', async () => {
    const { res, body } = await post(
      'query($q: String) { territories(search: $q, first: 5) { totalCount } }',
      { q: 'Pica\u0000' },
      as('nul'),
    );
    expect(res.status).toBe(400);
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'search' });
    expect(JSON.stringify(body)).not.toMatch(/0x00|invalid byte sequence|UTF8/);
  });

  it('finds the same byte written into the query text itself', async () => {
    const { body } = await post('{ territories(search: "Pi\\u0000ca", first: 5) { totalCount } }', {}, as('nul-inline'));
    expect(body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'search' });
  });
});

describe('rate limits', () => {
  it('answers a caller past its budget with 429, Retry-After and RATE_LIMITED, and leaves other callers alone', async () => {
    const statuses: number[] = [];
    let refused: Response | undefined;
    for (let i = 0; i < 10; i++) {
      const { res } = await post('{ __typename }', {}, as('busy-dashboard'));
      statuses.push(res.status);
      if (res.status === 429) refused ??= res;
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 429, 429]);
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused!.headers.get('ratelimit-remaining')).toBe('0');
    const again = await post('{ __typename }', {}, as('busy-dashboard'));
    expect(again.body.errors![0].extensions.code).toBe('RATE_LIMITED');
    expect((await post('{ __typename }', {}, as('quiet-dashboard'))).res.status).toBe(200);
  });
});

describe('tokens', () => {
  it.each([
    ['without an expiry', signToken({ scopes: [], subject: 'forever', expiresIn: null })],
    ['living 30 days', signToken({ scopes: [], subject: 'month', expiresIn: '30d' })],
  ])('refuses a validly signed token %s with 401', async (_what, token) => {
    const { res, body } = await post('{ __typename }', {}, { authorization: `Bearer ${token}` });
    expect(res.status).toBe(401);
    expect(body.errors![0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('GET for queries', () => {
  it('answers a query sent by GET, with Cache-Control, and refuses a mutation by GET', async () => {
    const url = `${gateway.url}?query=${encodeURIComponent('{ territory(id: "CL:01405") { name } }')}`;
    // As a CDN or a plain link would send it: no content type, no Apollo header.
    const res = await fetch(url, { headers: as('get') });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Body).data).toEqual({ territory: { name: 'Pica' } });
    expect(res.headers.get('cache-control')).toMatch(/max-age=\d+|no-store/);
    const mutation = await fetch(`${gateway.url}?query=${encodeURIComponent('mutation { __typename }')}`, { headers: as('get') });
    expect(mutation.status).toBe(405);
  });
});

describe('in production', () => {
  let fake: FakeSubgraph;
  let production: TestGateway;
  beforeAll(async () => {
    fake = await startFakeSubgraph();
    production = await startTestGateway([fake], { env: { NODE_ENV: 'production', AUTH_PUBLIC_KEY_FILE: DEV_PUBLIC_KEY_FILE } });
  });
  afterAll(async () => {
    await production?.stop();
    await fake?.stop();
  });

  it('never passes a service’s fault text to a client: INTERNAL_SERVER_ERROR with the request id', async () => {
    const res = await fetch(production.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'dash-fault-1' },
      body: JSON.stringify({ query: '{ broken hello }' }),
    });
    const body = (await res.json()) as Body;
    expect(body.data).toEqual({ broken: null, hello: 'hola' });
    expect(body.errors).toEqual([
      { message: 'Internal server error', path: ['broken'], extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'dash-fault-1' } },
    ]);
    expect(JSON.stringify(body)).not.toMatch(/secret_table|relation|stack/);
  });
});
