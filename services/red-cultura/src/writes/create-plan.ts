import { conflict, requiredText } from '@cultura/service-kit';
import { saveAction, today, validatePeriod, type ActionRecord, type FigureInput, type PeriodInput } from '@cultura/vocabulary';
import { LINE_OF_KIND, MAX_TEXT, PROGRAM_ID, type PlanStage } from '../domain';
import { CRCA_ID } from '../data/facts';
import { findPlanInComuna, insertPlan, insertStageChange } from '../store/plans';
import type { Ctx } from '../resolvers/context';
import { assertComunaId, author, municipalityOf, newId } from './shared';

export interface CreatePlanInput {
  comunaId: string;
  title?: string | null;
  /** Left out: DIAGNOSIS; explicitly null: not known yet. */
  stage?: PlanStage | null;
  period?: PeriodInput | null;
  participationProcesses?: string[] | null;
  description?: string | null;
  figures?: FigureInput[] | null;
}

/** Starts a comuna's Plan Municipal de Cultura (one per comuna), with its municipality as organiser. */
export async function createPlan(ctx: Ctx, input: CreatePlanInput): Promise<ActionRecord> {
  assertComunaId(input.comunaId, 'input.comunaId');
  const stage = input.stage === undefined ? 'DIAGNOSIS' : input.stage;
  const period = validatePeriod(input.period, 'input.period');
  await ctx.loaders.territories.assertKnown([input.comunaId], 'input.comunaId');
  return ctx.dataSource.transaction(async (tx) => {
    const clash = await findPlanInComuna(tx, input.comunaId);
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
        lineCode: LINE_OF_KIND.MUNICIPAL_CULTURE_PLAN,
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
    await insertPlan(tx, {
      actionId: id,
      municipalityId: municipality.id,
      comunaId: input.comunaId,
      stage,
      participationProcesses: (input.participationProcesses ?? []).map((p, i) =>
        requiredText(p, `input.participationProcesses[${i}]`, MAX_TEXT),
      ),
    });
    if (stage)
      await insertStageChange(tx, {
        planId: id,
        fromStage: null,
        toStage: stage,
        changedOn: today(),
        changedBy: author(ctx),
        note: 'Plan creado',
      });
    return saved;
  });
}
