import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { badInput } from './errors';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 1000;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export interface Connection<T> {
  nodes: T[];
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  /** Lazy: the count query only runs when a client selects `totalCount`. */
  totalCount: () => Promise<number>;
}

/** Cursors are opaque to clients: base64url of the row's sort key and id. */
export function encodeCursor(key: string | number, id: string): string {
  return Buffer.from(JSON.stringify([key, id])).toString('base64url');
}

export function decodeCursor(cursor: string, field = 'after'): [string | number, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      (typeof value[0] === 'string' || typeof value[0] === 'number') &&
      typeof value[1] === 'string'
    ) {
      return [value[0], value[1]];
    }
  } catch {
    // fall through to the error below
  }
  throw badInput(`"${cursor}" is not a cursor returned by this list`, field);
}

export function pageSize(first: number | null | undefined, field = 'first'): number {
  if (first === undefined || first === null) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw badInput(`first must be between 0 and ${MAX_PAGE_SIZE}, got ${first}`, field);
  }
  return first;
}

export interface KeysetOptions<T> {
  /** SQL expression of the sort key (e.g. `t.sort_name`), ties broken by `idColumn`. */
  sortExpr: string;
  /** ASC by default; DESC for newest-first lists. Both columns follow it. */
  direction?: 'ASC' | 'DESC';
  idColumn: string;
  sortKeyOf(row: T): string | number;
  idOf(row: T): string;
}

/**
 * Keyset pagination over a filtered query: one statement for the page (one extra row tells whether
 * another page follows) and one more only if `totalCount` is asked for.
 */
export async function keysetPage<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  args: PageArgs,
  opts: KeysetOptions<T>,
): Promise<Connection<T>> {
  const limit = pageSize(args.first);
  const direction = opts.direction ?? 'ASC';
  const counting = qb.clone();
  const page = qb.clone();
  if (args.after) {
    const [key, id] = decodeCursor(args.after);
    const op = direction === 'ASC' ? '>' : '<';
    page.andWhere(`(${opts.sortExpr}, ${opts.idColumn}) ${op} (:afterKey, :afterId)`, { afterKey: key, afterId: id });
  }
  const rows = limit === 0 ? [] : await page.orderBy(opts.sortExpr, direction).addOrderBy(opts.idColumn, direction).limit(limit + 1).getMany();
  return toConnection(rows, limit, (row) => encodeCursor(opts.sortKeyOf(row), opts.idOf(row)), () => counting.getCount());
}

/**
 * Builds a connection from rows fetched with one extra row past `limit` (that row only says a next
 * page exists). `count` runs at most once, and only if `totalCount` is selected.
 */
export function toConnection<T>(rows: T[], limit: number, cursorOf: (row: T) => string, count: () => Promise<number>): Connection<T> {
  const nodes = rows.slice(0, limit);
  const edges = nodes.map((node) => ({ cursor: cursorOf(node), node }));
  let total: Promise<number> | undefined;
  return {
    nodes,
    edges,
    pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
    totalCount: () => (total ??= count()),
  };
}
