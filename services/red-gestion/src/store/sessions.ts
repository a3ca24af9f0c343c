import { In, type DataSource, type EntityManager } from 'typeorm';
import { ActionRecord, saveAction, type ActionKind, type ActionStatus, type NewAction, type ParticipationInput } from '@cultura/vocabulary';
import { PROGRAM_ID } from '../domain';
import { SessionRecord } from '../entities';
import { insertFigures, type FigureRow } from './figures';

export function sessionsOf(ds: DataSource, actionIds: readonly string[]): Promise<SessionRecord[]> {
  return ds.getRepository(SessionRecord).findBy({ actionId: In([...actionIds]) });
}

/** The sessions of these training programmes, each with its programme, in the order they are (or were) held. */
export async function sessionsOfProgrammes(
  ds: DataSource,
  programmeIds: readonly string[],
): Promise<{ action: ActionRecord; programmeId: string }[]> {
  const rows = await ds
    .getRepository(ActionRecord)
    .createQueryBuilder('a')
    .innerJoin(SessionRecord, 's', 's.action_id = a.id')
    .addSelect('s.programme_id', 'programme_id')
    .where('s.programme_id = ANY(:ids)', { ids: [...programmeIds] })
    .orderBy('a.sort_at', 'ASC')
    .addOrderBy('a.id', 'ASC')
    .getRawAndEntities();
  const programmeOf = new Map(rows.raw.map((r: { a_id: string; programme_id: string }) => [r.a_id, r.programme_id]));
  return rows.entities.map((action) => ({ action, programmeId: programmeOf.get(action.id) ?? '' }));
}

export function findAction(tx: EntityManager, id: string): Promise<ActionRecord> {
  return tx.getRepository(ActionRecord).findOneByOrFail({ id });
}

/** The program's action `id`, locked for the rest of the transaction, or null. */
export function lockProgramAction(tx: EntityManager, id: string): Promise<ActionRecord | null> {
  return tx.getRepository(ActionRecord).findOne({ where: { id, programId: PROGRAM_ID }, lock: { mode: 'pessimistic_write' } });
}

/** The program's sessions of this kind starting that day (or, undated, in that year). */
export function sessionsStarting(tx: EntityManager, kind: ActionKind, period: { start: string | null; year: number | null }) {
  const qb = tx
    .getRepository(ActionRecord)
    .createQueryBuilder('a')
    .where('a.program_id = :program AND a.kind = :kind', { program: PROGRAM_ID, kind });
  if (period.start) qb.andWhere('a.period_start = :start', { start: period.start });
  else qb.andWhere('a.period_start IS NULL AND a.period_year = :year', { year: period.year });
  return qb.getMany();
}

/** Writes a session: its action with participants (`saveAction`), its figures, then the RED's session row. */
export async function insertSession(
  tx: EntityManager,
  action: NewAction,
  participants: ParticipationInput[],
  figures: FigureRow[],
  session: SessionRecord,
): Promise<ActionRecord> {
  const saved = await saveAction(tx, action, participants);
  await insertFigures(tx, figures);
  await tx.getRepository(SessionRecord).insert(session);
  return saved;
}

/** Closes a session with its outcome and the figures reported for it, and reads it back. */
export async function closeSession(
  tx: EntityManager,
  id: string,
  outcome: { status: ActionStatus; periodEnd: string | null },
  figures: FigureRow[],
): Promise<ActionRecord> {
  await tx.getRepository(ActionRecord).update({ id }, { ...outcome, updatedAt: new Date() });
  await tx.getRepository(SessionRecord).update({ actionId: id }, { closedAt: new Date() });
  await insertFigures(tx, figures);
  return tx.getRepository(ActionRecord).findOneByOrFail({ id });
}
