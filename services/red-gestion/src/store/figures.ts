import type { EntityManager } from 'typeorm';
import { ReportedFigureRecord, type RecordOrigin, type figureRecord } from '@cultura/vocabulary';
import { PROGRAM_ID } from '../domain';

/** A figure row as `figureRecord` builds it. */
export type FigureRow = ReturnType<typeof figureRecord>;

/** The figures reported for the program as a whole that came from `origin`. */
export function programFigures(tx: EntityManager, origin: RecordOrigin): Promise<ReportedFigureRecord[]> {
  return tx.getRepository(ReportedFigureRecord).findBy({ subjectType: 'PROGRAM', subjectId: PROGRAM_ID, origin });
}

/** One statement, none for no figures. */
export async function insertFigures(tx: EntityManager, figures: FigureRow[]): Promise<void> {
  if (figures.length) await tx.getRepository(ReportedFigureRecord).insert(figures);
}
