/**
 * `npm run demo-data --workspace @cultura/red-cultura [-- --remove] [-- --seed 7]`
 *
 * Loads (or removes) a synthetic demo set across every Chilean comuna the territories service knows, for
 * dashboards. Every record is marked SYNTHETIC. The territories service must be running (`npm start`);
 * import the official gazetteer first to spread the set over all 346 comunas.
 */
import { parseArgs } from 'node:util';
import { createLogger, openServiceDatabase, runMain } from '@cultura/service-kit';
import { loadEnv } from '../env';
import { redCulturaService } from '../index';
import { fetchComunas, loadSyntheticDemo, removeSyntheticDemo } from '../data/synthetic';

runMain(async () => {
  const { values } = parseArgs({ options: { remove: { type: 'boolean' }, seed: { type: 'string' } } });
  const seed = values.seed === undefined ? 2026 : Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got "${values.seed}"`);
  const env = loadEnv();
  const log = createLogger('red-cultura-demo-data', env.LOG_LEVEL);
  const territoriesUrl = env.TERRITORIES_URL;
  const db = await openServiceDatabase(redCulturaService({ territoriesUrl }), env, log, { applicationName: 'red-cultura-demo-data' });
  try {
    if (values.remove) {
      log.info(await removeSyntheticDemo(db.dataSource), 'synthetic demo set removed');
    } else {
      const comunas = await fetchComunas(territoriesUrl);
      log.info({ comunas: comunas.length, ...(await loadSyntheticDemo(db.dataSource, comunas, seed)) }, 'synthetic demo set loaded');
    }
  } finally {
    await db.stop();
  }
});
