import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { EnvSource } from '@cultura/service-kit/light';
import { ROOT } from './config';
import type { Output } from './output';

/** What a stack's data directory records once the reference data is in, so later starts skip it. */
const MARKER = 'reference-data.json';

/**
 * On a stack's first start, imports the official gazetteers and the boundaries (the same command a user
 * runs: `npm run import:gazetteer -- --dir … --geo …`) into the running territories service's database,
 * so maps and territory pickers have every comuna and district. Runs once per data directory; a failed
 * import is reported and retried at the next start, never fatal.
 */
export async function importReferenceData(o: {
  dir: string | null;
  dataDir: string;
  /** The territories process's environment: its database (embedded in DATA_DIR, or DATABASE_URL). */
  territoriesEnv: EnvSource;
  out: Output;
  signal: AbortSignal;
}): Promise<void> {
  const marker = path.join(o.dataDir, MARKER);
  if (!o.dir || existsSync(marker)) return;
  const gazetteers = path.join(o.dir, 'gazetteers');
  const geo = path.join(o.dir, 'geo');
  if (!existsSync(gazetteers)) {
    o.out.say(30, `no reference data in ${o.dir}: territories keep the default gazetteer (npm run import:gazetteer adds the official one)`);
    return;
  }
  const args = ['services/territories/src/cli/import-gazetteer.ts', '--dir', gazetteers, ...(existsSync(geo) ? ['--geo', geo] : [])];
  o.out.say(30, `importing the official gazetteers${existsSync(geo) ? ' and boundaries' : ''} (first start only, about a minute)`);
  const started = Date.now();
  const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), args, {
      cwd: ROOT,
      env: { ...o.territoriesEnv, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'pipe'],
      signal: o.signal,
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-4000)));
    child.on('error', () => resolve({ code: null, stderr }));
    child.on('close', (code) => resolve({ code, stderr }));
  });
  if (o.signal.aborted) return;
  if (result.code !== 0) {
    o.out.say(
      40,
      `the reference data import failed (it is tried again at the next start): ${result.stderr.trim().split('\n').slice(-3).join(' ')}`,
    );
    return;
  }
  writeFileSync(marker, `${JSON.stringify({ importedAt: new Date().toISOString(), from: o.dir }, null, 2)}\n`);
  o.out.say(30, `official gazetteers and boundaries imported in ${Math.round((Date.now() - started) / 1000)} s`);
}

/** Whether a data directory already holds the reference data (for the banner). */
export function referenceDataImported(dataDir: string): string | null {
  const marker = path.join(dataDir, MARKER);
  return existsSync(marker) ? (JSON.parse(readFileSync(marker, 'utf8')) as { from: string }).from : null;
}
