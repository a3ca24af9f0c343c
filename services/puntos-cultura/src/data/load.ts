import type { DataSource, EntityManager } from 'typeorm';
import { figureRecord, type ReportedFigureRecord } from '@cultura/vocabulary';
import { recognitionAction, recognitionDay } from '../registry';
import { existingActionIds } from '../store/actions';
import { dateSyntheticRecognitions, insertCulturePoints, syntheticActorIds } from '../store/points';
import {
  annotationsByKeys,
  figuresByIds,
  insertFigure,
  saveActor,
  updateFigure,
  upsertAnnotation,
  upsertFindings,
  upsertProgram,
  upsertProgramDomains,
  type FigureRow,
} from '../store/program';
import { insertRecognitions } from '../store/recognitions';
import { DOMAIN_MAPPING, DOMAINS_LOCATOR, FIGURES, FINDINGS, MINISTRY, PROGRAM, PROGRAM_ID, SEED, sourceDocument } from './facts';
import { syntheticRegistry } from './synthetic';

export interface DefaultDataSummary {
  figures: { inserted: number; updated: number };
  syntheticPoints: number;
  /** Recognitions added to synthetic points loaded before the demo dated them. */
  syntheticRecognitions: number;
}

/** Whether a stored figure differs from the row the code states; arrays compare element by element. */
function figureDiffers(existing: ReportedFigureRecord | undefined, row: FigureRow): boolean {
  if (!existing) return true;
  const comparable = (v: unknown) => (v === null || v === undefined ? null : Array.isArray(v) ? JSON.stringify(v) : String(v));
  return (Object.keys(row) as (keyof FigureRow)[]).some((k) => comparable(existing[k]) !== comparable(row[k]));
}

/**
 * Writes the program's figures, keyed by their annotation: the row of a known key is updated when the
 * code states it differently (its label, scope and period included), a new key is inserted.
 */
async function loadFigures(tx: EntityManager): Promise<DefaultDataSummary['figures']> {
  const known = await annotationsByKeys(
    tx,
    FIGURES.map((f) => f.key),
  );
  const figureIdByKey = new Map(known.map((a) => [a.key, a.figureId]));
  const current = known.length
    ? await figuresByIds(
        tx,
        known.map((a) => a.figureId),
      )
    : [];
  let inserted = 0;
  let updated = 0;
  for (const f of FIGURES) {
    const row = figureRecord('PROGRAM', PROGRAM_ID, f.figure, sourceDocument(f.figure.locator), `figures.${f.key}`);
    let figureId = figureIdByKey.get(f.key);
    if (figureId === undefined) {
      figureId = await insertFigure(tx, row);
      inserted += 1;
    } else if (
      figureDiffers(
        current.find((c) => c.id === figureId),
        row,
      )
    ) {
      await updateFigure(tx, figureId, row);
      updated += 1;
    }
    await upsertAnnotation(tx, { figureId, key: f.key, note: f.note });
  }
  return { inserted, updated };
}

/**
 * Adds the synthetic registry's missing points, and the recognitions of points loaded before the demo
 * dated them (with their status change's day), so an old demo database ends up as a fresh one.
 */
async function loadSynthetic(tx: EntityManager): Promise<Pick<DefaultDataSummary, 'syntheticPoints' | 'syntheticRecognitions'>> {
  const registry = syntheticRegistry();
  const present = await syntheticActorIds(tx);
  const missing = registry.filter((p) => !present.has(p.id));
  await insertCulturePoints(
    tx,
    missing.map((p) => p.point),
  );

  const expected = registry.filter((p) => present.has(p.id)).map((p) => ({ entry: p, recognition: recognitionAction(p.id, p.point) }));
  const recorded = expected.length
    ? await existingActionIds(
        tx,
        expected.map((e) => e.recognition.record.id),
      )
    : new Set<string>();
  const unrecorded = expected.filter((e) => !recorded.has(e.recognition.record.id));
  await insertRecognitions(
    tx,
    unrecorded.map((e) => e.recognition),
  );
  const days = unrecorded.flatMap((e) => {
    const day = recognitionDay(e.entry.point.recognition);
    return day ? [{ id: e.entry.id, day }] : [];
  });
  if (days.length) await dateSyntheticRecognitions(tx, days);
  return { syntheticPoints: missing.length, syntheticRecognitions: unrecorded.length };
}

/**
 * Writes the source document's facts, and the synthetic demo registry when asked, in one transaction.
 * Idempotent: runs at every start, rewrites the facts as the code states them (so a corrected fact
 * reaches existing databases) and adds only the synthetic records that are missing.
 */
export async function loadDefaultData(ds: DataSource, opts: { synthetic: boolean }): Promise<DefaultDataSummary> {
  return ds.transaction(async (tx) => {
    await upsertProgram(tx, PROGRAM);
    await saveActor(tx, MINISTRY);
    const figures = await loadFigures(tx);

    await upsertFindings(
      tx,
      FINDINGS.map((f) => ({
        id: f.id,
        programId: PROGRAM_ID,
        kind: f.kind,
        position: f.position,
        text: f.text,
        ...sourceDocument(f.locator),
      })),
    );
    await upsertProgramDomains(
      tx,
      DOMAIN_MAPPING.map((d, i) => ({
        programId: PROGRAM_ID,
        sourceName: d.sourceName,
        position: i + 1,
        domain: d.domain,
        origin: 'SOURCE_DOCUMENT' as const,
        source: SEED,
        locator: DOMAINS_LOCATOR,
      })),
    );

    const synthetic = opts.synthetic ? await loadSynthetic(tx) : { syntheticPoints: 0, syntheticRecognitions: 0 };
    return { figures, ...synthetic };
  });
}
