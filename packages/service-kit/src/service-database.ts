import { createDataSource, openAndMigrate, provisionDatabase, type DbLog, type QueryCounter } from '@cultura/db';
import type { DataSource } from 'typeorm';
import { dataDirFor } from './paths';
import type { ServiceDefinition, SubgraphEnv } from './server';

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
  opts: {
    applicationName?: string;
    /** The service itself, not a tool borrowing its database: see `ServiceDatabaseOptions.own`. */
    own?: boolean;
  } = {},
): Promise<OpenDatabase> {
  const db = await provisionDatabase({
    own: opts.own,
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
