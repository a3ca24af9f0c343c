import { In, type DataSource, type EntityManager } from 'typeorm';
import { ActionRecord, type ActionKind, type RecordOrigin } from '@cultura/vocabulary';
import { PROGRAM_ID } from '../domain';

/** The program's actions located in any of the territories or below them, newest first. */
export function actionsWithin(ds: DataSource, territoryIds: readonly string[]): Promise<ActionRecord[]> {
  return ds
    .getRepository(ActionRecord)
    .createQueryBuilder('a')
    .where('a.program_id = :program AND a.territory_lineage && CAST(:ids AS text[])', { program: PROGRAM_ID, ids: [...territoryIds] })
    .orderBy('a.sort_at', 'DESC')
    .addOrderBy('a.id', 'DESC')
    .getMany();
}

/** Actions of any of the kinds held with any of the cultural centres, newest first. */
export function actionsOfCentres(ds: DataSource, centreIds: string[], kinds: ActionKind[]): Promise<ActionRecord[]> {
  return ds
    .getRepository(ActionRecord)
    .createQueryBuilder('a')
    .where(`a.details ->> 'centreId' = ANY(:ids) AND a.kind = ANY(:kinds)`, { ids: centreIds, kinds })
    .orderBy('a.sort_at', 'DESC')
    .addOrderBy('a.id', 'DESC')
    .getMany();
}

/** The centre's alliance, unless cancelled. */
export function findActiveAlliance(tx: EntityManager, centreId: string): Promise<ActionRecord | null> {
  return tx
    .getRepository(ActionRecord)
    .createQueryBuilder('a')
    .where(`a.kind = 'ALLIANCE' AND a.details ->> 'centreId' = :centre AND a.status <> 'CANCELLED'`, { centre: centreId })
    .getOne();
}

export function findAction(tx: EntityManager, id: string): Promise<ActionRecord> {
  return tx.getRepository(ActionRecord).findOneByOrFail({ id });
}

export function saveActionRecord(tx: EntityManager, action: ActionRecord): Promise<ActionRecord> {
  return tx.getRepository(ActionRecord).save(action);
}

/** Marks the action changed, so readers and the index see a change kept in another of its tables. */
export async function touchAction(tx: EntityManager, id: string): Promise<ActionRecord> {
  const action = await findAction(tx, id);
  action.updatedAt = new Date();
  return saveActionRecord(tx, action);
}

/** Which of the ids are actions already. */
export async function existingActionIds(tx: EntityManager, ids: string[]): Promise<Set<string>> {
  return new Set((await tx.getRepository(ActionRecord).find({ select: { id: true }, where: { id: In(ids) } })).map((a) => a.id));
}

/** The ids of the program's actions of one origin. */
export async function actionIdsOfOrigin(tx: EntityManager, origin: RecordOrigin): Promise<Set<string>> {
  return new Set(
    (await tx.getRepository(ActionRecord).find({ select: { id: true }, where: { origin, programId: PROGRAM_ID } })).map((a) => a.id),
  );
}
