import { notFound, requiredText } from '@cultura/service-kit';
import { periodColumns, type ActionRecord, type PeriodInput } from '@cultura/vocabulary';
import { MAX_TEXT } from '../domain';
import { findAction, saveActionRecord } from '../store/actions';
import { findPlan, savePlan } from '../store/plans';
import type { Ctx } from '../resolvers/context';

export interface UpdatePlanInput {
  title?: string | null;
  period?: PeriodInput | null;
  participationProcesses?: string[] | null;
  description?: string | null;
}

/** Changes what the input gives of a plan's title, period, description and participation processes. */
export async function updatePlan(ctx: Ctx, id: string, input: UpdatePlanInput): Promise<ActionRecord> {
  return ctx.dataSource.transaction(async (tx) => {
    const plan = await findPlan(tx, id);
    if (!plan) throw notFound(`No Plan Municipal de Cultura "${id}"`, 'id');
    const action = await findAction(tx, id);
    if (input.title !== undefined && input.title !== null) action.title = requiredText(input.title, 'input.title', MAX_TEXT);
    if (input.description !== undefined) action.description = input.description?.trim() || null;
    if (input.period) Object.assign(action, periodColumns(input.period, 'input.period'));
    if (input.participationProcesses) {
      plan.participationProcesses = input.participationProcesses.map((p, i) =>
        requiredText(p, `input.participationProcesses[${i}]`, MAX_TEXT),
      );
      await savePlan(tx, plan);
    }
    return saveActionRecord(tx, action);
  });
}
