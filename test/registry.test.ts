/**
 * A service is its folder plus one entry in gateway/subgraphs.json: everything else that names it (the
 * Compose service and database, the Kubernetes Deployment, Service, configuration, PostgreSQL cluster and
 * images, the gateway's route, the index's feed list, the write scope) comes from that entry. This adds a
 * fourth program, in a copy of the repository's deployment files, and renders the result.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseAllDocuments, parse } from 'yaml';
import { localFeeds, readRegistry } from '@cultura/service-kit/light';
import { generatedFiles, staleFiles } from '../scripts/generate';

const ROOT = path.resolve(__dirname, '..');
const NEW_PROGRAM = { name: 'cultura-viva', port: 4006, title: 'Cultura Viva Comunitaria (Colombia)', changeFeed: true };

let root: string;
beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'cultura-registry-'));
  const schemas = readRegistry(ROOT).map((s) => s.schema);
  for (const part of [
    'package.json',
    'gateway',
    'infra',
    'docker-compose.yml',
    path.join('packages', 'auth', 'dev-keys'),
    path.join('packages', 'vocabulary', 'schema'),
    path.join('services', 'atlas', 'program-types.graphql'),
    ...schemas,
  ]) {
    cpSync(path.join(ROOT, part), path.join(root, part), { recursive: true });
  }
  // The new program's folder: a schema with one action type of its own.
  mkdirSync(path.join(root, 'services', 'cultura-viva'));
  writeFileSync(
    path.join(root, 'services', 'cultura-viva', 'schema.graphql'),
    `# import "../../packages/vocabulary/schema/vocabulary.graphql"\ntype CommunityEncounter implements Action @key(fields: "id") { id: ID! }\n`,
  );
  const registry = JSON.parse(readFileSync(path.join(ROOT, 'gateway', 'subgraphs.json'), 'utf8'));
  writeFileSync(path.join(root, 'gateway', 'subgraphs.json'), JSON.stringify([...registry, NEW_PROGRAM], null, 2));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('one registry entry per service', () => {
  it('leaves the committed deployment files exactly as the registry gives them', () => {
    expect(staleFiles(ROOT)).toEqual([]);
  });

  it('makes every file that names services out of date when an entry is added, and names the new service’s missing manifest', () => {
    expect(staleFiles(root).sort()).toEqual([
      'docker-compose.yml: differs from what the registry gives',
      'infra/k8s/base/services/cultura-viva.yaml: missing',
      'infra/k8s/base/services/gateway-routes.env: differs from what the registry gives',
      'infra/k8s/base/services/kustomization.yaml: differs from what the registry gives',
      'infra/k8s/components/cloudnative-pg/clusters.yaml: differs from what the registry gives',
      'infra/k8s/overlays/local/services/kustomization.yaml: differs from what the registry gives',
      'infra/k8s/overlays/production/services/kustomization.yaml: differs from what the registry gives',
      'infra/postgres/init/01-service-databases.sql: differs from what the registry gives',
      'services/atlas/program-types.graphql: differs from what the registry gives',
    ]);
  });

  it('gives the new program a container, a database, a route and a place in the index’s feeds', () => {
    const files = generatedFiles(root);
    const compose = parse(files.get('docker-compose.yml')!);
    expect(compose.services['cultura-viva']).toMatchObject({
      build: { args: { SERVICE: 'services/cultura-viva', PORT: '4006' } },
      environment: {
        PORT: '4006',
        DATABASE_URL: 'postgres://cultura_viva:cultura_viva@postgres:5432/cultura_viva',
        TERRITORIES_URL: 'http://territories:4001/graphql',
      },
    });
    expect(compose.services.atlas.environment.FEEDS.split(',')).toContain('cultura-viva=http://cultura-viva:4006');
    expect(Object.keys(compose.services.atlas.depends_on)).toContain('cultura-viva');
    expect(compose.services.gateway.environment.SUBGRAPH_CULTURA_VIVA_URL).toBe('http://cultura-viva:4006/graphql');
    expect(files.get('infra/postgres/init/01-service-databases.sql')).toContain('CREATE DATABASE cultura_viva OWNER cultura_viva;');
    expect(localFeeds(readRegistry(root))).toContain('cultura-viva=http://127.0.0.1:4006');
    expect(files.get('services/atlas/program-types.graphql')).toMatch(
      /# cultura-viva\ntype CommunityEncounter implements Action @key\(fields: "id", resolvable: false\)/,
    );
  });

  it('renders in both Kubernetes overlays with its Deployment, Service, database, image, replicas, route and feed', () => {
    const files = generatedFiles(root);
    for (const [file, content] of files) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), content);
    }
    expect(staleFiles(root)).toEqual([]);
    for (const overlay of ['local', 'production']) {
      const res = spawnSync('kubectl', ['kustomize', path.join(root, 'infra', 'k8s', 'overlays', overlay)], { encoding: 'utf8' });
      expect(res.stderr).toBe('');
      const objects = parseAllDocuments(res.stdout).map((d) => d.toJSON());
      const find = (kind: string, name: string) =>
        objects.find((o) => o.kind === kind && (o.metadata.name === name || o.metadata.name.startsWith(`${name}-`)));
      const deployment = find('Deployment', 'cultura-viva');
      expect(deployment.spec.template.spec.containers[0]).toMatchObject({ ports: [{ containerPort: 4006 }] });
      expect(deployment.spec.template.spec.containers[0].image).toBe(
        overlay === 'local' ? 'cultura-graph/cultura-viva:dev' : 'registry.example.org/cultura-graph/cultura-viva:0.1.0',
      );
      expect(deployment.spec.replicas).toBe(overlay === 'local' ? 1 : 2);
      expect(find('Service', 'cultura-viva').spec.ports[0].port).toBe(4006);
      expect(find('Cluster', 'cultura-viva-db').spec.bootstrap.initdb).toEqual({ database: 'cultura_viva', owner: 'cultura_viva' });
      expect(find('ConfigMap', 'gateway-config').data.SUBGRAPH_CULTURA_VIVA_URL).toBe('http://cultura-viva:4006/graphql');
      expect(find('ConfigMap', 'atlas-config').data.FEEDS.split(',')).toContain('cultura-viva=http://cultura-viva:4006');
    }
  });
});
