import { In, type DataSource, type EntityManager } from 'typeorm';
import { PlanRecord, PlanStageChangeRecord } from '../entities/Plan';

/** The columns a plan is looked up by: its action, its comuna, its municipality (each holds one plan). */
export type PlanKey = 'actionId' | 'comunaId' | 'municipalityId';

export function plansBy(ds: DataSource, column: PlanKey, values: readonly string[]): Promise<PlanRecord[]> {
  return ds.getRepository(PlanRecord).findBy({ [column]: In([...values]) });
}

/** The stage changes of the given plans, oldest first. */
export function stageChangesOf(ds: DataSource, planIds: readonly string[]): Promise<PlanStageChangeRecord[]> {
  return ds.getRepository(PlanStageChangeRecord).find({ where: { planId: In([...planIds]) }, order: { id: 'ASC' } });
}

export function findPlan(tx: EntityManager, actionId: string): Promise<PlanRecord | null> {
  return tx.getRepository(PlanRecord).findOneBy({ actionId });
}

export function findPlanInComuna(tx: EntityManager, comunaId: string): Promise<PlanRecord | null> {
  return tx.getRepository(PlanRecord).findOneBy({ comunaId });
}

export function planExistsInComuna(tx: EntityManager, comunaId: string): Promise<boolean> {
  return tx.getRepository(PlanRecord).existsBy({ comunaId });
}

/** The plan, locked for the rest of the transaction: two editors moving the same plan must not both succeed. */
export function lockPlan(tx: EntityManager, actionId: string): Promise<PlanRecord | null> {
  return tx.getRepository(PlanRecord).findOne({ where: { actionId }, lock: { mode: 'pessimistic_write' } });
}

export async function insertPlan(tx: EntityManager, plan: PlanRecord): Promise<void> {
  await tx.getRepository(PlanRecord).insert(plan);
}

export async function savePlan(tx: EntityManager, plan: PlanRecord): Promise<void> {
  await tx.getRepository(PlanRecord).save(plan);
}

export async function insertStageChange(tx: EntityManager, change: Omit<PlanStageChangeRecord, 'id'>): Promise<void> {
  await tx.getRepository(PlanStageChangeRecord).insert(change);
}

/** The plan's latest stage change, if it has any. */
export async function lastStageChange(tx: EntityManager, planId: string): Promise<PlanStageChangeRecord | undefined> {
  const [last] = await tx.getRepository(PlanStageChangeRecord).find({ where: { planId }, order: { id: 'DESC' }, take: 1 });
  return last;
}
