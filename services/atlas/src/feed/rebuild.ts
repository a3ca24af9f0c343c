import { createDataSource, openAndMigrate, quoteIdent, type DataSourceOptions } from '@cultura/db';
import type { DataSource } from 'typeorm';
import type { Logger } from '@cultura/service-kit';
import { FeedConsumer, type ConsumerOptions, type FeedSource } from './consumer';

/** Where the next index is built, beside the live one, in the same database. */
export const REBUILD_SCHEMA = 'atlas_rebuild';
/** Where the replaced index waits for its removal, just after the swap. */
const REPLACED_SCHEMA = 'atlas_replaced';

export class RebuildAborted extends Error {
  override readonly name = 'RebuildAborted';
}

export interface RebuildOptions {
  /** The live index. */
  dataSource: DataSource;
  /** Its connection URL, entities and migrations: the next index is built with the same ones. */
  database: Pick<DataSourceOptions, 'url' | 'entities' | 'migrations'>;
  feeds: FeedSource[];
  consumer: Omit<ConsumerOptions, 'log'>;
  log: Logger;
  /** How long reading the feeds may take in all. */
  timeoutMs?: number;
}

/**
 * Builds a new index from every feed's start in a schema of its own (same migrations, so the same tables,
 * rollups and triggers), then swaps it for the live one in one transaction: readers see the old index or
 * the new one, never a partial one. A feed that cannot be read aborts the rebuild before the swap and
 * leaves the live index as it was. The running consumer keeps working throughout, and after the swap
 * continues from the new index's cursors.
 */
export async function rebuildIndex(o: RebuildOptions): Promise<{ applied: number }> {
  const live = o.dataSource;
  const [{ schema }] = (await live.query(`SELECT current_schema() AS schema`)) as { schema: string }[];
  await live.query(`DROP SCHEMA IF EXISTS ${quoteIdent(REBUILD_SCHEMA)} CASCADE`);
  await live.query(`CREATE SCHEMA ${quoteIdent(REBUILD_SCHEMA)}`);
  const { dataSource: next } = createDataSource({
    ...o.database,
    schema: REBUILD_SCHEMA,
    poolSize: 2,
    log: o.log,
    applicationName: 'atlas-rebuild',
  });
  let applied: number;
  try {
    await openAndMigrate(next, o.log);
    applied = await new FeedConsumer(next, o.feeds, { ...o.consumer, log: o.log }).drain(o.timeoutMs ?? 120_000);
  } catch (err) {
    if (next.isInitialized) await next.destroy();
    await live.query(`DROP SCHEMA IF EXISTS ${quoteIdent(REBUILD_SCHEMA)} CASCADE`);
    const reason = typeof err === 'object' && err !== null && 'message' in err ? String(err.message) : String(err);
    throw new RebuildAborted(`index rebuild aborted, the live index is unchanged: ${reason}`, { cause: err });
  }
  await next.destroy();
  await live.transaction(async (tx) => {
    await tx.query(`ALTER SCHEMA ${quoteIdent(schema)} RENAME TO ${quoteIdent(REPLACED_SCHEMA)}`);
    await tx.query(`ALTER SCHEMA ${quoteIdent(REBUILD_SCHEMA)} RENAME TO ${quoteIdent(schema)}`);
  });
  await live.query(`DROP SCHEMA ${quoteIdent(REPLACED_SCHEMA)} CASCADE`);
  return { applied };
}
