/**
 * `npm run migrate --workspace @cultura/puntos-cultura`: applies pending migrations and exits. Deployments
 * run it as a step (a Kubernetes Job) before the new version of the service rolls out.
 */
import { createLogger, openServiceDatabase, runMain } from '@cultura/service-kit';
import { loadEnv } from '../env';
import { puntosCulturaOptions, puntosCulturaService } from '../index';

runMain(async () => {
  const env = loadEnv();
  const log = createLogger('puntos-cultura-migrate', env.LOG_LEVEL);
  const db = await openServiceDatabase(puntosCulturaService(puntosCulturaOptions(env)), env, log, { applicationName: 'puntos-cultura-migrate' });
  await db.stop();
  log.info({}, 'migrations are up to date');
});
