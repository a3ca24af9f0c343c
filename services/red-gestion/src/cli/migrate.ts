/**
 * `npm run migrate --workspace @cultura/red-gestion`: applies pending migrations and exits; deployments run
 * it before the new version rolls out.
 */
import { createLogger, openServiceDatabase, runMain } from '@cultura/service-kit';
import { loadEnv } from '../env';
import { redGestionService, redGestionOptions } from '../index';

runMain(async () => {
  const env = loadEnv();
  const log = createLogger('red-gestion-migrate', env.LOG_LEVEL);
  const db = await openServiceDatabase(redGestionService(redGestionOptions(env)), env, log, { applicationName: 'red-gestion-migrate' });
  await db.stop();
  log.info({}, 'migrations are up to date');
});
