import type { MutationResolvers as MutationFieldResolvers } from '../generated/graphql';
import { advancePlan } from '../writes/advance-plan';
import { createPlan } from '../writes/create-plan';
import { recordActivity } from '../writes/record-activity';
import { recordAdvisorySession } from '../writes/record-advisory-session';
import { recordPlanStage } from '../writes/record-plan-stage';
import { registerAlliance } from '../writes/register-alliance';
import { registerCulturalCentre } from '../writes/register-cultural-centre';
import { updatePlan } from '../writes/update-plan';

/** Every mutation needs `red-cultura:write` (the schema's @requiresScopes, enforced before these run). */
export const MutationResolvers: { Mutation: MutationFieldResolvers } = {
  Mutation: {
    createMunicipalCulturePlan: (_, { input }, ctx) => createPlan(ctx, input),
    updateMunicipalCulturePlan: (_, { id, input }, ctx) => updatePlan(ctx, id, input),
    recordMunicipalCulturePlanStage: (_, { id, input }, ctx) => recordPlanStage(ctx, id, input),
    advanceMunicipalCulturePlan: (_, { id, input }, ctx) => advancePlan(ctx, id, input),
    recordActivity: (_, { input }, ctx) => recordActivity(ctx, input),
    recordAdvisorySession: (_, { input }, ctx) => recordAdvisorySession(ctx, input),
    registerCulturalCentre: (_, { input }, ctx) => registerCulturalCentre(ctx, input),
    registerAlliance: (_, { input }, ctx) => registerAlliance(ctx, input),
  },
};
