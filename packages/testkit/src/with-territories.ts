import path from 'node:path';
import type { ServiceDefinition } from '@cultura/service-kit';
import { importOfficialGazetteer, territoriesService } from '@cultura/territories';
import { startTestService, type TestService, type TestServiceOptions } from './service';

/** The official gazetteers (Chile: CUT; Peru: INEI ubigeo) kept beside the repository; read in place, never copied. */
export const OFFICIAL_GAZETTEERS = path.resolve(__dirname, '../../../../shared/data/gazetteers');

export interface WithTerritories {
  territories: TestService;
  /** The service under test, pointed at `territories`. */
  service: TestService;
  /** Stops the service, then territories (each dropping its own throwaway database). */
  stop(): Promise<void>;
}

export interface WithTerritoriesOptions extends TestServiceOptions {
  /**
   * Imports these countries' gazetteers into territories before the service starts (its default
   * gazetteer has only what the seed facts need): CL and PE from the official files, any other country
   * from `gazetteerDir`.
   */
  gazetteers?: string[];
  /** Where the gazetteers are read: a folder with one folder per country. Default {@link OFFICIAL_GAZETTEERS}. */
  gazetteerDir?: string;
}

/**
 * The territories service and the service under test, each on its own throwaway database, the second built
 * by `service` from territories' URL (its TERRITORIES_URL, as in production). `opts` are the service's
 * start options, or a function of territories' URL giving them (for an environment that names it).
 * If the service does not start, territories is stopped before the error is thrown.
 */
export async function startWithTerritories<L>(
  service: (territoriesUrl: string) => ServiceDefinition<L>,
  opts: WithTerritoriesOptions | ((territoriesUrl: string) => WithTerritoriesOptions) = {},
): Promise<WithTerritories> {
  const territories = await startTestService(territoriesService);
  try {
    const { gazetteers, gazetteerDir = OFFICIAL_GAZETTEERS, ...serviceOptions } = typeof opts === 'function' ? opts(territories.url) : opts;
    if (gazetteers) await importOfficialGazetteer(territories.dataSource, { dir: gazetteerDir, countries: gazetteers });
    const started = await startTestService(service(territories.url), serviceOptions);
    return {
      territories,
      service: started,
      stop: async () => {
        await started.stop();
        await territories.stop();
      },
    };
  } catch (err) {
    await territories.stop();
    throw err;
  }
}
