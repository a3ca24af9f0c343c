import type { MutationResolvers as MutationFieldResolvers } from '../generated/graphql';
import { decideApplication } from '../writes/decide-application';
import { endRecognition } from '../writes/end-recognition';
import { importCulturePointRegistry } from '../writes/import-registry';
import { recordActivity, recordFundingAward, recordNetworkMeeting } from '../writes/point-actions';
import { submitApplication } from '../writes/submit-application';

/** Every mutation needs `puntos-cultura:write` (the schema's @requiresScopes, enforced before these run). */
export const MutationResolvers: { Mutation: MutationFieldResolvers } = {
  Mutation: {
    submitCulturePointApplication: (_, { input }, ctx) => submitApplication(ctx, input),
    decideCulturePointApplication: (_, { input }, ctx) => decideApplication(ctx, input),
    lapseCulturePointRecognition: (_, { input }, ctx) => endRecognition(ctx, input, 'LAPSE'),
    revokeCulturePointRecognition: (_, { input }, ctx) => endRecognition(ctx, input, 'REVOCATION'),
    recordCulturePointActivity: (_, { input }, ctx) => recordActivity(ctx, input),
    recordCulturePointFundingAward: (_, { input }, ctx) => recordFundingAward(ctx, input),
    recordCultureNetworkMeeting: (_, { input }, ctx) => recordNetworkMeeting(ctx, input),
    importCulturePointRegistry: (_, { input }, ctx) => importCulturePointRegistry(ctx, input),
  },
};
