import type { DataSource } from 'typeorm';
import { In } from 'typeorm';
import { ActionRecord, ActorRecord, ProgramRecord, actorRecord, saveAction } from '@cultura/vocabulary';
import { PlanRecord, PlanStageChangeRecord } from '../entities/Plan';
import { ACTIONS, ACTORS, PROGRAM } from './facts';

/**
 * Loads the source document's facts, adding only what is missing: a record the program team has since
 * changed (a plan moved to its next stage) is never reset. Cheap when nothing is missing: three reads.
 */
export async function loadSourceDocumentFacts(ds: DataSource): Promise<{ inserted: number }> {
  return ds.transaction(async (tx) => {
    // Two replicas starting together must not both insert.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('red-cultura:seed'))`);
    let inserted = 0;
    if (!(await tx.getRepository(ProgramRecord).existsBy({ id: PROGRAM.id }))) {
      await tx.getRepository(ProgramRecord).insert(PROGRAM);
      inserted++;
    }
    const actorIds = new Set((await tx.getRepository(ActorRecord).find({ select: { id: true }, where: { id: In(ACTORS.map((a) => a.id)) } })).map((a) => a.id));
    const newActors = ACTORS.filter((a) => !actorIds.has(a.id)).map(actorRecord);
    if (newActors.length) await tx.getRepository(ActorRecord).save(tx.getRepository(ActorRecord).create(newActors));
    inserted += newActors.length;

    const actionIds = new Set(
      (await tx.getRepository(ActionRecord).find({ select: { id: true }, where: { id: In(ACTIONS.map((a) => a.action.id)) } })).map((a) => a.id),
    );
    for (const seed of ACTIONS.filter((s) => !actionIds.has(s.action.id))) {
      await saveAction(tx, seed.action, seed.participants, seed.figures ?? []);
      if (seed.plan) {
        await tx.getRepository(PlanRecord).insert({ actionId: seed.action.id, ...seed.plan, participationProcesses: [] });
        await tx.getRepository(PlanStageChangeRecord).insert({
          planId: seed.action.id,
          fromStage: null,
          toStage: seed.plan.stage,
          changedOn: null,
          changedBy: null,
          note: 'Etapa indicada por el documento fuente',
        });
      }
      inserted++;
    }
    return { inserted };
  });
}
