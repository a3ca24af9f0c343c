import { createVerifier } from '@cultura/auth';
import { createLogger, runMain, stopOnSignals } from '@cultura/service-kit';
import { loadEnv } from './env';
import { startGateway, type RunningGateway } from './server';

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
export { loadEnv, subgraphUrlVariable, type CorsOrigins, type GatewayEnv } from './env';
export { DEFAULT_QUERY, explorerHtml } from './explorer';
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
 * SIGTERM/SIGINT.
 */
export async function main(): Promise<RunningGateway> {
  const env = loadEnv();
  const log = createLogger('gateway', env.logLevel);
  const gateway = await startGateway({
    supergraphFile: env.supergraphFile,
    supergraphPollIntervalMs: env.supergraphPollIntervalMs,
    host: env.host,
    port: env.port,
    subgraphUrls: env.subgraphUrls,
    timeoutMs: env.subgraphTimeoutMs,
    corsOrigins: env.corsOrigins,
    verifier: createVerifier(env.auth),
    log,
    production: env.production,
  });
  stopOnSignals([gateway], log, env.shutdownGraceMs);
  return gateway;
}

if (require.main === module) runMain(main);
