import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import cors from 'cors';
import { parse } from 'graphql';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { DataSource } from 'typeorm';
import { applyScopeDirectives, createVerifier, resolvePublicKey, type AuthContext, type Verifier } from '@cultura/auth';
import { isDatabaseReady, type DataSourceOptions, type QueryCounter } from '@cultura/db';
import type { DestinationStream } from 'pino';
import { createLogger, type Logger } from './logger';
import { INTERNAL_ERROR_MESSAGE, httpErrorHandler, maskUnexpectedErrors } from './error-masking';
import { REQUEST_ID_HEADER, assignRequestId, requestIdMiddleware } from './request-id';
import { requestLogPlugin } from './request-log';
import { unstorableTextPlugin } from './unstorable-text';
import { ServiceMetrics, metricsHandler, metricsPlugin, registerDatabaseMetrics } from './metrics';
import type { subgraphEnvSpec, ParsedEnv } from './env';
import { readSchema } from './schema-file';
import { DownloadError } from './errors';
import { openServiceDatabase } from './service-database';

/** What every resolver of every service receives; built fresh for each request. */
export interface ServiceContext<L> {
  auth: AuthContext;
  loaders: L;
  dataSource: DataSource;
  /** The service's logger with this request's `requestId` on every line. */
  log: Logger;
  /** The request's id, echoed in the `x-request-id` response header and in unexpected errors. */
  requestId: string;
}

export type SubgraphEnv = ParsedEnv<ReturnType<typeof subgraphEnvSpec>>;

/** Everything that makes one program or shared service; each service's `src/index.ts` exports one. */
export interface ServiceDefinition<L> {
  /** Short name: database name, log field, subgraph name in the supergraph. */
  name: string;
  /** Absolute path of the service's SDL (`schema.graphql`). */
  schemaFile: string;
  /**
   * The resolvers, by type: Apollo's resolver map, or the `Resolvers` graphql-codegen generates from the
   * schema (`npm run codegen`), whose `__resolveReference(reference, context, info)` Apollo's map type
   * cannot describe.
   */
  resolvers: GraphQLResolverMap<ServiceContext<L>> | GeneratedResolvers;
  entities: DataSourceOptions['entities'];
  migrations: DataSourceOptions['migrations'];
  /** Builds the request's DataLoaders; called once per request so no cache outlives it. */
  createLoaders(dataSource: DataSource): L;
  /** Idempotent loading of the data that ships with the service (runs after migrations). */
  loadDefaultData?(dataSource: DataSource, log: Logger): Promise<void>;
  /**
   * The service's change feed, served at `GET /changes?after=<cursor>&limit=<n>` for the cross-program
   * index: changes after `after`, oldest first, each with the record's current state.
   */
  changeFeed?(dataSource: DataSource, after: string | null, limit: number): Promise<object>;
  /**
   * The newest state of what the service serves, served at `GET /changes/head` as `{ cursor }`: it changes
   * whenever a change is committed (a program's outbox) or applied (the index). One cheap read, so the
   * gateway's response cache can poll it to learn within a poll that cached answers went stale.
   */
  changeFeedHead?(dataSource: DataSource): Promise<string | null>;
  /**
   * Work the service runs beside its API (e.g. feed consumers); stopped before the database closes.
   * `metrics` is where it registers gauges of its own (e.g. a change-feed lag), served at `/metrics`.
   */
  startBackground?(dataSource: DataSource, log: Logger, metrics: ServiceMetrics): { stop(): Promise<void> };
  /**
   * Files served by plain GET beside the GraphQL endpoint, by path (`/territories.geojson`), for clients
   * that load a URL directly (map libraries). Each gets the query parameters; a `DownloadError` is the
   * caller's mistake (4xx naming the parameter), anything else a server error.
   */
  downloads?: Record<string, (dataSource: DataSource, query: URLSearchParams) => Promise<Download>>;
}

/** What a download answers. */
export interface Download {
  contentType: string;
  body: string;
  /** Suggested file name for browsers that save it. */
  fileName?: string;
}

/** A resolver map as graphql-codegen's typescript-resolvers plugin types it: objects of resolvers, and scalars. */
export type GeneratedResolvers = Record<string, object>;

export interface RunningService {
  name: string;
  url: string;
  port: number;
  dataSource: DataSource;
  queries: QueryCounter;
  log: Logger;
  /** This service's Prometheus metrics, served at `/metrics`; add gauges with `metrics.gauge(...)`. */
  metrics: ServiceMetrics;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Skip loading the service's default data (tests that want an empty database). */
  loadDefaultData?: boolean;
  /** Extra Apollo plugins (metrics, tracing). */
  plugins?: ApolloServerPlugin[];
  /** Set false to leave the service's background work (startBackground) off, e.g. in tests that drive it. */
  background?: boolean;
  /** Where log lines go instead of stdout (tests that read them back). */
  logDestination?: DestinationStream;
}

/**
 * Starts a subgraph service: database (given or embedded), migrations, default data, then Apollo
 * Server behind Express with `/graphql`, `/healthz`, `/readyz` and `/metrics`.
 */
export async function startService<L>(def: ServiceDefinition<L>, env: SubgraphEnv, options: StartOptions = {}): Promise<RunningService> {
  const log = createLogger(def.name, env.LOG_LEVEL, options.logDestination);
  const production = env.NODE_ENV === 'production';
  const verifier = createVerifier({
    publicKey: resolvePublicKey({ key: env.AUTH_PUBLIC_KEY, file: env.AUTH_PUBLIC_KEY_FILE, production }),
    issuer: env.AUTH_ISSUER,
    audience: env.AUTH_AUDIENCE,
    maxTokenLifetimeSeconds: env.AUTH_MAX_TOKEN_LIFETIME_SECONDS,
  });
  const { dataSource, queries, stop: closeDatabase } = await openServiceDatabase(def, env, log, { own: true });
  const metrics = new ServiceMetrics(def.name);
  registerDatabaseMetrics(metrics, dataSource, queries, env.DB_POOL_SIZE);
  try {
    if (def.loadDefaultData && options.loadDefaultData !== false) await def.loadDefaultData(dataSource, log);
  } catch (err) {
    await closeDatabase();
    throw err;
  }

  const http = await listenSubgraph({
    def,
    dataSource,
    verifier,
    log,
    host: env.HOST,
    port: env.PORT,
    production,
    metrics,
    plugins: options.plugins ?? [],
  });
  const url = `http://${env.HOST}:${http.port}/graphql`;
  const background = options.background === false ? undefined : def.startBackground?.(dataSource, log, metrics);
  log.info({ url }, `${def.name} ready`);
  let stopping: Promise<void> | undefined;
  return {
    name: def.name,
    url,
    port: http.port,
    dataSource,
    queries,
    log,
    metrics,
    stop: () =>
      (stopping ??= (async () => {
        await background?.stop();
        await http.close();
        await closeDatabase();
        log.info({}, `${def.name} stopped`);
      })()),
  };
}

interface ListenOptions<L> {
  def: ServiceDefinition<L>;
  dataSource: DataSource;
  verifier: Verifier;
  log: Logger;
  host: string;
  port: number;
  production: boolean;
  metrics: ServiceMetrics;
  plugins: ApolloServerPlugin[];
}

async function listenSubgraph<L>(o: ListenOptions<L>): Promise<{ port: number; close(): Promise<void> }> {
  const typeDefs = parse(readSchema(o.def.schemaFile));
  const schema = applyScopeDirectives(
    // buildSubgraphSchema calls __resolveReference as codegen types it; only the map's declared type differs.
    buildSubgraphSchema([{ typeDefs, resolvers: o.def.resolvers as GraphQLResolverMap<ServiceContext<L>> }]),
    (ctx: ServiceContext<L>) => ctx.auth,
  );
  const app = express();
  app.use(requestIdMiddleware());
  const httpServer = http.createServer(app);
  // Keep-alive from the gateway must outlive its idle timeout, or the gateway races closed sockets.
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;
  const errors = maskUnexpectedErrors({ production: o.production, log: o.log });
  const server = new ApolloServer<ServiceContext<L>>({
    schema,
    introspection: true,
    includeStacktraceInErrorResponses: !o.production,
    formatError: errors.formatError,
    // Shutdown belongs to stopOnSignals, which also stops the database; Apollo's own handler would re-raise SIGTERM.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      // Inline traces only feed Apollo Studio reporting, which this project does not use.
      ApolloServerPluginInlineTraceDisabled(),
      requestLogPlugin(o.log),
      errors.plugin,
      unstorableTextPlugin(),
      metricsPlugin(o.metrics),
      ...o.plugins,
    ],
  });
  await server.start();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: o.def.name });
  });
  app.get('/readyz', async (_req, res) => {
    const state = await isDatabaseReady(o.dataSource);
    if (state.error) o.log.warn({ err: state.error }, 'not ready: database unavailable');
    res.status(state.ready ? 200 : 503).json({ status: state.ready ? 'ready' : 'not-ready', reason: state.reason });
  });
  app.get('/metrics', metricsHandler(o.metrics));
  const head = o.def.changeFeedHead;
  if (head) {
    app.get('/changes/head', async (req, res) => {
      try {
        res.set('cache-control', 'no-store').json({ cursor: await head(o.dataSource) });
      } catch (err) {
        const requestId = assignRequestId(req, res);
        o.log.error({ err, requestId }, 'change feed head failed');
        res.status(503).json({ error: o.production ? INTERNAL_ERROR_MESSAGE : (err as Error).message, requestId });
      }
    });
  }
  for (const [route, download] of Object.entries(o.def.downloads ?? {})) {
    app.get(route, cors(), async (req, res) => {
      try {
        const query = new URL(req.originalUrl, 'http://localhost').searchParams;
        const file = await download(o.dataSource, query);
        if (file.fileName) res.set('content-disposition', `inline; filename="${file.fileName}"`);
        res.type(file.contentType).send(file.body);
      } catch (err) {
        const requestId = assignRequestId(req, res);
        if (err instanceof DownloadError) {
          res.status(err.status).json({ error: err.message, field: err.field, requestId });
          return;
        }
        o.log.error({ err, requestId }, `download ${route} failed`);
        res.status(500).json({ error: o.production ? INTERNAL_ERROR_MESSAGE : (err as Error).message, requestId });
      }
    });
  }
  const feed = o.def.changeFeed;
  if (feed) {
    app.get('/changes', async (req, res) => {
      const after = typeof req.query.after === 'string' && req.query.after !== '' ? req.query.after : null;
      const limit = req.query.limit === undefined ? 500 : Number(req.query.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 5000) {
        res.status(400).json({ error: 'limit must be an integer between 1 and 5000', field: 'limit' });
        return;
      }
      try {
        res.json(await feed(o.dataSource, after, limit));
      } catch (err) {
        const requestId = assignRequestId(req, res);
        o.log.error({ err, requestId }, 'change feed failed');
        const badCursor = /cursor/.test((err as Error).message);
        // A bad cursor is the caller's to fix; anything else is the server's, and in production says nothing more.
        const message = badCursor || !o.production ? (err as Error).message : INTERNAL_ERROR_MESSAGE;
        res.status(badCursor ? 400 : 500).json({ error: message, field: badCursor ? 'after' : undefined, requestId });
      }
    });
  }
  app.use(
    '/graphql',
    // Browsers' scripts may read the request id, to quote it when they report an error.
    cors({ exposedHeaders: [REQUEST_ID_HEADER] }),
    express.json({ limit: '2mb' }),
    expressMiddleware(server, {
      context: async ({ req, res }) => {
        const requestId = assignRequestId(req, res);
        return {
          auth: o.verifier(req.headers.authorization),
          loaders: o.def.createLoaders(o.dataSource),
          dataSource: o.dataSource,
          log: o.log.child({ requestId }),
          requestId,
        };
      },
    }),
  );

  app.use(httpErrorHandler({ production: o.production, log: o.log }));

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(o.port, o.host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  return { port, close: () => server.stop() };
}
