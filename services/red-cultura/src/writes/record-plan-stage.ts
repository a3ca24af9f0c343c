import { badInput } from '@cultura/service-kit';
import { parseIsoDate, today, type ActionRecord } from '@cultura/vocabulary';
import { PLAN_STAGES, type PlanStage } from '../domain';
import { insertStageChange } from '../store/plans';
import type { Ctx } from '../resolvers/context';
import { lockedPlan, saveStage } from './plan-stage';
import { author } from './shared';

export interface RecordPlanStageInput {
  stage: PlanStage;
  date?: string | null;
  note?: string | null;
}

/** Records the stage a plan whose stage is unknown is actually at; from then on it moves with advancePlan (advance-plan.ts). */
export async function recordPlanStage(ctx: Ctx, id: string, input: RecordPlanStageInput): Promise<ActionRecord> {
  const date = input.date ? parseIsoDate(input.date, 'input.date') : today();
  if (!PLAN_STAGES.includes(input.stage)) throw badInput(`input.stage must be one of ${PLAN_STAGES.join(', ')}`, 'input.stage');
  const note = input.note?.trim().replace(/\s+/g, ' ') || null;
  if (note && note.length > 300) throw badInput('input.note must be at most 300 characters', 'input.note');
  return ctx.dataSource.transaction(async (tx) => {
    const plan = await lockedPlan(tx, id);
    if (plan.stage) {
      // Recording is for a stage nobody knew; a known stage only moves forward, one step at a time.
      throw badInput(`The plan's stage is already known (${plan.stage}); move it with advanceMunicipalCulturePlan`, 'input.stage', {
        currentStage: plan.stage,
      });
    }
    // No date-order check: a plan whose stage is unknown has no history to come before.
    const by = author(ctx);
    const recorded = `Etapa registrada por ${by} (antes desconocida)`;
    await insertStageChange(tx, {
      planId: id,
      fromStage: null,
      toStage: input.stage,
      changedOn: date,
      changedBy: by,
      note: note ? `${recorded}: ${note}` : recorded,
    });
    return saveStage(tx, plan, input.stage, id);
  });
}
