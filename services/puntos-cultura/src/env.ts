import { parseEnv, programServiceEnvSpec, type EnvSource } from '@cultura/service-kit';

export const puntosCulturaEnvSpec = programServiceEnvSpec({ port: 4004, embeddedPostgresPort: 54304 });

export type PuntosCulturaEnv = ReturnType<typeof loadEnv>;

/** Parses the service's environment once at boot; throws a readable EnvError listing every problem. */
export function loadEnv(source: EnvSource = process.env) {
  return parseEnv(puntosCulturaEnvSpec, source);
}
