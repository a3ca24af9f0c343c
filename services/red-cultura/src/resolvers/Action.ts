import { actionFields, type ActionRecord, type ActorRecord } from '@cultura/vocabulary';
import { nextStage } from '../domain';
import type { PlanRecord } from '../entities/Plan';
import type {
  ActionResolvers as ActionInterfaceResolvers,
  AdvisorySessionResolvers,
  AllianceResolvers,
  MunicipalCulturePlanResolvers,
  RedCulturaActivityResolvers,
} from '../generated/graphql';
import type { Ctx } from './context';

/** The GraphQL types of Red Cultura's actions. */
export type ActionTypeName = 'MunicipalCulturePlan' | 'AdvisorySession' | 'Alliance' | 'RedCulturaActivity';

/** The GraphQL type of each kind of Red Cultura action. */
export function actionTypeName(a: Pick<ActionRecord, 'kind'>): ActionTypeName {
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

const resolveAs = (typeName: ActionTypeName) => async (ref: { id: string }, ctx: Ctx) => {
  const a = await ctx.loaders.vocabulary.action.load(ref.id);
  return a && actionTypeName(a) === typeName ? a : null;
};

async function planOf(a: ActionRecord, ctx: Ctx): Promise<PlanRecord> {
  const plan = await ctx.loaders.plan.load(a.id);
  if (!plan) throw new Error(`plan details of ${a.id} are missing`);
  return plan;
}

/**
 * A non-null actor field (`municipality`, `centre`) whose actor is loaded by the id the record keeps: the
 * loader gives null when that actor is missing, and GraphQL then reports the field's non-null error. The
 * generated resolver types cannot say "may be null here", so these fields keep their explicit type.
 */
type ActorOfRecord = (a: ActionRecord, _: unknown, ctx: Ctx) => Promise<ActorRecord | null>;

const centreOf: ActorOfRecord = (a, _, ctx) => ctx.loaders.vocabulary.actor.load(String(a.details.centreId));

export const ActionResolvers: {
  Action: ActionInterfaceResolvers;
  MunicipalCulturePlan: Omit<MunicipalCulturePlanResolvers, 'municipality'> & { municipality: ActorOfRecord };
  RedCulturaActivity: RedCulturaActivityResolvers;
  AdvisorySession: Omit<AdvisorySessionResolvers, 'centre'> & { centre: ActorOfRecord };
  Alliance: Omit<AllianceResolvers, 'centre'> & { centre: ActorOfRecord };
} = {
  Action: { __resolveType: actionTypeName },

  MunicipalCulturePlan: {
    __resolveReference: resolveAs('MunicipalCulturePlan'),
    ...actionFields,
    stage: async (a, _, ctx) => (await planOf(a, ctx)).stage,
    nextStage: async (a, _, ctx) => nextStage((await planOf(a, ctx)).stage),
    stageHistory: async (a, _, ctx) =>
      (await ctx.loaders.stageHistory.load(a.id)).map((c) => ({
        from: c.fromStage,
        to: c.toStage,
        date: c.changedOn,
        by: c.changedBy,
        note: c.note,
      })),
    municipality: async (a, _, ctx) => ctx.loaders.vocabulary.actor.load((await planOf(a, ctx)).municipalityId),
    participationProcesses: async (a, _, ctx) => (await planOf(a, ctx)).participationProcesses,
  },

  RedCulturaActivity: {
    __resolveReference: resolveAs('RedCulturaActivity'),
    ...actionFields,
  },

  AdvisorySession: {
    __resolveReference: resolveAs('AdvisorySession'),
    ...actionFields,
    centre: centreOf,
    areas: (a) => (Array.isArray(a.details.areas) ? a.details.areas : []),
    coManaged: (a) => a.details.coManaged !== false,
  },

  Alliance: {
    __resolveReference: resolveAs('Alliance'),
    ...actionFields,
    centre: centreOf,
    council: (a, _, ctx) => (a.details.councilId ? ctx.loaders.vocabulary.actor.load(String(a.details.councilId)) : null),
  },
};
