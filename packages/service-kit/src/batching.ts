/** Helpers for DataLoader batch functions: one statement's rows handed back in the order of the keys. */

/**
 * The rows of each key, in the order of `keys` (a key without rows gets `[]`); `keyOf` says which key a row
 * belongs to. Rows keep their order within a key.
 */
export function grouped<T>(keys: readonly string[], rows: T[], keyOf: (row: T) => string): T[][] {
  const map = new Map<string, T[]>(keys.map((k) => [k, []]));
  for (const row of rows) map.get(keyOf(row))?.push(row);
  return keys.map((k) => map.get(k) ?? []);
}

/** What `loadMany` found: the values, without the missing (null) and failed (Error) ones. */
export function present<T>(values: readonly (T | null | Error)[]): T[] {
  return values.filter((v): v is T => v !== null && !(v instanceof Error));
}
