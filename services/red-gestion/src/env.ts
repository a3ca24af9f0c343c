import { env, parseEnv, subgraphEnvSpec, type EnvReader, type EnvSource } from '@cultura/service-kit';

/** Where the territories service answers when it runs on this machine with its default port. */
export const DEFAULT_TERRITORIES_URL = 'http://127.0.0.1:4001/graphql';

/** An http(s) URL, checked like every other URL variable, with a default for one machine. */
function urlWithDefault(defaultUrl: string): EnvReader<string> {
  const reader = env.url({ protocols: ['http', 'https'], optional: true });
  return { describe: reader.describe, read: (raw, name) => reader.read(raw, name) ?? defaultUrl };
}

export const redGestionEnvSpec = {
  ...subgraphEnvSpec({ port: 4003, embeddedPostgresPort: 54303 }),
  /** Load the facts of the program's source document at start (idempotent). */
  LOAD_DEFAULT_DATA: env.bool(true),
  /** Also load the synthetic demo set (marked SYNTHETIC), for dashboards that need more than the seed. */
  LOAD_SYNTHETIC_DATA: env.bool(false),
  /** The territories service's GraphQL endpoint, which confirms territory ids on writes. */
  TERRITORIES_URL: urlWithDefault(DEFAULT_TERRITORIES_URL),
  TERRITORIES_TIMEOUT_MS: env.int({ default: 5000, min: 100 }),
};

export type RedGestionEnv = ReturnType<typeof loadEnv>;

/** Parses the service's environment once at boot; throws a readable EnvError listing every problem. */
export function loadEnv(source: EnvSource = process.env) {
  return parseEnv(redGestionEnvSpec, source);
}
