import type { AlternateCode, Territory, TerritoryLevel, TerritoryOrigin } from '../entities/Territory';

/** Rows of the territory table, as `upsertTerritories` reads and writes them (`lineage` is computed by PostgreSQL). */
export interface Row {
  id: string;
  country: Territory['country'];
  level: TerritoryLevel;
  kind: Territory['kind'];
  localKind: string;
  name: string;
  sortName: string;
  officialCode: string | null;
  codeScheme: Territory['codeScheme'];
  isoCode: string | null;
  alternateCodes: AlternateCode[];
  alternateNames: string[];
  alternateSortNames: string[];
  parentId: string | null;
  ancestorIds: string[];
  areaIds: string[];
  latitude: number | null;
  longitude: number | null;
  origin: TerritoryOrigin;
  originDetail: string | null;
}

export const COLUMNS: { prop: keyof Row; column: string; type: string }[] = [
  { prop: 'id', column: 'id', type: 'text' },
  { prop: 'country', column: 'country', type: 'text' },
  { prop: 'level', column: 'level', type: 'text' },
  { prop: 'kind', column: 'kind', type: 'text' },
  { prop: 'localKind', column: 'local_kind', type: 'text' },
  { prop: 'name', column: 'name', type: 'text' },
  { prop: 'sortName', column: 'sort_name', type: 'text' },
  { prop: 'officialCode', column: 'official_code', type: 'text' },
  { prop: 'codeScheme', column: 'code_scheme', type: 'text' },
  { prop: 'isoCode', column: 'iso_code', type: 'text' },
  { prop: 'alternateCodes', column: 'alternate_codes', type: 'jsonb' },
  { prop: 'alternateNames', column: 'alternate_names', type: 'text[]' },
  { prop: 'alternateSortNames', column: 'alternate_sort_names', type: 'text[]' },
  { prop: 'parentId', column: 'parent_id', type: 'text' },
  { prop: 'ancestorIds', column: 'ancestor_ids', type: 'text[]' },
  { prop: 'areaIds', column: 'area_ids', type: 'text[]' },
  { prop: 'latitude', column: 'latitude', type: 'double precision' },
  { prop: 'longitude', column: 'longitude', type: 'double precision' },
  { prop: 'origin', column: 'origin', type: 'text' },
  { prop: 'originDetail', column: 'origin_detail', type: 'text' },
];

/** Whether two string arrays hold the same values in the same order. */
export function sameArray(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Whether writing `b` over `a` would change nothing. */
export function sameRow(a: Row, b: Row): boolean {
  return COLUMNS.every(({ prop }) => {
    if (prop === 'alternateCodes') return sameArray(a.alternateCodes.map(codeText), b.alternateCodes.map(codeText));
    const x = a[prop];
    const y = b[prop];
    if (Array.isArray(x) && Array.isArray(y)) return JSON.stringify(x) === JSON.stringify(y);
    return x === y;
  });
}

/** Codes in their first order, each once. */
export function dedupeCodes(codes: AlternateCode[]): AlternateCode[] {
  const seen = new Set<string>();
  const out: AlternateCode[] = [];
  for (const c of codes) {
    const key = codeText(c);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ scheme: c.scheme, code: c.code });
  }
  return out;
}

/** Compares codes by value: jsonb returns object keys in its own order. */
function codeText(c: AlternateCode): string {
  return `${c.scheme}\u0000${c.code}`;
}

/** The JSON parameter of a `jsonb_to_recordset` write, keyed by column name. */
export function toJson(rows: Row[]): string {
  return JSON.stringify(rows.map((row) => Object.fromEntries(COLUMNS.map(({ prop, column }) => [column, row[prop]]))));
}
