/**
 * The in-memory rate limit when the gateway runs node:cluster workers on one machine: real forked
 * workers sharing one port, with and without the primary holding the counters.
 */
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { repoRoot } from '@cultura/service-kit';
import { bearer, request, type Answer } from './rate-limit-helpers';

const FIXTURE = path.join(__dirname, 'rate-limit-cluster.fixture.ts');

interface RunningCluster {
  url: string;
  stderr: () => string;
  stop(): Promise<void>;
}

const running: RunningCluster[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((c) => c.stop()));
});

/** Starts the fixture's primary and resolves once both workers listen. */
async function startCluster(args: string[]): Promise<RunningCluster> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', FIXTURE, '--workers', '2', ...args], {
    cwd: repoRoot(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`cluster did not start within 30 s:\n${stderr}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      if (!line) return;
      clearTimeout(timer);
      const ready = JSON.parse(line) as { port: number; ports: number[] };
      if (ready.ports.length !== 1) reject(new Error(`workers listen on different ports: ${ready.ports.join(', ')}`));
      resolve(ready.port);
    });
    child.once('exit', (code) => reject(new Error(`cluster exited with ${code}:\n${stderr}`)));
  });
  const cluster: RunningCluster = {
    url: `http://127.0.0.1:${port}/graphql`,
    stderr: () => stderr,
    stop: async () => {
      if (child.exitCode === null && child.kill('SIGTERM')) await exited;
    },
  };
  running.push(cluster);
  return cluster;
}

/** Sequential requests, each on a new connection, so the primary spreads them over the workers. */
async function send(url: string, n: number, authorization: string): Promise<Answer[]> {
  const out: Answer[] = [];
  for (let i = 0; i < n; i++) out.push(await request(url, { headers: { authorization } }));
  return out;
}

describe('rate limit across node:cluster workers', () => {
  it('gives a caller one budget per machine when the primary holds the counters', async () => {
    const c = await startCluster(['--points', '6', '--primary-counters']);
    const answers = await send(c.url, 9, bearer('ana'));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200, 429, 429, 429]);
    // Both workers served ana, and their counts added up to one budget.
    expect(new Set(answers.filter((a) => a.status === 200).map((a) => a.headers['x-worker'])).size).toBe(2);
    expect(answers.slice(0, 6).map((a) => a.headers['ratelimit-remaining'])).toEqual(['5', '4', '3', '2', '1', '0']);
    expect(c.stderr()).not.toContain('each worker counts its callers alone');
  });

  it('counts per worker, and says so at start-up, when the primary does not hold the counters', async () => {
    const c = await startCluster(['--points', '6']);
    const answers = await send(c.url, 9, bearer('ana'));
    // Two workers alone: ana gets up to 2 × 6 on this machine.
    expect(answers.map((a) => a.status)).toEqual(Array(9).fill(200));
    expect(c.stderr().match(/each worker counts its callers alone/g)).toHaveLength(2);
  });
});
