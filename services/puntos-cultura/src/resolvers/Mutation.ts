import { decideApplication, type DecideInput } from '../writes/decide-application';
import { endRecognition, type EndRecognitionInput } from '../writes/end-recognition';
import { importCulturePointRegistry, type ImportRegistryInput } from '../writes/import-registry';
import {
  recordActivity,
  recordFundingAward,
  recordNetworkMeeting,
  type RecordActivityInput,
  type RecordAwardInput,
  type RecordMeetingInput,
} from '../writes/point-actions';
import { submitApplication, type SubmitApplicationInput } from '../writes/submit-application';
import type { Ctx } from './context';

/** Every mutation needs `puntos-cultura:write` (the schema's @requiresScopes, enforced before these run). */
export const MutationResolvers = {
  Mutation: {
    submitCulturePointApplication: (_: unknown, { input }: { input: SubmitApplicationInput }, ctx: Ctx) => submitApplication(ctx, input),
    decideCulturePointApplication: (_: unknown, { input }: { input: DecideInput }, ctx: Ctx) => decideApplication(ctx, input),
    lapseCulturePointRecognition: (_: unknown, { input }: { input: EndRecognitionInput }, ctx: Ctx) => endRecognition(ctx, input, 'LAPSE'),
    revokeCulturePointRecognition: (_: unknown, { input }: { input: EndRecognitionInput }, ctx: Ctx) =>
      endRecognition(ctx, input, 'REVOCATION'),
    recordCulturePointActivity: (_: unknown, { input }: { input: RecordActivityInput }, ctx: Ctx) => recordActivity(ctx, input),
    recordCulturePointFundingAward: (_: unknown, { input }: { input: RecordAwardInput }, ctx: Ctx) => recordFundingAward(ctx, input),
    recordCultureNetworkMeeting: (_: unknown, { input }: { input: RecordMeetingInput }, ctx: Ctx) => recordNetworkMeeting(ctx, input),
    importCulturePointRegistry: (_: unknown, { input }: { input: ImportRegistryInput }, ctx: Ctx) => importCulturePointRegistry(ctx, input),
  },
};
