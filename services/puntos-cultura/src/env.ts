import { env, parseEnv, subgraphEnvSpec, type EnvSource } from '@cultura/service-kit';

export const DEFAULT_TERRITORIES_URL = 'http://127.0.0.1:4001/graphql';

export const puntosCulturaEnvSpec = {
  ...subgraphEnvSpec({ port: 4004, embeddedPostgresPort: 54304 }),
  /** Load the facts of the program's source document at start (idempotent). */
  LOAD_DEFAULT_DATA: env.bool(true),
  /** Also load the synthetic demo registry (169 points marked SYNTHETIC); never in a real deployment. */
  LOAD_SYNTHETIC_DATA: env.bool(false),
  /** The territories service's GraphQL endpoint: writes confirm districts there, imports match district names. */
  TERRITORIES_URL: env.url({ protocols: ['http', 'https'], optional: true }),
  TERRITORIES_TIMEOUT_MS: env.int({ default: 5000, min: 100 }),
};

export type PuntosCulturaEnv = ReturnType<typeof loadEnv>;

/** Parses the service's environment once at boot; throws a readable EnvError listing every problem. */
export function loadEnv(source: EnvSource = process.env) {
  const parsed = parseEnv(puntosCulturaEnvSpec, source);
  return Object.freeze({ ...parsed, TERRITORIES_URL: parsed.TERRITORIES_URL ?? DEFAULT_TERRITORIES_URL });
}
