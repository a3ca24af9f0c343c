import { parseEnv, programServiceEnvSpec, type EnvSource, registryService } from '@cultura/service-kit';

export const puntosCulturaEnvSpec = programServiceEnvSpec(registryService('puntos-cultura'));

export type PuntosCulturaEnv = ReturnType<typeof loadEnv>;

/** Parses the service's environment once at boot; throws a readable EnvError listing every problem. */
export function loadEnv(source: EnvSource = process.env) {
  return parseEnv(puntosCulturaEnvSpec, source);
}
