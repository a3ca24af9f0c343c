/**
 * `npm run validate:infra`: checks the deployment files offline, as CI does (no Docker engine, no cluster).
 *
 * - docker-compose.yml against the current Compose schema and lint rules (dclint), and through
 *   docker-compose v1 when it is installed;
 * - every Kustomize overlay under infra/k8s/overlays rendered with `kubectl kustomize` (or `kustomize
 *   build`), each rendered object validated against the Kubernetes JSON schemas bundled by the
 *   kubernetes-models package; CloudNativePG `Cluster` objects (a CRD, no bundled schema) get a
 *   structural check of the fields this project sets;
 * - the files generated from gateway/subgraphs.json (`npm run generate`) are up to date;
 * - the project's own rules: every subgraph of gateway/subgraphs.json has its container, database,
 *   Deployment, Service, migration step, probes, resources and gateway route, with matching ports and
 *   names; every ConfigMap and Secret a Pod uses exists or is declared as provided by the operators;
 *   the supergraph ConfigMap holds the committed gateway/supergraph.graphql.
 *
 * Prints every problem, then exits 1 if there was any.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { readRegistry, type RegisteredService } from '@cultura/service-kit/light';
import { staleFiles } from './generate';

const ROOT = path.resolve(__dirname, '..');
const OVERLAYS_DIR = path.join(ROOT, 'infra', 'k8s', 'overlays');
const COMPOSE_FILE = path.join(ROOT, 'docker-compose.yml');
const POSTGRES_INIT_DIR = path.join(ROOT, 'infra', 'postgres', 'init');
const SUPERGRAPH_FILE = path.join(ROOT, 'gateway', 'supergraph.graphql');
const SUPERGRAPH_CONFIGMAP = 'cultura-supergraph';

/**
 * Secrets the manifests use but do not contain, per overlay: created by the operators (token key, TLS
 * certificate). Secrets named `<cluster>-app` are expected when a CloudNativePG Cluster of that name is
 * rendered (the operator writes them).
 */
const EXTERNAL_SECRETS: Record<string, string[]> = {
  local: [],
  production: ['cultura-auth', 'cultura-graph-tls'],
};

const problems: string[] = [];
const notes = new Set<string>();
const problem = (where: string, message: string): void => {
  problems.push(`${where}: ${message}`);
};

// ---------------------------------------------------------------------------------------------------
// Small typed views of parsed YAML.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };

const isObj = (v: Json | undefined): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: Json | undefined): Obj => (isObj(v) ? v : {});
const arr = (v: Json | undefined): Json[] => (Array.isArray(v) ? v : []);
const str = (v: Json | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
const at = (v: Json | undefined, ...keys: string[]): Json | undefined => keys.reduce<Json | undefined>((o, k) => obj(o)[k], v);

interface Subgraph extends RegisteredService {
  /** SUBGRAPH_<NAME>_URL. */
  urlVariable: string;
}

function readSubgraphs(): Subgraph[] {
  return readRegistry(ROOT).map((s) => ({ ...s, urlVariable: `SUBGRAPH_${s.envPrefix}_URL` }));
}

/** The file a workspace's `npm run migrate` runs (`tsx src/cli/migrate.ts` → `services/x/src/cli/migrate.ts`). */
function migrateScript(s: Subgraph): string | undefined {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, s.dir, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  const match = /^tsx\s+(\S+)$/.exec(pkg.scripts?.migrate ?? '');
  return match ? path.posix.join(s.dir, match[1]) : undefined;
}

function run(command: string, args: string[], cwd = ROOT): { status: number | null; stdout: string; stderr: string; missing: boolean } {
  const res = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const missing = (res.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
  return { status: res.status, stdout: res.stdout ?? '', stderr: res.stderr ?? '', missing };
}

// ---------------------------------------------------------------------------------------------------
// docker-compose.yml

function checkCompose(subgraphs: Subgraph[]): void {
  // The project-name rule is off: a top-level `name` is rejected by docker-compose v1, which the file also supports.
  const lint = run(path.join(ROOT, 'node_modules', '.bin', 'dclint'), [
    COMPOSE_FILE,
    '--max-warnings',
    '0',
    '--disable-rule',
    'require-project-name-field',
  ]);
  if (lint.missing) problem('docker-compose.yml', 'dclint is not installed (npm install)');
  else if (lint.status !== 0) problem('docker-compose.yml', `dclint:\n${lint.stdout}${lint.stderr}`);
  const v1 = run('docker-compose', ['-f', COMPOSE_FILE, 'config', '-q']);
  if (v1.missing) notes.add('docker-compose (v1) not installed: the Compose schema check is dclint alone');
  else if (v1.status !== 0) problem('docker-compose.yml', `docker-compose config:\n${v1.stderr}`);

  const compose = parse(readFileSync(COMPOSE_FILE, 'utf8'), { merge: true }) as Json;
  const services = obj(at(compose, 'services'));
  const initSql = readdirSync(POSTGRES_INIT_DIR)
    .filter((f) => f.endsWith('.sql'))
    .map((f) => readFileSync(path.join(POSTGRES_INIT_DIR, f), 'utf8'))
    .join('\n');
  const gatewayEnv = obj(at(services.gateway, 'environment'));
  const gatewayDeps = obj(at(services.gateway, 'depends_on'));
  const where = (name: string) => `docker-compose.yml service ${name}`;

  for (const s of subgraphs) {
    const svc = services[s.name];
    if (!isObj(svc)) {
      problem('docker-compose.yml', `no service "${s.name}" (listed in gateway/subgraphs.json)`);
      continue;
    }
    const args = obj(at(svc, 'build', 'args'));
    if (str(args.SERVICE) !== s.dir) problem(where(s.name), `build argument SERVICE is ${str(args.SERVICE)}, expected ${s.dir}`);
    const env = obj(at(svc, 'environment'));
    for (const [label, value] of [
      ['build argument PORT', args.PORT],
      ['PORT', env.PORT],
    ] as const) {
      if (String(value) !== String(s.port)) problem(where(s.name), `${label} is ${String(value)}, expected ${s.port} (its routing URL)`);
    }
    const dbUrl = str(env.DATABASE_URL);
    if (!dbUrl || new URL(dbUrl).pathname !== `/${s.database}`) problem(where(s.name), `DATABASE_URL must name the database ${s.database}`);
    if (!new RegExp(`CREATE DATABASE ${s.database}\\b`).test(initSql)) problem('infra/postgres/init', `no CREATE DATABASE ${s.database}`);
    if (!isObj(at(svc, 'healthcheck')) && svc.healthcheck === undefined) problem(where(s.name), 'no healthcheck');
    const expected = `http://${s.name}:${s.port}/graphql`;
    if (str(gatewayEnv[s.urlVariable]) !== expected) problem(where('gateway'), `${s.urlVariable} must be ${expected}`);
    if (str(at(gatewayDeps, s.name, 'condition')) !== 'service_healthy')
      problem(where('gateway'), `must depend on ${s.name} with condition service_healthy`);
  }
  checkNoStrayRoutes('docker-compose.yml gateway', Object.keys(gatewayEnv), subgraphs);
}

/** The gateway refuses to start on a SUBGRAPH_*_URL naming no listed subgraph. */
function checkNoStrayRoutes(where: string, variables: string[], subgraphs: Subgraph[]): void {
  const known = new Set(subgraphs.map((s) => s.urlVariable));
  for (const v of variables) {
    if (/^SUBGRAPH_.+_URL$/.test(v) && !known.has(v))
      problem(where, `${v} names no subgraph of gateway/subgraphs.json: the gateway would refuse to start`);
  }
}

// ---------------------------------------------------------------------------------------------------
// Kubernetes

/** The command that renders a kustomization: `kubectl kustomize` or a standalone `kustomize build`. */
function findRenderer(): { command: string; args: string[]; version: string } | undefined {
  const kubectl = run('kubectl', ['version', '--client']);
  if (!kubectl.missing && kubectl.status === 0) {
    const version = kubectl.stdout.split('\n').filter(Boolean).join(', ');
    // kubectl before 1.27 embeds kustomize v2–v4, which lacks components and `labels`.
    const embedded = /Kustomize Version: v(\d+)/.exec(kubectl.stdout);
    if (embedded && Number(embedded[1]) >= 5) return { command: 'kubectl', args: ['kustomize'], version };
    notes.add(`kubectl embeds kustomize v5 or later from 1.27 on; this one is too old (${version})`);
  }
  const kustomize = run('kustomize', ['version']);
  if (!kustomize.missing && kustomize.status === 0)
    return { command: 'kustomize', args: ['build'], version: `kustomize ${kustomize.stdout.trim()}` };
  return undefined;
}

interface Rendered {
  overlay: string;
  objects: Obj[];
}

type Validatable = new (data: Obj) => { validate(): void };

/** The kubernetes-models class for an apiVersion and kind, if the package has one. */
function modelFor(apiVersion: string, kind: string): Validatable | undefined {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const id = `kubernetes-models/${group ? `${group}/` : ''}${version}/${kind}`;
  let mod: Record<string, unknown>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the model module is named at run time
    mod = require(id) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const model = mod[kind];
  return typeof model === 'function' ? (model as Validatable) : undefined;
}

function validateSchemas(r: Rendered): void {
  const skipped = new Set<string>();
  for (const o of r.objects) {
    const apiVersion = str(o.apiVersion) ?? '';
    const kind = str(o.kind) ?? '';
    const name = str(at(o, 'metadata', 'name')) ?? '(no name)';
    const where = `${r.overlay}: ${kind} ${name}`;
    if (apiVersion === 'postgresql.cnpg.io/v1' && kind === 'Cluster') {
      checkCnpgCluster(where, o);
      skipped.add('postgresql.cnpg.io/v1 Cluster');
      continue;
    }
    const Model = modelFor(apiVersion, kind);
    if (!Model) {
      problem(where, `no Kubernetes schema for ${apiVersion} ${kind}`);
      continue;
    }
    try {
      new Model(kind === 'Secret' ? unwrapSecretData(o) : o).validate();
    } catch (err) {
      problem(where, `does not match the ${apiVersion} ${kind} schema: ${(err as Error).message}`);
    }
  }
  for (const s of skipped)
    notes.add(`${r.overlay}: ${s} is a CustomResourceDefinition without a bundled schema; checked for the fields this project sets`);
}

/**
 * kustomize wraps the base64 of Secret data over several lines; the API server's decoder skips line
 * breaks, the schema's `byte` format does not. Compared unwrapped, as the server reads them.
 */
function unwrapSecretData(o: Obj): Obj {
  const data = Object.fromEntries(Object.entries(obj(o.data)).map(([k, v]) => [k, typeof v === 'string' ? v.replace(/\s+/g, '') : v]));
  return { ...o, data };
}

/** The fields of a CloudNativePG Cluster this project relies on, with the types the CRD gives them. */
function checkCnpgCluster(where: string, o: Obj): void {
  const spec = obj(o.spec);
  const instances = spec.instances;
  if (typeof instances !== 'number' || !Number.isInteger(instances) || instances < 1)
    problem(where, 'spec.instances must be an integer ≥ 1');
  for (const key of ['database', 'owner']) {
    if (!str(at(spec, 'bootstrap', 'initdb', key))) problem(where, `spec.bootstrap.initdb.${key} must be a string`);
  }
  if (!/^\d+(Mi|Gi|Ti)$/.test(str(at(spec, 'storage', 'size')) ?? '')) problem(where, 'spec.storage.size must be a quantity such as 20Gi');
  const known = new Set(['instances', 'bootstrap', 'storage', 'affinity', 'resources', 'monitoring', 'backup', 'postgresql', 'imageName']);
  for (const key of Object.keys(spec)) if (!known.has(key)) problem(where, `spec.${key} is not a field this project expects in a Cluster`);
}

const byKind = (r: Rendered, kind: string) => r.objects.filter((o) => o.kind === kind);
const named = (r: Rendered, kind: string, name: string) => byKind(r, kind).find((o) => at(o, 'metadata', 'name') === name);
const podSpec = (d: Obj) => obj(at(d, 'spec', 'template', 'spec'));

/** The environment a container gets from its ConfigMaps (envFrom) and literal `env` values. */
function containerEnv(r: Rendered, container: Obj): Record<string, string> {
  const out: Record<string, string> = {};
  for (const from of arr(container.envFrom)) {
    const cm = byKind(r, 'ConfigMap').find((c) => at(c, 'metadata', 'name') === at(from, 'configMapRef', 'name'));
    for (const [k, v] of Object.entries(obj(cm?.data))) if (typeof v === 'string') out[k] = v;
  }
  for (const e of arr(container.env)) {
    const name = str(at(e, 'name'));
    const value = str(at(e, 'value'));
    if (name && value !== undefined) out[name] = value;
  }
  return out;
}

function checkContainer(where: string, c: Obj, opts: { probes: boolean }): void {
  const cname = `${where} container ${str(c.name)}`;
  if (!str(at(c, 'resources', 'requests', 'cpu')) || !str(at(c, 'resources', 'requests', 'memory')))
    problem(cname, 'needs resources.requests.cpu and .memory');
  if (!str(at(c, 'resources', 'limits', 'memory'))) problem(cname, 'needs resources.limits.memory');
  if (at(c, 'securityContext', 'allowPrivilegeEscalation') !== false)
    problem(cname, 'needs securityContext.allowPrivilegeEscalation: false');
  if (!opts.probes) return;
  if (at(c, 'readinessProbe', 'httpGet', 'path') !== '/readyz') problem(cname, 'readinessProbe must GET /readyz');
  if (at(c, 'livenessProbe', 'httpGet', 'path') !== '/healthz') problem(cname, 'livenessProbe must GET /healthz');
}

function checkReferences(r: Rendered): void {
  const configMaps = new Set(byKind(r, 'ConfigMap').map((c) => str(at(c, 'metadata', 'name'))));
  const secrets = new Set(byKind(r, 'Secret').map((c) => str(at(c, 'metadata', 'name'))));
  for (const cluster of byKind(r, 'Cluster')) secrets.add(`${str(at(cluster, 'metadata', 'name'))}-app`);
  for (const external of EXTERNAL_SECRETS[r.overlay] ?? []) secrets.add(external);

  const visit = (where: string, v: Json | undefined): void => {
    if (Array.isArray(v)) return v.forEach((x) => visit(where, x));
    if (!isObj(v)) return;
    for (const [key, value] of Object.entries(v)) {
      if ((key === 'configMapRef' || key === 'configMapKeyRef') && !configMaps.has(str(at(value, 'name')))) {
        problem(where, `uses ConfigMap ${str(at(value, 'name'))}, which the overlay does not create`);
      }
      if ((key === 'secretRef' || key === 'secretKeyRef') && !secrets.has(str(at(value, 'name')))) {
        problem(where, `uses Secret ${str(at(value, 'name'))}, neither created nor declared as provided by the operators`);
      }
      visit(where, value);
    }
  };
  for (const d of byKind(r, 'Deployment')) {
    const where = `${r.overlay}: Deployment ${str(at(d, 'metadata', 'name'))}`;
    visit(where, podSpec(d));
    for (const vol of arr(podSpec(d).volumes)) {
      const cm = str(at(vol, 'configMap', 'name'));
      if (cm && !configMaps.has(cm)) problem(where, `mounts ConfigMap ${cm}, which the overlay does not create`);
    }
  }
  for (const ing of byKind(r, 'Ingress')) {
    for (const tls of arr(at(ing, 'spec', 'tls'))) {
      const secret = str(at(tls, 'secretName'));
      if (secret && !secrets.has(secret)) problem(`${r.overlay}: Ingress`, `uses TLS Secret ${secret}, neither created nor declared`);
    }
  }
  // Every Service selects the Pods of some Deployment.
  for (const svc of byKind(r, 'Service')) {
    const selector = obj(at(svc, 'spec', 'selector'));
    const matches = byKind(r, 'Deployment').some((d) =>
      Object.entries(selector).every(([k, v]) => at(d, 'spec', 'template', 'metadata', 'labels', k) === v),
    );
    if (!matches) problem(`${r.overlay}: Service ${str(at(svc, 'metadata', 'name'))}`, 'selects no Deployment’s Pods');
  }
}

function checkSubgraphs(r: Rendered, subgraphs: Subgraph[]): void {
  const gateway = named(r, 'Deployment', 'gateway');
  const gatewayContainer = obj(arr(podSpec(gateway ?? {}).containers)[0]);
  const gatewayEnv = containerEnv(r, gatewayContainer);
  const clusters = byKind(r, 'Cluster');

  for (const s of subgraphs) {
    const where = `${r.overlay}: subgraph ${s.name}`;
    const deployment = named(r, 'Deployment', s.name);
    if (!deployment) {
      problem(where, `no Deployment ${s.name}`);
      continue;
    }
    const spec = podSpec(deployment);
    const container = arr(spec.containers)
      .map(obj)
      .find((c) => arr(c.ports).some((p) => at(p, 'name') === 'http'));
    if (!container) {
      problem(where, 'no container with a port named http');
      continue;
    }
    const port = arr(container.ports)
      .map(obj)
      .find((p) => p.name === 'http')?.containerPort;
    if (port !== s.port) problem(where, `container port ${String(port)}, expected ${s.port} (its routing URL)`);
    if (containerEnv(r, container).PORT !== String(s.port)) problem(where, `PORT must be ${s.port}`);
    const service = named(r, 'Service', s.name);
    const servicePort = arr(at(service, 'spec', 'ports')).map(obj)[0];
    if (!service || servicePort?.port !== s.port || servicePort?.targetPort !== 'http')
      problem(where, `needs a Service ${s.name} on port ${s.port} → http`);

    // The migration step: the workspace's own `npm run migrate` file, run before the server starts.
    const migrate = migrateScript(s);
    const init = arr(spec.initContainers)
      .map(obj)
      .find((c) => c.name === 'migrate');
    const command = arr(init?.command).map(String);
    if (!migrate) problem(where, `${s.dir}/package.json has no "migrate": "tsx <file>" script`);
    else if (!init || command.join(' ') !== `node --import tsx ${migrate}`)
      problem(where, `needs an initContainer "migrate" running: node --import tsx ${migrate}`);
    else if (!existsSync(path.join(ROOT, migrate))) notes.add(`${s.name}: ${migrate} does not exist yet; its migrate step would fail`);
    if (init && at(init, 'image') !== at(container, 'image')) problem(where, 'the migrate initContainer must use the service’s own image');

    // Its database: the Secret the operator writes for the service's Cluster.
    const dbRef = arr(container.env)
      .map(obj)
      .find((e) => e.name === 'DATABASE_URL');
    const secret = str(at(dbRef, 'valueFrom', 'secretKeyRef', 'name'));
    if (!secret) problem(where, 'DATABASE_URL must come from a Secret');
    if (clusters.length) {
      const cluster = clusters.find((c) => `${str(at(c, 'metadata', 'name'))}-app` === secret);
      if (!cluster) problem(where, `no CloudNativePG Cluster writes the Secret ${secret}`);
      else if (at(cluster, 'spec', 'bootstrap', 'initdb', 'database') !== s.database)
        problem(where, `its Cluster must create the database ${s.database}`);
    }

    const expected = `http://${s.name}:${s.port}/graphql`;
    if (gatewayEnv[s.urlVariable] !== expected) problem(`${r.overlay}: gateway`, `${s.urlVariable} must be ${expected}`);
  }
  checkNoStrayRoutes(`${r.overlay}: gateway`, Object.keys(gatewayEnv), subgraphs);

  for (const d of byKind(r, 'Deployment')) {
    const where = `${r.overlay}: Deployment ${str(at(d, 'metadata', 'name'))}`;
    for (const c of arr(podSpec(d).containers).map(obj)) checkContainer(where, c, { probes: true });
    for (const c of arr(podSpec(d).initContainers).map(obj)) checkContainer(where, c, { probes: false });
    if (at(podSpec(d), 'securityContext', 'runAsNonRoot') !== true) problem(where, 'needs securityContext.runAsNonRoot: true');
  }
}

function checkGateway(r: Rendered): void {
  const where = `${r.overlay}: gateway`;
  const gateway = named(r, 'Deployment', 'gateway');
  if (!gateway) {
    problem(where, 'no Deployment gateway');
    return;
  }
  const container = obj(arr(podSpec(gateway).containers)[0]);
  const env = containerEnv(r, container);

  // The supergraph: the committed file, mounted as a whole folder (a subPath mount never sees updates).
  const cm = named(r, 'ConfigMap', SUPERGRAPH_CONFIGMAP);
  if (!cm) problem(where, `no ConfigMap ${SUPERGRAPH_CONFIGMAP} (it must keep its name: no hash suffix)`);
  else if (at(cm, 'data', 'supergraph.graphql') !== readFileSync(SUPERGRAPH_FILE, 'utf8'))
    problem(where, `ConfigMap ${SUPERGRAPH_CONFIGMAP} differs from gateway/supergraph.graphql`);
  const volume = arr(podSpec(gateway).volumes)
    .map(obj)
    .find((v) => at(v, 'configMap', 'name') === SUPERGRAPH_CONFIGMAP);
  const mount = arr(container.volumeMounts)
    .map(obj)
    .find((m) => m.name === volume?.name);
  if (!volume || !mount) problem(where, `must mount the ConfigMap ${SUPERGRAPH_CONFIGMAP}`);
  else if (mount.subPath !== undefined) problem(where, `mounts ${SUPERGRAPH_CONFIGMAP} with a subPath, which never receives updates`);
  else if (!env.SUPERGRAPH_FILE || path.posix.dirname(env.SUPERGRAPH_FILE) !== mount.mountPath)
    problem(where, `SUPERGRAPH_FILE must be a file in ${String(mount.mountPath)}`);

  const hpa = byKind(r, 'HorizontalPodAutoscaler').find(
    (h) => at(h, 'spec', 'scaleTargetRef', 'kind') === 'Deployment' && at(h, 'spec', 'scaleTargetRef', 'name') === 'gateway',
  );
  if (!hpa) problem(where, 'no HorizontalPodAutoscaler for the gateway');
  if (at(gateway, 'spec', 'replicas') !== undefined) problem(where, 'sets replicas, which its HorizontalPodAutoscaler owns');
  const ingress = byKind(r, 'Ingress').find((i) =>
    arr(at(i, 'spec', 'rules')).some((rule) =>
      arr(at(rule, 'http', 'paths')).some((p) => at(p, 'backend', 'service', 'name') === 'gateway' && at(p, 'path') === '/graphql'),
    ),
  );
  if (!ingress) problem(where, 'no Ingress routes /graphql to the gateway Service');
}

// ---------------------------------------------------------------------------------------------------

function main(): void {
  const subgraphs = readSubgraphs();
  // The files generated from the registry first: a stale one would hide a registered service.
  for (const stale of staleFiles(ROOT)) problem('npm run generate', stale);
  checkCompose(subgraphs);

  const renderer = findRenderer();
  if (!renderer) {
    problem('infra/k8s', 'no kustomize v5+ (kubectl ≥ 1.27 or kustomize) to render the overlays (see .ci/run)');
  } else {
    console.log(`rendering with ${renderer.command} ${renderer.args.join(' ')} (${renderer.version})`);
    for (const overlay of readdirSync(OVERLAYS_DIR).sort()) {
      const res = run(renderer.command, [...renderer.args, path.join(OVERLAYS_DIR, overlay)]);
      if (res.status !== 0) {
        problem(`infra/k8s/overlays/${overlay}`, `does not render:\n${res.stderr}`);
        continue;
      }
      const docs = parseAllDocuments(res.stdout);
      const objects = (Array.isArray(docs) ? docs : [docs]).map((d) => d.toJSON() as Json).filter(isObj);
      const rendered = { overlay, objects };
      validateSchemas(rendered);
      checkReferences(rendered);
      checkSubgraphs(rendered, subgraphs);
      checkGateway(rendered);
      console.log(`infra/k8s/overlays/${overlay}: ${objects.length} objects`);
    }
  }

  for (const n of notes) console.log(`note: ${n}`);
  if (problems.length) {
    console.error(`\n${problems.length} problem${problems.length === 1 ? '' : 's'}:`);
    for (const p of problems) console.error(`  - ${p}`);
    process.exit(1);
  }
  console.log(`docker-compose.yml and ${readdirSync(OVERLAYS_DIR).length} Kubernetes overlays are valid for ${subgraphs.length} subgraphs`);
}

main();
