import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { Territory, type TerritoryKind } from './entities/Territory';

/** Children of one parent, first page only (pages after a cursor are fetched per parent). */
export interface ChildrenKey {
  parentId: string;
  kind: TerritoryKind | null;
  /** Rows wanted; loaders fetch one more to tell whether a next page exists. */
  limit: number;
}

export interface TerritoryLoaders {
  territoryById: DataLoader<string, Territory | null>;
  childrenFirstPage: DataLoader<ChildrenKey, Territory[], string>;
  childCount: DataLoader<{ parentId: string; kind: TerritoryKind | null }, number, string>;
}

/** Fresh per request: batching across one request's resolvers, no cache shared between callers. */
export function createLoaders(dataSource: DataSource): TerritoryLoaders {
  const repo = dataSource.getRepository(Territory);

  const territoryById = new DataLoader<string, Territory | null>(async (ids) => {
    const rows = await repo.createQueryBuilder('t').where('t.id = ANY(:ids)', { ids: [...ids] }).getMany();
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  });

  const childrenFirstPage = new DataLoader<ChildrenKey, Territory[], string>(
    async (keys) => {
      // One statement per (kind, limit) group, usually one: a window function caps each parent's rows.
      const groups = new Map<string, ChildrenKey[]>();
      for (const k of keys) {
        const g = `${k.kind ?? ''}|${k.limit}`;
        groups.set(g, [...(groups.get(g) ?? []), k]);
      }
      const result = new Map<string, Territory[]>();
      for (const group of groups.values()) {
        const { kind, limit } = group[0];
        const rows = await repo
          .createQueryBuilder('t')
          .where(
            `t.id IN (SELECT ranked.id FROM (
               SELECT c.id, row_number() OVER (PARTITION BY c.parent_id ORDER BY c.sort_name, c.id) AS rn
               FROM territory c WHERE c.parent_id = ANY(:parents) AND (CAST(:kind AS text) IS NULL OR c.kind = :kind)
             ) ranked WHERE ranked.rn <= :cap)`,
            { parents: group.map((k) => k.parentId), kind, cap: limit + 1 },
          )
          .orderBy('t.sortName')
          .addOrderBy('t.id')
          .getMany();
        for (const k of group) result.set(childrenKey(k), []);
        for (const row of rows) result.get(childrenKey({ parentId: row.parentId ?? '', kind, limit }))?.push(row);
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

  return { territoryById, childrenFirstPage, childCount };
}

function childrenKey(k: ChildrenKey): string {
  return `${k.parentId}|${k.kind ?? ''}|${k.limit}`;
}
