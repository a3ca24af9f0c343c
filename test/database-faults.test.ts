/**
 * A service's embedded PostgreSQL killed (SIGKILL) under a stream of writes: the service says it is not
 * ready, gets its database restarted, reconnects by itself, keeps every write it acknowledged, and
 * answers every other one with DATABASE_UNAVAILABLE and no database text. Real processes throughout.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureDatabase } from '@cultura/db';
import { freePorts, processesUsing, startPostgresServer, signToken, startServiceProcess, type ServiceProcess } from '@cultura/testkit';

const postmasterPid = (postgresDir: string) => Number(readFileSync(path.join(postgresDir, 'postmaster.pid'), 'utf8').split('\n')[0]);

const ADD = 'mutation Add($input: AddLocalTerritoryInput!) { addLocalTerritory(input: $input) { id } }';

interface Write {
  name: string;
  status: number;
  id?: string;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/**
 * Four loops write through `service` while a fifth probes its `/readyz`; `killDatabase` kills its
 * PostgreSQL (and says how to check the restart); then every acknowledged write must be stored, every
 * refused one must have been refused with DATABASE_UNAVAILABLE and no database text, and the service
 * must have said it was not ready meanwhile and be ready again.
 */
async function writesThroughDatabaseKill(
  service: ServiceProcess,
  killDatabase: () => Promise<{ restarted: () => Promise<void> }>,
): Promise<void> {
  const token = signToken({ scopes: ['territories:write'] });
  const readyz = new URL('/readyz', service.url).toString();
  const writes: Write[] = [];
  const readiness: { http: number; status?: string; reason?: string }[] = [];
  let running = true;
  let n = 0;
  const writer = async () => {
    while (running) {
      const name = `Barrio de la falla ${++n}`;
      const res = await fetch(service.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: ADD, variables: { input: { parentId: 'CL:01107', name, kind: 'NEIGHBOURHOOD' } } }),
      });
      const body = (await res.json()) as { data?: { addLocalTerritory?: { id: string } | null } | null; errors?: Write['errors'] };
      writes.push({ name, status: res.status, id: body.data?.addLocalTerritory?.id, errors: body.errors });
      await sleep(20);
    }
  };
  const prober = async () => {
    while (running) {
      const res = await fetch(readyz);
      readiness.push({ http: res.status, ...((await res.json()) as { status?: string; reason?: string }) });
      await sleep(100);
    }
  };
  const loops = [writer(), writer(), writer(), writer(), prober()];

  await sleep(1_500);
  const { restarted } = await killDatabase();
  // Until the service has written again after the kill, and a little longer.
  const killedAt = writes.length;
  for (const until = Date.now() + 60_000; Date.now() < until; await sleep(100)) {
    if (writes.slice(killedAt).some((w) => w.errors) && writes.slice(-20).filter((w) => w.id).length >= 20) break;
  }
  running = false;
  await Promise.all(loops);

  const acknowledged = writes.filter((w) => w.id);
  const refused = writes.filter((w) => !w.id);
  // The kill was felt: writes were refused, and the probe said not ready meanwhile.
  expect(refused.length).toBeGreaterThan(0);
  expect(readiness).toContainEqual({ http: 503, status: 'not-ready', reason: 'database unavailable' });
  expect(readiness.at(-1)).toEqual({ http: 200, status: 'ready' });
  // Every refusal: a GraphQL answer (no 5xx), DATABASE_UNAVAILABLE, no database text.
  expect(refused.filter((w) => w.status >= 500)).toEqual([]);
  const errors = refused.flatMap((w) => w.errors ?? []);
  expect(errors.filter((e) => e.extensions?.code !== 'DATABASE_UNAVAILABLE')).toEqual([]);
  expect(
    refused.flatMap((w) => w.errors?.map((e) => e.message) ?? []).filter((m) => /ECONN|postgres|terminat|127\.0\.0\.1/i.test(m)),
  ).toEqual([]);

  // A new PostgreSQL on the same data, and every acknowledged write in it.
  await restarted();
  const stored = new Map<string, string>();
  for (let after: string | null = null, more = true; more;) {
    const res = await fetch(service.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query:
          'query Page($after: String) { territory(id: "CL:01107") { children(first: 1000, after: $after) { nodes { id name } pageInfo { hasNextPage endCursor } } } }',
        variables: { after },
      }),
    });
    type Page = { nodes: { id: string; name: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
    const page = ((await res.json()) as { data: { territory: { children: Page } } }).data.territory.children;
    for (const t of page.nodes) stored.set(t.id, t.name);
    after = page.pageInfo.endCursor;
    more = page.pageInfo.hasNextPage;
  }
  const lost = acknowledged.filter((w) => stored.get(w.id!) !== w.name);
  expect({ acknowledged: acknowledged.length > 20, lost }).toEqual({ acknowledged: true, lost: [] });
}

describe('a service whose embedded PostgreSQL is killed under writes', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cultura-db-faults-'));
  const postgresDir = path.join(dataDir, 'territories', 'postgres');
  let service: ServiceProcess;

  beforeAll(async () => {
    // As root, PostgreSQL runs as the `postgres` user and must get in.
    chmodSync(dataDir, 0o755);
    const [port, postgresPort] = await freePorts(2);
    service = await startServiceProcess({
      name: 'territories',
      port,
      env: { DATA_DIR: dataDir, EMBEDDED_POSTGRES_PORT: String(postgresPort), DATABASE_URL: undefined },
    });
  }, 120_000);
  afterAll(async () => {
    await service?.stop();
    for (const pid of processesUsing(dataDir)) process.kill(pid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses no acknowledged write, refuses the others with DATABASE_UNAVAILABLE, and heals by itself', async () => {
    await writesThroughDatabaseKill(service, async () => {
      const killed = postmasterPid(postgresDir);
      process.kill(killed, 'SIGKILL');
      // The service restarts it: a new postmaster on the same data.
      return { restarted: async () => expect(postmasterPid(postgresDir)).not.toBe(killed) };
    });
  }, 120_000);

  it('leaves no PostgreSQL behind when it stops, and stops the one a killed instance left on its next start', async () => {
    await service.kill('SIGKILL');
    const orphan = postmasterPid(postgresDir);
    expect(processesUsing(postgresDir)).toContain(orphan);
    await service.restart();
    expect(processesUsing(postgresDir)).not.toContain(orphan);
    await service.stop();
    expect(processesUsing(postgresDir)).toEqual([]);
  }, 120_000);
});

describe('a service on DATABASE_URL whose PostgreSQL is killed under writes and restarted by its operator', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cultura-db-url-faults-'));
  const postgresDir = path.join(dataDir, 'postgres');
  let postgresPort: number;
  let service: ServiceProcess;

  beforeAll(async () => {
    chmodSync(dataDir, 0o755);
    const [port, pgPort] = await freePorts(2);
    postgresPort = pgPort;
    // A server of its own, which this test may kill: not the one the other test files share.
    const server = await startPostgresServer(postgresDir, postgresPort);
    await ensureDatabase(server.adminUrl, 'territories');
    service = await startServiceProcess({ name: 'territories', port, env: { DATABASE_URL: server.urlFor('territories') } });
  }, 120_000);
  afterAll(async () => {
    await service?.stop();
    for (const pid of processesUsing(dataDir)) process.kill(pid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses no acknowledged write, refuses the others with DATABASE_UNAVAILABLE, and reconnects by itself', async () => {
    await writesThroughDatabaseKill(service, async () => {
      process.kill(postmasterPid(postgresDir), 'SIGKILL');
      // Not the service's to restart: the server comes back 2 s later, as an operator's would.
      const back = sleep(2_000).then(() => startPostgresServer(postgresDir, postgresPort));
      return { restarted: async () => void (await back) };
    });
  }, 120_000);
});
