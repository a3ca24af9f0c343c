import type { DataSource, EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { ActionRecord, ActorRecord, ProgramRecord, ReportedFigureRecord, actorRecord, figureRecord } from '@cultura/vocabulary';
import { FigureAnnotationRecord, FindingRecord, ProgramDomainRecord } from '../entities';
import { insertCulturePoints, insertRecognitions, recognitionAction, recognitionDay } from '../registry/points';
import { DOMAIN_MAPPING, DOMAINS_LOCATOR, FIGURES, FINDINGS, MINISTRY, PROGRAM, PROGRAM_ID, SEED, sourceDocument } from './facts';
import { syntheticRegistry } from './synthetic';

export interface DefaultDataSummary {
  figures: { inserted: number; updated: number };
  syntheticPoints: number;
  /** Recognitions added to synthetic points loaded before the demo dated them. */
  syntheticRecognitions: number;
}

type FigureRow = ReturnType<typeof figureRecord>;

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
  const known = await tx.getRepository(FigureAnnotationRecord).findBy({ key: In(FIGURES.map((f) => f.key)) });
  const figureIdByKey = new Map(known.map((a) => [a.key, a.figureId]));
  const current = known.length ? await tx.getRepository(ReportedFigureRecord).findBy({ id: In(known.map((a) => a.figureId)) }) : [];
  let inserted = 0;
  let updated = 0;
  for (const f of FIGURES) {
    const row = figureRecord('PROGRAM', PROGRAM_ID, f.figure, sourceDocument(f.figure.locator), `figures.${f.key}`);
    let figureId = figureIdByKey.get(f.key);
    if (figureId === undefined) {
      const result = await tx.getRepository(ReportedFigureRecord).insert(row);
      figureId = Number(result.identifiers[0].id);
      inserted += 1;
    } else if (
      figureDiffers(
        current.find((c) => c.id === figureId),
        row,
      )
    ) {
      await tx.getRepository(ReportedFigureRecord).update({ id: figureId }, row);
      updated += 1;
    }
    await tx
      .getRepository(FigureAnnotationRecord)
      .upsert({ figureId, key: f.key, note: f.note }, { conflictPaths: ['figureId'], skipUpdateIfNoValuesChanged: true });
  }
  return { inserted, updated };
}

/**
 * Adds the synthetic registry's missing points, and the recognitions of points loaded before the demo
 * dated them (with their status change's day), so an old demo database ends up as a fresh one.
 */
async function loadSynthetic(tx: EntityManager): Promise<Pick<DefaultDataSummary, 'syntheticPoints' | 'syntheticRecognitions'>> {
  const registry = syntheticRegistry();
  const present = new Set(
    (await tx.getRepository(ActorRecord).find({ select: { id: true }, where: { programId: PROGRAM_ID, origin: 'SYNTHETIC' } })).map(
      (a) => a.id,
    ),
  );
  const missing = registry.filter((p) => !present.has(p.id));
  await insertCulturePoints(
    tx,
    missing.map((p) => p.point),
  );

  const expected = registry.filter((p) => present.has(p.id)).map((p) => ({ entry: p, recognition: recognitionAction(p.id, p.point) }));
  const recorded = new Set(
    expected.length
      ? (
          await tx
            .getRepository(ActionRecord)
            .find({ select: { id: true }, where: { id: In(expected.map((e) => e.recognition.record.id)) } })
        ).map((a) => a.id)
      : [],
  );
  const unrecorded = expected.filter((e) => !recorded.has(e.recognition.record.id));
  await insertRecognitions(
    tx,
    unrecorded.map((e) => e.recognition),
  );
  const days = unrecorded.flatMap((e) => {
    const day = recognitionDay(e.entry.point.recognition);
    return day ? [{ id: e.entry.id, day }] : [];
  });
  if (days.length) {
    // Only the first, undated recognition the old demo wrote; a later change of status keeps its own date.
    await tx.query(
      `UPDATE culture_point_status_change h SET date = d.day
       FROM jsonb_to_recordset($1::jsonb) AS d(id text, day date)
       WHERE h.culture_point_id = d.id AND h.origin = 'SYNTHETIC' AND h.status = 'RECOGNISED' AND h.date IS NULL`,
      [JSON.stringify(days)],
    );
  }
  return { syntheticPoints: missing.length, syntheticRecognitions: unrecorded.length };
}

/**
 * Writes the source document's facts, and the synthetic demo registry when asked, in one transaction.
 * Idempotent: runs at every start, rewrites the facts as the code states them (so a corrected fact
 * reaches existing databases) and adds only the synthetic records that are missing.
 */
export async function loadDefaultData(ds: DataSource, opts: { synthetic: boolean }): Promise<DefaultDataSummary> {
  return ds.transaction(async (tx) => {
    // Unchanged rows are left alone, so a restart writes nothing.
    const unchanged = { skipUpdateIfNoValuesChanged: true };
    await tx.getRepository(ProgramRecord).upsert(tx.getRepository(ProgramRecord).create(PROGRAM), { conflictPaths: ['id'], ...unchanged });
    await tx.getRepository(ActorRecord).save(tx.getRepository(ActorRecord).create(actorRecord(MINISTRY)));
    const figures = await loadFigures(tx);

    await tx.getRepository(FindingRecord).upsert(
      FINDINGS.map((f) => ({
        id: f.id,
        programId: PROGRAM_ID,
        kind: f.kind,
        position: f.position,
        text: f.text,
        ...sourceDocument(f.locator),
      })),
      { conflictPaths: ['id'], ...unchanged },
    );
    await tx.getRepository(ProgramDomainRecord).upsert(
      DOMAIN_MAPPING.map((d, i) => ({
        programId: PROGRAM_ID,
        sourceName: d.sourceName,
        position: i + 1,
        domain: d.domain,
        origin: 'SOURCE_DOCUMENT' as const,
        source: SEED,
        locator: DOMAINS_LOCATOR,
      })),
      { conflictPaths: ['programId', 'sourceName'], ...unchanged },
    );

    const synthetic = opts.synthetic ? await loadSynthetic(tx) : { syntheticPoints: 0, syntheticRecognitions: 0 };
    return { figures, ...synthetic };
  });
}
