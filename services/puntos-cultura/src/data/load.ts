import type { DataSource } from 'typeorm';
import { In } from 'typeorm';
import { ActorRecord, ProgramRecord, ReportedFigureRecord, actorRecord, figureRecord } from '@cultura/vocabulary';
import { FigureAnnotationRecord, FindingRecord, ProgramDomainRecord } from '../entities';
import { insertCulturePoints } from '../registry/points';
import { DOMAIN_MAPPING, DOMAINS_LOCATOR, FIGURES, FINDINGS, MINISTRY, PROGRAM, PROGRAM_ID, SEED, sourceDocument } from './facts';
import { syntheticRegistry } from './synthetic';

export interface DefaultDataSummary {
  figures: { inserted: number; updated: number };
  syntheticPoints: number;
}

/**
 * Writes the source document's facts, and the synthetic demo registry when asked, in one transaction.
 * Idempotent: runs at every start, rewrites the facts as the code states them (so a corrected fact
 * reaches existing databases) and adds only the synthetic points that are missing.
 */
export async function loadDefaultData(ds: DataSource, opts: { synthetic: boolean }): Promise<DefaultDataSummary> {
  return ds.transaction(async (tx) => {
    // Unchanged rows are left alone, so a restart writes nothing.
    const unchanged = { skipUpdateIfNoValuesChanged: true };
    await tx.getRepository(ProgramRecord).upsert(tx.getRepository(ProgramRecord).create(PROGRAM), { conflictPaths: ['id'], ...unchanged });
    await tx.getRepository(ActorRecord).save(tx.getRepository(ActorRecord).create(actorRecord(MINISTRY)));

    // Program figures are keyed by their annotation: update the row of a known key, insert a new one otherwise.
    const known = await tx.getRepository(FigureAnnotationRecord).findBy({ key: In(FIGURES.map((f) => f.key)) });
    const figureIdByKey = new Map(known.map((a) => [a.key, a.figureId]));
    const current = known.length ? await tx.getRepository(ReportedFigureRecord).findBy({ id: In(known.map((a) => a.figureId)) }) : [];
    let inserted = 0;
    let updated = 0;
    for (const f of FIGURES) {
      const row = figureRecord('PROGRAM', PROGRAM_ID, f.figure, sourceDocument(f.locator), `figures.${f.key}`);
      let figureId = figureIdByKey.get(f.key);
      if (figureId === undefined) {
        const result = await tx.getRepository(ReportedFigureRecord).insert(row);
        figureId = Number(result.identifiers[0].id);
        inserted += 1;
      } else {
        const existing = current.find((c) => c.id === figureId);
        const differs = !existing || (Object.keys(row) as (keyof typeof row)[]).some((k) => String(existing[k]) !== String(row[k]));
        if (differs) {
          await tx.getRepository(ReportedFigureRecord).update({ id: figureId }, row);
          updated += 1;
        }
      }
      await tx
        .getRepository(FigureAnnotationRecord)
        .upsert({ figureId, key: f.key, label: f.label, territoryIds: f.territoryIds, note: f.note }, { conflictPaths: ['figureId'], ...unchanged });
    }

    await tx.getRepository(FindingRecord).upsert(
      FINDINGS.map((f) => ({ id: f.id, programId: PROGRAM_ID, kind: f.kind, position: f.position, text: f.text, ...sourceDocument(f.locator) })),
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

    let syntheticPoints = 0;
    if (opts.synthetic) {
      const registry = syntheticRegistry();
      const present = new Set(
        (await tx.getRepository(ActorRecord).find({ select: { id: true }, where: { programId: PROGRAM_ID, origin: 'SYNTHETIC' } })).map((a) => a.id),
      );
      const missing = registry.filter((p) => !present.has(p.id)).map((p) => p.point);
      await insertCulturePoints(tx, missing);
      syntheticPoints = missing.length;
    }
    return { figures: { inserted, updated }, syntheticPoints };
  });
}
