/**
 * `npm run migrate --workspace @cultura/territories`: applies pending migrations and exits. Deployments run
 * it as a step (a Kubernetes Job) before the new version of the service rolls out.
 */
import { createLogger, openServiceDatabase, runMain } from '@cultura/service-kit';
import { loadEnv } from '../env';
import { territoriesService } from '../index';

runMain(async () => {
  const env = loadEnv();
  const log = createLogger(`${territoriesService.name}-migrate`, env.LOG_LEVEL);
  const db = await openServiceDatabase(territoriesService, env, log, { applicationName: 'territories-migrate' });
  await db.stop();
  log.info({}, 'migrations are up to date');
});
