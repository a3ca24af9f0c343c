import { parseEnv, programServiceEnvSpec, type EnvSource } from '@cultura/service-kit';

export const redGestionEnvSpec = programServiceEnvSpec({ port: 4003, embeddedPostgresPort: 54303 });

export type RedGestionEnv = ReturnType<typeof loadEnv>;

/** Parses the service's environment once at boot; throws a readable EnvError listing every problem. */
export function loadEnv(source: EnvSource = process.env) {
  return parseEnv(redGestionEnvSpec, source);
}
