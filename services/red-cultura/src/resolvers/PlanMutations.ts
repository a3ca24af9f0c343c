import { badInput, conflict, notFound, requiredText } from '@cultura/service-kit';
import {
  ActionRecord,
  parseIsoDate,
  periodColumns,
  saveAction,
  today,
  validatePeriod,
  type FigureInput,
  type PeriodInput,
} from '@cultura/vocabulary';
import type { EntityManager } from 'typeorm';
import { PLAN_STAGES, PlanRecord, PlanStageChangeRecord, type PlanStage } from '../entities/Plan';
import { CRCA_ID, PROGRAM_ID } from '../data/facts';
import type { Ctx } from './context';
import { assertComunaId, author, municipalityOf, MAX_TEXT, newId } from './write-helpers';

interface CreatePlanInput {
  comunaId: string;
  title?: string | null;
  /** Left out: DIAGNOSIS; explicitly null: not known yet. */
  stage?: PlanStage | null;
  period?: PeriodInput | null;
  participationProcesses?: string[] | null;
  description?: string | null;
  figures?: FigureInput[] | null;
}

/** The plan, locked for the rest of the transaction: two editors moving the same plan must not both succeed. */
async function lockPlan(tx: EntityManager, id: string): Promise<PlanRecord> {
  const plan = await tx.getRepository(PlanRecord).findOne({ where: { actionId: id }, lock: { mode: 'pessimistic_write' } });
  if (!plan) throw notFound(`No Plan Municipal de Cultura "${id}"`, 'id');
  return plan;
}

/** Refuses a date before the plan's last dated stage change: history reads in order. */
async function assertAfterLastChange(tx: EntityManager, id: string, date: string, field: string): Promise<void> {
  const [last] = await tx.getRepository(PlanStageChangeRecord).find({ where: { planId: id }, order: { id: 'DESC' }, take: 1 });
  if (last?.changedOn && date < last.changedOn)
    throw badInput(`${field} ${date} is before the previous stage change (${last.changedOn})`, field);
}

/** Saves the plan's new stage and marks its action changed, so readers and the index see the move. */
async function saveStage(tx: EntityManager, plan: PlanRecord, stage: PlanStage, id: string): Promise<ActionRecord> {
  plan.stage = stage;
  await tx.getRepository(PlanRecord).save(plan);
  const action = await tx.getRepository(ActionRecord).findOneByOrFail({ id });
  action.updatedAt = new Date();
  return tx.getRepository(ActionRecord).save(action);
}

export const PlanMutationResolvers = {
  createMunicipalCulturePlan: async (_: unknown, { input }: { input: CreatePlanInput }, ctx: Ctx) => {
    assertComunaId(input.comunaId, 'input.comunaId');
    const stage = input.stage === undefined ? 'DIAGNOSIS' : input.stage;
    const period = validatePeriod(input.period, 'input.period');
    await ctx.loaders.territories.assertKnown([input.comunaId], 'input.comunaId');
    return ctx.dataSource.transaction(async (tx) => {
      const clash = await tx.getRepository(PlanRecord).findOneBy({ comunaId: input.comunaId });
      if (clash)
        throw conflict(`${input.comunaId} already has a Plan Municipal de Cultura (${clash.actionId})`, 'input.comunaId', {
          existingId: clash.actionId,
        });
      const municipality = await municipalityOf(tx, input.comunaId, null, author(ctx));
      const title = input.title
        ? requiredText(input.title, 'input.title', MAX_TEXT)
        : `Plan Municipal de Cultura de ${municipality.name.replace(/^Municipalidad de /, '')}`;
      const id = newId('action', title);
      const saved = await saveAction(
        tx,
        {
          id,
          programId: PROGRAM_ID,
          kind: 'MUNICIPAL_CULTURE_PLAN',
          lineCode: 'FGCM',
          title,
          status: 'IN_PROGRESS',
          period,
          territoryIds: [input.comunaId],
          description: input.description ?? null,
          origin: 'USER',
          source: author(ctx),
        },
        [
          { actorId: municipality.id, role: 'ORGANISER' },
          { actorId: CRCA_ID, role: 'ADVISOR' },
        ],
        input.figures ?? [],
      );
      await tx.getRepository(PlanRecord).insert({
        actionId: id,
        municipalityId: municipality.id,
        comunaId: input.comunaId,
        stage,
        participationProcesses: (input.participationProcesses ?? []).map((p, i) =>
          requiredText(p, `input.participationProcesses[${i}]`, MAX_TEXT),
        ),
      });
      if (stage)
        await tx
          .getRepository(PlanStageChangeRecord)
          .insert({ planId: id, fromStage: null, toStage: stage, changedOn: today(), changedBy: author(ctx), note: 'Plan creado' });
      return saved;
    });
  },

  updateMunicipalCulturePlan: async (
    _: unknown,
    {
      id,
      input,
    }: {
      id: string;
      input: { title?: string | null; period?: PeriodInput | null; participationProcesses?: string[] | null; description?: string | null };
    },
    ctx: Ctx,
  ) =>
    ctx.dataSource.transaction(async (tx) => {
      const plan = await tx.getRepository(PlanRecord).findOneBy({ actionId: id });
      if (!plan) throw notFound(`No Plan Municipal de Cultura "${id}"`, 'id');
      const action = await tx.getRepository(ActionRecord).findOneByOrFail({ id });
      if (input.title !== undefined && input.title !== null) action.title = requiredText(input.title, 'input.title', MAX_TEXT);
      if (input.description !== undefined) action.description = input.description?.trim() || null;
      if (input.period) Object.assign(action, periodColumns(input.period, 'input.period'));
      if (input.participationProcesses) {
        plan.participationProcesses = input.participationProcesses.map((p, i) =>
          requiredText(p, `input.participationProcesses[${i}]`, MAX_TEXT),
        );
        await tx.getRepository(PlanRecord).save(plan);
      }
      return tx.getRepository(ActionRecord).save(action);
    }),

  recordMunicipalCulturePlanStage: async (
    _: unknown,
    { id, input }: { id: string; input: { stage: PlanStage; date?: string | null; note?: string | null } },
    ctx: Ctx,
  ) => {
    const date = input.date ? parseIsoDate(input.date, 'input.date') : today();
    if (!PLAN_STAGES.includes(input.stage)) throw badInput(`input.stage must be one of ${PLAN_STAGES.join(', ')}`, 'input.stage');
    const note = input.note?.trim().replace(/\s+/g, ' ') || null;
    if (note && note.length > 300) throw badInput('input.note must be at most 300 characters', 'input.note');
    return ctx.dataSource.transaction(async (tx) => {
      const plan = await lockPlan(tx, id);
      if (plan.stage) {
        // Recording is for a stage nobody knew; a known stage only moves forward, one step at a time.
        throw badInput(`The plan's stage is already known (${plan.stage}); move it with advanceMunicipalCulturePlan`, 'input.stage', {
          currentStage: plan.stage,
        });
      }
      // No date-order check: a plan whose stage is unknown has no history to come before.
      const by = author(ctx);
      const recorded = `Etapa registrada por ${by} (antes desconocida)`;
      await tx.getRepository(PlanStageChangeRecord).insert({
        planId: id,
        fromStage: null,
        toStage: input.stage,
        changedOn: date,
        changedBy: by,
        note: note ? `${recorded}: ${note}` : recorded,
      });
      return saveStage(tx, plan, input.stage, id);
    });
  },

  advanceMunicipalCulturePlan: async (
    _: unknown,
    { id, input }: { id: string; input: { to: PlanStage; date?: string | null; note?: string | null } },
    ctx: Ctx,
  ) => {
    const date = input.date ? parseIsoDate(input.date, 'input.date') : today();
    return ctx.dataSource.transaction(async (tx) => {
      const plan = await lockPlan(tx, id);
      if (!plan.stage) {
        throw badInput(
          `The plan's stage is not known, so there is no next stage; record it first with recordMunicipalCulturePlanStage`,
          'input.to',
          {
            currentStage: null,
          },
        );
      }
      const current = PLAN_STAGES.indexOf(plan.stage);
      const target = PLAN_STAGES.indexOf(input.to);
      if (target === current) {
        // Most often two editors moved it at once and the other one's change came first.
        throw conflict(`The plan is already at ${plan.stage}: someone moved it there first, or the request was sent twice`, 'input.to', {
          currentStage: plan.stage,
        });
      }
      if (target < current) {
        throw badInput(`The plan is already at ${plan.stage}; stages cannot be undone (asked for ${input.to})`, 'input.to', {
          currentStage: plan.stage,
        });
      }
      if (target > current + 1) {
        throw badInput(
          `From ${plan.stage} the next stage is ${PLAN_STAGES[current + 1]}; ${input.to} would skip ${PLAN_STAGES.slice(current + 1, target).join(', ')}`,
          'input.to',
          {
            currentStage: plan.stage,
            nextStage: PLAN_STAGES[current + 1],
          },
        );
      }
      await assertAfterLastChange(tx, id, date, 'input.date');
      await tx.getRepository(PlanStageChangeRecord).insert({
        planId: id,
        fromStage: plan.stage,
        toStage: input.to,
        changedOn: date,
        changedBy: author(ctx),
        note: input.note?.trim() || null,
      });
      return saveStage(tx, plan, input.to, id);
    });
  },
};
