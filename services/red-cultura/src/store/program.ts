import type { EntityManager } from 'typeorm';
import { ProgramRecord, ReportedFigureRecord, type figureRecord } from '@cultura/vocabulary';
import { PROGRAM_ID } from '../domain';

/** A figure as the vocabulary builds it for writing (`figureRecord`). */
export type FigureRow = ReturnType<typeof figureRecord>;

/** Holds the program's seed lock until the transaction ends. */
export async function lockSeed(tx: EntityManager): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('${PROGRAM_ID}:seed'))`);
}

export function programExists(tx: EntityManager, id: string): Promise<boolean> {
  return tx.getRepository(ProgramRecord).existsBy({ id });
}

export async function insertProgram(tx: EntityManager, program: Omit<ProgramRecord, 'createdAt'>): Promise<void> {
  await tx.getRepository(ProgramRecord).insert(program);
}

/** The figures reported for the program as a whole that come from its source document. */
export function sourceDocumentProgramFigures(tx: EntityManager): Promise<ReportedFigureRecord[]> {
  return tx.getRepository(ReportedFigureRecord).findBy({ subjectType: 'PROGRAM', subjectId: PROGRAM_ID, origin: 'SOURCE_DOCUMENT' });
}

export async function insertFigure(tx: EntityManager, row: FigureRow): Promise<void> {
  await tx.getRepository(ReportedFigureRecord).insert(row);
}

export async function updateFigure(tx: EntityManager, id: number, row: FigureRow): Promise<void> {
  await tx.getRepository(ReportedFigureRecord).update({ id }, row);
}
