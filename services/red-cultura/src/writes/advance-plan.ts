import { badInput, conflict } from '@cultura/service-kit';
import { parseIsoDate, today, type ActionRecord } from '@cultura/vocabulary';
import type { EntityManager } from 'typeorm';
import { nextStage, stageMove, stagesBetween, type PlanStage } from '../domain';
import { insertStageChange, lastStageChange } from '../store/plans';
import type { Ctx } from '../resolvers/context';
import { lockedPlan, saveStage } from './plan-stage';
import { author } from './shared';

export interface AdvancePlanInput {
  to: PlanStage;
  date?: string | null;
  note?: string | null;
}

/** Refuses a date before the plan's last dated stage change: history reads in order. */
async function assertAfterLastChange(tx: EntityManager, id: string, date: string, field: string): Promise<void> {
  const last = await lastStageChange(tx, id);
  if (last?.changedOn && date < last.changedOn)
    throw badInput(`${field} ${date} is before the previous stage change (${last.changedOn})`, field);
}

/** Moves a plan to its next stage, keeping the move in its history. */
export async function advancePlan(ctx: Ctx, id: string, input: AdvancePlanInput): Promise<ActionRecord> {
  const date = input.date ? parseIsoDate(input.date, 'input.date') : today();
  return ctx.dataSource.transaction(async (tx) => {
    const plan = await lockedPlan(tx, id);
    if (!plan.stage) {
      throw badInput(
        `The plan's stage is not known, so there is no next stage; record it first with recordMunicipalCulturePlanStage`,
        'input.to',
        {
          currentStage: null,
        },
      );
    }
    const move = stageMove(plan.stage, input.to);
    if (move === 'SAME') {
      // Most often two editors moved it at once and the other one's change came first.
      throw conflict(`The plan is already at ${plan.stage}: someone moved it there first, or the request was sent twice`, 'input.to', {
        currentStage: plan.stage,
      });
    }
    if (move === 'BACKWARD') {
      throw badInput(`The plan is already at ${plan.stage}; stages cannot be undone (asked for ${input.to})`, 'input.to', {
        currentStage: plan.stage,
      });
    }
    if (move === 'SKIP') {
      throw badInput(
        `From ${plan.stage} the next stage is ${nextStage(plan.stage)}; ${input.to} would skip ${stagesBetween(plan.stage, input.to).join(', ')}`,
        'input.to',
        {
          currentStage: plan.stage,
          nextStage: nextStage(plan.stage),
        },
      );
    }
    await assertAfterLastChange(tx, id, date, 'input.date');
    await insertStageChange(tx, {
      planId: id,
      fromStage: plan.stage,
      toStage: input.to,
      changedOn: date,
      changedBy: author(ctx),
      note: input.note?.trim() || null,
    });
    return saveStage(tx, plan, input.to, id);
  });
}
