/**
 * `npm run index:rebuild`: builds a new index from every program service's change feed, from the start,
 * beside the live one, and swaps it in at once (see rebuildIndex). The feeds keep every change, so the
 * rebuilt index equals the one it replaces. The program services must be running (`npm start`); if one
 * cannot be read, the rebuild stops with a one-line error and the live index stays as it was.
 */
import { createLogger, openServiceDatabase, runMain } from '@cultura/service-kit';
import { RebuildAborted, rebuildIndex } from '../feed/rebuild';
import { loadEnv } from '../env';
import { atlasOptionsFrom, atlasService } from '../index';

runMain(async () => {
  const env = loadEnv();
  const log = createLogger('atlas-rebuild', env.LOG_LEVEL);
  const options = atlasOptionsFrom(env);
  const service = atlasService(options);
  const db = await openServiceDatabase(service, env, log, { applicationName: 'atlas-rebuild' });
  try {
    const url = 'url' in db.dataSource.options ? db.dataSource.options.url : undefined;
    const { applied } = await rebuildIndex({
      dataSource: db.dataSource,
      database: { url: url ?? '', entities: service.entities, migrations: service.migrations },
      feeds: options.feeds,
      consumer: options.consumer,
      log,
    });
    log.info({ applied, feeds: options.feeds.map((f) => f.name) }, 'index rebuilt and swapped in');
  } catch (err) {
    if (!(err instanceof RebuildAborted)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exitCode = 1;
  } finally {
    await db.stop();
  }
});
