import path from 'node:path';
import { runMain, startService, stopOnSignals, type ServiceDefinition, type StartOptions } from '@cultura/service-kit';
import { Territory } from './entities/Territory';
import { CreateTerritory1763790000000 } from './migrations/1763790000000-CreateTerritory';
import { PeruAreasAndLineage1764400000000 } from './migrations/1764400000000-PeruAreasAndLineage';
import { CountryCodeSchemes1765100000000 } from './migrations/1765100000000-CountryCodeSchemes';
import { TerritoryGeography1765200000000 } from './migrations/1765200000000-TerritoryGeography';
import { AlternateNameSearch1765300000000 } from './migrations/1765300000000-AlternateNameSearch';
import { createLoaders, type TerritoryLoaders } from './loaders';
import { Query } from './resolvers/Query';
import { Mutation } from './resolvers/Mutation';
import { TerritoryResolvers } from './resolvers/Territory';
import { JSONResolver } from 'graphql-scalars';
import { CodeScheme, CountryCode } from './resolvers/scalars';
import { loadDefaultGazetteer } from './gazetteer/default';
import { loadEnv, type TerritoriesEnv } from './env';
import { territoriesGeoJson } from './downloads';
import { labelResolvers, VOCABULARY_LABELS } from '@cultura/vocabulary';
import { TERRITORY_LABELS } from './data/labels';

const labels = labelResolvers({ ...VOCABULARY_LABELS, ...TERRITORY_LABELS });

export const territoriesService: ServiceDefinition<TerritoryLoaders> = {
  name: 'territories',
  schemaFile: path.resolve(__dirname, '..', 'schema.graphql'),
  resolvers: {
    Query: { ...Query, ...labels.Query },
    Labels: labels.Labels,
    Mutation,
    Territory: TerritoryResolvers,
    CountryCode,
    CodeScheme,
    JSON: JSONResolver,
  },
  entities: [Territory],
  migrations: [
    CreateTerritory1763790000000,
    PeruAreasAndLineage1764400000000,
    CountryCodeSchemes1765100000000,
    TerritoryGeography1765200000000,
    AlternateNameSearch1765300000000,
  ],
  createLoaders,
  downloads: { '/territories.geojson': territoriesGeoJson },
  loadDefaultData: async (dataSource, log) => {
    const summary = await loadDefaultGazetteer(dataSource);
    log.info({ ...summary }, 'default gazetteer loaded');
  },
};

export function startTerritories(env: TerritoriesEnv, options: StartOptions = {}) {
  return startService(territoriesService, env, { loadDefaultData: env.LOAD_DEFAULT_DATA, ...options });
}

export { importOfficialGazetteer } from './gazetteer/official';
export { importGeography } from './gazetteer/geography';

if (require.main === module) {
  runMain(async () => {
    const env = loadEnv();
    const service = await startTerritories(env);
    stopOnSignals([service], service.log, env.SHUTDOWN_GRACE_MS);
  });
}
