import { env, parseEnv, subgraphEnvSpec, type EnvSource, registryService } from '@cultura/service-kit';

export const territoriesEnvSpec = {
  ...subgraphEnvSpec(registryService('territories')),
  /** Load the gazetteer that ships with the project at start (idempotent). */
  LOAD_DEFAULT_DATA: env.bool(true),
};

export type TerritoriesEnv = ReturnType<typeof loadEnv>;

/** Parses the service's environment once at boot; throws a readable EnvError listing every problem. */
export function loadEnv(source: EnvSource = process.env) {
  return parseEnv(territoriesEnvSpec, source);
}
