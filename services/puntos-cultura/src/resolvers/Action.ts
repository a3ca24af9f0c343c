import { actionFields, type ActionKind, type ActionRecord } from '@cultura/vocabulary';
import type {
  ActionResolvers as ActionTypeResolvers,
  CultureNetworkMeetingResolvers,
  CulturePointActivityResolvers,
  FundingAwardResolvers,
  RecognitionResolvers,
  ReferenceResolver,
} from '../generated/graphql';
import { culturePoint, detailNumber, detailText, detailTexts, pointsOf, type Ctx } from './context';

/** The concrete action types of this schema. */
type ActionTypeName = NonNullable<Awaited<ReturnType<ActionTypeResolvers['__resolveType']>>>;

/** Which concrete type serves each kind of action this service records. */
const TYPE_OF_KIND: Partial<Record<ActionKind, ActionTypeName>> = {
  RECOGNITION: 'Recognition',
  FUNDING_AWARD: 'FundingAward',
  NETWORK_MEETING: 'CultureNetworkMeeting',
};

export const actionTypeOf = (a: ActionRecord): ActionTypeName => TYPE_OF_KIND[a.kind] ?? 'CulturePointActivity';

/** `__resolveReference` of one action type: the action with that id, when it is of that type. */
function referenceOf(type: ActionTypeName): ReferenceResolver<ActionRecord | null, { id: string }, Ctx> {
  return async (ref, ctx) => {
    const a = await ctx.loaders.vocabulary.action.load(ref.id);
    return a && actionTypeOf(a) === type ? a : null;
  };
}

/** The `Action` interface's fields, resolved alike for every action type. */
const common: Pick<RecognitionResolvers, keyof typeof actionFields | 'description'> = {
  ...actionFields,
  description: (a) => a.description,
};

/** A point's culture point actor; recognitions and awards always name one. */
async function theCulturePoint(a: ActionRecord, ctx: Ctx) {
  const point = await culturePoint(ctx, detailText(a, 'culturePointId'));
  if (!point) throw new Error(`action ${a.id} names no culture point`);
  return point;
}

/**
 * Fields read from an action's free-form `details` keep their own types rather than the generated ones: a
 * value missing there is null, left to GraphQL's non-null error, and `scope` is the text recorded (only the
 * writes, which take the schema's values, record it). The generated types would demand the schema's types.
 */
interface DetailFields {
  FundingAward: { amount: (a: ActionRecord) => number | null; currency: (a: ActionRecord) => string | null };
  CultureNetworkMeeting: { scope: (a: ActionRecord) => string };
}

export const ActionResolvers: {
  Action: ActionTypeResolvers;
  Recognition: RecognitionResolvers;
  FundingAward: Omit<FundingAwardResolvers, keyof DetailFields['FundingAward']> & DetailFields['FundingAward'];
  CulturePointActivity: CulturePointActivityResolvers;
  CultureNetworkMeeting: Omit<CultureNetworkMeetingResolvers, keyof DetailFields['CultureNetworkMeeting']> &
    DetailFields['CultureNetworkMeeting'];
} = {
  Action: {
    __resolveType: (a) => actionTypeOf(a),
  },

  Recognition: {
    __resolveReference: referenceOf('Recognition'),
    ...common,
    resolutionNumber: (a) => detailText(a, 'resolutionNumber'),
    // Known to the day or not at all: a recognition dated to a month or a year has no resolution date.
    resolutionDate: (a) => (a.periodPrecision === 'DAY' ? a.periodStart : null),
    culturePoint: (a, _, ctx) => theCulturePoint(a, ctx),
    application: (a, _, ctx) => {
      const id = detailText(a, 'applicationId');
      return id ? ctx.loaders.application.load(id) : null;
    },
  },

  FundingAward: {
    __resolveReference: referenceOf('FundingAward'),
    ...common,
    competition: (a) => detailText(a, 'competition') ?? a.title,
    amount: (a) => detailNumber(a, 'amount'),
    currency: (a) => detailText(a, 'currency'),
    culturePoint: (a, _, ctx) => theCulturePoint(a, ctx),
  },

  CulturePointActivity: {
    __resolveReference: referenceOf('CulturePointActivity'),
    ...common,
    culturePoints: (a, _, ctx) => pointsOf(ctx, a),
  },

  CultureNetworkMeeting: {
    __resolveReference: referenceOf('CultureNetworkMeeting'),
    ...common,
    scope: (a) => detailText(a, 'scope') ?? 'NATIONAL',
    agreements: (a) => detailTexts(a, 'agreements'),
    culturePoints: (a, _, ctx) => pointsOf(ctx, a),
  },
};
