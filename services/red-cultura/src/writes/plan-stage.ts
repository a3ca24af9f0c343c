import { notFound } from '@cultura/service-kit';
import type { ActionRecord } from '@cultura/vocabulary';
import type { EntityManager } from 'typeorm';
import type { PlanStage } from '../domain';
import type { PlanRecord } from '../entities/Plan';
import { touchAction } from '../store/actions';
import { lockPlan, savePlan } from '../store/plans';

/** The plan, locked for the rest of the transaction; NOT_FOUND naming `id` otherwise. */
export async function lockedPlan(tx: EntityManager, id: string): Promise<PlanRecord> {
  const plan = await lockPlan(tx, id);
  if (!plan) throw notFound(`No Plan Municipal de Cultura "${id}"`, 'id');
  return plan;
}

/** Saves the plan's new stage and marks its action changed, so readers and the index see the move. */
export async function saveStage(tx: EntityManager, plan: PlanRecord, stage: PlanStage, id: string): Promise<ActionRecord> {
  plan.stage = stage;
  await savePlan(tx, plan);
  return touchAction(tx, id);
}
