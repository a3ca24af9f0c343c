import { encodeCursor, pageSize, present, toConnection } from '@cultura/service-kit';
import { actorFields, provenanceOf, territoryRef } from '@cultura/vocabulary';
import type { CulturePointResolvers as CulturePointFieldResolvers } from '../generated/graphql';
import { LISTS, listActionsOfPoint } from '../store/lists';
import { pointDetails, selects } from './context';

/** Resolvers of `CulturePoint`: an `actor` row, with the program's facts loaded from `culture_point`. */
export const CulturePointResolvers: { CulturePoint: CulturePointFieldResolvers } = {
  CulturePoint: {
    __resolveReference: async (ref, ctx) => {
      const a = await ctx.loaders.vocabulary.actor.load(ref.id);
      return a && a.kind === 'CULTURE_POINT' ? a : null;
    },
    ...actorFields,
    organisationForm: async (a, _, ctx) => (await pointDetails(ctx, a)).organisationForm,
    legalPersonality: async (a, _, ctx) => (await pointDetails(ctx, a)).legalPersonality,
    taxId: async (a, _, ctx) => (await pointDetails(ctx, a)).taxId,
    foundedOn: async (a, _, ctx) => (await pointDetails(ctx, a)).foundedOn,
    foundingYear: async (a, _, ctx) => (await pointDetails(ctx, a)).foundingYear,
    members: async (a, _, ctx) => (await pointDetails(ctx, a)).members,
    district: (a) => (a.territoryId ? territoryRef(a.territoryId) : null),
    areasOfWork: async (a, _, ctx) => (await pointDetails(ctx, a)).areasOfWork,
    populationsServed: async (a, _, ctx) => (await pointDetails(ctx, a)).populations,
    artisticExpressions: async (a, _, ctx) => (await pointDetails(ctx, a)).artisticExpressions,
    networkMember: async (a, _, ctx) => (await pointDetails(ctx, a)).networkMember,
    status: async (a, _, ctx) => (await pointDetails(ctx, a)).status,
    recognitionHistory: async (a, _, ctx) =>
      (await ctx.loaders.statusHistory.load(a.id)).map((h) => ({
        status: h.status,
        date: h.date,
        resolutionNumber: h.resolutionNumber,
        reason: h.reason,
        provenance: provenanceOf(h),
      })),
    recognition: (a, _, ctx) => ctx.loaders.latestRecognition.load(a.id),
    applications: (a, _, ctx) => ctx.loaders.applicationsOfPoint.load(a.id),

    actions: async (a, args, ctx, info) => {
      const kinds = args.kinds?.length ? args.kinds : null;
      const eager = selects(info, 'totalCount') ? ctx.loaders.actionCountOfPoint.load({ pointId: a.id, kinds }) : null;
      const count = () => eager ?? ctx.loaders.actionCountOfPoint.load({ pointId: a.id, kinds });
      if (args.after) {
        // Later pages are asked for one point at a time: a plain keyset query is enough.
        const page = await listActionsOfPoint(ctx.dataSource, a.id, kinds, args);
        return { ...page, totalCount: count };
      }
      const limit = pageSize(args.first);
      const ids = limit === 0 ? [] : await ctx.loaders.actionIdsOfPoint.load({ pointId: a.id, kinds, limit });
      const rows = present(await ctx.loaders.vocabulary.action.loadMany(ids));
      return toConnection(rows, limit, (r) => encodeCursor(r.sortAt?.toISOString() ?? '-infinity', r.id, LISTS.pointActions), count);
    },
  },
};
