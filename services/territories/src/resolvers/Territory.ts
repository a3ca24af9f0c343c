import { keysetPage, pageSize, present, toConnection, encodeCursor } from '@cultura/service-kit';
import { TERRITORY_AREAS } from '@cultura/vocabulary';
import { Territory } from '../entities/Territory';
import type { TerritoryResolvers as TerritoryFieldResolvers } from '../generated/graphql';
import { memberOfArea } from '../loaders';

/** List names bound into cursors, so a cursor of one list is refused by another. */
const CHILDREN = 'territory.children';
const MEMBERS = 'territory.members';

const cursorIn = (list: string) => (t: Territory) => encodeCursor(t.sortName, t.id, list);

/** Keyset options of the per-territory lists, in the same order their first pages come in. */
const pageOptions = (list: string) => ({
  sortExpr: 't.sort_name',
  idColumn: 't.id',
  sortKeyOf: (r: Territory) => r.sortName,
  idOf: (r: Territory) => r.id,
  list,
});

export const TerritoryResolvers: TerritoryFieldResolvers = {
  __resolveReference: (ref, ctx) => ctx.loaders.territoryById.load(ref.id),

  point: async (t, _, ctx) => {
    const place = await ctx.loaders.placeById.load(t.id);
    if (place?.pointLatitude != null && place.pointLongitude != null) {
      return { lat: place.pointLatitude, lon: place.pointLongitude, source: 'BOUNDARY' };
    }
    if (t.latitude === null || t.longitude === null) return null;
    return { lat: t.latitude, lon: t.longitude, source: t.origin === 'USER' ? 'USER' : 'GAZETTEER' };
  },

  geometry: (t, args, ctx) => ctx.loaders.boundaryByKey.load(`${args.simplified ? 'simplified' : 'full'}|${t.id}`),

  bbox: async (t, _, ctx) => (await ctx.loaders.placeById.load(t.id))?.bbox ?? null,

  parent: (t, _, ctx) => (t.parentId ? ctx.loaders.territoryById.load(t.parentId) : null),

  ancestors: async (t, _, ctx) => {
    return present(await ctx.loaders.territoryById.loadMany(t.ancestorIds));
  },

  firstLevel: (t, _, ctx) => {
    if (t.level === 'COUNTRY') return null;
    if (t.level === 'FIRST_LEVEL') return t;
    return ctx.loaders.territoryById.load(t.ancestorIds[1]);
  },

  region: (t, _, ctx) => {
    if (t.level === 'COUNTRY') return null;
    if (t.level === 'AREA') return t;
    if (t.areaIds.length) return ctx.loaders.territoryById.load(t.areaIds[0]);
    const first = t.level === 'FIRST_LEVEL' ? t.id : t.ancestorIds[1];
    // A department split into areas (Lima, 15) is not one regional government: it has none as a whole.
    if (TERRITORY_AREAS.some((a) => a.department === first)) return null;
    return first === t.id ? t : ctx.loaders.territoryById.load(first);
  },

  areas: async (t, _, ctx) => {
    return present(await ctx.loaders.territoryById.loadMany(t.areaIds));
  },

  members: async (t, args, ctx) => {
    const limit = pageSize(args.first);
    if (t.level !== 'AREA') return toConnection([], limit, cursorIn(MEMBERS), async () => 0);
    const count = () => ctx.loaders.memberCount.load(t.id);
    if (args.after) {
      const qb = ctx.dataSource
        .getRepository(Territory)
        .createQueryBuilder('t')
        .where(memberOfArea('t', 'CAST(:area AS text)'), { area: t.id });
      const page = await keysetPage(qb, args, pageOptions(MEMBERS));
      return { ...page, totalCount: count };
    }
    const rows = limit === 0 ? [] : await ctx.loaders.membersFirstPage.load({ areaId: t.id, limit });
    return toConnection(rows, limit, cursorIn(MEMBERS), count);
  },

  children: async (t, args, ctx) => {
    const kind = args.kind ?? null;
    const count = () => ctx.loaders.childCount.load({ parentId: t.id, kind });
    if (args.after) {
      const qb = ctx.dataSource
        .getRepository(Territory)
        .createQueryBuilder('t')
        .where('t.parent_id = :id', { id: t.id })
        .andWhere(`t.level <> 'AREA'`);
      if (kind) qb.andWhere('t.kind = :kind', { kind });
      const page = await keysetPage(qb, args, pageOptions(CHILDREN));
      return { ...page, totalCount: count };
    }
    const limit = pageSize(args.first);
    const rows = limit === 0 ? [] : await ctx.loaders.childrenFirstPage.load({ parentId: t.id, kind, limit });
    return toConnection(rows, limit, cursorIn(CHILDREN), count);
  },

  siblings: async (t, args, ctx) => {
    if (!t.parentId) return [];
    const limit = pageSize(args.first);
    const areas = t.level === 'AREA';
    const rows = await ctx.loaders.childrenFirstPage.load({ parentId: t.parentId, kind: null, limit: limit + 1, areas, level: t.level });
    return rows.filter((r) => r.id !== t.id).slice(0, limit);
  },

  centroid: (t) => (t.latitude !== null && t.longitude !== null ? { latitude: t.latitude, longitude: t.longitude } : null),
};
