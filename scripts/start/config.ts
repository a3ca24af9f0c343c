import path from 'node:path';
import {
  EnvError,
  env,
  envPrefixOf,
  envProblems,
  parseEnv,
  readRegistry,
  type EnvSource,
  type RegisteredService,
} from '@cultura/service-kit/light';

export const ROOT = path.resolve(__dirname, '..', '..');

// ---------------------------------------------------------------------------------------------------
// Configuration: the only place this script reads the environment.

/** A registered service, as this script runs it. */
export type Subgraph = RegisteredService;

/** The services of the registry (`gateway/subgraphs.json`) under `root`. */
export function readSubgraphs(root: string = ROOT): Subgraph[] {
  return readRegistry(root);
}

/** `red-cultura` → `RED_CULTURA`: the prefix of a service's variables under `npm start`. */
export const envPrefix = envPrefixOf;

const stackEnvSpec = {
  /** The gateway's port: the one endpoint users query. */
  PORT: env.port(4000),
  DATA_DIR: env.optionalString(),
  LOG_FORMAT: env.oneOf(['pretty', 'json'], 'pretty'),
  NO_COLOR: env.optionalString(),
  READY_TIMEOUT_MS: env.int({ default: 120_000, min: 1_000 }),
  STOP_TIMEOUT_MS: env.int({ default: 20_000, min: 1_000 }),
  /**
   * Reference data imported on a stack's first start: the official gazetteers (`gazetteers/`) and the
   * boundaries (`geo/`) kept beside the repository; `none` leaves them out.
   */
  REFERENCE_DATA_DIR: env.string({ default: path.join('..', 'shared', 'data') }),
};

/** Read only to refuse them: under `npm start` one value would be shared by every service. */
const perServiceEnvSpec = {
  DATABASE_URL: env.optionalString(),
  EMBEDDED_POSTGRES_PORT: env.optionalString(),
};

export interface ServicePlan extends Omit<Subgraph, 'embeddedPostgresPort'> {
  port: number;
  /** Routing URL with the configured port: what the gateway is told. */
  routingUrl: string;
  /** Set only when configured; otherwise the service's own default applies. */
  embeddedPostgresPort?: number;
  databaseUrl?: string;
}

export interface StartConfig {
  gatewayPort: number;
  dataDir: string;
  dataDirConfigured: boolean;
  json: boolean;
  colour: boolean;
  readyTimeoutMs: number;
  stopTimeoutMs: number;
  /** Where the official gazetteers and boundaries are read on first start; null: not imported. */
  referenceDataDir: string | null;
  services: ServicePlan[];
  /** What every child inherits: this environment less the variables set per process. */
  inherited: EnvSource;
}

export function loadStartConfig(subgraphs: Subgraph[], source: EnvSource): StartConfig {
  const { problems, attempt } = envProblems();
  const stack = attempt(() => parseEnv(stackEnvSpec, source));
  const shared = parseEnv(perServiceEnvSpec, source);
  const services = subgraphs.map((s) => {
    const prefix = envPrefix(s.name);
    const routing = new URL(s.url);
    const ports = attempt(() =>
      parseEnv(
        {
          [`${prefix}_PORT`]: env.port(Number(routing.port)),
          // 0 (the default) leaves the service's own default port.
          [`${prefix}_EMBEDDED_POSTGRES_PORT`]: env.int({ default: 0, min: 0, max: 65535 }),
        },
        source,
      ),
    );
    const urls = attempt(() =>
      parseEnv({ [`${prefix}_DATABASE_URL`]: env.url({ protocols: ['postgres', 'postgresql'], optional: true }) }, source),
    );
    const port = ports?.[`${prefix}_PORT`] ?? 0;
    if (ports && port === 0) problems.push(`${prefix}_PORT must be a fixed port: the gateway routes to it`);
    routing.port = String(port);
    const embedded = ports?.[`${prefix}_EMBEDDED_POSTGRES_PORT`];
    return {
      ...s,
      port,
      routingUrl: routing.toString(),
      embeddedPostgresPort: embedded ? embedded : undefined,
      databaseUrl: urls?.[`${prefix}_DATABASE_URL`],
    };
  });
  const example = envPrefix(subgraphs[0]?.name ?? 'territories');
  if (shared.DATABASE_URL) {
    problems.push(`DATABASE_URL would give every service the same database; set ${example}_DATABASE_URL (one per service) instead`);
  }
  if (shared.EMBEDDED_POSTGRES_PORT) {
    problems.push(`EMBEDDED_POSTGRES_PORT would give every service the same port; set ${example}_EMBEDDED_POSTGRES_PORT instead`);
  }
  if (stack && stack.PORT === 0) problems.push('PORT must be a fixed port: it is the endpoint users query');
  if (problems.length || !stack) throw new EnvError(problems);

  const inherited: EnvSource = { ...source };
  for (const name of ['PORT', ...Object.keys(perServiceEnvSpec)]) delete inherited[name];
  const dataDir = path.resolve(stack.DATA_DIR ?? path.join(ROOT, '.data'));
  return {
    gatewayPort: stack.PORT,
    dataDir,
    dataDirConfigured: stack.DATA_DIR !== undefined,
    json: stack.LOG_FORMAT === 'json',
    colour: process.stdout.isTTY === true && stack.NO_COLOR === undefined,
    readyTimeoutMs: stack.READY_TIMEOUT_MS,
    stopTimeoutMs: stack.STOP_TIMEOUT_MS,
    referenceDataDir: stack.REFERENCE_DATA_DIR === 'none' ? null : path.resolve(ROOT, stack.REFERENCE_DATA_DIR),
    services,
    // Children resolve DATA_DIR against the repo root, so hand them the absolute path.
    inherited: stack.DATA_DIR === undefined ? inherited : { ...inherited, DATA_DIR: dataDir },
  };
}
