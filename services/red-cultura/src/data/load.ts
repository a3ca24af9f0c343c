import type { DataSource, EntityManager } from 'typeorm';
import { actorRecord, figureRecord, saveAction } from '@cultura/vocabulary';
import { PROGRAM_ID } from '../domain';
import { existingActionIds } from '../store/actions';
import { existingActorIds, saveActors } from '../store/actors';
import { insertPlan } from '../store/plans';
import { insertFigure, insertProgram, lockSeed, programExists, sourceDocumentProgramFigures, updateFigure } from '../store/program';
import { ACTORS, PROGRAM, PROGRAM_FIGURES, SEED } from './facts';
import { ACTIONS } from './seed-actions';

/**
 * Loads the source document's facts, adding only what is missing: a record the program team has since
 * changed (a plan whose stage was recorded) is never reset. Program figures, which no one edits through
 * the API, are rewritten when the code states them differently, so a corrected figure reaches existing
 * databases. Cheap when nothing is missing: four reads.
 */
export async function loadSourceDocumentFacts(ds: DataSource): Promise<{ inserted: number; updated: number }> {
  return ds.transaction(async (tx) => {
    // Two replicas starting together must not both insert.
    await lockSeed(tx);
    let inserted = 0;
    if (!(await programExists(tx, PROGRAM.id))) {
      await insertProgram(tx, PROGRAM);
      inserted++;
    }
    const actorIds = await existingActorIds(
      tx,
      ACTORS.map((a) => a.id),
    );
    const newActors = ACTORS.filter((a) => !actorIds.has(a.id)).map(actorRecord);
    if (newActors.length) await saveActors(tx, newActors);
    inserted += newActors.length;

    const actionIds = await existingActionIds(
      tx,
      ACTIONS.map((a) => a.action.id),
    );
    for (const seed of ACTIONS.filter((s) => !actionIds.has(s.action.id))) {
      await saveAction(tx, seed.action, seed.participants, seed.figures ?? []);
      // No stage and no stage history: the document states neither.
      if (seed.plan) await insertPlan(tx, { actionId: seed.action.id, ...seed.plan, stage: null, participationProcesses: [] });
      inserted++;
    }
    const figures = await loadProgramFigures(tx);
    return { inserted: inserted + figures.inserted, updated: figures.updated };
  });
}

/** The program's figures from the document, keyed by where the document gives them and what they count. */
async function loadProgramFigures(tx: EntityManager): Promise<{ inserted: number; updated: number }> {
  const existing = await sourceDocumentProgramFigures(tx);
  let inserted = 0;
  let updated = 0;
  for (const [i, f] of PROGRAM_FIGURES.entries()) {
    const row = figureRecord(
      'PROGRAM',
      PROGRAM_ID,
      f,
      { origin: 'SOURCE_DOCUMENT', source: SEED, locator: f.locator },
      `PROGRAM_FIGURES[${i}]`,
    );
    const current = existing.find((e) => e.locator === row.locator && e.metric === row.metric);
    if (!current) {
      await insertFigure(tx, row);
      inserted++;
    } else if ((Object.keys(row) as (keyof typeof row)[]).some((k) => String(current[k]) !== String(row[k]))) {
      // An update, not a new row: the figure keeps its id, which the change feed hands to the index.
      await updateFigure(tx, current.id, row);
      updated++;
    }
  }
  return { inserted, updated };
}
