import { In, type DataSource, type EntityManager } from 'typeorm';
import { ActorRecord, ProgramRecord, ReportedFigureRecord, actorRecord, type NewActor, type figureRecord } from '@cultura/vocabulary';
import { FigureAnnotationRecord, FindingRecord, ProgramDomainRecord } from '../entities';
import type { FindingKind } from '../domain';
import { PROGRAM_ID } from '../data/facts';

/** A program figure with this service's annotation (its stable key and how the source was read). */
export interface ProgramFigure {
  record: ReportedFigureRecord;
  key: string | null;
  note: string | null;
}

/** A figure row as `figureRecord` builds it. */
export type FigureRow = ReturnType<typeof figureRecord>;

/** The figures reported for these programs, with their annotations, in the order they were recorded. */
export async function programFiguresOf(ds: DataSource, programIds: readonly string[]): Promise<ProgramFigure[]> {
  const { entities, raw } = await ds
    .getRepository(ReportedFigureRecord)
    .createQueryBuilder('f')
    .leftJoin(FigureAnnotationRecord, 'n', 'n.figure_id = f.id')
    .addSelect(['n.key AS annotation_key', 'n.note AS annotation_note'])
    .where(`f.subject_type = 'PROGRAM' AND f.subject_id = ANY(:ids)`, { ids: [...programIds] })
    .orderBy('f.id')
    .getRawAndEntities<{ annotation_key: string | null; annotation_note: string | null }>();
  return entities.map((record, i) => ({ record, key: raw[i].annotation_key, note: raw[i].annotation_note }));
}

/** The program's findings of these kinds, in the document's order. */
export function findingsOf(ds: DataSource, kinds: FindingKind[]): Promise<FindingRecord[]> {
  return ds.getRepository(FindingRecord).find({ where: { programId: PROGRAM_ID, kind: In(kinds) }, order: { position: 'ASC' } });
}

/** The program's cultural domains as the document names them, in its order. */
export function programDomains(ds: DataSource): Promise<ProgramDomainRecord[]> {
  return ds.getRepository(ProgramDomainRecord).find({ where: { programId: PROGRAM_ID }, order: { position: 'ASC' } });
}

// Unchanged rows are left alone, so a restart writes nothing.
const unchanged = { skipUpdateIfNoValuesChanged: true };

export async function upsertProgram(tx: EntityManager, program: Omit<ProgramRecord, 'createdAt'>): Promise<void> {
  await tx.getRepository(ProgramRecord).upsert(tx.getRepository(ProgramRecord).create(program), { conflictPaths: ['id'], ...unchanged });
}

export async function saveActor(tx: EntityManager, actor: NewActor): Promise<void> {
  await tx.getRepository(ActorRecord).save(tx.getRepository(ActorRecord).create(actorRecord(actor)));
}

export async function upsertFindings(tx: EntityManager, findings: Omit<FindingRecord, 'createdAt'>[]): Promise<void> {
  await tx.getRepository(FindingRecord).upsert(findings, { conflictPaths: ['id'], ...unchanged });
}

export async function upsertProgramDomains(tx: EntityManager, domains: Omit<ProgramDomainRecord, 'createdAt'>[]): Promise<void> {
  await tx.getRepository(ProgramDomainRecord).upsert(domains, { conflictPaths: ['programId', 'sourceName'], ...unchanged });
}

/** The annotations of these keys. */
export function annotationsByKeys(tx: EntityManager, keys: string[]): Promise<FigureAnnotationRecord[]> {
  return tx.getRepository(FigureAnnotationRecord).findBy({ key: In(keys) });
}

export function figuresByIds(tx: EntityManager, ids: number[]): Promise<ReportedFigureRecord[]> {
  return tx.getRepository(ReportedFigureRecord).findBy({ id: In(ids) });
}

/** Inserts a figure, returning its id. */
export async function insertFigure(tx: EntityManager, row: FigureRow): Promise<number> {
  const result = await tx.getRepository(ReportedFigureRecord).insert(row);
  return Number(result.identifiers[0].id);
}

export async function updateFigure(tx: EntityManager, id: number, row: FigureRow): Promise<void> {
  await tx.getRepository(ReportedFigureRecord).update({ id }, row);
}

export async function upsertAnnotation(tx: EntityManager, annotation: FigureAnnotationRecord): Promise<void> {
  await tx.getRepository(FigureAnnotationRecord).upsert(annotation, { conflictPaths: ['figureId'], ...unchanged });
}
