/**
 * `npm run generate`: writes the files derived from the service registry (gateway/subgraphs.json): the
 * index's program types, docker-compose.yml, the Compose databases, and under infra/k8s each service's
 * manifest, their configuration, the gateway's routes, the PostgreSQL clusters and each overlay's images.
 * `-- --check` writes nothing and exits 1 when a file is missing or differs (CI runs it).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readRegistry, runMain } from '@cultura/service-kit/light';
import {
  OVERLAYS,
  cnpgClusters,
  composeFile,
  databasesSql,
  gatewayRoutesEnv,
  overlayComponent,
  serviceManifest,
  servicesKustomization,
} from './generate/infra';
import { PROGRAM_TYPES_FILE, programTypes } from './generate/program-types';

const ROOT = path.resolve(__dirname, '..');
const SERVICES_DIR = path.join('infra', 'k8s', 'base', 'services');

/** Every generated file, by path from the repository root. */
export function generatedFiles(root: string = ROOT): Map<string, string> {
  const services = readRegistry(root);
  const files = new Map<string, string>([
    [PROGRAM_TYPES_FILE, programTypes(root, services)],
    ['docker-compose.yml', composeFile(services)],
    [path.join('infra', 'postgres', 'init', '01-service-databases.sql'), databasesSql(services)],
    [path.join(SERVICES_DIR, 'kustomization.yaml'), servicesKustomization(services)],
    [path.join(SERVICES_DIR, 'gateway-routes.env'), gatewayRoutesEnv(services)],
    [path.join('infra', 'k8s', 'components', 'cloudnative-pg', 'clusters.yaml'), cnpgClusters(services)],
  ]);
  for (const s of services) files.set(path.join(SERVICES_DIR, `${s.name}.yaml`), serviceManifest(s));
  for (const overlay of Object.keys(OVERLAYS))
    files.set(path.join('infra', 'k8s', 'overlays', overlay, 'services', 'kustomization.yaml'), overlayComponent(services, overlay));
  return files;
}

/** Files in the generated services folder that no registered service produces any more. */
function leftovers(root: string, files: Map<string, string>): string[] {
  const dir = path.join(root, SERVICES_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((f) => path.join(SERVICES_DIR, f))
    .filter((f) => !files.has(f));
}

/** What is out of date under `root`: one line per file. */
export function staleFiles(root: string = ROOT): string[] {
  const files = generatedFiles(root);
  const stale: string[] = [];
  for (const [file, content] of files) {
    const full = path.join(root, file);
    if (!existsSync(full)) stale.push(`${file}: missing`);
    else if (readFileSync(full, 'utf8').replace(/\r\n/g, '\n') !== content) stale.push(`${file}: differs from what the registry gives`);
  }
  for (const f of leftovers(root, files)) stale.push(`${f}: no registered service makes it (left from a removed service?)`);
  return stale;
}

function main(): void {
  const check = process.argv.includes('--check');
  if (check) {
    const stale = staleFiles();
    if (stale.length) {
      console.error(
        `Files out of date with gateway/subgraphs.json; run \`npm run generate\` (then \`npm run compose\`) and commit:\n  ${stale.join('\n  ')}`,
      );
      process.exitCode = 1;
    } else console.log('Generated files match gateway/subgraphs.json');
    return;
  }
  const files = generatedFiles();
  for (const f of leftovers(ROOT, files)) rmSync(path.join(ROOT, f));
  for (const [file, content] of files) {
    mkdirSync(path.dirname(path.join(ROOT, file)), { recursive: true });
    writeFileSync(path.join(ROOT, file), content);
  }
  console.log(`Wrote ${files.size} files from gateway/subgraphs.json`);
}

if (require.main === module) runMain(async () => main());
