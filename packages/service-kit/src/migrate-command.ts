import { createLogger, type LogLevel } from './logger';
import type { ServiceDefinition, SubgraphEnv } from './server';
import { openServiceDatabase } from './service-database';
import { runMain } from './shutdown';

type MigrateEnv = Pick<SubgraphEnv, 'DATABASE_URL' | 'DATA_DIR' | 'EMBEDDED_POSTGRES_PORT' | 'DB_POOL_SIZE'> & { LOG_LEVEL: LogLevel };

/**
 * A service's `npm run migrate`: reads the service's environment, opens its database the way the service
 * does (which applies pending migrations), closes it and exits. Deployments run it as a step (a Kubernetes
 * Job) before the new version of the service rolls out. Logs and the database connection are named
 * `<service>-migrate`.
 */
export function runMigrateCommand<E extends MigrateEnv, L>(
  loadEnv: () => E,
  service: (env: E) => Pick<ServiceDefinition<L>, 'name' | 'entities' | 'migrations'>,
): void {
  runMain(async () => {
    const env = loadEnv();
    const def = service(env);
    const log = createLogger(`${def.name}-migrate`, env.LOG_LEVEL);
    const db = await openServiceDatabase(def, env, log, { applicationName: `${def.name}-migrate` });
    await db.stop();
    log.info({}, 'migrations are up to date');
  });
}
