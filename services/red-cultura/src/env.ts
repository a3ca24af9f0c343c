import { env, parseEnv, subgraphEnvSpec, type EnvSource } from '@cultura/service-kit';

export const redCulturaEnvSpec = {
  ...subgraphEnvSpec({ port: 4002, embeddedPostgresPort: 54302 }),
  /** Load the facts of the program's source document at start (idempotent). */
  LOAD_DEFAULT_DATA: env.bool(true),
  /** Where writes confirm territory ids: the territories service's GraphQL endpoint. */
  TERRITORIES_URL: env.url({ protocols: ['http', 'https'], optional: true }),
  TERRITORIES_TIMEOUT_MS: env.int({ default: 5000, min: 100 }),
};

export type RedCulturaEnv = ReturnType<typeof loadEnv>;

/** Parses the service's environment once at boot; throws a readable EnvError listing every problem. */
export function loadEnv(source: EnvSource = process.env) {
  return parseEnv(redCulturaEnvSpec, source);
}

export const DEFAULT_TERRITORIES_URL = 'http://127.0.0.1:4001/graphql';
