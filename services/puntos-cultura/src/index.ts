import path from 'node:path';
import { runMain, startService, stopOnSignals, type ServiceDefinition, type StartOptions } from '@cultura/service-kit';
import { VOCABULARY_ENTITIES, VOCABULARY_MIGRATIONS, changeFeedHead, httpTerritoryDirectory, readChanges } from '@cultura/vocabulary';
import { PUNTOS_CULTURA_ENTITIES } from './entities';
import { CreatePuntosCultura1763800400000 } from './migrations/1763800400000-CreatePuntosCultura';
import { FigureScopeAndLineage1764200400000 } from './migrations/1764200400000-FigureScopeAndLineage';
import { createLoaders, type PuntosCulturaLoaders } from './loaders';
import { loadDefaultData } from './data/load';
import { httpDistrictGazetteer } from './territories';
import { QueryResolvers } from './resolvers/Query';
import { LabelsResolvers } from './resolvers/Labels';
import { PuntosCulturaQueryResolvers } from './resolvers/PuntosCulturaQuery';
import { MutationResolvers } from './resolvers/Mutation';
import { TerritoryResolvers } from './resolvers/Territory';
import { PuntosCulturaTerritoryResolvers } from './resolvers/PuntosCulturaTerritory';
import { CulturePointResolvers } from './resolvers/CulturePoint';
import { ActorResolvers, actorTypeOf } from './resolvers/Actor';
import { ActionResolvers, actionTypeOf } from './resolvers/Action';
import { ApplicationResolvers } from './resolvers/Application';
import { loadEnv, type PuntosCulturaEnv } from './env';

export interface PuntosCulturaOptions {
  /** GraphQL endpoint of the territories service, which confirms districts and places imported district names. */
  territoriesUrl: string;
  /** How long a call to the territories service may take before the write is refused (ms). Default 5000. */
  territoriesTimeoutMs?: number;
  /** Load the synthetic demo registry with the default data. Default false. */
  loadSyntheticData?: boolean;
}

/** The service, bound to where its territories service answers. */
export function puntosCulturaService(options: PuntosCulturaOptions): ServiceDefinition<PuntosCulturaLoaders> {
  const territories = httpTerritoryDirectory(options.territoriesUrl, options.territoriesTimeoutMs ?? 5000);
  // Imports send many names per request; give them more time than a single check.
  const gazetteer = httpDistrictGazetteer(options.territoriesUrl, Math.max(10_000, options.territoriesTimeoutMs ?? 5000));
  return {
    name: 'puntos-cultura',
    schemaFile: path.resolve(__dirname, '..', 'schema.graphql'),
    resolvers: {
      ...QueryResolvers,
      ...LabelsResolvers,
      ...PuntosCulturaQueryResolvers,
      ...MutationResolvers,
      ...TerritoryResolvers,
      ...PuntosCulturaTerritoryResolvers,
      ...ActorResolvers,
      ...ActionResolvers,
      ...CulturePointResolvers,
      ...ApplicationResolvers,
    },
    // The shared vocabulary's tables and migrations come first; this program's build on them.
    entities: [...VOCABULARY_ENTITIES, ...PUNTOS_CULTURA_ENTITIES],
    migrations: [...VOCABULARY_MIGRATIONS, CreatePuntosCultura1763800400000, FigureScopeAndLineage1764200400000],
    createLoaders: (dataSource) => createLoaders(dataSource, territories, gazetteer),
    // The cross-program index reads actors and actions from here, typed as this schema types them.
    changeFeed: (dataSource, after, limit) =>
      readChanges(dataSource, after, limit, { actionTypeName: actionTypeOf, actorTypeName: actorTypeOf }),
    changeFeedHead,
    loadDefaultData: async (dataSource, log) => {
      const summary = await loadDefaultData(dataSource, { synthetic: options.loadSyntheticData ?? false });
      log.info({ ...summary }, 'puntos-cultura default data loaded');
    },
  };
}

export function puntosCulturaOptions(env: PuntosCulturaEnv): PuntosCulturaOptions {
  return {
    territoriesUrl: env.TERRITORIES_URL,
    territoriesTimeoutMs: env.TERRITORIES_TIMEOUT_MS,
    loadSyntheticData: env.LOAD_SYNTHETIC_DATA,
  };
}

export function startPuntosCultura(env: PuntosCulturaEnv, options: StartOptions = {}) {
  return startService(puntosCulturaService(puntosCulturaOptions(env)), env, { loadDefaultData: env.LOAD_DEFAULT_DATA, ...options });
}

export { loadDefaultData } from './data/load';

if (require.main === module) {
  runMain(async () => {
    const env = loadEnv();
    const service = await startPuntosCultura(env);
    stopOnSignals([service], service.log, env.SHUTDOWN_GRACE_MS);
  });
}
