import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePorts, readRegistry } from '@cultura/service-kit/light';
import { inheritedEnv, setBaseUrl } from './env';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const BANNER = 'Cultura Graph is running.';

/**
 * Builds the page, then starts the whole stack as `npm start` does (every service on its embedded
 * PostgreSQL, the official gazetteers and boundaries imported on first start) on free ports and a
 * throwaway data directory. The tests read the gateway's address from DASHBOARD_BASE_URL.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  execFileSync(path.join(ROOT, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'warn'], {
    cwd: path.join(ROOT, 'packages', 'dashboard'),
    stdio: 'inherit',
  });
  const services = readRegistry(ROOT);
  const ports = await freePorts(1 + services.length * 2);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cultura-dashboard-'));
  // Readable by the unprivileged user the embedded PostgreSQL runs as when tests run as root.
  chmodSync(dataDir, 0o755);
  const env: NodeJS.ProcessEnv = { ...inheritedEnv(), DATA_DIR: dataDir, PORT: String(ports[0]), NO_COLOR: '1', LOG_FORMAT: 'pretty' };
  for (const name of ['NODE_ENV', 'DATABASE_URL', 'EMBEDDED_POSTGRES_PORT', 'LOAD_DEFAULT_DATA']) delete env[name];
  services.forEach((s, i) => {
    env[`${s.envPrefix}_PORT`] = String(ports[1 + i * 2]);
    env[`${s.envPrefix}_EMBEDDED_POSTGRES_PORT`] = String(ports[2 + i * 2]);
  });
  // Its own process group, so the teardown stops every process of the stack at once, as Ctrl-C would.
  const stack = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/start.ts'], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  for (const stream of [stack.stdout, stack.stderr]) stream?.on('data', (c: Buffer) => (output += c.toString('utf8')));
  const deadline = Date.now() + 240_000;
  while (!output.includes(BANNER)) {
    if (stack.exitCode !== null) throw new Error(`the stack exited before it was ready:\n${output}`);
    if (Date.now() > deadline) throw new Error(`the stack was not ready in time:\n${output.slice(-4000)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  setBaseUrl(`http://127.0.0.1:${ports[0]}`);
  return async () => {
    const exited = new Promise((resolve) => stack.once('exit', resolve));
    if (stack.pid !== undefined) process.kill(-stack.pid, 'SIGINT');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 60_000))]);
    rmSync(dataDir, { recursive: true, force: true });
  };
}
