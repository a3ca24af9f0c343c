import { signToken, startTestGateway, startTestService, GraphQLTestClient, type TestGateway, type TestService } from '@cultura/testkit';
import { territoriesService } from '@cultura/territories';
import { redCulturaService } from '@cultura/red-cultura';
import { redGestionService } from '@cultura/red-gestion';

/**
 * The gateway's response cache, on a real stack: answers of public queries are kept, a change drops them
 * (a mutation through the gateway at once; a change made anywhere else within the change feed's latency),
 * and personal data is never kept.
 */
let territories: TestService;
let redCultura: TestService;
let redGestion: TestService;
let gateway: TestGateway;

beforeAll(async () => {
  territories = await startTestService(territoriesService);
  [redCultura, redGestion] = await Promise.all([
    startTestService(redCulturaService({ territoriesUrl: territories.url })),
    startTestService(redGestionService({ territoriesUrl: territories.url })),
  ]);
  gateway = await startTestGateway(
    [
      { name: 'territories', url: territories.url },
      { name: 'red-cultura', url: redCultura.url },
      { name: 'red-gestion', url: redGestion.url },
    ],
    { env: { RESPONSE_CACHE: 'true', RESPONSE_CACHE_TTL_SECONDS: '300' } },
  );
});
afterAll(async () => {
  await gateway?.stop();
  await Promise.all([redCultura?.stop(), redGestion?.stop()]);
  await territories?.stop();
});

const ask = async (query: string, token?: string) => {
  const res = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return {
    status: res.status,
    cache: res.headers.get('x-cache'),
    age: res.headers.get('age'),
    control: res.headers.get('cache-control'),
    body: (await res.json()) as { data?: Record<string, any>; errors?: unknown[] },
  };
};

const ACTIVITIES = `{ redCultura { actions(first: 100) { totalCount nodes { id title } } } }`;
const WRITER = () => signToken({ scopes: ['red-cultura:write'] });
const record = (client: GraphQLTestClient, title: string) =>
  client.data(
    `mutation($input: RecordActivityInput!) { recordActivity(input: $input) { id } }`,
    { input: { kind: 'TRAINING', title, territoryIds: ['CL:01405'] } },
    { token: WRITER() },
  );

describe('the response cache', () => {
  it('serves a public query again from the cache, saying so, with Cache-Control and Age', async () => {
    const first = await ask(ACTIVITIES);
    expect(first).toMatchObject({ status: 200, cache: 'MISS', control: 'public, max-age=300' });
    const second = await ask(ACTIVITIES);
    expect(second).toMatchObject({ status: 200, cache: 'HIT', age: expect.stringMatching(/^\d+$/) });
    expect(second.body).toEqual(first.body);
  });

  it('keys answers by the caller’s scopes, and keeps them private to a token holder', async () => {
    const withToken = await ask(ACTIVITIES, WRITER());
    expect(withToken).toMatchObject({ cache: 'MISS', control: 'private, max-age=300' });
    expect((await ask(ACTIVITIES, WRITER())).cache).toBe('HIT');
  });

  it('drops what a mutation through the gateway changed, at once', async () => {
    const before = (await ask(ACTIVITIES)).body.data!.redCultura.actions.totalCount;
    await record(gateway.client, 'Taller de mediación en Pica (por el gateway)');
    const after = await ask(ACTIVITIES);
    expect(after.cache).toBe('MISS');
    expect(after.body.data!.redCultura.actions.totalCount).toBe(before + 1);
  });

  it('drops what changed in a program service by any other way, within the change feed’s latency', async () => {
    // The previous test's mutation also reaches the feed watcher a poll later, dropping the answer once
    // more; wait until the answer is served from the cache again, so what follows starts from a HIT.
    const settled = Date.now();
    let cached = await ask(ACTIVITIES);
    while (cached.cache !== 'HIT' && Date.now() - settled < 5000) {
      await new Promise((r) => setTimeout(r, 50));
      cached = await ask(ACTIVITIES);
    }
    expect(cached.cache).toBe('HIT');
    const before = cached.body.data!.redCultura.actions.totalCount;
    // Straight to the service, as an import or another replica would: the gateway sees only the feed.
    await record(redCultura.client, 'Taller de archivo en Pica (directo al servicio)');
    const started = Date.now();
    let seen = before;
    while (seen === before && Date.now() - started < 5000) {
      seen = (await ask(ACTIVITIES)).body.data!.redCultura.actions.totalCount;
      if (seen === before) await new Promise((r) => setTimeout(r, 50));
    }
    expect(seen).toBe(before + 1);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('never keeps personal data, and does not mix another program’s change into this one’s answers', async () => {
    const PII = `{ redGestion { entities(first: 5) { nodes { id servants { nodes { name } } } } } }`;
    const reader = signToken({ scopes: ['pii:read'] });
    const first = await ask(PII, reader);
    expect(first).toMatchObject({ status: 200, control: 'no-store', cache: null });
    expect((await ask(PII, reader)).cache).toBeNull();
    const TERRITORY = `{ territory(id: "CL:01405") { name } }`;
    await ask(TERRITORY);
    await record(gateway.client, 'Otro taller en Pica');
    // A Red Cultura mutation leaves answers that read only the territories service in place.
    expect((await ask(TERRITORY)).cache).toBe('HIT');
  });

  it('keeps nothing for an answer with errors', async () => {
    const broken = `{ territory(id: "CL:01405") { name } redCultura { actions(first: 1, after: "not-a-cursor") { totalCount } } }`;
    expect((await ask(broken)).control).toBe('no-store');
    expect((await ask(broken)).cache).toBeNull();
  });
});
