import type { EntityManager } from 'typeorm';
import { conflict, slugify } from '@cultura/service-kit';
import type { ActionRecord, ActorRecord } from '@cultura/vocabulary';
import { existingIds } from '../store/ids';

/** A readable id; the territory, then a date, then a random tail keep two records with one name apart. */
export async function freeId(
  tx: EntityManager,
  table: typeof ActorRecord | typeof ActionRecord,
  base: string,
  tails: string[],
): Promise<string> {
  const candidates = [base, ...tails.map((t) => `${base}-${slugify(t)}`), `${base}-${Math.random().toString(36).slice(2, 8)}`];
  const taken = await existingIds(tx, table, candidates);
  const id = candidates.find((c) => !taken.has(c));
  if (!id) throw conflict(`Every id for "${base}" is taken; try again`, 'input');
  return id;
}
