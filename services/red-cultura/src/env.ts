import { parseEnv, programServiceEnvSpec, type EnvSource, registryService } from '@cultura/service-kit';

export const redCulturaEnvSpec = programServiceEnvSpec(registryService('red-cultura'));

export type RedCulturaEnv = ReturnType<typeof loadEnv>;

/** Parses the service's environment once at boot; throws a readable EnvError listing every problem. */
export function loadEnv(source: EnvSource = process.env) {
  return parseEnv(redCulturaEnvSpec, source);
}
