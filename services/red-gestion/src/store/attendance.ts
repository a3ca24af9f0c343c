import { In, type DataSource, type EntityManager } from 'typeorm';
import { ActionRecord, ActorRecord, ParticipationRecord } from '@cultura/vocabulary';
import { PROGRAM_ID } from '../domain';
import { AttendanceRecord, PublicServantRecord, RedEntityRecord, ServantAttendanceRecord } from '../entities';

/** The attendance rows of these sessions, each session's by entity id. */
export function attendanceOfSessions(ds: DataSource, actionIds: readonly string[]): Promise<AttendanceRecord[]> {
  return ds.getRepository(AttendanceRecord).find({ where: { actionId: In([...actionIds]) }, order: { entityId: 'ASC' } });
}

/** The attendance rows of these entities, latest recorded first. */
export function attendanceOfEntities(ds: DataSource, entityIds: readonly string[]): Promise<AttendanceRecord[]> {
  return ds
    .getRepository(AttendanceRecord)
    .find({ where: { entityId: In([...entityIds]) }, order: { recordedAt: 'DESC', actionId: 'ASC' } });
}

export function servantAttendanceOfSessions(ds: DataSource, actionIds: readonly string[]): Promise<ServantAttendanceRecord[]> {
  return ds.getRepository(ServantAttendanceRecord).find({ where: { actionId: In([...actionIds]) }, order: { servantId: 'ASC' } });
}

export function servantsById(ds: DataSource, ids: readonly string[]): Promise<PublicServantRecord[]> {
  return ds.getRepository(PublicServantRecord).findBy({ id: In([...ids]) });
}

/** The servants on record for these entities, oldest first. */
export function servantsOfEntities(ds: DataSource, entityIds: readonly string[]): Promise<PublicServantRecord[]> {
  return ds.getRepository(PublicServantRecord).find({ where: { entityId: In([...entityIds]) }, order: { createdAt: 'ASC', id: 'ASC' } });
}

/** What an attendance list is checked against. */
export interface AttendanceContext {
  /** The program's actors among the listed ids. */
  actors: ActorRecord[];
  /** Their RED facts. */
  details: RedEntityRecord[];
  /** Attendance already recorded for them at the session. */
  recorded: AttendanceRecord[];
  /** Their servants on record. */
  known: PublicServantRecord[];
}

/** Four reads, whatever the number of entities. */
export async function readAttendanceContext(tx: EntityManager, actionId: string, entityIds: string[]): Promise<AttendanceContext> {
  // One after the other: a transaction is one connection, which runs one statement at a time.
  const actors = await tx.getRepository(ActorRecord).findBy({ id: In(entityIds), programId: PROGRAM_ID });
  const details = await tx.getRepository(RedEntityRecord).findBy({ actorId: In(entityIds) });
  const recorded = await tx.getRepository(AttendanceRecord).findBy({ actionId, entityId: In(entityIds) });
  const known = await tx.getRepository(PublicServantRecord).findBy({ entityId: In(entityIds) });
  return { actors, details, recorded, known };
}

/** Everything one attendance list writes. */
export interface AttendanceRows {
  attendance: Omit<AttendanceRecord, 'recordedAt'>[];
  /** Servants seen for the first time. */
  servants: Omit<PublicServantRecord, 'createdAt'>[];
  presences: ServantAttendanceRecord[];
  /** Entities that become PARTICIPANTs of the action, unless they already are. */
  participants: string[];
  /** The action's territories when the list adds some, else null. */
  territories: { territoryIds: string[]; territoryLineage: string[] } | null;
}

/** At most five statements, whatever the list's length. */
export async function insertAttendance(tx: EntityManager, actionId: string, rows: AttendanceRows): Promise<void> {
  await tx.getRepository(AttendanceRecord).insert(rows.attendance);
  if (rows.servants.length) await tx.getRepository(PublicServantRecord).insert(rows.servants);
  if (rows.presences.length) await tx.getRepository(ServantAttendanceRecord).insert(rows.presences);
  await tx
    .createQueryBuilder()
    .insert()
    .into(ParticipationRecord)
    .values(rows.participants.map((actorId) => ({ actionId, actorId, role: 'PARTICIPANT' as const, note: null })))
    .orIgnore()
    .execute();
  if (rows.territories) await tx.getRepository(ActionRecord).update({ id: actionId }, { ...rows.territories, updatedAt: new Date() });
}
