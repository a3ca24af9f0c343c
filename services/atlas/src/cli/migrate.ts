/**
 * `npm run migrate --workspace @cultura/atlas`: applies pending migrations and exits; deployments run it
 * before the new version rolls out.
 */
import { createLogger, openServiceDatabase, runMain } from '@cultura/service-kit';
import { loadEnv } from '../env';
import { atlasOptionsFrom, atlasService } from '../index';

runMain(async () => {
  const env = loadEnv();
  const log = createLogger('atlas-migrate', env.LOG_LEVEL);
  const db = await openServiceDatabase(atlasService(atlasOptionsFrom(env)), env, log, { applicationName: 'atlas-migrate' });
  await db.stop();
  log.info({}, 'migrations are up to date');
});
