import { keysetPage, pageSize, toConnection, encodeCursor, type ServiceContext } from '@cultura/service-kit';
import { Territory, type TerritoryKind } from '../entities/Territory';
import type { TerritoryLoaders } from '../loaders';

type Ctx = ServiceContext<TerritoryLoaders>;

const cursorOf = (t: Territory) => encodeCursor(t.sortName, t.id);

export const TerritoryResolvers = {
  __resolveReference: (ref: { id: string }, ctx: Ctx) => ctx.loaders.territoryById.load(ref.id),

  parent: (t: Territory, _: unknown, ctx: Ctx) => (t.parentId ? ctx.loaders.territoryById.load(t.parentId) : null),

  ancestors: async (t: Territory, _: unknown, ctx: Ctx) => {
    const rows = await ctx.loaders.territoryById.loadMany(t.ancestorIds);
    return rows.filter((r): r is Territory => r !== null && !(r instanceof Error));
  },

  firstLevel: (t: Territory, _: unknown, ctx: Ctx) => {
    if (t.level === 'COUNTRY') return null;
    if (t.level === 'FIRST_LEVEL') return t;
    return ctx.loaders.territoryById.load(t.ancestorIds[1]);
  },

  children: async (
    t: Territory,
    args: { kind?: TerritoryKind | null; first?: number | null; after?: string | null },
    ctx: Ctx,
  ) => {
    const kind = args.kind ?? null;
    const count = () => ctx.loaders.childCount.load({ parentId: t.id, kind });
    if (args.after) {
      const qb = ctx.dataSource.getRepository(Territory).createQueryBuilder('t').where('t.parent_id = :id', { id: t.id });
      if (kind) qb.andWhere('t.kind = :kind', { kind });
      const page = await keysetPage(qb, args, { sortExpr: 't.sort_name', idColumn: 't.id', sortKeyOf: (r) => r.sortName, idOf: (r) => r.id });
      return { ...page, totalCount: count };
    }
    const limit = pageSize(args.first);
    const rows = limit === 0 ? [] : await ctx.loaders.childrenFirstPage.load({ parentId: t.id, kind, limit });
    return toConnection(rows, limit, cursorOf, count);
  },

  siblings: async (t: Territory, args: { first?: number | null }, ctx: Ctx) => {
    if (!t.parentId) return [];
    const limit = pageSize(args.first);
    const rows = await ctx.loaders.childrenFirstPage.load({ parentId: t.parentId, kind: null, limit: limit + 1 });
    return rows.filter((r) => r.id !== t.id && r.level === t.level).slice(0, limit);
  },

  centroid: (t: Territory) =>
    t.latitude !== null && t.longitude !== null ? { latitude: t.latitude, longitude: t.longitude } : null,
};
