import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { Territory, type TerritoryKind, type TerritoryLevel } from './entities/Territory';
import { boundariesByIds, placesByIds, type Boundary, type StoredPlace } from './store/geography';

/** Children of one parent, first page only (pages after a cursor are fetched per parent). */
export interface ChildrenKey {
  parentId: string;
  kind: TerritoryKind | null;
  /** Rows wanted; loaders fetch one more to tell whether a next page exists. */
  limit: number;
  /** The parent's areas instead of its tree children (areas hang below a department but are not its children). */
  areas?: boolean;
  /**
   * Only children of this level. A comuna's children are localities and neighbourhoods side by side: a
   * locality's siblings filtered after the page would come short of `limit`.
   */
  level?: TerritoryLevel;
}

/** Members of one area, first page only. */
export interface MembersKey {
  areaId: string;
  /** Rows wanted; loaders fetch one more to tell whether a next page exists. */
  limit: number;
}

export interface TerritoryLoaders {
  territoryById: DataLoader<string, Territory | null>;
  childrenFirstPage: DataLoader<ChildrenKey, Territory[], string>;
  childCount: DataLoader<{ parentId: string; kind: TerritoryKind | null }, number, string>;
  membersFirstPage: DataLoader<MembersKey, Territory[], string>;
  memberCount: DataLoader<string, number>;
  /** Representative point and bounding box from the boundary files; null without a geography row. */
  placeById: DataLoader<string, StoredPlace | null>;
  /** Boundaries by `full|<id>` or `simplified|<id>`; null without one. */
  boundaryByKey: DataLoader<string, Boundary | null>;
}

/**
 * SQL condition: the territory `alias` is a member of the area `area` (an SQL text expression), i.e. one
 * of the largest tree units it is made of: inside the area, with a parent outside it.
 */
export function memberOfArea(alias: string, area: string): string {
  return `(${alias}.lineage @> ARRAY[${area}] AND ${alias}.id <> ${area}
    AND NOT EXISTS (SELECT 1 FROM territory mp WHERE mp.id = ${alias}.parent_id AND mp.lineage @> ARRAY[${area}]))`;
}

/** Fresh per request: batching across one request's resolvers, no cache shared between callers. */
export function createLoaders(dataSource: DataSource): TerritoryLoaders {
  const repo = dataSource.getRepository(Territory);

  const placeById = new DataLoader<string, StoredPlace | null>(async (ids) => {
    const byId = new Map((await placesByIds(dataSource, ids)).map((p) => [p.territoryId, p]));
    return ids.map((id) => byId.get(id) ?? null);
  });

  const boundaryByKey = new DataLoader<string, Boundary | null>(async (keys) => {
    const result = new Map<string, Boundary>();
    for (const simplified of [false, true]) {
      const prefix = simplified ? 'simplified|' : 'full|';
      const ids = keys.filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
      if (ids.length) for (const [id, b] of await boundariesByIds(dataSource, ids, simplified)) result.set(prefix + id, b);
    }
    return keys.map((k) => result.get(k) ?? null);
  });

  const territoryById = new DataLoader<string, Territory | null>(async (ids) => {
    const rows = await repo
      .createQueryBuilder('t')
      .where('t.id = ANY(:ids)', { ids: [...ids] })
      .getMany();
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  });

  const childrenFirstPage = new DataLoader<ChildrenKey, Territory[], string>(
    async (keys) => {
      // One statement per (kind, limit, areas) group, usually one: a window function caps each parent's rows.
      const groups = new Map<string, ChildrenKey[]>();
      for (const k of keys) {
        const g = `${k.kind ?? ''}|${k.limit}|${k.areas ?? false}|${k.level ?? ''}`;
        groups.set(g, [...(groups.get(g) ?? []), k]);
      }
      const result = new Map<string, Territory[]>();
      for (const group of groups.values()) {
        const { kind, limit, areas = false, level } = group[0];
        const rows = await repo
          .createQueryBuilder('t')
          .where(
            `t.id IN (SELECT ranked.id FROM (
               SELECT c.id, row_number() OVER (PARTITION BY c.parent_id ORDER BY c.sort_name, c.id) AS rn
               FROM territory c WHERE c.parent_id = ANY(:parents) AND (CAST(:kind AS text) IS NULL OR c.kind = :kind)
                 AND (c.level = 'AREA') = :areas AND (CAST(:level AS text) IS NULL OR c.level = :level)
             ) ranked WHERE ranked.rn <= :cap)`,
            { parents: group.map((k) => k.parentId), kind, cap: limit + 1, areas, level: level ?? null },
          )
          .orderBy('t.sortName')
          .addOrderBy('t.id')
          .getMany();
        for (const k of group) result.set(childrenKey(k), []);
        for (const row of rows) result.get(childrenKey({ parentId: row.parentId ?? '', kind, limit, areas, level }))?.push(row);
      }
      return keys.map((k) => result.get(childrenKey(k)) ?? []);
    },
    { cacheKeyFn: childrenKey },
  );

  const childCount = new DataLoader<{ parentId: string; kind: TerritoryKind | null }, number, string>(
    async (keys) => {
      const kinds = [...new Set(keys.map((k) => k.kind))];
      const counts = new Map<string, number>();
      for (const kind of kinds) {
        const parents = keys.filter((k) => k.kind === kind).map((k) => k.parentId);
        const qb = repo
          .createQueryBuilder('t')
          .select('t.parent_id', 'parentId')
          .addSelect('count(*)::int', 'n')
          .where('t.parent_id = ANY(:parents)', { parents })
          .andWhere(`t.level <> 'AREA'`)
          .groupBy('t.parent_id');
        if (kind) qb.andWhere('t.kind = :kind', { kind });
        for (const row of await qb.getRawMany<{ parentId: string; n: number }>()) {
          counts.set(`${row.parentId}|${kind ?? ''}`, row.n);
        }
      }
      return keys.map((k) => counts.get(`${k.parentId}|${k.kind ?? ''}`) ?? 0);
    },
    { cacheKeyFn: (k) => `${k.parentId}|${k.kind ?? ''}` },
  );

  const membersFirstPage = new DataLoader<MembersKey, Territory[], string>(
    async (keys) => {
      const result = new Map<string, Territory[]>(keys.map((k) => [membersKey(k), []]));
      // One statement per page size, usually one: a window function caps each area's rows.
      for (const limit of new Set(keys.map((k) => k.limit))) {
        const areas = keys.filter((k) => k.limit === limit).map((k) => k.areaId);
        const { entities, raw } = await repo
          .createQueryBuilder('t')
          .addCommonTableExpression(
            `SELECT ranked.area, ranked.id FROM (
               SELECT m.area, c.id, row_number() OVER (PARTITION BY m.area ORDER BY c.sort_name, c.id) AS rn
               FROM unnest(CAST(:areas AS text[])) AS m(area) JOIN territory c ON ${memberOfArea('c', 'm.area')}
             ) ranked WHERE ranked.rn <= :cap`,
            'member',
          )
          .innerJoin('member', 'member', 'member.id = t.id')
          .addSelect('member.area', 'member_area')
          .setParameters({ areas, cap: limit + 1 })
          .orderBy('t.sortName')
          .addOrderBy('t.id')
          .getRawAndEntities<{ t_id: string; member_area: string }>();
        // A territory could be a member of several areas asked for: raw rows say which, entities hold it once.
        const byId = new Map(entities.map((e) => [e.id, e]));
        for (const row of raw) {
          const entity = byId.get(row.t_id);
          if (entity) result.get(membersKey({ areaId: row.member_area, limit }))?.push(entity);
        }
      }
      return keys.map((k) => result.get(membersKey(k)) ?? []);
    },
    { cacheKeyFn: membersKey },
  );

  const memberCount = new DataLoader<string, number>(async (areaIds) => {
    const rows: { area: string; n: number }[] = await dataSource.query(
      `SELECT m.area, count(*)::int AS n FROM unnest($1::text[]) AS m(area) JOIN territory c ON ${memberOfArea('c', 'm.area')}
        GROUP BY m.area`,
      [[...areaIds]],
    );
    const counts = new Map(rows.map((r) => [r.area, r.n]));
    return areaIds.map((id) => counts.get(id) ?? 0);
  });

  return { territoryById, childrenFirstPage, childCount, membersFirstPage, memberCount, placeById, boundaryByKey };
}

function childrenKey(k: ChildrenKey): string {
  return `${k.parentId}|${k.kind ?? ''}|${k.limit}|${k.areas ?? false}|${k.level ?? ''}`;
}

function membersKey(k: MembersKey): string {
  return `${k.areaId}|${k.limit}`;
}
