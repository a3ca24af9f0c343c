import path from 'node:path';
import type { DataSource } from 'typeorm';
import {
  DEFAULT_TERRITORIES_URL,
  runMain,
  startService,
  stopOnSignals,
  type ServiceDefinition,
  type StartOptions,
} from '@cultura/service-kit';
import { VOCABULARY_ENTITIES, VOCABULARY_MIGRATIONS, changeFeedHead, httpTerritoryDirectory, readChanges } from '@cultura/vocabulary';
import { RED_GESTION_ENTITIES } from './entities';
import { CreateRedGestion1763800300000 } from './migrations/1763800300000-CreateRedGestion';
import { SeedRecordsOnlyWhereStated1764300100000 } from './migrations/1764300100000-SeedRecordsOnlyWhereStated';
import { createLoaders, type RedGestionLoaders } from './loaders';
import { loadSourceDocumentFacts } from './data/load';
import { loadSyntheticData } from './data/synthetic';
import { QueryResolvers } from './resolvers/Query';
import { LabelsResolvers } from './resolvers/Labels';
import { RedGestionQueryResolvers } from './resolvers/RedGestionQuery';
import { RedGestionNetworkResolvers } from './resolvers/RedGestionNetwork';
import { MutationResolvers } from './resolvers/Mutation';
import { TerritoryResolvers } from './resolvers/Territory';
import { RedGestionTerritoryResolvers } from './resolvers/RedGestionTerritory';
import { RedGestionLevelResolvers } from './resolvers/RedGestionLevel';
import { ActionResolvers, actionTypeName } from './resolvers/Action';
import { WorkshopAttendanceResolvers } from './resolvers/WorkshopAttendance';
import { EntityAttendanceResolvers } from './resolvers/EntityAttendance';
import { TrainingProgrammeResolvers } from './resolvers/TrainingProgramme';
import { ActorResolvers, actorTypeName } from './resolvers/Actor';
import { PublicServantResolvers } from './resolvers/PublicServant';
import { loadEnv, type RedGestionEnv } from './env';

export interface RedGestionOptions {
  /** GraphQL endpoint of the territories service, which confirms territory ids on writes. Default: `DEFAULT_TERRITORIES_URL`. */
  territoriesUrl?: string;
  /** How long a write waits for the territories service before it is refused (ms). Default 5000. */
  territoriesTimeoutMs?: number;
  /** Also load the synthetic demo set (marked SYNTHETIC) with the source document's facts. Default false. */
  loadSyntheticData?: boolean;
}

/** Every migration of the service's database: the shared vocabulary's and the RED's own. */
export const RED_GESTION_MIGRATIONS = [...VOCABULARY_MIGRATIONS, CreateRedGestion1763800300000, SeedRecordsOnlyWhereStated1764300100000];

/** The RED (Peru) subgraph: its schema, tables, loaders and the facts of its source document. */
export function redGestionService(opts: RedGestionOptions = {}): ServiceDefinition<RedGestionLoaders> {
  const territories = httpTerritoryDirectory(opts.territoriesUrl ?? DEFAULT_TERRITORIES_URL, opts.territoriesTimeoutMs);
  return {
    name: 'red-gestion',
    schemaFile: path.resolve(__dirname, '..', 'schema.graphql'),
    resolvers: {
      ...QueryResolvers,
      ...LabelsResolvers,
      ...RedGestionQueryResolvers,
      ...RedGestionNetworkResolvers,
      ...MutationResolvers,
      ...TerritoryResolvers,
      ...RedGestionTerritoryResolvers,
      ...RedGestionLevelResolvers,
      ...ActionResolvers,
      ...WorkshopAttendanceResolvers,
      ...EntityAttendanceResolvers,
      ...TrainingProgrammeResolvers,
      ...ActorResolvers,
      ...PublicServantResolvers,
    },
    entities: [...VOCABULARY_ENTITIES, ...RED_GESTION_ENTITIES],
    // TypeORM runs these in timestamp order, the shared ones interleaved with the RED's own.
    migrations: RED_GESTION_MIGRATIONS,
    createLoaders: (ds: DataSource) => createLoaders(ds, territories),
    // What the cross-program index reads at /changes; each record is named by the GraphQL type it resolves to.
    changeFeed: (ds, after, limit) => readChanges(ds, after, limit, { actionTypeName, actorTypeName }),
    changeFeedHead,
    loadDefaultData: async (ds, log) => {
      const facts = await loadSourceDocumentFacts(ds);
      log.info({ inserted: facts.inserted }, 'source document facts loaded');
      if (opts.loadSyntheticData) {
        const demo = await loadSyntheticData(ds);
        log.info({ inserted: demo.inserted }, 'synthetic demo set loaded');
      }
    },
  };
}

/** The service's options as its environment sets them. */
export function redGestionOptions(
  env: Pick<RedGestionEnv, 'TERRITORIES_URL' | 'TERRITORIES_TIMEOUT_MS' | 'LOAD_SYNTHETIC_DATA'>,
): RedGestionOptions {
  return {
    territoriesUrl: env.TERRITORIES_URL,
    territoriesTimeoutMs: env.TERRITORIES_TIMEOUT_MS,
    loadSyntheticData: env.LOAD_SYNTHETIC_DATA,
  };
}

export function startRedGestion(env: RedGestionEnv, options: StartOptions = {}) {
  return startService(redGestionService(redGestionOptions(env)), env, { loadDefaultData: env.LOAD_DEFAULT_DATA, ...options });
}

export { loadSyntheticData } from './data/synthetic';

if (require.main === module) {
  runMain(async () => {
    const env = loadEnv();
    const service = await startRedGestion(env);
    stopOnSignals([service], service.log, env.SHUTDOWN_GRACE_MS);
  });
}
