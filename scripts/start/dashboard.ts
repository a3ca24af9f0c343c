import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { DASHBOARD_DIST, DASHBOARD_SOURCES } from '@cultura/dashboard';
import { ROOT } from './config';
import type { Output } from './output';

/** The newest modification time below a file or folder. */
function newest(file: string): number {
  const stat = statSync(file, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(file).map((f) => newest(path.join(file, f))));
}

/**
 * Builds the dashboard page (Vite) when it was never built or its sources changed since, so the gateway
 * serves it at /dashboard. A failed build is reported; the rest of the stack starts anyway.
 */
export function buildDashboardIfStale(out: Output): void {
  const built = path.join(DASHBOARD_DIST, 'index.html');
  if (existsSync(built) && newest(built) >= Math.max(...DASHBOARD_SOURCES.map(newest))) return;
  out.say(30, 'building the dashboard (packages/dashboard, Vite)');
  const vite = path.join(ROOT, 'node_modules', '.bin', 'vite');
  const result = spawnSync(vite, ['build', '--logLevel', 'warn'], { cwd: path.dirname(DASHBOARD_DIST), encoding: 'utf8' });
  if (result.status !== 0)
    out.say(40, `the dashboard could not be built: ${(result.stderr || result.stdout).trim().split('\n').slice(-3).join(' ')}`);
}
