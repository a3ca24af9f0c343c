import cluster from 'node:cluster';
import { createLogger, runMain, stopOnSignals } from '@cultura/service-kit';
import { loadEnv } from './env';
import { gatewayOptionsFromEnv } from './options';
import { startGateway, type RunningGateway } from './server';
import { runPrimary, stopWithPrimary } from './workers';

export {
  CompositionError,
  checkSupergraphFile,
  composeRepository,
  composeSubgraphs,
  composeWithHints,
  loadSubgraphSources,
  readSubgraphList,
  type CompositionProblem,
  type SubgraphEntry,
  type SubgraphSource,
} from './compose';
export { loadEnv, subgraphUrlVariable, workerCount, type CorsOrigins, type GatewayEnv } from './env';
export { gatewayOptionsFromEnv, type GatewayOptionsFrom } from './options';
export { DEFAULT_QUERY, explorerHtml } from './explorer';
export { DEFAULT_LIMITS, checkLimits, type OperationLimits } from './limits';
export { MemoryCacheStore, RedisCacheStore, type ResponseCacheStore } from './response-cache';
export { delegateSecurityToSubgraphs } from './supergraph';
export { apiSchemaOf } from './persisted-manifest';
export { startGateway, type GatewayContext, type GatewayOptions, type RunningGateway } from './server';
export {
  prepareSupergraph,
  readSupergraphFile,
  readSupergraphFile as readSupergraph,
  supergraphFileHook,
  type ReloadOutcome,
} from './supergraph-file';

/**
 * `npm start --workspace @cultura/gateway`: serve the supergraph file (reloaded when it changes) until
 * SIGTERM/SIGINT, in `GATEWAY_WORKERS` processes sharing the port (one process when 1).
 */
export async function main(): Promise<RunningGateway | undefined> {
  const env = loadEnv();
  const log = createLogger('gateway', env.logLevel);
  if (env.workers > 1 && cluster.isPrimary) {
    runPrimary(env.workers, log, env.shutdownGraceMs);
    return undefined;
  }
  const gateway = await startGateway(gatewayOptionsFromEnv(env, { log }));
  if (cluster.isWorker) stopWithPrimary([gateway], log, env.shutdownGraceMs);
  else stopOnSignals([gateway], log, env.shutdownGraceMs);
  return gateway;
}

if (require.main === module) runMain(main);
