import type { EntityManager } from 'typeorm';

/** Rows per INSERT: well under PostgreSQL's 65,535 parameters for the widest table. */
const CHUNK = 1000;

/** Inserts rows a thousand at a time: one statement per thousand rows, whatever their number. */
export async function insertChunked<T extends object>(tx: EntityManager, target: new () => T, rows: T[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    // The query builder, not repository.insert: it does not read back generated columns row by row.
    await tx
      .createQueryBuilder()
      .insert()
      .into(target)
      .values(rows.slice(i, i + CHUNK))
      .updateEntity(false)
      .execute();
  }
}
