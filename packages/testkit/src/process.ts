import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { repoRoot } from '@cultura/service-kit';
import { freePorts } from '@cultura/service-kit/light';

export { freePorts };
import { readSubgraphList } from '@cultura/gateway';

/** A service running in a process of its own, so a test can kill it as the operating system would. */
export interface ServiceProcess {
  name: string;
  /** Its GraphQL endpoint; the same across restarts (the port is kept). */
  url: string;
  pid(): number | undefined;
  /** Sends `signal` and waits for the exit. */
  kill(signal: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port and environment; resolves once `/readyz` answers 200. */
  restart(): Promise<void>;
  /** Stops it (SIGTERM, then SIGKILL after 10 s). */
  stop(): Promise<void>;
  /** Its last output lines, for a failure message. */
  output(): string;
}

export interface ServiceProcessOptions {
  /** Subgraph name as listed in `gateway/subgraphs.json`: its entry point is run. */
  name: string;
  /** The service's variables, e.g. `{ DATABASE_URL }` of a test database; `undefined` removes one inherited from the test. */
  env: Record<string, string | undefined>;
  /** How long a start may take before it is a failure. Default 60 s (tsx compiles on first start). */
  readyTimeoutMs?: number;
  /** Its HTTP port; default a free one. */
  port?: number;
}

/** A port free right now on 127.0.0.1 (ask {@link freePorts} for several at once). */
export async function freePort(): Promise<number> {
  return (await freePorts(1))[0];
}

/**
 * Starts the real service entry point (`node --import tsx services/<name>/src/index.ts`) on a fixed
 * free port, in test mode, and waits until it is ready.
 */
export async function startServiceProcess(o: ServiceProcessOptions): Promise<ServiceProcess> {
  const root = repoRoot();
  const entry = readSubgraphList(root).find((s) => s.name === o.name);
  if (!entry?.entry) throw new Error(`"${o.name}" is not in gateway/subgraphs.json`);
  const port = o.port ?? (await freePort());
  const baseUrl = `http://127.0.0.1:${port}`;
  const lines: string[] = [];
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();

  const start = async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      LOAD_DEFAULT_DATA: 'true',
      ...o.env,
      PORT: String(port),
    };
    for (const [name, value] of Object.entries(o.env)) if (value === undefined) delete env[name];
    const proc = spawn(process.execPath, ['--import', 'tsx', path.join(root, entry.entry)], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    exited = new Promise((resolve) => proc.once('exit', () => resolve()));
    for (const stream of [proc.stdout, proc.stderr]) {
      readline.createInterface({ input: stream }).on('line', (line) => {
        lines.push(line);
        if (lines.length > 50) lines.shift();
      });
    }
    const deadline = Date.now() + (o.readyTimeoutMs ?? 60_000);
    let gone = false;
    void exited.then(() => (gone = true));
    while (Date.now() < deadline && !gone) {
      const ok = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(1_000) }).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return;
      await sleep(100);
    }
    throw new Error(`${o.name} did not become ready on port ${port}:\n${lines.join('\n')}`);
  };
  const kill = async (signal: NodeJS.Signals) => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };

  await start();
  return {
    name: o.name,
    url: `${baseUrl}/graphql`,
    pid: () => child?.pid,
    kill,
    restart: start,
    stop: async () => {
      const timer = setTimeout(() => child?.kill('SIGKILL'), 10_000);
      await kill('SIGTERM');
      clearTimeout(timer);
    },
    output: () => lines.join('\n'),
  };
}

/** Pids of processes whose command line mentions `text` (an embedded PostgreSQL runs with `-D <dir>/…`). */
export function processesUsing(text: string): number[] {
  return readdirSync('/proc').flatMap((entry) => {
    if (!/^\d+$/.test(entry)) return [];
    try {
      return readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(text) ? [Number(entry)] : [];
    } catch {
      // The process ended while we looked.
      return [];
    }
  });
}

/**
 * Starts a PostgreSQL server of the test's own on `dataDir` (created on first use) and leaves it running
 * in the background, like `pg_ctl start`; returns its admin URL. Kill its postmaster to crash it; call
 * again to start it on the same data.
 */
export async function startPostgresServer(dataDir: string, port: number): Promise<{ adminUrl: string; urlFor(database: string): string }> {
  const root = repoRoot();
  const run = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'packages/testkit/src/cli/start-postgres.ts'), dataDir, String(port)],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  run.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const code = await new Promise<number | null>((resolve) => run.once('exit', resolve));
  if (code !== 0) throw new Error(`PostgreSQL did not start on ${dataDir}: ${stderr.trim()}`);
  const urlFor = (database: string) => `postgres://postgres:postgres@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  return { adminUrl: urlFor('postgres'), urlFor };
}
