import type { EntityManager } from 'typeorm';

/** Which of `ids` a table keyed by id already holds: one statement, none for no ids. */
export async function existingIds(tx: EntityManager, entity: new () => { id: string }, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await tx
    .getRepository(entity)
    .createQueryBuilder('r')
    .select('r.id', 'id')
    .where('r.id IN (:...ids)', { ids })
    .getRawMany<{ id: string }>();
  return new Set(rows.map((r) => r.id));
}
