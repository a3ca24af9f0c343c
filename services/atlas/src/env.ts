import { env, parseEnv, subgraphEnvSpec, type EnvSource } from '@cultura/service-kit';

export const atlasEnvSpec = {
  ...subgraphEnvSpec({ port: 4005, embeddedPostgresPort: 54305 }),
  /**
   * The change feeds to index, `name=base-url` separated by commas; each service serves its feed at
   * `<base-url>/changes`.
   */
  FEEDS: env.list({
    default: ['red-cultura=http://127.0.0.1:4002', 'red-gestion=http://127.0.0.1:4003', 'puntos-cultura=http://127.0.0.1:4004'],
  }),
  FEED_POLL_MS: env.int({ default: 1000, min: 50 }),
  FEED_BATCH_SIZE: env.int({ default: 500, min: 1, max: 5000 }),
  FEED_TIMEOUT_MS: env.int({ default: 10000, min: 100 }),
  /** Run the feed consumers in this process (off for read-only replicas). */
  CONSUME_FEEDS: env.bool(true),
};

export type AtlasEnv = ReturnType<typeof loadEnv>;

/** Parses the service's environment once at boot; throws a readable EnvError listing every problem. */
export function loadEnv(source: EnvSource = process.env) {
  return parseEnv(atlasEnvSpec, source);
}
