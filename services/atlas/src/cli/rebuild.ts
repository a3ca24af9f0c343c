/**
 * `npm run rebuild --workspace @cultura/atlas`: empties the index and reads every program service's change
 * feed again from the start. The feeds keep every change, so the rebuilt index equals the one it replaces.
 * The program services must be running (`npm start`).
 */
import { createLogger, openServiceDatabase, runMain } from '@cultura/service-kit';
import { FeedConsumer } from '../feed/consumer';
import { loadEnv } from '../env';
import { atlasOptionsFrom, atlasService } from '../index';

runMain(async () => {
  const env = loadEnv();
  const log = createLogger('atlas-rebuild', env.LOG_LEVEL);
  const options = atlasOptionsFrom(env);
  const db = await openServiceDatabase(atlasService(options), env, log, { applicationName: 'atlas-rebuild' });
  try {
    await db.dataSource.query('TRUNCATE indexed_action, indexed_actor, indexed_program, indexed_figure, indexed_deletion, feed_state');
    const applied = await new FeedConsumer(db.dataSource, options.feeds, { ...options.consumer, log }).drain(120_000);
    log.info({ applied, feeds: options.feeds.map((f) => f.name) }, 'index rebuilt');
  } finally {
    await db.stop();
  }
});
