import { decodeCursor, encodeCursor, pageSize, toConnection, type Connection, type PageArgs } from '@cultura/service-kit';

type SortKey = [key: string | number, id: string];

function compare(a: SortKey, b: SortKey): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}

/** The in-memory lists of this service, as their cursors name them. */
export const LISTS = {
  attendanceByName: 'red-gestion session attendance BY_ENTITY_NAME',
  servantsByRecord: 'red-gestion entity servants BY_RECORDED_AT',
} as const;

/**
 * Cursor pagination over a list already in memory (one session's attendance, one entity's servants):
 * those lists come whole from a batched loader, so pages cost no statement of their own. `list` names the
 * list and its order in every cursor, so a cursor from another list is refused (BAD_USER_INPUT on
 * `after`) instead of silently starting somewhere else.
 */
export function pageOf<T>(items: T[], args: PageArgs, list: string, keyOf: (item: T) => SortKey): Connection<T> {
  const limit = pageSize(args.first);
  const sorted = items.map((item) => ({ item, key: keyOf(item) })).sort((a, b) => compare(a.key, b.key));
  const after = args.after ? decodeCursor(args.after, 'after', list) : null;
  const start = after ? sorted.findIndex((s) => compare(s.key, after) > 0) : 0;
  const rest = start < 0 ? [] : sorted.slice(start, start + limit + 1);
  return toConnection(
    rest.map((s) => s.item),
    limit,
    (item) => encodeCursor(...keyOf(item), list),
    async () => items.length,
  );
}
