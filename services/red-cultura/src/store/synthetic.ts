import type { EntityManager } from 'typeorm';
import { PROGRAM_ID } from '../domain';

/** Deletes every synthetic record of the program, returning how many actions and actors went. */
export async function deleteSyntheticRecords(tx: EntityManager): Promise<{ actions: number; actors: number }> {
  const actions = await tx.query(`DELETE FROM action WHERE program_id = $1 AND origin = 'SYNTHETIC'`, [PROGRAM_ID]);
  await tx.query(`DELETE FROM reported_figure WHERE origin = 'SYNTHETIC'`);
  const actors = await tx.query(`DELETE FROM actor WHERE program_id = $1 AND origin = 'SYNTHETIC'`, [PROGRAM_ID]);
  return { actions: Number(actions[1] ?? 0), actors: Number(actors[1] ?? 0) };
}
