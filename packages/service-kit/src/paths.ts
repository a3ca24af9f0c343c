import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The repository root: the nearest ancestor whose package.json declares workspaces. */
export function repoRoot(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && 'workspaces' in JSON.parse(readFileSync(pkg, 'utf8'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

/** Where a service keeps local state (its embedded PostgreSQL); `.data/<service>/…` under the repo by default. */
export function dataDirFor(configured: string | undefined, service: string, ...rest: string[]): string {
  return path.join(configured ? path.resolve(configured) : path.join(repoRoot(), '.data'), service, ...rest);
}
