import { In, type DataSource, type EntityManager } from 'typeorm';
import { ActorRecord, ProgramRecord, type actorRecord } from '@cultura/vocabulary';
import { PROGRAM_ID } from '../domain';
import { RedEntityRecord, StatementRecord, TrainingProgrammeRecord } from '../entities';

/** An actor row as `actorRecord` builds it from a new actor. */
export type ActorRow = ReturnType<typeof actorRecord>;

/** The RED facts of these actors, in no particular order. */
export function entityFactsOf(ds: DataSource, actorIds: readonly string[]): Promise<RedEntityRecord[]> {
  return ds.getRepository(RedEntityRecord).findBy({ actorId: In([...actorIds]) });
}

/** The network's coordinator entity, if one is registered (a unique index allows one). */
export function findCoordinator(db: DataSource | EntityManager): Promise<RedEntityRecord | null> {
  return db.getRepository(RedEntityRecord).findOne({ where: { networkRole: 'COORDINATOR' }, order: { actorId: 'ASC' } });
}

export function findActor(tx: EntityManager, id: string): Promise<ActorRecord | null> {
  return tx.getRepository(ActorRecord).findOneBy({ id });
}

/** A RED actor and its RED facts, each null when missing. */
export async function findEntity(tx: EntityManager, id: string): Promise<{ actor: ActorRecord | null; facts: RedEntityRecord | null }> {
  const actor = await tx.getRepository(ActorRecord).findOneBy({ id, programId: PROGRAM_ID });
  const facts = await tx.getRepository(RedEntityRecord).findOneBy({ actorId: id });
  return { actor, facts };
}

/** A RED actor of this name (as `normalizeText` gives it) in this territory. */
export function findEntityNamed(tx: EntityManager, sortName: string, territoryId: string): Promise<ActorRecord | null> {
  return tx.getRepository(ActorRecord).findOneBy({ programId: PROGRAM_ID, sortName, territoryId });
}

/** Writes one entity, its actor row then its RED facts, and reads it back. */
export async function insertEntity(tx: EntityManager, actor: ActorRow, facts: Omit<RedEntityRecord, 'actorId'>): Promise<ActorRecord> {
  const actors = tx.getRepository(ActorRecord);
  await actors.save(actors.create(actor));
  await tx.getRepository(RedEntityRecord).insert({ actorId: actor.id, ...facts });
  return tx.getRepository(ActorRecord).findOneByOrFail({ id: actor.id });
}

/** Writes entities and groups: their actor rows, then their RED facts. */
export async function insertEntities(tx: EntityManager, rows: { actor: ActorRow; facts: RedEntityRecord }[]): Promise<void> {
  if (!rows.length) return;
  await tx.getRepository(ActorRecord).save(tx.getRepository(ActorRecord).create(rows.map((r) => r.actor)));
  await tx.getRepository(RedEntityRecord).insert(rows.map((r) => r.facts));
}

/** What sources say about the network itself, by id. */
export function findStatements(ds: DataSource): Promise<StatementRecord[]> {
  return ds.getRepository(StatementRecord).find({ order: { id: 'ASC' } });
}

export async function insertStatements(tx: EntityManager, statements: Omit<StatementRecord, 'createdAt'>[]): Promise<void> {
  if (statements.length) await tx.getRepository(StatementRecord).insert(statements);
}

/** Every training programme, the latest year first and those of unknown year before them. */
export function findTrainingProgrammes(ds: DataSource): Promise<TrainingProgrammeRecord[]> {
  return ds.getRepository(TrainingProgrammeRecord).find({ order: { periodYear: { direction: 'DESC', nulls: 'FIRST' }, id: 'ASC' } });
}

export function trainingProgrammesOf(ds: DataSource, ids: readonly string[]): Promise<TrainingProgrammeRecord[]> {
  return ds.getRepository(TrainingProgrammeRecord).findBy({ id: In([...ids]) });
}

export function findTrainingProgramme(tx: EntityManager, id: string): Promise<TrainingProgrammeRecord | null> {
  return tx.getRepository(TrainingProgrammeRecord).findOneBy({ id });
}

/** Inserts the programme unless its id is taken; says whether it did. */
export async function insertTrainingProgrammeIfMissing(
  tx: EntityManager,
  programme: Omit<TrainingProgrammeRecord, 'createdAt'>,
): Promise<boolean> {
  if (await tx.getRepository(TrainingProgrammeRecord).existsBy({ id: programme.id })) return false;
  await tx.getRepository(TrainingProgrammeRecord).insert(programme);
  return true;
}

/** Inserts the program record unless it is there; says whether it did. */
export async function insertProgramIfMissing(tx: EntityManager, program: Omit<ProgramRecord, 'createdAt'>): Promise<boolean> {
  if (await tx.getRepository(ProgramRecord).existsBy({ id: program.id })) return false;
  await tx.getRepository(ProgramRecord).insert(program);
  return true;
}
