import type { EntityManager } from 'typeorm';

/**
 * Takes a lock on `key` until the transaction ends: two writers of the same thing (an entity's name, a
 * session's title, the seed) take turns, and the second sees what the first wrote.
 */
export async function lockKey(tx: EntityManager, key: string): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [key]);
}
