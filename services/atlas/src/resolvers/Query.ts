import { badInput, decodeCursor, encodeCursor, pageSize, toConnection } from '@cultura/service-kit';
import type { QueryResolvers as QueryFieldResolvers } from '../generated/graphql';
import { feedStatuses } from '../store/FeedStateStore';
import { actionQuery, actorWhere } from '../query/filters';
import { buildReport } from '../query/report';
import { ORDERS, type ActionOrder, type ListedRow } from '../store/ListingStore';
import type { ListedModel } from './context';
import { labelsQuery } from './Labels';

const reference = (r: ListedRow): ListedModel => ({ __typename: r.type_name, id: r.id, row: r });

/** Names each list and order in its cursors, so one list's cursor is refused by another. */
const actionList = (order: ActionOrder) => `atlas.actions ${order}`;
const ACTOR_LIST = 'atlas.actors';

/** The sort key of a listed action in its order; undated ones sit at the far end. */
function sortKeyOf(order: ActionOrder, r: ListedRow): string {
  if (order === 'TITLE') return r.sort_title ?? '';
  if (r.sort_at) return new Date(r.sort_at).toISOString();
  return order === 'NEWEST_FIRST' ? '-infinity' : 'infinity';
}

// The generated `CrossProgramActionFilter`/`CrossProgramActorFilter` arguments are assignable to the
// `ActionFilterInput`/`ActorFilterInput` that query/filters.ts reads, so they are passed as they come.
const Query: QueryFieldResolvers = {
  labels: labelsQuery,

  actions: async (_, args, ctx) => {
    // An explicit `orderBy: null` reaches the resolver as null (the SDL default only fills an omitted argument).
    const order = args.orderBy ?? 'NEWEST_FIRST';
    const limit = pageSize(args.first);
    const after = args.after ? decodeCursor(args.after, 'after', actionList(order), ORDERS[order].keyType) : null;
    await ctx.loaders.checkIds(args.filter);
    const places = await ctx.loaders.placesOf(args.filter);
    const where = actionQuery(args.filter, { places }).conditions.where();
    const rows = limit === 0 ? [] : await ctx.loaders.listings.actionPage(where, order, limit, after);
    return toConnection(
      rows.map(reference),
      limit,
      (n) => encodeCursor(sortKeyOf(order, n.row), n.id, actionList(order)),
      () => ctx.loaders.listings.actionCount(where),
    );
  },

  actors: async (_, args, ctx) => {
    const limit = pageSize(args.first);
    const after = args.after ? decodeCursor(args.after, 'after', ACTOR_LIST) : null;
    await ctx.loaders.checkIds(args.filter);
    const where = actorWhere(args.filter, await ctx.loaders.placesOf(args.filter));
    const rows = limit === 0 ? [] : await ctx.loaders.listings.actorPage(where, limit, after);
    return toConnection(
      rows.map(reference),
      limit,
      (n) => encodeCursor(n.row.sort_name ?? '', n.id, ACTOR_LIST),
      () => ctx.loaders.listings.actorCount(where),
    );
  },

  report: async (_, args, ctx) => {
    // A report places each action by its part inside `within` and keeps figures in their scope; a circle or
    // box cuts across territories, so what part of a comuna's figure lies inside it is unknown.
    for (const area of ['near', 'bbox'] as const)
      if (args.filter?.[area])
        throw badInput(
          `filter.${area} filters the lists (actions, actors), not reports: group by TERRITORY or report within the territories it selects`,
          `filter.${area}`,
        );
    await ctx.loaders.checkIds(args.filter);
    return buildReport(ctx.loaders.reports, args.groupBy, args.filter, args.includeSynthetic ?? false);
  },

  indexStatus: async (_, __, ctx) =>
    (await feedStatuses(ctx.dataSource)).map((s) => ({
      ...s,
      lastPolledAt: s.lastPolledAt?.toISOString() ?? null,
      lastSucceededAt: s.lastSucceededAt?.toISOString() ?? null,
      lastAppliedAt: s.lastAppliedAt?.toISOString() ?? null,
    })),
};

export const QueryResolvers = { Query };
