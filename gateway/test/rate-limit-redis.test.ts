/**
 * Rate limits shared through the Redis on this machine (and CI's) at 127.0.0.1:6379, and what happens
 * when it is unreachable. Each run uses its own key prefix and deletes its keys afterwards.
 */
import net from 'node:net';
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { freePort } from '@cultura/testkit';
import { bearer, capturingLogger, startApp, statuses, type TestApp } from './rate-limit-helpers';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `cultura-test:rate-limit:${randomUUID()}`;
let admin: Redis;

const apps: TestApp[] = [];
async function replica(options: Parameters<typeof startApp>[0]): Promise<TestApp> {
  const started = await startApp({ keyPrefix: prefix, ...options });
  apps.push(started);
  return started;
}

beforeAll(async () => {
  admin = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await admin.connect().catch((err: Error) => {
    throw new Error(`these tests need Redis at ${REDIS_URL} (set TEST_REDIS_URL for another): ${err.message}`);
  });
});
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.stop()));
  const keys = await admin.keys(`${prefix}:*`);
  if (keys.length) await admin.del(...keys);
});
afterAll(async () => {
  await admin?.quit();
});

const get = (url: string, authorization?: string) => fetch(url, { headers: authorization ? { authorization } : {} });

describe('rate limit shared through Redis', () => {
  it('gives a caller one budget across two gateway replicas', async () => {
    const a = await replica({ points: 4, windowSeconds: 60, redisUrl: REDIS_URL });
    const b = await replica({ points: 4, windowSeconds: 60, redisUrl: REDIS_URL });
    expect(a.middleware.stores).toEqual(['redis', 'process']);
    const ana = bearer('ana');

    const remaining = [];
    for (const url of [a.url, b.url, a.url, b.url]) {
      const res = await get(url, ana);
      expect(res.status).toBe(200);
      remaining.push(res.headers.get('ratelimit-remaining'));
    }
    expect(remaining).toEqual(['3', '2', '1', '0']);
    const refused = await get(a.url, ana);
    expect(refused.status).toBe(429);
    expect((await get(b.url, ana)).status).toBe(429);
    expect(await refused.json()).toMatchObject({ errors: [{ extensions: { code: 'RATE_LIMITED', limit: 4, windowSeconds: 60 } }] });

    // The counter lives in Redis, under this run's prefix, and expires with the window. Each replica
    // asked Redis once more and then refuses ana from memory until the window ends.
    expect((await get(a.url, ana)).status).toBe(429);
    expect(await admin.get(`${prefix}:sub:ana`)).toBe('6');
    const ttl = await admin.ttl(`${prefix}:sub:ana`);
    expect(ttl).toBeGreaterThan(55);
    expect(ttl).toBeLessThanOrEqual(60);
    // Another caller is untouched on either replica.
    expect((await get(b.url, bearer('bea'))).status).toBe(200);
  });

  it('keeps serving with local counters and a logged warning when Redis is unreachable, never a 500', async () => {
    const closedPort = await freePort();
    const { log, lines, messages } = capturingLogger();
    const started = Date.now();
    const a = await replica({ points: 3, windowSeconds: 60, redisUrl: `redis://127.0.0.1:${closedPort}`, log });
    expect(Date.now() - started).toBeLessThan(3_000);

    expect(await statuses(5, () => get(a.url, bearer('ana')))).toEqual([200, 200, 200, 429, 429]);
    const warnings = lines.filter((l) => l.msg.startsWith('rate-limit store redis is unreachable'));
    expect(warnings).toEqual([expect.objectContaining({ store: 'redis', err: expect.stringContaining('ECONNREFUSED') })]);
    expect(warnings[0].msg).toContain('counted in this process alone');
    expect(messages('error')).toEqual([]);
    const metrics = await (await fetch(`http://127.0.0.1:${a.port}/metrics`)).text();
    expect(metrics).toMatch(/cultura_gateway_rate_limit_store_fallbacks_total\{store="redis",service="gateway"\} 5\n/);
  });

  it('falls back while Redis is down mid-way, and shares counters again once it is back', async () => {
    const proxy = await startCuttableProxy(REDIS_URL);
    try {
      const { log, messages } = capturingLogger();
      const a = await replica({ points: 100, windowSeconds: 60, redisUrl: proxy.url, log });
      const ana = bearer('ana');
      expect((await get(a.url, ana)).status).toBe(200);
      expect(await admin.get(`${prefix}:sub:ana`)).toBe('1');

      proxy.cut();
      expect(await statuses(3, () => get(a.url, ana))).toEqual([200, 200, 200]);
      expect(await admin.get(`${prefix}:sub:ana`)).toBe('1');
      expect(messages('warn').some((m) => m.startsWith('rate-limit store redis is unreachable'))).toBe(true);

      proxy.restore();
      await waitFor(() => messages('info').some((m) => m.startsWith('rate-limit store redis answers again')), 10_000);
      expect((await get(a.url, ana)).status).toBe(200);
      expect(await admin.get(`${prefix}:sub:ana`)).toBe('2');
    } finally {
      // Replicas first: ioredis waits up to 2 s for a socket whose far end has already vanished.
      await Promise.all(apps.splice(0).map((a) => a.stop()));
      await proxy.close();
    }
  });
});

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A TCP relay to Redis whose link can be cut (connections dropped and refused) and restored. */
async function startCuttableProxy(target: string): Promise<{ url: string; cut(): void; restore(): void; close(): Promise<void> }> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<net.Socket>();
  let down = false;
  const server = net.createServer((client) => {
    if (down) return void client.destroy();
    const upstream = net.connect(Number(port), hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: own } = server.address() as net.AddressInfo;
  const dropAll = () => sockets.forEach((s) => s.destroy());
  return {
    url: `redis://127.0.0.1:${own}`,
    cut: () => {
      down = true;
      dropAll();
    },
    restore: () => {
      down = false;
    },
    close: async () => {
      dropAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
