import { advancePlan, type AdvancePlanInput } from '../writes/advance-plan';
import { createPlan, type CreatePlanInput } from '../writes/create-plan';
import { recordActivity, type RecordActivityInput } from '../writes/record-activity';
import { recordAdvisorySession, type RecordAdvisoryInput } from '../writes/record-advisory-session';
import { recordPlanStage, type RecordPlanStageInput } from '../writes/record-plan-stage';
import { registerAlliance, type RegisterAllianceInput } from '../writes/register-alliance';
import { registerCulturalCentre, type RegisterCentreInput } from '../writes/register-cultural-centre';
import { updatePlan, type UpdatePlanInput } from '../writes/update-plan';
import type { Ctx } from './context';

/** Every mutation needs `red-cultura:write` (the schema's @requiresScopes, enforced before these run). */
export const MutationResolvers = {
  Mutation: {
    createMunicipalCulturePlan: (_: unknown, { input }: { input: CreatePlanInput }, ctx: Ctx) => createPlan(ctx, input),
    updateMunicipalCulturePlan: (_: unknown, { id, input }: { id: string; input: UpdatePlanInput }, ctx: Ctx) => updatePlan(ctx, id, input),
    recordMunicipalCulturePlanStage: (_: unknown, { id, input }: { id: string; input: RecordPlanStageInput }, ctx: Ctx) =>
      recordPlanStage(ctx, id, input),
    advanceMunicipalCulturePlan: (_: unknown, { id, input }: { id: string; input: AdvancePlanInput }, ctx: Ctx) =>
      advancePlan(ctx, id, input),
    recordActivity: (_: unknown, { input }: { input: RecordActivityInput }, ctx: Ctx) => recordActivity(ctx, input),
    recordAdvisorySession: (_: unknown, { input }: { input: RecordAdvisoryInput }, ctx: Ctx) => recordAdvisorySession(ctx, input),
    registerCulturalCentre: (_: unknown, { input }: { input: RegisterCentreInput }, ctx: Ctx) => registerCulturalCentre(ctx, input),
    registerAlliance: (_: unknown, { input }: { input: RegisterAllianceInput }, ctx: Ctx) => registerAlliance(ctx, input),
  },
};
