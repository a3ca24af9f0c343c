import { signToken } from '@cultura/auth';
import { EnvError, parseEnv } from '@cultura/service-kit';
import { rateLimitConfig, rateLimitEnvSpec } from '../src/rate-limit';
import { bearer, capturingLogger, request, startApp, statuses, type TestApp } from './rate-limit-helpers';

const apps: TestApp[] = [];
async function app(options: Parameters<typeof startApp>[0]): Promise<TestApp> {
  const started = await startApp(options);
  apps.push(started);
  return started;
}
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.stop()));
});

const get = (url: string, authorization?: string, extra: Record<string, string> = {}) =>
  fetch(url, { headers: { ...(authorization ? { authorization } : {}), ...extra } });

describe('rate limit per caller (in memory)', () => {
  it('answers the (n+1)th request of a caller with 429, Retry-After and a RATE_LIMITED error', async () => {
    const { log, lines } = capturingLogger();
    const a = await app({ points: 3, windowSeconds: 60, log });
    const ana = bearer('ana');

    for (const remaining of [2, 1, 0]) {
      const res = await get(a.url, ana);
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-limit')).toBe('3');
      expect(res.headers.get('ratelimit-remaining')).toBe(String(remaining));
      expect(res.headers.get('ratelimit-policy')).toBe('3;w=60');
      expect(Number(res.headers.get('ratelimit-reset'))).toBeGreaterThanOrEqual(59);
      expect(res.headers.get('retry-after')).toBeNull();
    }

    const refused = await get(a.url, ana, { origin: 'https://dashboards.example' });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toMatch(/^application\/json/);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(59);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
    expect(refused.headers.get('ratelimit-reset')).toBe(String(retryAfter));
    // A dashboard on another origin must be able to read when to retry.
    expect(refused.headers.get('access-control-expose-headers')).toContain('Retry-After');
    expect(refused.headers.get('access-control-expose-headers')).toContain('RateLimit-Remaining');
    expect(await refused.json()).toEqual({
      errors: [
        {
          message: `Too many requests: each caller may make 3 requests per 60 seconds. Retry after ${retryAfter} seconds.`,
          extensions: { code: 'RATE_LIMITED', retryAfterSeconds: retryAfter, limit: 3, windowSeconds: 60 },
        },
      ],
    });

    expect((await get(a.url, ana)).status).toBe(429);
    // One log line per caller and window, however often it is refused.
    const reached = lines.filter((l) => l.msg === 'caller reached the rate limit');
    expect(reached).toEqual([expect.objectContaining({ caller: 'subject', id: 'ana', points: 3, windowSeconds: 60, store: 'process' })]);
    expect(await (await fetch(`http://127.0.0.1:${a.port}/metrics`)).text()).toMatch(
      /cultura_gateway_rate_limited_requests_total\{caller="subject",service="gateway"\} 2\n/,
    );
  });

  it('leaves other callers their own budget: another subject and an anonymous caller', async () => {
    const a = await app({ points: 2, windowSeconds: 60 });
    expect(await statuses(3, () => get(a.url, bearer('ana')))).toEqual([200, 200, 429]);
    expect(await statuses(2, () => get(a.url, bearer('bea')))).toEqual([200, 200]);
    // Same address as ana and bea, yet a full budget: a subject's requests are not its address's.
    expect(await statuses(3, () => get(a.url))).toEqual([200, 200, 429]);
    expect((await get(a.url, bearer('bea'))).status).toBe(429);
  });

  it('counts a request with an invalid token against its address, so a bad token never gets a fresh budget', async () => {
    const a = await app({ points: 3, windowSeconds: 60 });
    const invalid = [
      'Bearer not-a-jwt',
      `Bearer ${signToken({ scopes: [], subject: 'mallory', expiresIn: -10 })}`,
      `Bearer ${signToken({ scopes: [], subject: 'mallory', audience: 'someone-else' })}`,
      'Basic YWxhZGRpbjpvcGVuc2VzYW1l',
    ];
    expect(await statuses(3, () => get(a.url, invalid[0]))).toEqual([200, 200, 200]);
    // Every kind of bad header lands in the same, now empty, address budget, as does no header.
    for (const header of invalid) expect((await get(a.url, header)).status).toBe(429);
    expect((await get(a.url)).status).toBe(429);
    // A valid token is its subject's, whatever the address did.
    expect((await get(a.url, bearer('ana'))).status).toBe(200);
  });

  it('serves a caller again once its window has passed', async () => {
    const a = await app({ points: 2, windowSeconds: 1 });
    const ana = bearer('ana');
    expect(await statuses(3, () => get(a.url, ana))).toEqual([200, 200, 429]);
    const refused = await get(a.url, ana);
    expect(refused.headers.get('retry-after')).toBe('1');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const again = await get(a.url, ana);
    expect(again.status).toBe(200);
    expect(again.headers.get('ratelimit-remaining')).toBe('1');
  });

  it('never limits routes it is not mounted on (health, metrics)', async () => {
    const a = await app({ points: 1, windowSeconds: 60 });
    expect(await statuses(2, () => get(a.url))).toEqual([200, 429]);
    const base = `http://127.0.0.1:${a.port}`;
    expect(await statuses(5, () => get(`${base}/healthz`))).toEqual([200, 200, 200, 200, 200]);
    expect((await get(`${base}/metrics`)).status).toBe(200);
  });

  it('does not count CORS preflights', async () => {
    const a = await app({ points: 1, windowSeconds: 60 });
    expect(await statuses(3, () => fetch(a.url, { method: 'OPTIONS' }))).not.toContain(429);
    expect((await get(a.url)).status).toBe(200);
  });

  it('is off with points 0: no headers, no refusals', async () => {
    const a = await app({ points: 0, windowSeconds: 60 });
    expect(a.middleware.stores).toEqual([]);
    const answers = await Promise.all(Array.from({ length: 20 }, () => get(a.url)));
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(answers[0].headers.get('ratelimit-limit')).toBeNull();
  });
});

describe('client address', () => {
  it('counts distinct client addresses separately and ignores X-Forwarded-For unless proxies are trusted', async () => {
    const a = await app({ points: 2, windowSeconds: 60 });
    const from =
      (localAddress: string, headers: Record<string, string> = {}) =>
      () =>
        request(a.url, { localAddress, headers });
    expect(await statuses(3, from('127.0.0.2'))).toEqual([200, 200, 429]);
    // A forged header does not make the same client someone else.
    expect((await from('127.0.0.2', { 'x-forwarded-for': '198.51.100.9' })()).status).toBe(429);
    expect(await statuses(2, from('127.0.0.3'))).toEqual([200, 200]);
  });

  it('takes the client address from X-Forwarded-For when the proxy in front is trusted', async () => {
    const a = await app({ points: 2, windowSeconds: 60, trustProxy: ['loopback'] });
    const via = (xff: string) => () => get(a.url, undefined, { 'x-forwarded-for': xff });
    expect(await statuses(3, via('203.0.113.7'))).toEqual([200, 200, 429]);
    expect(await statuses(2, via('203.0.113.8'))).toEqual([200, 200]);
    // A client-supplied entry in front of the proxy's own does not help: only the proxy's is believed.
    expect((await via('198.51.100.1, 203.0.113.7')()).status).toBe(429);
  });

  it('trusts exactly the configured number of proxy hops', async () => {
    const a = await app({ points: 1, windowSeconds: 60, trustProxy: 1 });
    expect(await statuses(2, () => get(a.url, undefined, { 'x-forwarded-for': '198.51.100.1, 203.0.113.7' }))).toEqual([200, 429]);
    // One hop trusted: the Ingress's entry (the last) is the client; whatever the client wrote before it is not.
    expect((await get(a.url, undefined, { 'x-forwarded-for': '203.0.113.7' })).status).toBe(429);
    expect((await get(a.url, undefined, { 'x-forwarded-for': '198.51.100.1' })).status).toBe(200);
  });

  it('counts an IPv6 client by its /64 and an IPv4-mapped address as IPv4', async () => {
    const a = await app({ points: 2, windowSeconds: 60, trustProxy: ['loopback'] });
    const via = (xff: string) => get(a.url, undefined, { 'x-forwarded-for': xff });
    expect((await via('2001:db8::1')).status).toBe(200);
    expect((await via('2001:db8::ffff:2')).status).toBe(200);
    expect((await via('2001:db8::3')).status).toBe(429);
    expect((await via('2001:db8:0:1::1')).status).toBe(200);
    expect((await via('::ffff:203.0.113.9')).status).toBe(200);
    expect((await via('203.0.113.9')).status).toBe(200);
    expect((await via('203.0.113.9')).status).toBe(429);
  });
});

describe('configuration', () => {
  const config = (source: Record<string, string>) => rateLimitConfig(parseEnv(rateLimitEnvSpec, source));

  it('defaults to 600 requests per 60 seconds, in memory, trusting no proxy', () => {
    expect(config({})).toEqual({ points: 600, windowSeconds: 60, redisUrl: undefined, trustProxy: false });
  });

  it('reads the limit, Redis and the trusted proxies', () => {
    expect(
      config({ RATE_LIMIT_POINTS: '0', RATE_LIMIT_WINDOW_SECONDS: '10', REDIS_URL: 'redis://redis:6379/0', TRUST_PROXY: '1' }),
    ).toEqual({ points: 0, windowSeconds: 10, redisUrl: 'redis://redis:6379/0', trustProxy: 1 });
    expect(config({ TRUST_PROXY: '10.0.0.0/8, loopback' }).trustProxy).toEqual(['10.0.0.0/8', 'loopback']);
  });

  it.each([
    [{ RATE_LIMIT_POINTS: '-1' }, /RATE_LIMIT_POINTS must be ≥ 0/],
    [{ RATE_LIMIT_WINDOW_SECONDS: '0' }, /RATE_LIMIT_WINDOW_SECONDS must be ≥ 1/],
    [{ REDIS_URL: 'http://redis:6379' }, /REDIS_URL must use redis or rediss/],
    [{ TRUST_PROXY: 'true' }, /TRUST_PROXY=true would let any client choose its own address/],
    [{ TRUST_PROXY: 'the-ingress' }, /TRUST_PROXY must be a hop count or proxy addresses/],
  ])('refuses %j', (source, message) => {
    expect(() => config(source)).toThrow(EnvError);
    expect(() => config(source)).toThrow(message);
  });
});
