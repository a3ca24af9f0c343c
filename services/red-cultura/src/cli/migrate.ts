/**
 * `npm run migrate --workspace @cultura/red-cultura`: applies pending migrations and exits; deployments run
 * it before the new version rolls out.
 */
import { createLogger, openServiceDatabase, runMain } from '@cultura/service-kit';
import { loadEnv } from '../env';
import { redCulturaService } from '../index';

runMain(async () => {
  const env = loadEnv();
  const log = createLogger('red-cultura-migrate', env.LOG_LEVEL);
  const def = redCulturaService({ territoriesUrl: env.TERRITORIES_URL });
  const db = await openServiceDatabase(def, env, log, { applicationName: 'red-cultura-migrate' });
  await db.stop();
  log.info({}, 'migrations are up to date');
});
