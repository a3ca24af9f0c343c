import { existsSync, readFileSync } from 'node:fs';
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

/** Reads the committed supergraph, saying how to make one when it is missing. */
export function readSupergraph(file: string): string {
  if (!existsSync(file)) {
    throw new Error(`Supergraph not found at ${file}. Run \`npm run compose\` to compose it from the subgraph schemas.`);
  }
  return readFileSync(file, 'utf8');
}

/** `npm start --workspace @cultura/gateway`: serve the committed supergraph until SIGTERM/SIGINT. */
export async function main(): Promise<RunningGateway> {
  const env = loadEnv();
  const log = createLogger('gateway', env.logLevel);
  const gateway = await startGateway({
    supergraphSdl: readSupergraph(env.supergraphFile),
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
