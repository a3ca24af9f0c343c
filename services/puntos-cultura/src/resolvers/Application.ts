import { provenanceOf, territoryRef } from '@cultura/vocabulary';
import type { StoredEligibility } from '../entities';
import type { CulturePointApplicationResolvers, CulturePointEligibility } from '../generated/graphql';
import { culturePoint } from './context';

/** The automatic check as served: every rule, and the unmet ones on their own for quick display. */
export function eligibilityView(e: StoredEligibility): CulturePointEligibility {
  return { eligible: e.eligible, asOf: e.asOf, rules: e.rules, unmet: e.rules.filter((r) => !r.met) };
}

export const ApplicationResolvers: { CulturePointApplication: CulturePointApplicationResolvers } = {
  CulturePointApplication: {
    __resolveReference: (ref, ctx) => ctx.loaders.application.load(ref.id),
    district: (a) => territoryRef(a.districtId),
    populationsServed: (a) => a.populations,
    eligibility: (a) => eligibilityView(a.eligibility),
    resolution: async (a, _, ctx) => {
      if (!a.resolutionNumber) return null;
      const r = await ctx.loaders.resolution.load(a.resolutionNumber);
      return r && { number: r.number, date: r.date, kind: r.kind, reasons: r.reasons };
    },
    culturePoint: (a, _, ctx) => culturePoint(ctx, a.culturePointId),
    // Guarded by @requiresScopes(pii:read) in the schema, applied before this runs.
    contact: (a) => ({ name: a.contactName, email: a.contactEmail, phone: a.contactPhone }),
    provenance: (a) => provenanceOf(a),
  },
};
