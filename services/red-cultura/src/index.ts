import path from 'node:path';
import type { DataSource } from 'typeorm';
import { runMain, startService, stopOnSignals, type ServiceDefinition, type StartOptions } from '@cultura/service-kit';
import { VOCABULARY_ENTITIES, VOCABULARY_MIGRATIONS, changeFeedHead, httpTerritoryDirectory, readChanges } from '@cultura/vocabulary';
import { PlanRecord, PlanStageChangeRecord } from './entities/Plan';
import { CreateRedCultura1763800100000 } from './migrations/1763800100000-CreateRedCultura';
import { PlanStageMayBeUnknown1764300000000 } from './migrations/1764300000000-PlanStageMayBeUnknown';
import { CorrectSeedRecords1764300100000 } from './migrations/1764300100000-CorrectSeedRecords';
import { createLoaders, type RedCulturaLoaders } from './loaders';
import { loadSourceDocumentFacts } from './data/load';
import { QueryResolvers } from './resolvers/Query';
import { LabelsResolvers } from './resolvers/Labels';
import { RedCulturaQueryResolvers } from './resolvers/RedCulturaQuery';
import { MutationResolvers } from './resolvers/Mutation';
import { TerritoryResolvers } from './resolvers/Territory';
import { RedCulturaTerritoryResolvers } from './resolvers/RedCulturaTerritory';
import { ActionResolvers, actionTypeName } from './resolvers/Action';
import { ActorResolvers, actorTypeName } from './resolvers/Actor';
import { loadEnv, type RedCulturaEnv } from './env';

/** The service's own migrations, in order (after the shared ones). */
export const RED_CULTURA_MIGRATIONS = [CreateRedCultura1763800100000, PlanStageMayBeUnknown1764300000000, CorrectSeedRecords1764300100000];

export interface RedCulturaOptions {
  /** GraphQL endpoint of the territories service, which confirms territory ids on writes. */
  territoriesUrl: string;
  territoriesTimeoutMs?: number;
}

/** The Red Cultura (Chile) subgraph: its schema, tables, loaders and the facts of its source document. */
export function redCulturaService(opts: RedCulturaOptions): ServiceDefinition<RedCulturaLoaders> {
  const territories = httpTerritoryDirectory(opts.territoriesUrl, opts.territoriesTimeoutMs);
  return {
    name: 'red-cultura',
    schemaFile: path.resolve(__dirname, '..', 'schema.graphql'),
    resolvers: {
      ...QueryResolvers,
      ...LabelsResolvers,
      ...RedCulturaQueryResolvers,
      ...MutationResolvers,
      ...TerritoryResolvers,
      ...RedCulturaTerritoryResolvers,
      ...ActionResolvers,
      ...ActorResolvers,
    },
    entities: [...VOCABULARY_ENTITIES, PlanRecord, PlanStageChangeRecord],
    migrations: [...VOCABULARY_MIGRATIONS, ...RED_CULTURA_MIGRATIONS],
    createLoaders: (ds: DataSource) => createLoaders(ds, territories),
    changeFeed: (ds, after, limit) => readChanges(ds, after, limit, { actionTypeName, actorTypeName }),
    changeFeedHead,
    loadDefaultData: async (ds, log) => {
      log.info(await loadSourceDocumentFacts(ds), 'source document facts loaded');
    },
  };
}

export function startRedCultura(env: RedCulturaEnv, options: StartOptions = {}) {
  const def = redCulturaService({
    territoriesUrl: env.TERRITORIES_URL,
    territoriesTimeoutMs: env.TERRITORIES_TIMEOUT_MS,
  });
  return startService(def, env, { loadDefaultData: env.LOAD_DEFAULT_DATA, ...options });
}

export { loadSyntheticDemo, removeSyntheticDemo } from './data/synthetic';

if (require.main === module) {
  runMain(async () => {
    const env = loadEnv();
    const service = await startRedCultura(env);
    stopOnSignals([service], service.log, env.SHUTDOWN_GRACE_MS);
  });
}
