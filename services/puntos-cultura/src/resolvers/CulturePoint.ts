import type { GraphQLResolveInfo } from 'graphql';
import { encodeCursor, pageSize, present, toConnection, type PageArgs } from '@cultura/service-kit';
import { actorFields, provenanceOf, territoryRef, type ActionKind, type ActorRecord } from '@cultura/vocabulary';
import { LISTS, listActionsOfPoint } from '../store/lists';
import { pointDetails, selects, type Ctx } from './context';

/** Resolvers of `CulturePoint`: an `actor` row, with the program's facts loaded from `culture_point`. */
export const CulturePointResolvers = {
  CulturePoint: {
    __resolveReference: async (ref: { id: string }, ctx: Ctx) => {
      const a = await ctx.loaders.vocabulary.actor.load(ref.id);
      return a && a.kind === 'CULTURE_POINT' ? a : null;
    },
    ...actorFields,
    organisationForm: async (a: ActorRecord, _: unknown, ctx: Ctx) => (await pointDetails(ctx, a)).organisationForm,
    legalPersonality: async (a: ActorRecord, _: unknown, ctx: Ctx) => (await pointDetails(ctx, a)).legalPersonality,
    taxId: async (a: ActorRecord, _: unknown, ctx: Ctx) => (await pointDetails(ctx, a)).taxId,
    foundedOn: async (a: ActorRecord, _: unknown, ctx: Ctx) => (await pointDetails(ctx, a)).foundedOn,
    foundingYear: async (a: ActorRecord, _: unknown, ctx: Ctx) => (await pointDetails(ctx, a)).foundingYear,
    members: async (a: ActorRecord, _: unknown, ctx: Ctx) => (await pointDetails(ctx, a)).members,
    district: (a: ActorRecord) => (a.territoryId ? territoryRef(a.territoryId) : null),
    areasOfWork: async (a: ActorRecord, _: unknown, ctx: Ctx) => (await pointDetails(ctx, a)).areasOfWork,
    populationsServed: async (a: ActorRecord, _: unknown, ctx: Ctx) => (await pointDetails(ctx, a)).populations,
    artisticExpressions: async (a: ActorRecord, _: unknown, ctx: Ctx) => (await pointDetails(ctx, a)).artisticExpressions,
    networkMember: async (a: ActorRecord, _: unknown, ctx: Ctx) => (await pointDetails(ctx, a)).networkMember,
    status: async (a: ActorRecord, _: unknown, ctx: Ctx) => (await pointDetails(ctx, a)).status,
    recognitionHistory: async (a: ActorRecord, _: unknown, ctx: Ctx) =>
      (await ctx.loaders.statusHistory.load(a.id)).map((h) => ({
        status: h.status,
        date: h.date,
        resolutionNumber: h.resolutionNumber,
        reason: h.reason,
        provenance: provenanceOf(h),
      })),
    recognition: (a: ActorRecord, _: unknown, ctx: Ctx) => ctx.loaders.latestRecognition.load(a.id),
    applications: (a: ActorRecord, _: unknown, ctx: Ctx) => ctx.loaders.applicationsOfPoint.load(a.id),

    actions: async (a: ActorRecord, args: PageArgs & { kinds?: ActionKind[] | null }, ctx: Ctx, info: GraphQLResolveInfo) => {
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
