import type { DataSource, EntityManager } from 'typeorm';
import { ActionRecord, ActorRecord, actorRecord, figureRecord } from '@cultura/vocabulary';
import { StatementRecord } from '../entities';
import { programFigures, insertFigures } from '../store/figures';
import { existingIds } from '../store/ids';
import { lockKey } from '../store/locks';
import { insertEntities, insertProgramIfMissing, insertStatements, insertTrainingProgrammeIfMissing } from '../store/network';
import { insertSession } from '../store/sessions';
import { ACTORS, PROGRAM, PROGRAMME, PROGRAM_FIGURES, SESSIONS, SOURCE, STATEMENTS, type ActorFact, type SessionFact } from './facts';

export interface LoadSummary {
  inserted: number;
}

/** Inserts actors (with their RED facts) that are not there yet; returns how many. */
export async function insertMissingActors(tx: EntityManager, facts: ActorFact[]): Promise<number> {
  const have = await existingIds(
    tx,
    ActorRecord,
    facts.map((f) => f.actor.id),
  );
  const missing = facts.filter((f) => !have.has(f.actor.id));
  if (!missing.length) return 0;
  await insertEntities(
    tx,
    missing.map((f) => ({
      actor: actorRecord(f.actor),
      facts: { actorId: f.actor.id, entityKind: f.entityKind, networkRole: f.networkRole, acronym: f.acronym, memberSince: null },
    })),
  );
  return missing.length;
}

/** Inserts sessions (action, participants, figures, RED facts) that are not there yet; returns how many. */
export async function insertMissingSessions(tx: EntityManager, facts: SessionFact[]): Promise<number> {
  const have = await existingIds(
    tx,
    ActionRecord,
    facts.map((f) => f.action.id),
  );
  const missing = facts.filter((f) => !have.has(f.action.id));
  for (const f of missing) {
    const figures = f.figures.map((x, i) =>
      figureRecord(
        'ACTION',
        f.action.id,
        x.figure,
        { origin: f.action.origin, source: f.action.source, locator: x.locator },
        `figures[${i}]`,
      ),
    );
    await insertSession(tx, f.action, f.participants, figures, { actionId: f.action.id, recipientId: null, closedAt: null, ...f.session });
  }
  return missing.length;
}

/**
 * Inserts the program's figures from the source document that are not there yet; returns how many. A
 * figure is known by what it counts and where the document says it (metric and locator): a figure the
 * team added through the API has another origin and is never taken for it.
 */
export async function insertMissingProgramFigures(tx: EntityManager): Promise<number> {
  const have = await programFigures(tx, 'SOURCE_DOCUMENT');
  const known = new Set(have.map((f) => `${f.metric}|${f.locator}`));
  const missing = PROGRAM_FIGURES.map((f, i) =>
    figureRecord('PROGRAM', PROGRAM.id, f, { origin: 'SOURCE_DOCUMENT', source: SOURCE, locator: null }, `programFigures[${i}]`),
  ).filter((f) => !known.has(`${f.metric}|${f.locator}`));
  await insertFigures(tx, missing);
  return missing.length;
}

/**
 * Loads the source document's facts, adding only what is missing: what the program team has changed
 * since (attendance recorded, a planned workshop closed) is never reset. What the document no longer
 * states (the placeholder workshops of earlier versions) is removed by a migration, not here. A handful
 * of reads when nothing is missing.
 */
export async function loadSourceDocumentFacts(ds: DataSource): Promise<LoadSummary> {
  return ds.transaction(async (tx) => {
    // Two replicas starting together must not both insert.
    await lockKey(tx, 'red-gestion:seed');
    let inserted = 0;
    if (await insertProgramIfMissing(tx, PROGRAM)) inserted++;
    const statements = await existingIds(
      tx,
      StatementRecord,
      STATEMENTS.map((s) => s.id),
    );
    const newStatements = STATEMENTS.filter((s) => !statements.has(s.id));
    await insertStatements(
      tx,
      newStatements.map((s) => ({ ...s, origin: 'SOURCE_DOCUMENT' as const, source: SOURCE })),
    );
    inserted += newStatements.length;
    if (await insertTrainingProgrammeIfMissing(tx, PROGRAMME)) inserted++;
    inserted += await insertMissingProgramFigures(tx);
    inserted += await insertMissingActors(tx, ACTORS);
    inserted += await insertMissingSessions(tx, SESSIONS);
    return { inserted };
  });
}
