/**
 * `npm start` as a user runs it: a terminal's Ctrl-C reaches every process of the job at once (its
 * process group), and the data must survive a restart. The test runs what the npm script runs
 * (`tsx scripts/start.ts`) without npm and its `sh -c`: those two report any Ctrl-C as exit 130,
 * whatever the script returns, and the script's own status is what is checked here.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readRegistry } from '@cultura/service-kit/light';
import { freePorts, processesUsing, signToken } from '@cultura/testkit';

const ROOT = path.resolve(__dirname, '..');
const BANNER = 'Cultura Graph is running.';
const START_TIMEOUT_MS = 150_000;
const STOP_TIMEOUT_MS = 60_000;

const subgraphs = readRegistry(ROOT);

class Stack {
  output = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly proc: ChildProcess;

  constructor(env: NodeJS.ProcessEnv) {
    // Its own process group, like a terminal's foreground job, so a signal can go to the whole job.
    this.proc = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/start.ts'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const collect = (chunk: Buffer) => {
      this.output += chunk.toString('utf8');
    };
    this.proc.stdout?.on('data', collect);
    this.proc.stderr?.on('data', collect);
    this.exited = new Promise((resolve) => this.proc.once('exit', (code, signal) => resolve({ code, signal })));
  }

  get running(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }

  async waitForBanner(): Promise<void> {
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (!this.output.includes(BANNER)) {
      if (!this.running) throw new Error(`the stack exited before it was ready:\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`the stack was not ready after ${START_TIMEOUT_MS} ms:\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** What Ctrl-C in a terminal does: SIGINT to every process of the job. */
  interrupt(): void {
    if (this.proc.pid !== undefined) process.kill(-this.proc.pid, 'SIGINT');
  }

  kill(): void {
    if (this.running && this.proc.pid !== undefined) process.kill(-this.proc.pid, 'SIGKILL');
  }
}

async function graphql<T>(port: number, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown[] };
  if (!res.ok || body.errors?.length || !body.data) {
    throw new Error(`HTTP ${res.status}: ${JSON.stringify(body, null, 2)}`);
  }
  return body.data;
}

interface TerritoryView {
  id: string;
  name: string;
  parent: { id: string } | null;
  ancestors: { id: string; level: string }[];
  firstLevel: { id: string; name: string } | null;
}

const ALTO_HOSPICIO = /* GraphQL */ `
  query AltoHospicio {
    territory(id: "CL:01107") {
      id
      name
      parent {
        id
      }
      ancestors {
        id
        level
      }
      firstLevel {
        id
        name
      }
    }
  }
`;

describe('npm start', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cultura-start-'));
  const stacks: Stack[] = [];
  let env: NodeJS.ProcessEnv;
  let gatewayPort: number;

  beforeAll(async () => {
    // mkdtemp makes it private to us; as root, PostgreSQL runs as the `postgres` user and must get in.
    chmodSync(dataDir, 0o755);
    const ports = await freePorts(1 + subgraphs.length * 2);
    gatewayPort = ports[0];
    env = { ...process.env, DATA_DIR: dataDir, PORT: String(gatewayPort), NO_COLOR: '1', LOG_FORMAT: 'pretty', REFERENCE_DATA_DIR: 'none' };
    // A user's shell, not Jest's: the stack runs in development mode with its own embedded databases.
    for (const name of ['NODE_ENV', 'DATABASE_URL', 'EMBEDDED_POSTGRES_PORT', 'LOAD_DEFAULT_DATA']) delete env[name];
    subgraphs.forEach((s, i) => {
      env[`${s.envPrefix}_PORT`] = String(ports[1 + i * 2]);
      env[`${s.envPrefix}_EMBEDDED_POSTGRES_PORT`] = String(ports[2 + i * 2]);
    });
  });

  /** This test's processes running `command` (the services find their data by DATA_DIR, not their arguments). */
  const ofThisTest = (command: string) =>
    processesUsing(command).filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, 'utf8').includes(`DATA_DIR=${dataDir}`);
      } catch {
        return false;
      }
    });

  afterAll(() => {
    for (const stack of stacks) stack.kill();
    // A test that failed half-way may leave services a killed supervisor started in their own groups.
    for (const pid of [...ofThisTest('/src/index.ts'), ...processesUsing(dataDir)]) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Ended meanwhile.
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function startStack(): Promise<Stack> {
    const stack = new Stack(env);
    stacks.push(stack);
    await stack.waitForBanner();
    return stack;
  }

  async function interruptAndExpectCleanStop(stack: Stack): Promise<void> {
    stack.interrupt();
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(resolve, STOP_TIMEOUT_MS, 'timeout').unref());
    const exit = await Promise.race([stack.exited, timeout]);
    if (exit === 'timeout') throw new Error(`the stack did not stop within ${STOP_TIMEOUT_MS} ms after Ctrl-C:\n${stack.output}`);
    expect({ ...exit, output: exit.code === 0 ? '' : stack.output }).toEqual({ code: 0, signal: null, output: '' });
    expect(processesUsing(dataDir)).toEqual([]);
    for (const s of subgraphs) expect(existsSync(path.join(dataDir, s.name, 'postgres', 'postmaster.pid'))).toBe(false);
  }

  let addedId: string;

  test(
    'starts every service and the gateway, answers through the gateway, and stops cleanly on Ctrl-C',
    async () => {
      const stack = await startStack();
      expect(stack.output).toContain(`http://localhost:${gatewayPort}/graphql`);

      const { territory } = await graphql<{ territory: TerritoryView }>(gatewayPort, ALTO_HOSPICIO);
      expect(territory).toMatchObject({ id: 'CL:01107', name: 'Alto Hospicio', parent: { id: 'CL:011' } });
      expect(territory.ancestors.map((a) => a.id)).toEqual(['CL', 'CL:01', 'CL:011']);
      expect(territory.firstLevel).toMatchObject({ id: 'CL:01', name: expect.stringMatching(/Tarapac/) });

      // The ports moved (none is a default), so the wiring must have moved with them: the index reads
      // this stack's feeds, not whatever answers on the default ports.
      type FeedView = { feed: string; appliedChanges: number; lastError: string | null };
      let feeds: FeedView[] = [];
      for (const until = Date.now() + 30_000; Date.now() < until; await new Promise((r) => setTimeout(r, 500))) {
        feeds = (await graphql<{ indexStatus: FeedView[] }>(gatewayPort, '{ indexStatus { feed appliedChanges lastError } }')).indexStatus;
        if (feeds.length && feeds.every((f) => f.appliedChanges > 0 && !f.lastError)) break;
      }
      const byFeed = (a: { feed: string }, b: { feed: string }) => a.feed.localeCompare(b.feed);
      expect(feeds.map((f) => ({ feed: f.feed, applied: f.appliedChanges > 0, lastError: f.lastError })).sort(byFeed)).toEqual(
        subgraphs
          .filter((s) => s.changeFeed)
          .map((s) => ({ feed: s.name, applied: true, lastError: null }))
          .sort(byFeed),
      );

      const token = signToken({ scopes: ['territories:write'] });
      const { addLocalTerritory } = await graphql<{ addLocalTerritory: { id: string } }>(
        gatewayPort,
        /* GraphQL */ `
          mutation Add($input: AddLocalTerritoryInput!) {
            addLocalTerritory(input: $input) {
              id
            }
          }
        `,
        { input: { parentId: 'CL:01107', name: 'Barrio de la prueba de arranque', kind: 'NEIGHBOURHOOD', source: 'test/start.test.ts' } },
        token,
      );
      addedId = addLocalTerritory.id;

      await interruptAndExpectCleanStop(stack);
    },
    START_TIMEOUT_MS + STOP_TIMEOUT_MS + 30_000,
  );

  test(
    'restarts a service killed with SIGKILL, stops the PostgreSQL it left, and keeps the others serving meanwhile',
    async () => {
      const stack = await startStack();
      const entry = 'services/red-gestion/src/index.ts';
      const servicePids = () => ofThisTest(entry);
      const postgresDir = path.join(dataDir, 'red-gestion', 'postgres');
      const [killed] = servicePids();
      const [postgresBefore] = processesUsing(postgresDir);
      expect(killed).toBeDefined();
      expect(postgresBefore).toBeDefined();

      let running = true;
      const failures: string[] = [];
      let answered = 0;
      const unrelated = (async () => {
        while (running) {
          await graphql(gatewayPort, ALTO_HOSPICIO).then(
            () => answered++,
            (err: Error) => failures.push(err.message),
          );
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      })();

      process.kill(killed, 'SIGKILL');
      const touching = '{ territory(id: "PE:15") { id redGestion { memberEntities } } }';
      let healed = false;
      for (const until = Date.now() + 60_000; !healed && Date.now() < until; await new Promise((r) => setTimeout(r, 250))) {
        healed = await graphql(gatewayPort, touching).then(
          () => stack.output.includes('red-gestion was killed by SIGKILL unexpectedly; restarting it'),
          () => false,
        );
      }
      running = false;
      await unrelated;

      expect({ healed, failures }).toEqual({ healed: true, failures: [] });
      expect(answered).toBeGreaterThan(10);
      expect(stack.output).toContain('red-gestion was killed by SIGKILL unexpectedly; restarting it in 1 s (restart 1)');
      // One service process and one PostgreSQL again, both new: the one the killed service left was stopped.
      expect(servicePids()).toHaveLength(1);
      expect(servicePids()).not.toContain(killed);
      const postgresAfter = processesUsing(postgresDir);
      expect(postgresAfter).toHaveLength(1);
      expect(postgresAfter).not.toContain(postgresBefore);

      await interruptAndExpectCleanStop(stack);
    },
    START_TIMEOUT_MS + STOP_TIMEOUT_MS + 90_000,
  );

  test(
    'gives up on a service that keeps failing at start, says so, and serves with the rest',
    async () => {
      // A database nobody listens on: red-gestion exits at every start.
      const stack = new Stack({ ...env, RED_GESTION_DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere' });
      stacks.push(stack);
      await stack.waitForBanner();
      expect(stack.output).toContain('red-gestion exited with code 1 before it was ready, 5 times in a row: giving up on it.');
      expect(stack.output.match(/red-gestion exited with code 1 before it was ready; restarting it/g)).toHaveLength(4);
      expect(stack.output).toMatch(/red-gestion +http:\S+ +\(database from DATABASE_URL\) +NOT RUNNING \(gave up, see above\)/);

      const { territory } = await graphql<{ territory: TerritoryView }>(gatewayPort, ALTO_HOSPICIO);
      expect(territory.name).toBe('Alto Hospicio');
      await interruptAndExpectCleanStop(stack);
    },
    START_TIMEOUT_MS + STOP_TIMEOUT_MS + 60_000,
  );

  test(
    'a second start on the same DATA_DIR keeps the data',
    async () => {
      expect(addedId).toBeDefined();
      const stack = await startStack();
      const { territory } = await graphql<{ territory: { id: string; name: string; parent: { id: string } } | null }>(
        gatewayPort,
        /* GraphQL */ `
          query Added($id: ID!) {
            territory(id: $id) {
              id
              name
              parent {
                id
              }
            }
          }
        `,
        { id: addedId },
      );
      expect(territory).toEqual({ id: addedId, name: 'Barrio de la prueba de arranque', parent: { id: 'CL:01107' } });
      await interruptAndExpectCleanStop(stack);
    },
    START_TIMEOUT_MS + STOP_TIMEOUT_MS + 30_000,
  );
});
