import http from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import express from 'express';
import cors from 'cors';
import { parse } from 'graphql';
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { DataSource } from 'typeorm';
import {
  applyScopeDirectives,
  createVerifier,
  resolvePublicKey,
  type AuthContext,
  type Verifier,
} from '@cultura/auth';
import {
  createDataSource,
  isDatabaseReady,
  openAndMigrate,
  provisionDatabase,
  type DataSourceOptions,
  type DbLog,
  type QueryCounter,
} from '@cultura/db';
import { createLogger, type Logger } from './logger';
import { ServiceMetrics, metricsHandler, metricsPlugin, registerDatabaseMetrics } from './metrics';
import type { subgraphEnvSpec, ParsedEnv } from './env';
import { dataDirFor } from './paths';

/** What every resolver of every service receives; built fresh for each request. */
export interface ServiceContext<L> {
  auth: AuthContext;
  loaders: L;
  dataSource: DataSource;
  log: Logger;
}

export type SubgraphEnv = ParsedEnv<ReturnType<typeof subgraphEnvSpec>>;

/** Everything that makes one program or shared service; each service's `src/index.ts` exports one. */
export interface ServiceDefinition<L> {
  /** Short name: database name, log field, subgraph name in the supergraph. */
  name: string;
  /** Absolute path of the service's SDL (`schema.graphql`). */
  schemaFile: string;
  resolvers: GraphQLResolverMap<ServiceContext<L>>;
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
   * Work the service runs beside its API (e.g. feed consumers); stopped before the database closes.
   * `metrics` is where it registers gauges of its own (e.g. a change-feed lag), served at `/metrics`.
   */
  startBackground?(dataSource: DataSource, log: Logger, metrics: ServiceMetrics): { stop(): Promise<void> };
}

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
}

/**
 * Starts a subgraph service: database (given or embedded), migrations, default data, then Apollo
 * Server behind Express with `/graphql`, `/healthz`, `/readyz` and `/metrics`.
 */
export async function startService<L>(
  def: ServiceDefinition<L>,
  env: SubgraphEnv,
  options: StartOptions = {},
): Promise<RunningService> {
  const log = createLogger(def.name, env.LOG_LEVEL);
  const production = env.NODE_ENV === 'production';
  const verifier = createVerifier({
    publicKey: resolvePublicKey({ key: env.AUTH_PUBLIC_KEY, file: env.AUTH_PUBLIC_KEY_FILE, production }),
    issuer: env.AUTH_ISSUER,
    audience: env.AUTH_AUDIENCE,
  });
  const { dataSource, queries, stop: closeDatabase } = await openServiceDatabase(def, env, log);
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

export interface OpenDatabase {
  dataSource: DataSource;
  queries: QueryCounter;
  /** Closes the pool, and stops the embedded server if this call started it. */
  stop(): Promise<void>;
}

/**
 * Opens a service's database the way the service itself does (its `DATABASE_URL`, or its embedded
 * PostgreSQL, shared if already running) and applies pending migrations. Used by the service at start and
 * by its command-line tools (imports, `migrate`), so they always agree on where the data lives.
 */
export async function openServiceDatabase<L>(
  def: Pick<ServiceDefinition<L>, 'name' | 'entities' | 'migrations'>,
  env: Pick<SubgraphEnv, 'DATABASE_URL' | 'DATA_DIR' | 'EMBEDDED_POSTGRES_PORT' | 'DB_POOL_SIZE'>,
  log: DbLog,
  opts: { applicationName?: string } = {},
): Promise<OpenDatabase> {
  const db = await provisionDatabase({
    databaseUrl: env.DATABASE_URL,
    database: def.name.replace(/-/g, '_'),
    embeddedDataDir: dataDirFor(env.DATA_DIR, def.name, 'postgres'),
    embeddedPort: env.EMBEDDED_POSTGRES_PORT,
    log,
  });
  const { dataSource, queries } = createDataSource({
    url: db.url,
    entities: def.entities,
    migrations: def.migrations,
    poolSize: env.DB_POOL_SIZE,
    log,
    applicationName: opts.applicationName ?? def.name,
  });
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      await db.stop();
    })());
  try {
    await openAndMigrate(dataSource, log);
  } catch (err) {
    await stop();
    throw err;
  }
  return { dataSource, queries, stop };
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
    buildSubgraphSchema([{ typeDefs, resolvers: o.def.resolvers }]),
    (ctx: ServiceContext<L>) => ctx.auth,
  );
  const app = express();
  const httpServer = http.createServer(app);
  // Keep-alive from the gateway must outlive its idle timeout, or the gateway races closed sockets.
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;
  const server = new ApolloServer<ServiceContext<L>>({
    schema,
    introspection: true,
    includeStacktraceInErrorResponses: !o.production,
    // Shutdown belongs to stopOnSignals, which also stops the database; Apollo's own handler would re-raise SIGTERM.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      // Inline traces only feed Apollo Studio reporting, which this project does not use.
      ApolloServerPluginInlineTraceDisabled(),
      requestLogPlugin(o.log),
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
    res.status(state.ready ? 200 : 503).json({ status: state.ready ? 'ready' : 'not-ready', reason: state.reason });
  });
  app.get('/metrics', metricsHandler(o.metrics));
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
        o.log.error({ err }, 'change feed failed');
        res.status(/cursor/.test((err as Error).message) ? 400 : 500).json({ error: (err as Error).message, field: 'after' });
      }
    });
  }
  app.use(
    '/graphql',
    cors(),
    express.json({ limit: '2mb' }),
    expressMiddleware(server, {
      context: async ({ req }) => ({
        auth: o.verifier(req.headers.authorization),
        loaders: o.def.createLoaders(o.dataSource),
        dataSource: o.dataSource,
        log: o.log,
      }),
    }),
  );

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(o.port, o.host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  return { port, close: () => server.stop() };
}

/** One structured line per GraphQL request: operation, duration and error codes. */
export function requestLogPlugin<C extends BaseContext>(log: Logger): ApolloServerPlugin<C> {
  return {
    async requestDidStart({ request }) {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ errors, operationName }) {
          const ms = Number(process.hrtime.bigint() - started) / 1e6;
          const codes = errors?.map((e) => e.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
          log.info({ operation: operationName ?? request.operationName ?? null, ms, errors: codes }, 'graphql request');
        },
      };
    },
  };
}

const IMPORT_LINE = /^#\s*import\s+"([^"]+)"\s*$/gm;

/**
 * Reads the SDL a service publishes, for serving and for composition alike: the schema file followed by
 * every file it names on a `# import "<relative path>"` line (the shared vocabulary, for instance), once each.
 */
export function readSchema(file: string, seen: Set<string> = new Set()): string {
  const resolved = path.resolve(file);
  if (seen.has(resolved)) return '';
  seen.add(resolved);
  const own = readFileSync(resolved, 'utf8');
  const imported = [...own.matchAll(IMPORT_LINE)].map((m) => readSchema(path.resolve(path.dirname(resolved), m[1]), seen));
  return [own, ...imported].filter(Boolean).join('\n');
}
