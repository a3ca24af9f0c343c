import { actionFields, type ActionRecord } from '@cultura/vocabulary';
import { nextStage } from '../domain';
import type { PlanRecord } from '../entities/Plan';
import type { Ctx } from './context';

/** The GraphQL type of each kind of Red Cultura action. */
export function actionTypeName(a: Pick<ActionRecord, 'kind'>): string {
  switch (a.kind) {
    case 'MUNICIPAL_CULTURE_PLAN':
      return 'MunicipalCulturePlan';
    case 'ADVISORY':
      return 'AdvisorySession';
    case 'ALLIANCE':
      return 'Alliance';
    default:
      return 'RedCulturaActivity';
  }
}

const resolveAs = (typeName: string) => async (ref: { id: string }, ctx: Ctx) => {
  const a = await ctx.loaders.vocabulary.action.load(ref.id);
  return a && actionTypeName(a) === typeName ? a : null;
};

async function planOf(a: ActionRecord, ctx: Ctx): Promise<PlanRecord> {
  const plan = await ctx.loaders.plan.load(a.id);
  if (!plan) throw new Error(`plan details of ${a.id} are missing`);
  return plan;
}

const centreOf = (a: ActionRecord, _: unknown, ctx: Ctx) => ctx.loaders.vocabulary.actor.load(String(a.details.centreId));

export const ActionResolvers = {
  Action: { __resolveType: actionTypeName },

  MunicipalCulturePlan: {
    __resolveReference: resolveAs('MunicipalCulturePlan'),
    ...actionFields,
    stage: async (a: ActionRecord, _: unknown, ctx: Ctx) => (await planOf(a, ctx)).stage,
    nextStage: async (a: ActionRecord, _: unknown, ctx: Ctx) => nextStage((await planOf(a, ctx)).stage),
    stageHistory: async (a: ActionRecord, _: unknown, ctx: Ctx) =>
      (await ctx.loaders.stageHistory.load(a.id)).map((c) => ({
        from: c.fromStage,
        to: c.toStage,
        date: c.changedOn,
        by: c.changedBy,
        note: c.note,
      })),
    municipality: async (a: ActionRecord, _: unknown, ctx: Ctx) => ctx.loaders.vocabulary.actor.load((await planOf(a, ctx)).municipalityId),
    participationProcesses: async (a: ActionRecord, _: unknown, ctx: Ctx) => (await planOf(a, ctx)).participationProcesses,
  },

  RedCulturaActivity: {
    __resolveReference: resolveAs('RedCulturaActivity'),
    ...actionFields,
  },

  AdvisorySession: {
    __resolveReference: resolveAs('AdvisorySession'),
    ...actionFields,
    centre: centreOf,
    areas: (a: ActionRecord) => (Array.isArray(a.details.areas) ? a.details.areas : []),
    coManaged: (a: ActionRecord) => a.details.coManaged !== false,
  },

  Alliance: {
    __resolveReference: resolveAs('Alliance'),
    ...actionFields,
    centre: centreOf,
    council: (a: ActionRecord, _: unknown, ctx: Ctx) =>
      a.details.councilId ? ctx.loaders.vocabulary.actor.load(String(a.details.councilId)) : null,
  },
};
