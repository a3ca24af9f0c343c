/**
 * The index's rules, as pure functions: where a record lies for each report dimension, which group a
 * record or figure belongs to, and whether a figure's scope lies inside a group or a filter. Reports
 * never copy a figure into a group smaller than what it was reported for: a record that names several
 * groups of a dimension is counted once, in a row that says it spans them.
 */
import {
  countryOf,
  firstLevelOf,
  TERRITORY_AREAS,
  regionalAreaOf,
  territoryLevelOf,
  territoryLineage,
  type FigureQualifier,
} from '@cultura/vocabulary';

export const REPORT_DIMENSIONS = [
  'COUNTRY',
  'FIRST_LEVEL',
  'REGION',
  'TERRITORY_LEVEL',
  'TERRITORY',
  'PROGRAM',
  'KIND',
  'DOMAIN',
  'YEAR',
] as const;
export type ReportDimension = (typeof REPORT_DIMENSIONS)[number];

/** The dimensions whose values are territories (they come back as `Territory` references). */
export const TERRITORY_DIMENSIONS: ReadonlySet<ReportDimension> = new Set(['COUNTRY', 'FIRST_LEVEL', 'REGION', 'TERRITORY']);

export const QUALIFIERS: readonly FigureQualifier[] = ['EXACT', 'MORE_THAN', 'AT_LEAST', 'APPROXIMATELY', 'LESS_THAN', 'AT_MOST'];

/**
 * Metrics whose counts can overlap from one action to the next (the same region, the same organisation):
 * "17 regions" and "5 regions" are not 22. Reports show such a figure only where a group holds one.
 */
export const OVERLAPPING_METRICS: ReadonlySet<string> = new Set(['TERRITORIES', 'ORGANISATIONS']);

/** Whether figures of a metric may be added up, given how many a sum would combine. */
export function summable(metric: string, figureCount: number): boolean {
  return figureCount <= 1 || !OVERLAPPING_METRICS.has(metric);
}

/** One territory a record names, as every territory dimension sees it. */
export interface Place {
  id: string;
  /** The territory, its tree ancestors and the areas it lies in: what "within" matches. */
  lineage: string[];
  country: string;
  firstLevel: string;
  region: string;
  level: string;
}

/** Where a record lies: each territory dimension's values, as sorted sets, and each place. */
export interface Placement {
  countries: string[];
  firstLevels: string[];
  regions: string[];
  territoryLevels: string[];
  territoryIds: string[];
  /** Union of the places' lineages. */
  lineage: string[];
  places: Place[];
}

const sortedSet = <T extends string | number>(values: Iterable<T>): T[] =>
  [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** A territory as the index places it; null for an id outside the id scheme (kept out of every dimension). */
export function placeOf(id: string): Place | null {
  const level = territoryLevelOf(id);
  const lineage = territoryLineage(id);
  if (!level || !lineage) return null;
  return { id, lineage, country: countryOf(id), firstLevel: firstLevelOf(id), region: regionalAreaOf(id), level };
}

/** Placements already worked out: a feed names the same few thousand territories over and over. */
const placements = new Map<string, Placement>();
const PLACEMENT_CACHE_SIZE = 50_000;

/** Where a record naming these territories lies. The result is shared: do not change it. */
export function placementOf(territoryIds: readonly string[]): Placement {
  const key = territoryIds.join(',');
  const known = placements.get(key);
  if (known) return known;
  if (placements.size >= PLACEMENT_CACHE_SIZE) placements.clear();
  const placement = computePlacement(territoryIds);
  // An id not placed now (its country's scheme not learnt yet) may be placed later: not remembered.
  if (placement.places.length === new Set(territoryIds).size) placements.set(key, placement);
  return placement;
}

function computePlacement(territoryIds: readonly string[]): Placement {
  const places = sortedSet(territoryIds).flatMap((id) => placeOf(id) ?? []);
  return {
    countries: sortedSet(places.map((p) => p.country)),
    firstLevels: sortedSet(places.map((p) => p.firstLevel)),
    regions: sortedSet(places.map((p) => p.region)),
    territoryLevels: sortedSet(places.map((p) => p.level)),
    territoryIds: places.map((p) => p.id),
    lineage: sortedSet(places.flatMap((p) => p.lineage)),
    places,
  };
}

/** Whether a value names one group of a territory dimension (a región, a department…), not a wider territory. */
function atLevel(dimension: ReportDimension, id: string): boolean {
  // The values were placed when the record was indexed (placeOf): a country's own id where a place is a
  // whole country, the unit's id otherwise. Read without code schemes, so a restarted index needs none.
  if (dimension === 'COUNTRY') return !id.includes(':');
  if (dimension === 'FIRST_LEVEL') return id.includes(':');
  if (dimension === 'REGION') return id.includes(':') && !SPLIT_INTO_AREAS.has(id);
  return true;
}

/** Departments split into regional-government areas (Lima, 15): not one region as a whole. */
const SPLIT_INTO_AREAS = new Set(TERRITORY_AREAS.map((a) => a.department));

/** What a record's values say for one dimension: one group, several (or a wider territory), or unknown. */
export type GroupValue = { kind: 'single'; value: string | number } | { kind: 'spans'; values: (string | number)[] } | { kind: 'unknown' };

/**
 * Reads the values a record has for a dimension (a set; for YEAR the first and last year of its period).
 * One value at the dimension's level is a group; several, or one wider territory (a whole country when
 * grouping by first level), make the record span them; none means the source does not say.
 */
export function groupValue(dimension: ReportDimension, raw: readonly (string | number | null)[]): GroupValue {
  if (dimension === 'YEAR') {
    const [first, last] = raw;
    if (first === null || first === undefined) return { kind: 'unknown' };
    const end = last === null || last === undefined ? Number(first) : Number(last);
    if (end === Number(first)) return { kind: 'single', value: Number(first) };
    return { kind: 'spans', values: Array.from({ length: end - Number(first) + 1 }, (_, i) => Number(first) + i) };
  }
  const values = raw.filter((v): v is string | number => v !== null && v !== undefined);
  if (!values.length) return { kind: 'unknown' };
  if (values.length === 1 && (!TERRITORY_DIMENSIONS.has(dimension) || atLevel(dimension, String(values[0])))) {
    return { kind: 'single', value: values[0] };
  }
  return { kind: 'spans', values };
}

/** The raw values of a placed record for a territory dimension. */
export function territoryValues(
  dimension: ReportDimension,
  p: Pick<Placement, 'countries' | 'firstLevels' | 'regions' | 'territoryLevels' | 'territoryIds'>,
): string[] {
  switch (dimension) {
    case 'COUNTRY':
      return p.countries;
    case 'FIRST_LEVEL':
      return p.firstLevels;
    case 'REGION':
      return p.regions;
    case 'TERRITORY_LEVEL':
      return p.territoryLevels;
    case 'TERRITORY':
      return p.territoryIds;
    default:
      throw new Error(`${dimension} is not a territory dimension`);
  }
}

/** A territory filter: `within` ids (descendants included) and countries; empty lists do not filter. */
export interface TerritoryFilter {
  within: readonly string[];
  countries: readonly string[];
}

/** Whether a place lies inside the filter's territories. */
export function placeInside(place: Place, f: TerritoryFilter): boolean {
  return (
    (!f.within.length || place.lineage.some((t) => f.within.includes(t))) && (!f.countries.length || f.countries.includes(place.country))
  );
}

/**
 * How a scope of places meets a territory filter: INSIDE when every place lies inside it, PARTLY when
 * they overlap (a place inside, or a place containing one of the filter's territories, as a program-wide
 * figure for Peru contains Amazonas), OUTSIDE otherwise.
 */
export function scopeAgainst(places: readonly Place[], f: TerritoryFilter): 'INSIDE' | 'PARTLY' | 'OUTSIDE' {
  if (!f.within.length && !f.countries.length) return 'INSIDE';
  if (places.length && places.every((p) => placeInside(p, f))) return 'INSIDE';
  const containsFilter = f.within.some((w) => {
    const lineage = territoryLineage(w) ?? [w];
    return places.some((p) => lineage.includes(p.id));
  });
  return containsFilter || places.some((p) => placeInside(p, f)) ? 'PARTLY' : 'OUTSIDE';
}

/** The places of a scope restricted to the filter: what a row keys a partly-inside record by. */
export function restrictPlacement(places: readonly Place[], f: TerritoryFilter): Placement {
  return placementOf(places.filter((p) => placeInside(p, f)).map((p) => p.id));
}

/** Edit distance, for "did you mean" hints on unknown ids. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return prev[b.length];
}

/** The known value closest to `value`, if close enough to be a typo (at most a third of its length). */
export function closestMatch(value: string, known: readonly string[]): string | null {
  let best: { id: string; d: number } | null = null;
  for (const id of known) {
    const d = editDistance(value.toLowerCase(), id.toLowerCase());
    if (!best || d < best.d) best = { id, d };
  }
  return best && best.d <= Math.max(1, Math.floor(value.length / 3)) ? best.id : null;
}
