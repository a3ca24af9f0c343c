import { actionFields, type ActionKind, type ActionRecord } from '@cultura/vocabulary';
import { culturePoint, detailNumber, detailText, detailTexts, pointsOf, type Ctx } from './context';

/** Which concrete type serves each kind of action this service records. */
const TYPE_OF_KIND: Partial<Record<ActionKind, string>> = {
  RECOGNITION: 'Recognition',
  FUNDING_AWARD: 'FundingAward',
  NETWORK_MEETING: 'CultureNetworkMeeting',
};

export const actionTypeOf = (a: ActionRecord): string => TYPE_OF_KIND[a.kind] ?? 'CulturePointActivity';

function referenceOf(type: string) {
  return async (ref: { id: string }, ctx: Ctx) => {
    const a = await ctx.loaders.vocabulary.action.load(ref.id);
    return a && actionTypeOf(a) === type ? a : null;
  };
}

const common = { ...actionFields, description: (a: ActionRecord) => a.description };

/** A point's culture point actor; recognitions and awards always name one. */
async function theCulturePoint(a: ActionRecord, ctx: Ctx) {
  const point = await culturePoint(ctx, detailText(a, 'culturePointId'));
  if (!point) throw new Error(`action ${a.id} names no culture point`);
  return point;
}

export const ActionResolvers = {
  Action: {
    __resolveType: (a: ActionRecord) => actionTypeOf(a),
  },

  Recognition: {
    __resolveReference: referenceOf('Recognition'),
    ...common,
    resolutionNumber: (a: ActionRecord) => detailText(a, 'resolutionNumber'),
    // Known to the day or not at all: a recognition dated to a month or a year has no resolution date.
    resolutionDate: (a: ActionRecord) => (a.periodPrecision === 'DAY' ? a.periodStart : null),
    culturePoint: (a: ActionRecord, _: unknown, ctx: Ctx) => theCulturePoint(a, ctx),
    application: (a: ActionRecord, _: unknown, ctx: Ctx) => {
      const id = detailText(a, 'applicationId');
      return id ? ctx.loaders.application.load(id) : null;
    },
  },

  FundingAward: {
    __resolveReference: referenceOf('FundingAward'),
    ...common,
    competition: (a: ActionRecord) => detailText(a, 'competition') ?? a.title,
    amount: (a: ActionRecord) => detailNumber(a, 'amount'),
    currency: (a: ActionRecord) => detailText(a, 'currency'),
    culturePoint: (a: ActionRecord, _: unknown, ctx: Ctx) => theCulturePoint(a, ctx),
  },

  CulturePointActivity: {
    __resolveReference: referenceOf('CulturePointActivity'),
    ...common,
    culturePoints: (a: ActionRecord, _: unknown, ctx: Ctx) => pointsOf(ctx, a),
  },

  CultureNetworkMeeting: {
    __resolveReference: referenceOf('CultureNetworkMeeting'),
    ...common,
    scope: (a: ActionRecord) => detailText(a, 'scope') ?? 'NATIONAL',
    agreements: (a: ActionRecord) => detailTexts(a, 'agreements'),
    culturePoints: (a: ActionRecord, _: unknown, ctx: Ctx) => pointsOf(ctx, a),
  },
};
