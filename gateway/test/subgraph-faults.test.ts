import { setTimeout as sleep } from 'node:timers/promises';
import {
  createTestDatabase,
  startServiceProcess,
  startTestGateway,
  startTestService,
  type ServiceProcess,
  type TestDatabase,
  type TestGateway,
  type TestService,
} from '@cultura/testkit';
import { territoriesService } from '@cultura/territories';
import { startFakeSubgraph, type FakeSubgraph } from './fake-subgraph';

interface Outcome {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string; serviceName?: string } }[] };
  at: number;
}

async function post(url: string, query: string): Promise<Outcome> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  return { status: res.status, body: (await res.json()) as Outcome['body'], at: Date.now() };
}

/** Sends `query` from `concurrency` loops until `stop` is set; every answer is kept. */
function load(url: string, query: string, concurrency: number): { outcomes: Outcome[]; stop: () => Promise<void> } {
  const outcomes: Outcome[] = [];
  let running = true;
  const loops = Array.from({ length: concurrency }, async () => {
    while (running) {
      outcomes.push(await post(url, query).catch(() => ({ status: 0, body: {}, at: Date.now() })));
      await sleep(10);
    }
  });
  return {
    outcomes,
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}

const UNRELATED = '{ territory(id: "CL:01107") { id name } }';
// Territories from one subgraph, a red-gestion field on the second: partial data is possible.
const TOUCHING = '{ chile: territory(id: "CL:01107") { id name } lima: territory(id: "PE:15") { id redGestion { memberEntities } } }';

describe('a program service killed under load (SIGKILL), then restarted', () => {
  let territories: TestService;
  let database: TestDatabase;
  let redGestion: ServiceProcess;
  let gateway: TestGateway;

  beforeAll(async () => {
    territories = await startTestService(territoriesService);
    database = await createTestDatabase('red_gestion_faults');
    redGestion = await startServiceProcess({ name: 'red-gestion', env: { DATABASE_URL: database.url, TERRITORIES_URL: territories.url } });
    gateway = await startTestGateway([
      { name: 'territories', url: territories.url },
      { name: 'red-gestion', url: redGestion.url },
    ]);
  }, 120_000);
  afterAll(async () => {
    await gateway?.stop();
    await redGestion?.stop();
    await territories?.stop();
    await database?.drop();
  });

  it('keeps unrelated queries whole, answers the touching one with partial data and SUBGRAPH_UNAVAILABLE, and heals within 5 s of the restart', async () => {
    const before = await post(gateway.url, TOUCHING);
    expect(before.body.errors).toBeUndefined();

    const unrelated = load(gateway.url, UNRELATED, 3);
    const touching = load(gateway.url, TOUCHING, 3);
    await sleep(500);
    await redGestion.kill('SIGKILL');
    const killedAt = Date.now();
    // The gateway still serves, and says which subgraph is degraded and how (its readiness poll runs every 2 s).
    const expected = { subgraph: 'red-gestion', state: 'not-ready', reason: 'unreachable' };
    let readiness: { status: number; body: { status?: string; degraded?: unknown[] } } = { status: 0, body: {} };
    for (const until = Date.now() + 8_000; Date.now() < until; await sleep(200)) {
      const res = await fetch(`${gateway.baseUrl}/readyz`);
      readiness = { status: res.status, body: (await res.json()) as typeof readiness.body };
      if (
        JSON.stringify(readiness.body.degraded ?? []).includes('"not-ready"') &&
        JSON.stringify(readiness.body.degraded).includes('"open"')
      )
        break;
    }
    expect(readiness).toEqual({
      status: 200,
      body: { status: 'ready', degraded: expect.arrayContaining([expected, { subgraph: 'red-gestion', state: 'open' }]) },
    });
    await sleep(500);
    const restartedAt = Date.now();
    await redGestion.restart();
    const readyAt = Date.now();
    // Until the touching query has succeeded again, at most 5 s after the service is ready.
    while (Date.now() - readyAt < 6_000 && !touching.outcomes.some((o) => o.at > readyAt && !o.body.errors)) await sleep(50);
    await sleep(500);
    await Promise.all([unrelated.stop(), touching.stop()]);

    // Unrelated: every answer whole, throughout.
    expect(unrelated.outcomes.length).toBeGreaterThan(50);
    expect(unrelated.outcomes.filter((o) => o.status !== 200 || o.body.errors)).toEqual([]);

    // Touching: never a 5xx; while the service was down, the other subgraph's data and an error naming the missing one.
    expect(touching.outcomes.filter((o) => o.status !== 200)).toEqual([]);
    const down = touching.outcomes.filter((o) => o.at > killedAt + 200 && o.at < restartedAt);
    expect(down.length).toBeGreaterThan(10);
    for (const o of down) {
      expect(o.body.data).toEqual({ chile: { id: 'CL:01107', name: 'Alto Hospicio' }, lima: null });
      expect(o.body.errors?.map((e) => [e.extensions?.code, e.extensions?.serviceName])).toEqual([['SUBGRAPH_UNAVAILABLE', 'red-gestion']]);
    }

    const healed = touching.outcomes.find((o) => o.at > readyAt && !o.body.errors);
    expect(healed).toBeDefined();
    expect(healed!.at - readyAt).toBeLessThanOrEqual(5_000);
    expect(healed!.body.data).toEqual({
      chile: { id: 'CL:01107', name: 'Alto Hospicio' },
      lima: { id: 'PE:15', redGestion: { memberEntities: expect.any(Number) } },
    });
  }, 120_000);
});

describe('a hanging subgraph', () => {
  let territories: TestService;
  let echo: FakeSubgraph;
  let gateway: TestGateway;

  beforeAll(async () => {
    territories = await startTestService(territoriesService);
    echo = await startFakeSubgraph('echo');
    gateway = await startTestGateway(
      [
        { name: 'territories', url: territories.url },
        { name: echo.name, url: echo.url, typeDefs: echo.typeDefs },
      ],
      { env: { SUBGRAPH_TIMEOUT_MS: '300' } },
    );
  });
  afterAll(async () => {
    await gateway?.stop();
    await echo?.stop();
    await territories?.stop();
  });

  it('is failed fast once its circuit opens, shows as degraded, leaves the others alone, and is used again once it answers', async () => {
    // Six different calls (identical ones in flight would be shared as one).
    const hanging = await Promise.all(Array.from({ length: 6 }, (_, i) => post(gateway.url, `{ slow(ms: ${5000 + i}) }`)));
    expect(hanging.map((o) => o.body.errors?.[0]?.extensions?.code)).toEqual(Array(6).fill('SUBGRAPH_TIMEOUT'));

    // Open: refused at once, without waiting for the timeout.
    const started = Date.now();
    const fast = await post(gateway.url, '{ slow(ms: 5000) }');
    // Well under the 300 ms timeout each call would otherwise wait.
    expect(Date.now() - started).toBeLessThan(250);
    expect(fast.status).toBe(200);
    expect(fast.body.errors?.map((e) => [e.extensions?.code, e.extensions?.serviceName])).toEqual([['SUBGRAPH_UNAVAILABLE', 'echo']]);

    const ready = await fetch(`${gateway.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', degraded: [{ subgraph: 'echo', state: 'open' }] });
    const metrics = await (await fetch(`${gateway.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/cultura_gateway_subgraph_circuit_state\{[^}]*subgraph="echo"[^}]*\} 2/);
    expect(metrics).toMatch(/cultura_gateway_subgraph_fast_failures_total\{[^}]*subgraph="echo"[^}]*\} [1-9]/);

    const other = await post(gateway.url, UNRELATED);
    expect(other.body).toEqual({ data: { territory: { id: 'CL:01107', name: 'Alto Hospicio' } } });

    // After the probe delay one call goes through; an answer closes the circuit.
    await sleep(2_100);
    const probe = await post(gateway.url, '{ hello }');
    expect(probe.body).toEqual({ data: { hello: 'hola' } });
    expect(await (await fetch(`${gateway.baseUrl}/readyz`)).json()).toEqual({ status: 'ready' });
  }, 30_000);
});
