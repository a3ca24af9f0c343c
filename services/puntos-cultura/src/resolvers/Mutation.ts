import { badInput } from '@cultura/service-kit';
import { importRegistry, RegistryFileError } from '../registry/import';
import { conflictOnDuplicate } from '../validation';
import { decideApplication, type DecideInput } from '../writes/decide-application';
import { endRecognition, type EndRecognitionInput } from '../writes/end-recognition';
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
export const Mutation = {
  submitCulturePointApplication: (_: unknown, { input }: { input: SubmitApplicationInput }, ctx: Ctx) => submitApplication(ctx, input),
  decideCulturePointApplication: (_: unknown, { input }: { input: DecideInput }, ctx: Ctx) => decideApplication(ctx, input),
  lapseCulturePointRecognition: (_: unknown, { input }: { input: EndRecognitionInput }, ctx: Ctx) => endRecognition(ctx, input, 'LAPSE'),
  revokeCulturePointRecognition: (_: unknown, { input }: { input: EndRecognitionInput }, ctx: Ctx) =>
    endRecognition(ctx, input, 'REVOCATION'),
  recordCulturePointActivity: (_: unknown, { input }: { input: RecordActivityInput }, ctx: Ctx) => recordActivity(ctx, input),
  recordCulturePointFundingAward: (_: unknown, { input }: { input: RecordAwardInput }, ctx: Ctx) => recordFundingAward(ctx, input),
  recordCultureNetworkMeeting: (_: unknown, { input }: { input: RecordMeetingInput }, ctx: Ctx) => recordNetworkMeeting(ctx, input),
  importCulturePointRegistry: async (
    _: unknown,
    { input }: { input: { csv: string; keepValid?: boolean | null; source?: string | null } },
    ctx: Ctx,
  ) => {
    const source = input.source?.trim() || `api import by ${ctx.auth.subject ?? 'unknown'}`;
    try {
      return await conflictOnDuplicate(
        () => importRegistry(ctx.dataSource, ctx.loaders.gazetteer, input.csv, { keepValid: input.keepValid ?? false, source }),
        'input.csv',
        'Another import wrote some of these points meanwhile; run the import again',
      );
    } catch (err) {
      if (err instanceof RegistryFileError) throw badInput(err.message, 'input.csv');
      throw err;
    }
  },
};
