import {
  parseEnv,
  startService,
  subgraphEnvSpec,
  type RunningService,
  type ServiceDefinition,
  type StartOptions,
} from '@cultura/service-kit';
import { createTestDatabase, type TestDatabase } from './database';
import { GraphQLTestClient } from './graphql';

export interface TestService extends RunningService {
  client: GraphQLTestClient;
  database: TestDatabase;
}

export interface TestServiceOptions extends StartOptions {
  env?: Record<string, string>;
  /**
   * Start on this existing database instead of a fresh one (to restart a service on its data); the caller
   * then owns it and `stop()` leaves it in place.
   */
  database?: TestDatabase;
}

/** Starts the real service on port 0 against a fresh throwaway database; `stop()` also drops it. */
export async function startTestService<L>(def: ServiceDefinition<L>, opts: TestServiceOptions = {}): Promise<TestService> {
  const owned = !opts.database;
  const database = opts.database ?? (await createTestDatabase(def.name));
  const env = parseEnv(subgraphEnvSpec({ port: 0, embeddedPostgresPort: 0 }), {
    NODE_ENV: 'test',
    PORT: '0',
    LOG_LEVEL: 'silent',
    DATABASE_URL: database.url,
    DB_POOL_SIZE: '4',
    ...opts.env,
  });
  let running: RunningService;
  try {
    running = await startService(def, env, opts);
  } catch (err) {
    if (owned) await database.drop();
    throw err;
  }
  return {
    ...running,
    database,
    client: new GraphQLTestClient(running.url),
    stop: async () => {
      await running.stop();
      if (owned) await database.drop();
    },
  };
}
