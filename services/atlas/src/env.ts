import {
  DEFAULT_TERRITORIES_URL,
  env,
  parseEnv,
  subgraphEnvSpec,
  type EnvReader,
  type EnvSource,
  localFeeds,
  readRegistry,
  registryService,
} from '@cultura/service-kit';

/** A true/false variable whose default depends on another one: undefined when unset. */
function optionalBool(): EnvReader<boolean | undefined> {
  const strict = env.bool(false);
  return { describe: strict.describe, read: (raw, name) => (raw === undefined || raw === '' ? undefined : strict.read(raw, name)) };
}

export const atlasEnvSpec = {
  ...subgraphEnvSpec(registryService('atlas')),
  /**
   * The change feeds to index, `name=base-url` separated by commas; each service serves its feed at
   * `<base-url>/changes`.
   */
  FEEDS: env.list({
    // Every registered service with a change feed, at its address on this machine.
    default: localFeeds(readRegistry()),
  }),
  /** The territories service's GraphQL endpoint, which confirms the territory ids filters name. */
  TERRITORIES_URL: env.urlWithDefault({ protocols: ['http', 'https'], default: DEFAULT_TERRITORIES_URL }),
  TERRITORIES_TIMEOUT_MS: env.int({ default: 5000, min: 100 }),
  FEED_POLL_MS: env.int({ default: 1000, min: 50 }),
  FEED_BATCH_SIZE: env.int({ default: 500, min: 1, max: 5000 }),
  FEED_TIMEOUT_MS: env.int({ default: 10000, min: 100 }),
  /** Run the feed consumers in this process (off for read-only replicas). */
  CONSUME_FEEDS: env.bool(true),
  /** `http` polls each feed (no infrastructure); `nats` reads them through a NATS JetStream stream. */
  FEED_TRANSPORT: env.oneOf(['http', 'nats'], 'http'),
  NATS_URL: env.urlWithDefault({ protocols: ['nats', 'tls'], default: 'nats://127.0.0.1:4222' }),
  /** Run the relay that copies FEEDS into the stream in this process; defaults to on with FEED_TRANSPORT=nats. */
  RUN_NATS_RELAY: optionalBool(),
};

export type AtlasEnv = ReturnType<typeof loadEnv>;

/** Parses the service's environment once at boot; throws a readable EnvError listing every problem. */
export function loadEnv(source: EnvSource = process.env) {
  const parsed = parseEnv(atlasEnvSpec, source);
  return Object.freeze({ ...parsed, RUN_NATS_RELAY: parsed.RUN_NATS_RELAY ?? parsed.FEED_TRANSPORT === 'nats' });
}
