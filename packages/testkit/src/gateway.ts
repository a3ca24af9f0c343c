import { createLogger, repoRoot } from '@cultura/service-kit';
import { composeSubgraphs, gatewayOptionsFromEnv, loadEnv, loadSubgraphSources, readSubgraphList, startGateway } from '@cultura/gateway';
import { GraphQLTestClient } from './graphql';

export interface TestGatewayService {
  /** Subgraph name as listed in `gateway/subgraphs.json`. */
  name: string;
  /** Where the running service answers GraphQL, e.g. a `startTestService(...).url`. */
  url: string;
  /** The subgraph's SDL, for a subgraph not listed in `gateway/subgraphs.json` (a test double). */
  typeDefs?: string;
}

export interface TestGatewayOptions {
  /** Gateway variables (as in production), e.g. `{ SUBGRAPH_TIMEOUT_MS: '500' }`. */
  env?: Record<string, string>;
}

export interface TestGateway {
  /** The gateway's GraphQL endpoint. */
  url: string;
  /** The gateway's root: the explorer page, `/healthz`, `/readyz`. */
  baseUrl: string;
  client: GraphQLTestClient;
  stop(): Promise<void>;
}

/**
 * Starts the real gateway on port 0 in front of running services: composes a supergraph on the fly
 * from each service's schema file (found by name in `gateway/subgraphs.json`) routed to the given
 * URLs, so a test sees exactly what clients of the composed API will see.
 */
export async function startTestGateway(services: TestGatewayService[], opts: TestGatewayOptions = {}): Promise<TestGateway> {
  const root = repoRoot();
  const listed = readSubgraphList(root);
  const subgraphs = services.map((s) => {
    if (s.typeDefs !== undefined) return { name: s.name, url: s.url, typeDefs: s.typeDefs };
    const entry = listed.find((e) => e.name === s.name);
    if (!entry) {
      throw new Error(`"${s.name}" is not in gateway/subgraphs.json (listed: ${listed.map((e) => e.name).join(', ')}); pass its typeDefs`);
    }
    return loadSubgraphSources(root, [entry], { [s.name]: s.url })[0];
  });
  // The response cache and rate limits stay off unless a test asks for them: most tests write to services
  // directly and read back at once, and send more requests than a caller's budget.
  const env = loadEnv(
    { NODE_ENV: 'test', PORT: '0', LOG_LEVEL: 'silent', RESPONSE_CACHE: 'false', RATE_LIMIT_POINTS: '0', ...opts.env },
    listed.map((e) => e.name),
  );
  const used = listed.filter((e) => services.some((s) => s.name === e.name));
  const gateway = await startGateway(
    gatewayOptionsFromEnv(env, {
      log: createLogger('gateway', env.logLevel),
      supergraphSdl: composeSubgraphs(subgraphs),
      // As in production: the cache follows the change feeds of the services given.
      cacheFeeds: {
        feedSubgraphs: used.filter((e) => e.changeFeed || e.indexesChangeFeeds).map((e) => e.name),
        derivedSubgraphs: used.filter((e) => e.indexesChangeFeeds).map((e) => e.name),
      },
      feedPollMs: 100,
      downloads: used.flatMap((e) => e.downloads.map((p) => ({ path: p, subgraph: e.name }))),
    }),
  );
  return {
    url: gateway.url,
    baseUrl: gateway.url.replace(/\/graphql$/, ''),
    client: new GraphQLTestClient(gateway.url),
    stop: () => gateway.stop(),
  };
}
