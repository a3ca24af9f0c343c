/**
 * What a territory id says by itself. Ids are built on official codes whose structure encodes the
 * hierarchy (see the territories service): Chile CUT region 2 / province 3 / comuna 5 digits; Peru INEI
 * department 2 / province 4 / district 6 digits, as INEI counts them (department 15 Lima holds province
 * 1501 Lima); local territories append `:<slug>` to their parent's id.
 *
 * Beside that tree, Peru's regional governments group the territory a second way: Lima Metropolitana
 * (`PE:LMA`, the province of Lima, governed by its metropolitan municipality) and Lima Provincias
 * (`PE:LIM`, the rest of the department of Lima) are two "regions" in sources such as the RED seed, next
 * to the other departments and Callao. Those two are *areas*: named groupings of tree units, inside
 * department 15. Program services store a record's lineage (tree ancestors, areas, itself) so "within X"
 * filters need no remote call.
 */

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

/** The level an id names, or null for an id that does not follow the scheme. */
export function territoryLevelOf(id: string): TerritoryIdLevel | null {
  const parts = id.split(':');
  const country = parts[0];
  if (country !== 'CL' && country !== 'PE') return null;
  if (parts.length === 1) return 'COUNTRY';
  if (parts.length > 2) {
    if (parts.slice(2).some((slug) => !SLUG.test(slug))) return null;
    const parent = territoryLevelOf(parts.slice(0, 2).join(':'));
    return parent && parent !== 'COUNTRY' && parent !== 'AREA' ? 'LOCAL' : null;
  }
  const code = parts[1];
  if (country === 'PE' && (code === 'LMA' || code === 'LIM')) return 'AREA';
  if (!/^\d+$/.test(code)) return null;
  const lengths: Record<string, Record<number, TerritoryIdLevel>> = {
    CL: { 2: 'FIRST_LEVEL', 3: 'SECOND_LEVEL', 5: 'THIRD_LEVEL' },
    PE: { 2: 'FIRST_LEVEL', 4: 'SECOND_LEVEL', 6: 'THIRD_LEVEL' },
  };
  return lengths[country][code.length] ?? null;
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
  const first = `${country}:${code.slice(0, 2)}`;
  if (level === 'FIRST_LEVEL') return [country];
  const secondLength = country === 'CL' ? 3 : 4;
  if (level === 'SECOND_LEVEL') return [country, first];
  return [country, first, `${country}:${code.slice(0, secondLength)}`];
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
