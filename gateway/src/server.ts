import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import cors, { type CorsOptions } from 'cors';
import type { GraphQLSchema } from 'graphql';
import { ApolloGateway, type SupergraphSdlHook } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { Verifier } from '@cultura/auth';
import {
  REQUEST_ID_HEADER,
  ServiceMetrics,
  assignRequestId,
  httpErrorHandler,
  maskUnexpectedErrors,
  metricsHandler,
  metricsPlugin,
  requestIdMiddleware,
  requestLogPlugin,
  unstorableTextPlugin,
  type Logger,
} from '@cultura/service-kit';
import { optOutOfApolloTelemetry, type CorsOrigins } from './env';
import { delegateSecurityToSubgraphs } from './supergraph';
import { supergraphFileHook } from './supergraph-file';
import { reportsCsvHandler } from './reports-csv';
import { explorerAssetRouter, explorerHtml, prefersHtml, sendExplorer, EXPLORER_ASSET_PATH } from './explorer';
import { DEFAULT_LIMITS, operationLimitsMiddleware, type OperationLimits } from './limits';
import { MAX_BODY_BYTES, bodyErrorHandler, operationResolutionPlugin } from './http-errors';
import { NOT_IN_SAFELIST, persistedOperationsPlugin, type PersistedOperations, type PersistedOperationsMode } from './persisted-operations';
import { RATE_LIMIT_HEADERS, rateLimitMiddleware, type RateLimitConfig } from './rate-limit';
import { SubgraphDataSource, subgraphCallMetrics, subgraphDispatcher, type GatewayContext } from './subgraph';
import { SubgraphCircuits, type CircuitOptions } from './circuit-breaker';
import { SubgraphReadiness } from './subgraph-readiness';
import { downloadHandler } from './downloads';
import { DASHBOARD_PATH, dashboardRouter } from './dashboard';
import { readSupergraphPolicy, type SupergraphPolicy } from './cache-policy';
import { FeedWatcher, MemoryCacheStore, responseCachePlugin, type ResponseCacheStore } from './response-cache';

export type { GatewayContext } from './subgraph';

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
  /** A whole request is answered within this many milliseconds: subgraph calls still running then are aborted. */
  requestTimeoutMs?: number;
  /**
   * One subgraph call answers every request that needs the same query, variables and authorization at
   * the same moment (never mutations). Default true; off only to measure what it saves.
   */
  shareInFlightCalls?: boolean;
  /** Browser origins allowed to call `/graphql`: `*` for any, or a list (empty: none). */
  corsOrigins: CorsOrigins;
  /** Verifies `Authorization` headers; a bad token is refused here, before any subgraph is called. */
  verifier: Verifier;
  /** Structured logger (`createLogger('gateway', level)`); Apollo's own messages go to a child of it. */
  log: Logger;
  /** Hides stack traces and the query-plan debugging header. */
  production: boolean;
  /** What one request may ask for; checked before validation and planning. Defaults: DEFAULT_LIMITS. */
  limits?: OperationLimits;
  /**
   * The response cache of public queries: where answers live (default: in this process), how long one
   * may be served when nothing says it changed, and which subgraphs answer from the others' change feeds.
   * `false` turns it off.
   */
  responseCache?:
    | false
    | {
        store?: ResponseCacheStore;
        ttlSeconds?: number;
        /** Subgraphs serving `GET /changes/head` (the programs' feeds, the index): the cache follows them to drop what changed. */
        feedSubgraphs?: string[];
        /** Subgraphs answering from the others' change feeds: a mutation through the gateway makes them stale too. */
        derivedSubgraphs?: string[];
        /** How often the feeds' heads are read; the most a cached answer outlives a change by. Default 500 ms. */
        feedPollMs?: number;
      };
  /**
   * Plain GET files a subgraph serves (`/territories.geojson`), served here at the same path from it, so
   * map libraries load them from the one public endpoint. Rate-limited like `/reports.csv`.
   */
  downloads?: { path: string; subgraph: string }[];
  /** Per-caller request budget on `/graphql` and `/reports.csv` (see rate-limit.ts); absent or 0 points: none. */
  rateLimit?: RateLimitConfig;
  /** Operations known in advance: the mode and, for `allow` and `require`, the manifest. Default: `off`. */
  persistedOperations?: { mode: PersistedOperationsMode; manifest?: PersistedOperations };
  /**
   * Per-subgraph circuit breakers: a subgraph that keeps failing is failed fast (SUBGRAPH_UNAVAILABLE)
   * and probed every `probeAfterMs`. Defaults: DEFAULT_CIRCUIT; `false` turns them off.
   */
  circuit?: false | CircuitOptions;
  /** How often each subgraph's `/readyz` is asked, for the gateway's `/readyz` and metrics. Default 2000; 0: never. */
  subgraphReadinessIntervalMs?: number;
  /** Apollo Server plugins added to the gateway's own. */
  plugins?: ApolloServerPlugin<GatewayContext>[];
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
  return {
    origin: origins === '*' ? '*' : origins.length ? origins : false,
    maxAge: 600,
    // What a dashboard's script may read: cache state, the id to quote in a report, when to retry.
    exposedHeaders: ['age', 'x-cache', REQUEST_ID_HEADER, ...RATE_LIMIT_HEADERS],
  };
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
  const dispatcher = subgraphDispatcher();
  const circuits = o.circuit === false ? undefined : new SubgraphCircuits({ options: o.circuit, log: o.log, metrics });
  const apolloLog = o.log.child({ component: 'apollo' });
  const routes = new Map<string, string>();
  const readiness =
    o.subgraphReadinessIntervalMs === 0
      ? null
      : new SubgraphReadiness({ routes, intervalMs: o.subgraphReadinessIntervalMs ?? 2_000, log: o.log, metrics });
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
      routes.set(name, target);
      o.log.info({ subgraph: name, url: target }, 'subgraph route');
      return new SubgraphDataSource({
        subgraph: name,
        url: target,
        timeoutMs: o.timeoutMs,
        dispatcher,
        log: o.log,
        metrics: calls,
        shareInFlight: o.shareInFlightCalls ?? true,
        circuits,
      });
    },
  });
  // The schema being served, read by the limits (before planning) and the response cache.
  let served: { schema: GraphQLSchema; policy: SupergraphPolicy } | null = null;
  gateway.onSchemaLoadOrUpdate(({ apiSchema, coreSupergraphSdl }) => {
    served = { schema: apiSchema, policy: readSupergraphPolicy(coreSupergraphSdl) };
  });

  const cacheOptions = o.responseCache === false ? null : (o.responseCache ?? {});
  const cacheStore = cacheOptions ? (cacheOptions.store ?? new MemoryCacheStore()) : null;
  const derived = cacheOptions?.derivedSubgraphs ?? [];

  const errors = maskUnexpectedErrors({ production: o.production, log: o.log, clientCodes: [NOT_IN_SAFELIST] });
  const rateLimit = await rateLimitMiddleware({ points: 0, windowSeconds: 60, ...o.rateLimit, verifier: o.verifier, log: o.log, metrics });
  const persisted = o.persistedOperations ?? { mode: 'off' };

  const app = express();
  app.disable('x-powered-by');
  // First, so that every answer (a refused body, a 429) carries the id its logs are filed under.
  app.use(requestIdMiddleware());
  // Behind the Kubernetes Ingress the client's address is the first hop's; set by the operator when needed.
  app.set('trust proxy', false);
  const httpServer = http.createServer(app);
  // Outlive the idle timeout of load balancers in front of the gateway (60 s on most).
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;
  const server = new ApolloServer<GatewayContext>({
    gateway,
    // The schema is public and the explorer's docs and autocompletion need it.
    introspection: true,
    includeStacktraceInErrorResponses: !o.production,
    formatError: errors.formatError,
    nodeEnv: o.production ? 'production' : 'development',
    logger: apolloLog,
    // The process's signal handling (stopOnSignals) stops the gateway.
    stopOnTerminationSignals: false,
    // One operation per request: a batch would multiply every limit by its length.
    allowBatchedHttpRequests: false,
    // GET must work from a plain URL (a CDN, a cached link) with no extra header. CSRF prevention guards
    // cookie sessions, and this API has none: a token travels only in Authorization, which a forged
    // cross-site request cannot carry, and Apollo Server never runs a mutation sent by GET.
    csrfPrevention: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // Apollo's default landing page loads from a CDN; ours is served from local files.
      ApolloServerPluginLandingPageDisabled(),
      operationResolutionPlugin<GatewayContext>(),
      persistedOperationsPlugin<GatewayContext>({ mode: persisted.mode, manifest: persisted.manifest, log: o.log }),
      errors.plugin,
      // Text PostgreSQL cannot store is refused here, once, before any service is called.
      unstorableTextPlugin(),
      requestLogPlugin<GatewayContext>(o.log),
      metricsPlugin<GatewayContext>(metrics),
      ...(cacheStore
        ? [
            responseCachePlugin({
              store: cacheStore,
              schema: () => served,
              ttlSeconds: cacheOptions?.ttlSeconds ?? 60,
              derived,
              log: o.log,
              metrics,
            }),
          ]
        : []),
      ...(o.plugins ?? []),
    ],
  });
  const stopResources = async () => {
    await rateLimit.close();
    await dispatcher.close();
    circuits?.shutdown();
    readiness?.stop();
    await cacheStore?.close();
  };
  try {
    await server.start();
  } catch (err) {
    await stopResources();
    throw err;
  }
  for (const name of Object.keys(o.subgraphUrls ?? {})) {
    if (!routes.has(name)) o.log.warn({ subgraph: name }, 'a routing URL is configured for a subgraph the supergraph does not have');
  }
  // Services without a change feed (territories) are left to the TTL and to mutations through the gateway.
  const feeds = [...routes].filter(([name]) => cacheOptions?.feedSubgraphs?.includes(name));
  const watcher =
    cacheStore && cacheOptions && feeds.length
      ? new FeedWatcher(
          feeds.map(([name, url]) => ({ name, baseUrl: url.replace(/\/graphql\/?$/, '') })),
          { store: cacheStore, pollMs: cacheOptions.feedPollMs ?? 500, log: o.log },
        )
      : null;
  watcher?.start();

  readiness?.start();
  let ready = true;
  const html = explorerHtml({ endpoint: 'graphql' });
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: 'gateway' });
  });
  // A degraded subgraph leaves the gateway ready: it still answers everything else, and partial data
  // with SUBGRAPH_UNAVAILABLE for the rest; taking every replica out of rotation would answer nothing.
  app.get('/readyz', (_req, res) => {
    const degraded = [...(readiness?.degraded() ?? []), ...(circuits?.degraded() ?? [])];
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'not-ready',
      reason: ready ? undefined : 'stopping',
      degraded: degraded.length ? degraded : undefined,
    });
  });
  app.get('/metrics', metricsHandler(metrics));
  app.get('/', (_req, res) => sendExplorer(res, html));
  const explorerOnGet: express.RequestHandler = (req, res, next) =>
    req.method === 'GET' && prefersHtml(req) ? sendExplorer(res, html) : next();
  app.get('/reports.csv', cors(corsOptions(o.corsOrigins)), rateLimit, reportsCsvHandler(server, o.verifier));
  for (const d of o.downloads ?? []) {
    app.get(d.path, cors(corsOptions(o.corsOrigins)), rateLimit, downloadHandler(d.subgraph, routes, o.timeoutMs));
  }
  app.use(`/${EXPLORER_ASSET_PATH}`, explorerAssetRouter());
  // Redirects `/dashboard` to `/dashboard/` so the page's relative asset URLs resolve below it.
  app.use(DASHBOARD_PATH, dashboardRouter());
  app.use(
    '/graphql',
    cors(corsOptions(o.corsOrigins)),
    explorerOnGet,
    rateLimit,
    express.json({ limit: MAX_BODY_BYTES }),
    bodyErrorHandler,
    operationLimitsMiddleware({ limits: o.limits ?? DEFAULT_LIMITS, schema: () => served?.schema ?? null, log: o.log }),
    expressMiddleware(server, {
      // An invalid or expired token answers 401 UNAUTHENTICATED; no header is anonymous.
      context: async ({ req, res }) => {
        const requestId = assignRequestId(req, res);
        return {
          auth: o.verifier(req.headers.authorization),
          requestId,
          deadline: o.requestTimeoutMs ? Date.now() + o.requestTimeoutMs : undefined,
        };
      },
    }),
  );
  // Whatever else fails before Apollo Server answers: JSON with the request id, never Express's HTML page.
  app.use(httpErrorHandler({ production: o.production, log: o.log }));

  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(o.port, o.host, () => resolve());
    });
  } catch (err) {
    await watcher?.stop();
    await server.stop();
    await stopResources();
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
        await watcher?.stop();
        await server.stop();
        await stopResources();
        o.log.info({}, 'gateway stopped');
      })()),
  };
}
