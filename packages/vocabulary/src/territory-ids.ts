/**
 * What a territory id says by itself. Ids are `<ISO 3166-1 alpha-2>:<official code>`, and the code's
 * structure encodes the hierarchy as the country's code scheme says (see code-schemes.ts): Chile CUT
 * region 2 / province 3 / comuna 5 digits; Peru INEI department 2 / province 4 / district 6 digits, as
 * INEI counts them (department 15 Lima holds province 1501 Lima); other countries as registered in the
 * territories service. Local territories append `:<slug>` to their parent's id.
 *
 * Beside that tree, Peru's regional governments group the territory a second way: Lima Metropolitana
 * (`PE:LMA`, the province of Lima, governed by its metropolitan municipality) and Lima Provincias
 * (`PE:LIM`, the rest of the department of Lima) are two "regions" in sources such as the RED seed, next
 * to the other departments and Callao. Those two are *areas*: named groupings of tree units, inside
 * department 15. Program services store a record's lineage (tree ancestors, areas, itself) so "within X"
 * filters need no remote call.
 */

import { codeSchemeOf, isCountryCode } from './code-schemes';

export type TerritoryIdLevel = 'COUNTRY' | 'FIRST_LEVEL' | 'SECOND_LEVEL' | 'THIRD_LEVEL' | 'LOCAL' | 'AREA';

/** Peru's regional-government areas inside department 15, and which of its provinces each holds. */
const PERU_LIMA_AREAS = {
  lima: 'PE:15',
  metropolitana: 'PE:LMA',
  provincias: 'PE:LIM',
  metropolitanProvince: 'PE:1501',
} as const;

/** The areas of the regional-government grouping, with the department they lie in. */
export const TERRITORY_AREAS: readonly { id: string; department: string; name: string }[] = [
  { id: PERU_LIMA_AREAS.metropolitana, department: PERU_LIMA_AREAS.lima, name: 'Lima Metropolitana' },
  { id: PERU_LIMA_AREAS.provincias, department: PERU_LIMA_AREAS.lima, name: 'Lima Provincias' },
];

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * The level an id names, or null for an id that does not follow the scheme, or whose country's scheme
 * this process does not know (see `loadCodeSchemes`).
 */
export function territoryLevelOf(id: string): TerritoryIdLevel | null {
  const parts = id.split(':');
  const country = parts[0];
  const scheme = codeSchemeOf(country);
  if (!scheme) return null;
  if (parts.length === 1) return 'COUNTRY';
  if (parts.length > 2) {
    if (parts.slice(2).some((slug) => !SLUG.test(slug))) return null;
    const parent = territoryLevelOf(parts.slice(0, 2).join(':'));
    return parent && parent !== 'COUNTRY' && parent !== 'AREA' ? 'LOCAL' : null;
  }
  const code = parts[1];
  if (country === 'PE' && (code === 'LMA' || code === 'LIM')) return 'AREA';
  if (!/^\d+$/.test(code)) return null;
  return scheme.levels.find((l) => l.codeLength === code.length)?.level ?? null;
}

/**
 * Whether an id is shaped like a territory id of a country whose code scheme this process does not know
 * (`CO:05001` before Colombia's scheme is loaded). Such an id cannot be placed, but it may still be used
 * where only stored lineages are compared (a "within" filter), which were placed when they were written.
 */
export function isUnplacedTerritoryId(id: string): boolean {
  const [country, code, ...rest] = id.split(':');
  if (!isCountryCode(country) || codeSchemeOf(country)) return false;
  return code === undefined || (/^[0-9A-Za-z]+$/.test(code) && rest.every((slug) => SLUG.test(slug)));
}

/**
 * Tree ancestors of a territory, from the country down to its parent, from its id alone; null for an id
 * that does not follow the scheme. An area's parent is the department it lies in (`PE:LMA` → `PE`, `PE:15`).
 */
export function territoryAncestors(id: string): string[] | null {
  const level = territoryLevelOf(id);
  if (!level) return null;
  const parts = id.split(':');
  const country = parts[0];
  if (level === 'COUNTRY') return [];
  if (level === 'LOCAL') {
    const parent = parts.slice(0, -1).join(':');
    return [...territoryAncestors(parent)!, parent];
  }
  if (level === 'AREA') return [country, PERU_LIMA_AREAS.lima];
  const code = parts[1];
  const above = codeSchemeOf(country)!.levels.filter((l) => l.codeLength < code.length);
  return [country, ...above.map((l) => `${country}:${code.slice(0, l.codeLength)}`)];
}

/**
 * The areas a territory lies in (`PE:150101` → `PE:LMA`, `PE:1502` → `PE:LIM`); an area's own id is not
 * among them, and department 15 as a whole lies in neither.
 */
export function territoryAreas(id: string): string[] {
  const level = territoryLevelOf(id);
  if (!level || level === 'AREA' || level === 'COUNTRY') return [];
  const code = id.split(':')[1];
  if (!id.startsWith('PE:') || !code.startsWith('15') || code.length < 4) return [];
  return [code.startsWith('1501') ? PERU_LIMA_AREAS.metropolitana : PERU_LIMA_AREAS.provincias];
}

/** Everything "within X" matches a territory by: its tree ancestors, the areas it lies in, itself. */
export function territoryLineage(id: string): string[] | null {
  const up = territoryAncestors(id);
  return up && [...up, ...territoryAreas(id), id];
}

/** The country of a territory id (its first part). */
export function countryOf(id: string): string {
  return id.split(':')[0];
}

/** The distinct countries of some territory ids. */
export function countriesOf(ids: Iterable<string>): string[] {
  return [...new Set([...ids].map(countryOf))];
}

/**
 * The first-level division (Chile's región, Peru's departamento) a territory lies in, itself included.
 * A country, which lies in none, answers itself: callers can tell by `territoryLevelOf`.
 */
export function firstLevelOf(id: string): string {
  const level = territoryLevelOf(id);
  if (level === 'FIRST_LEVEL' || level === 'COUNTRY' || !level) return id;
  return territoryAncestors(id)![1];
}

/**
 * The regional-government area a territory lies in: Chile's región; Peru's departamento, except that
 * department 15 splits into Lima Metropolitana (`PE:LMA`) and Lima Provincias (`PE:LIM`). A territory that
 * lies in no single area (a country, department 15 as a whole) answers itself.
 */
export function regionalAreaOf(id: string): string {
  const level = territoryLevelOf(id);
  if (level === 'AREA') return id;
  const areas = territoryAreas(id);
  return areas.length ? areas[0] : firstLevelOf(id);
}

/** Whether the id names a unit of the regional-government grouping (a región, a department other than 15, an area). */
export function isRegionalArea(id: string): boolean {
  const level = territoryLevelOf(id);
  return level === 'AREA' || (level === 'FIRST_LEVEL' && id !== PERU_LIMA_AREAS.lima);
}
