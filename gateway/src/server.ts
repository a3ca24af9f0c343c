import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import express from 'express';
import cors, { type CorsOptions } from 'cors';
import fetch from 'node-fetch';
import { GraphQLError } from 'graphql';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions, type SupergraphSdlHook } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { AuthContext, Verifier } from '@cultura/auth';
import { ServiceMetrics, metricsHandler, metricsPlugin, requestLogPlugin, type Logger } from '@cultura/service-kit';
import { optOutOfApolloTelemetry, type CorsOrigins } from './env';
import { delegateSecurityToSubgraphs } from './supergraph';
import { supergraphFileHook } from './supergraph-file';
import { reportsCsvHandler } from './reports-csv';
import { explorerAssetRouter, explorerHtml, prefersHtml, sendExplorer, EXPLORER_ASSET_PATH } from './explorer';

/** What the gateway knows about each request; subgraph calls are made from it. */
export interface GatewayContext {
  auth: AuthContext;
}

export interface GatewayOptions {
  /**
   * The composed supergraph, served as is. Give either this or `supergraphFile`. The gateway never
   * introspects services.
   */
  supergraphSdl?: string;
  /** A supergraph file (`SUPERGRAPH_FILE`), served and reloaded whenever it changes. */
  supergraphFile?: string;
  /** How often the supergraph file is re-read besides change events (0: only on events). */
  supergraphPollIntervalMs?: number;
  /** Interface to listen on, e.g. `127.0.0.1`, or `0.0.0.0` in a container. */
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Routing URLs that replace the supergraph's, by subgraph name (e.g. `{ territories: 'http://territories:4001/graphql' }`). */
  subgraphUrls?: Record<string, string>;
  /** Each subgraph call is aborted after this many milliseconds. */
  timeoutMs: number;
  /** Browser origins allowed to call `/graphql`: `*` for any, or a list (empty: none). */
  corsOrigins: CorsOrigins;
  /** Verifies `Authorization` headers; a bad token is refused here, before any subgraph is called. */
  verifier: Verifier;
  /** Structured logger (`createLogger('gateway', level)`); Apollo's own messages go to a child of it. */
  log: Logger;
  /** Hides stack traces and the query-plan debugging header. */
  production: boolean;
}

export interface RunningGateway {
  /** The GraphQL endpoint, e.g. `http://127.0.0.1:4000/graphql`. */
  url: string;
  port: number;
  /** The gateway's Prometheus metrics, served at `/metrics`. */
  metrics: ServiceMetrics;
  /** Stops accepting requests, lets running ones finish, then closes subgraph connections. */
  stop(): Promise<void>;
}

/**
 * Idle keep-alive sockets to subgraphs are closed after this long. It must stay below the subgraphs'
 * own keep-alive timeout (5 s by default in Node, 65 s in service-kit): a socket the subgraph has
 * already closed would otherwise be picked for a request and fail with ECONNRESET.
 */
const IDLE_SOCKET_TIMEOUT_MS = 4_000;

/** The fetch function type RemoteGraphQLDataSource takes (from @apollo/utils.fetcher). */
type Fetcher = RemoteGraphQLDataSource['fetcher'];

interface SubgraphAgents {
  http: http.Agent;
  https: https.Agent;
}

/** Calls one subgraph: forwards the caller's token, reuses connections and enforces the timeout. */
class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    readonly subgraph: string,
    url: string,
    private readonly timeoutMs: number,
    agents: SubgraphAgents,
    private readonly log: Logger,
    calls: SubgraphCallMetrics,
  ) {
    super({ url });
    this.fetcher = measuredFetcher(subgraph, calls, keepAliveFetcher(agents, timeoutMs));
  }

  override willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    // Only client operations carry a caller (the request-kind enum is not exported by @apollo/gateway).
    if (!('incomingRequestContext' in options)) return;
    // Unchanged, so each service verifies the token itself and enforces its own scopes.
    const authorization = options.context.auth.authorization;
    if (authorization) options.request.http?.headers.set('authorization', authorization);
  }

  override didEncounterError(error: Error, _request: unknown, response?: Awaited<ReturnType<Fetcher>>): void {
    if (error instanceof GraphQLError) throw error;
    if (error.name === 'AbortError') {
      this.log.warn({ subgraph: this.subgraph, url: this.url, timeoutMs: this.timeoutMs }, 'subgraph call timed out');
      throw new GraphQLError(`Subgraph "${this.subgraph}" did not answer within ${this.timeoutMs} ms`, {
        extensions: { code: 'SUBGRAPH_TIMEOUT', serviceName: this.subgraph },
      });
    }
    if (!response) {
      // Connection-level failure; the address stays in the logs, not in the client's error.
      this.log.error({ subgraph: this.subgraph, url: this.url, err: error }, 'subgraph unreachable');
      throw new GraphQLError(`Subgraph "${this.subgraph}" could not be reached`, {
        extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: this.subgraph },
      });
    }
    throw error;
  }
}

/**
 * node-fetch with a keep-alive agent (the `agent` option it documents), and an abort signal that
 * covers the whole call, response body included.
 */
function keepAliveFetcher(agents: SubgraphAgents, timeoutMs: number): Fetcher {
  return (url, init) =>
    fetch(url, {
      ...init,
      agent: (parsed) => (parsed.protocol === 'https:' ? agents.https : agents.http),
      signal: AbortSignal.timeout(timeoutMs),
    });
}

/** Calls to each subgraph: how many, how they ended, how long they took. */
interface SubgraphCallMetrics {
  calls: ReturnType<ServiceMetrics['counter']>;
  duration: ReturnType<ServiceMetrics['histogram']>;
}

function subgraphCallMetrics(metrics: ServiceMetrics): SubgraphCallMetrics {
  return {
    calls: metrics.counter({
      name: 'cultura_gateway_subgraph_requests_total',
      help: 'Calls from the gateway to a subgraph, by subgraph and outcome (ok, http_error, timeout, unreachable).',
      labelNames: ['subgraph', 'outcome'],
    }),
    duration: metrics.histogram({
      name: 'cultura_gateway_subgraph_request_duration_seconds',
      help: 'Time from a call to a subgraph until its response headers arrive, by subgraph.',
      labelNames: ['subgraph'],
    }),
  };
}

/** Counts and times every call of `fetcher`, keeping its result or error unchanged. */
function measuredFetcher(subgraph: string, m: SubgraphCallMetrics, fetcher: Fetcher): Fetcher {
  return async (url, init) => {
    const stop = m.duration.startTimer({ subgraph });
    try {
      const res = await fetcher(url, init);
      m.calls.inc({ subgraph, outcome: res.ok ? 'ok' : 'http_error' });
      return res;
    } catch (err) {
      m.calls.inc({ subgraph, outcome: (err as Error).name === 'AbortError' ? 'timeout' : 'unreachable' });
      throw err;
    } finally {
      stop();
    }
  };
}

/** Supergraph file reloads, for an alert when a published supergraph was refused. */
function supergraphReloadMetrics(metrics: ServiceMetrics) {
  const reloads = metrics.counter({
    name: 'cultura_gateway_supergraph_reloads_total',
    help: 'New supergraph file contents seen by the gateway, by outcome (applied, or rejected as invalid).',
    labelNames: ['outcome'],
  });
  const lastApplied = metrics.gauge({
    name: 'cultura_gateway_supergraph_last_applied_timestamp_seconds',
    help: 'When the gateway last started serving a supergraph (start or reload), in Unix seconds.',
  });
  lastApplied.setToCurrentTime();
  return (outcome: 'applied' | 'rejected') => {
    reloads.inc({ outcome });
    if (outcome === 'applied') lastApplied.setToCurrentTime();
  };
}

function corsOptions(origins: CorsOrigins): CorsOptions {
  // Tokens travel in the Authorization header, never in cookies: no credentialed CORS needed.
  return { origin: origins === '*' ? '*' : origins.length ? origins : false, maxAge: 600 };
}

/**
 * Starts the federation gateway: Apollo Gateway on the given supergraph behind Apollo Server and
 * Express, with `/graphql`, the offline explorer at `/`, `/healthz`, `/readyz` and `/metrics`. Given a
 * supergraph file, it reloads the file when it changes, without a restart.
 */
export async function startGateway(o: GatewayOptions): Promise<RunningGateway> {
  if ((o.supergraphSdl === undefined) === (o.supergraphFile === undefined)) {
    throw new Error('startGateway needs exactly one of supergraphSdl and supergraphFile');
  }
  optOutOfApolloTelemetry();
  const metrics = new ServiceMetrics('gateway');
  const calls = subgraphCallMetrics(metrics);
  const recordReload = supergraphReloadMetrics(metrics);
  const agents: SubgraphAgents = {
    http: new http.Agent({ keepAlive: true, timeout: IDLE_SOCKET_TIMEOUT_MS }),
    https: new https.Agent({ keepAlive: true, timeout: IDLE_SOCKET_TIMEOUT_MS }),
  };
  const apolloLog = o.log.child({ component: 'apollo' });
  const routed = new Set<string>();
  let supergraphSdl: string | SupergraphSdlHook;
  if (o.supergraphFile !== undefined) {
    supergraphSdl = supergraphFileHook({
      file: o.supergraphFile,
      log: o.log,
      pollIntervalMs: o.supergraphPollIntervalMs ?? 0,
      onReload: recordReload,
    });
  } else {
    const delegation = delegateSecurityToSubgraphs(o.supergraphSdl ?? '');
    if (delegation.delegated.length) o.log.info({ features: delegation.delegated }, 'security directives are enforced by the subgraphs');
    supergraphSdl = delegation.supergraphSdl;
  }
  const gateway = new ApolloGateway({
    supergraphSdl,
    logger: apolloLog,
    // Checked at every start, whatever NODE_ENV says: a broken supergraph must not be served.
    validateSupergraph: true,
    __exposeQueryPlanExperimental: !o.production,
    buildService: ({ name, url }) => {
      const target = o.subgraphUrls?.[name] ?? url;
      if (!target) throw new Error(`Subgraph "${name}" has no routing URL in the supergraph and none was configured`);
      routed.add(name);
      o.log.info({ subgraph: name, url: target }, 'subgraph route');
      return new SubgraphDataSource(name, target, o.timeoutMs, agents, o.log, calls);
    },
  });

  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  // Outlive the idle timeout of load balancers in front of the gateway (60 s on most).
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;
  const server = new ApolloServer<GatewayContext>({
    gateway,
    // The schema is public and the explorer's docs and autocompletion need it.
    introspection: true,
    includeStacktraceInErrorResponses: !o.production,
    nodeEnv: o.production ? 'production' : 'development',
    logger: apolloLog,
    // The process's signal handling (stopOnSignals) stops the gateway.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // Apollo's default landing page loads from a CDN; ours is served from local files.
      ApolloServerPluginLandingPageDisabled(),
      requestLogPlugin<GatewayContext>(o.log),
      metricsPlugin<GatewayContext>(metrics),
    ],
  });
  try {
    await server.start();
  } catch (err) {
    agents.http.destroy();
    agents.https.destroy();
    throw err;
  }
  for (const name of Object.keys(o.subgraphUrls ?? {})) {
    if (!routed.has(name)) o.log.warn({ subgraph: name }, 'a routing URL is configured for a subgraph the supergraph does not have');
  }

  let ready = true;
  const html = explorerHtml({ endpoint: 'graphql' });
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: 'gateway' });
  });
  app.get('/readyz', (_req, res) => {
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not-ready', reason: ready ? undefined : 'stopping' });
  });
  app.get('/metrics', metricsHandler(metrics));
  app.get('/', (_req, res) => sendExplorer(res, html));
  app.get('/reports.csv', cors(corsOptions(o.corsOrigins)), reportsCsvHandler(server, o.verifier));
  app.use(`/${EXPLORER_ASSET_PATH}`, explorerAssetRouter());
  app.use(
    '/graphql',
    cors(corsOptions(o.corsOrigins)),
    (req, res, next) => (req.method === 'GET' && prefersHtml(req) ? sendExplorer(res, html) : next()),
    express.json({ limit: '2mb' }),
    expressMiddleware(server, {
      // An invalid or expired token answers 401 UNAUTHENTICATED; no header is anonymous.
      context: async ({ req }) => ({ auth: o.verifier(req.headers.authorization) }),
    }),
  );

  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(o.port, o.host, () => resolve());
    });
  } catch (err) {
    await server.stop();
    agents.http.destroy();
    agents.https.destroy();
    throw err;
  }
  const port = (httpServer.address() as AddressInfo).port;
  const host = o.host.includes(':') ? `[${o.host}]` : o.host;
  const url = `http://${host}:${port}/graphql`;
  o.log.info({ url, explorer: `http://${host}:${port}/` }, 'gateway ready');

  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    metrics,
    stop: () =>
      (stopping ??= (async () => {
        ready = false;
        await server.stop();
        agents.http.destroy();
        agents.https.destroy();
        o.log.info({}, 'gateway stopped');
      })()),
  };
}
