import { provenanceOf, territoryRef } from '@cultura/vocabulary';
import type { ApplicationRecord, StoredEligibility } from '../entities';
import { culturePoint, type Ctx } from './context';

/** The automatic check as served: every rule, and the unmet ones on their own for quick display. */
export function eligibilityView(e: StoredEligibility) {
  return { eligible: e.eligible, asOf: e.asOf, rules: e.rules, unmet: e.rules.filter((r) => !r.met) };
}

export const ApplicationResolvers = {
  CulturePointApplication: {
    __resolveReference: (ref: { id: string }, ctx: Ctx) => ctx.loaders.application.load(ref.id),
    district: (a: ApplicationRecord) => territoryRef(a.districtId),
    populationsServed: (a: ApplicationRecord) => a.populations,
    eligibility: (a: ApplicationRecord) => eligibilityView(a.eligibility),
    resolution: async (a: ApplicationRecord, _: unknown, ctx: Ctx) => {
      if (!a.resolutionNumber) return null;
      const r = await ctx.loaders.resolution.load(a.resolutionNumber);
      return r && { number: r.number, date: r.date, kind: r.kind, reasons: r.reasons };
    },
    culturePoint: (a: ApplicationRecord, _: unknown, ctx: Ctx) => culturePoint(ctx, a.culturePointId),
    // Guarded by @requiresScopes(pii:read) in the schema, applied before this runs.
    contact: (a: ApplicationRecord) => ({ name: a.contactName, email: a.contactEmail, phone: a.contactPhone }),
    provenance: (a: ApplicationRecord) => provenanceOf(a),
  },
};
