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

/**
 * Cursors are opaque to clients: base64url of the row's sort key, its id and, when given, the list and
 * order they belong to (`list`), so a cursor from another list or order is refused instead of read wrong.
 */
export function encodeCursor(key: string | number, id: string, list?: string): string {
  return Buffer.from(JSON.stringify(list === undefined ? [key, id] : [key, id, list])).toString('base64url');
}

const TIMESTAMP_KEY = /^(-?infinity|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z)$/;

/**
 * Reads a cursor of `encodeCursor`, refusing (BAD_USER_INPUT on `field`) one that is malformed, from
 * another list or order than `list`, or whose key is not a timestamp where the list sorts by one.
 */
export function decodeCursor(
  cursor: string,
  field = 'after',
  list?: string,
  keyType: 'text' | 'timestamp' = 'text',
): [string | number, string] {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = null;
  }
  const shaped =
    Array.isArray(value) &&
    value.length === (list === undefined ? 2 : 3) &&
    (typeof value[0] === 'string' || typeof value[0] === 'number') &&
    typeof value[1] === 'string' &&
    (keyType === 'text' || (typeof value[0] === 'string' && TIMESTAMP_KEY.test(value[0])));
  const parts = Array.isArray(value) ? (value as unknown[]) : [];
  if (!shaped || (list !== undefined && parts[2] !== list)) {
    const why = list !== undefined && typeof parts[2] === 'string' ? ` (it belongs to ${parts[2]})` : '';
    throw badInput(`"${cursor}" is not a cursor returned by this list in this order${why}; start again without \`after\``, field);
  }
  return [parts[0] as string | number, parts[1] as string];
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
  /** Names the list in its cursors, so one list's cursor is refused by another; defaults to the sort. */
  list?: string;
  /** `timestamp` when the sort key is one: a cursor with any other key is refused before it reaches SQL. */
  keyType?: 'text' | 'timestamp';
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
  const list = opts.list ?? `${opts.sortExpr} ${direction}`;
  if (args.after) {
    const [key, id] = decodeCursor(args.after, 'after', list, opts.keyType);
    const op = direction === 'ASC' ? '>' : '<';
    page.andWhere(`(${opts.sortExpr}, ${opts.idColumn}) ${op} (:afterKey, :afterId)`, { afterKey: key, afterId: id });
  }
  const rows =
    limit === 0
      ? []
      : await page
          .orderBy(opts.sortExpr, direction)
          .addOrderBy(opts.idColumn, direction)
          .limit(limit + 1)
          .getMany();
  return toConnection(
    rows,
    limit,
    (row) => encodeCursor(opts.sortKeyOf(row), opts.idOf(row), list),
    () => counting.getCount(),
  );
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

type SortKey = [key: string | number, id: string];

function compareKeys(a: SortKey, b: SortKey): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}

/**
 * Cursor pagination over a list already in memory (a batched loader's whole list for one parent), so
 * pages cost no statement of their own. `list` names the list and its order in every cursor, so a cursor
 * from another list is refused (BAD_USER_INPUT on `after`) instead of silently starting somewhere else.
 */
export function pageInMemory<T>(items: T[], args: PageArgs, list: string, keyOf: (item: T) => SortKey): Connection<T> {
  const limit = pageSize(args.first);
  const sorted = items.map((item) => ({ item, key: keyOf(item) })).sort((a, b) => compareKeys(a.key, b.key));
  const after = args.after ? decodeCursor(args.after, 'after', list) : null;
  const start = after ? sorted.findIndex((s) => compareKeys(s.key, after) > 0) : 0;
  const rest = start < 0 ? [] : sorted.slice(start, start + limit + 1);
  return toConnection(
    rest.map((s) => s.item),
    limit,
    (item) => encodeCursor(...keyOf(item), list),
    async () => items.length,
  );
}
