import { In, type DataSource, type EntityManager } from 'typeorm';
import { ActorRecord, type ActorKind, type actorRecord } from '@cultura/vocabulary';
import { PROGRAM_ID } from '../domain';

/** An actor as the vocabulary builds it for writing (`actorRecord`). */
export type ActorRow = ReturnType<typeof actorRecord>;

/** The program's actors of one kind located in any of the territories or below them, by name. */
export function actorsOfKindWithin(ds: DataSource, kind: ActorKind, territoryIds: string[]): Promise<ActorRecord[]> {
  return ds
    .getRepository(ActorRecord)
    .createQueryBuilder('a')
    .where('a.program_id = :program AND a.kind = :kind AND a.territory_lineage && CAST(:ids AS text[])', {
      program: PROGRAM_ID,
      kind,
      ids: territoryIds,
    })
    .orderBy('a.sort_name')
    .addOrderBy('a.id')
    .getMany();
}

/** The cultural centres of the given municipalities, by name. */
export function centresOfMunicipalities(ds: DataSource, municipalityIds: readonly string[]): Promise<ActorRecord[]> {
  return ds
    .getRepository(ActorRecord)
    .createQueryBuilder('a')
    .where(`a.kind = 'CULTURAL_CENTRE' AND a.details ->> 'municipalityId' = ANY(:ids)`, { ids: [...municipalityIds] })
    .orderBy('a.sort_name')
    .getMany();
}

export function findProgramActor(tx: EntityManager, id: string): Promise<ActorRecord | null> {
  return tx.getRepository(ActorRecord).findOneBy({ id, programId: PROGRAM_ID });
}

/** Which of the ids are actors already. */
export async function existingActorIds(tx: EntityManager, ids: string[]): Promise<Set<string>> {
  return new Set((await tx.getRepository(ActorRecord).find({ select: { id: true }, where: { id: In(ids) } })).map((a) => a.id));
}

export function findMunicipalityOf(tx: EntityManager, comunaId: string): Promise<ActorRecord | null> {
  return tx.getRepository(ActorRecord).findOneBy({ programId: PROGRAM_ID, kind: 'MUNICIPALITY', territoryId: comunaId });
}

/** A cultural centre with this id, or with the same name in the same comuna. */
export function findCentreClash(
  tx: EntityManager,
  centre: { id: string; territoryId: string; sortName: string },
): Promise<ActorRecord | null> {
  return tx
    .getRepository(ActorRecord)
    .createQueryBuilder('a')
    .where('a.id = :id OR (a.kind = :kind AND a.territory_id = :territory AND a.sort_name = :sortName)', {
      id: centre.id,
      kind: 'CULTURAL_CENTRE',
      territory: centre.territoryId,
      sortName: centre.sortName,
    })
    .getOne();
}

export function saveActor(tx: EntityManager, record: ActorRow): Promise<ActorRecord> {
  return tx.getRepository(ActorRecord).save(tx.getRepository(ActorRecord).create(record));
}

export function saveActors(tx: EntityManager, records: ActorRow[]): Promise<ActorRecord[]> {
  return tx.getRepository(ActorRecord).save(tx.getRepository(ActorRecord).create(records));
}
