import { badInput, normalizeText } from '@cultura/service-kit';
import { parseIsoDate, type BoxArea, type NearArea } from '@cultura/vocabulary';
import type { TerritoryFilter } from '../domain';

export interface ActionFilterInput {
  countries?: string[] | null;
  within?: string[] | null;
  programs?: string[] | null;
  kinds?: string[] | null;
  statuses?: string[] | null;
  domains?: string[] | null;
  from?: string | null;
  to?: string | null;
  year?: number | null;
  origins?: string[] | null;
  search?: string | null;
  near?: NearArea | null;
  bbox?: BoxArea | null;
}

export interface ActorFilterInput {
  countries?: string[] | null;
  within?: string[] | null;
  programs?: string[] | null;
  kinds?: string[] | null;
  governmentLevels?: string[] | null;
  domains?: string[] | null;
  origins?: string[] | null;
  search?: string | null;
  near?: NearArea | null;
  bbox?: BoxArea | null;
}

/** A WHERE clause with numbered parameters, built once and used by lists, counts and reports. */
export interface Where {
  sql: string;
  params: unknown[];
}

/** Collects conditions; each `$?` in a condition is replaced by the next numbered parameter. */
export class Conditions {
  private parts: string[] = [];
  readonly params: unknown[] = [];

  add(sql: string, ...values: unknown[]): void {
    let i = 0;
    this.parts.push(
      sql.replace(/\$\?/g, () => {
        this.params.push(values[i++]);
        return `$${this.params.length}`;
      }),
    );
  }

  where(): Where {
    return { sql: this.parts.length ? this.parts.join(' AND ') : 'TRUE', params: this.params };
  }
}

/**
 * A territory id as the area filters match it: a locality (`CL:01107:barrio-la-pampa`) by its comuna or
 * district, the first two parts of its id; any other id is its own first two parts already.
 */
const officialPlace = (column: string) => `array_to_string((string_to_array(${column}, ':'))[1:2], ':')`;

/** `column` (one territory id) is a selected place, or a locality of one. */
const inPlaces = (column: string) => `(${column} = ANY($?::text[]) OR ${officialPlace(column)} = ANY($?::text[]))`;

function likeNeedle(text: string, field: string): string {
  const needle = normalizeText(text);
  if (!needle) throw badInput(`${field} must contain at least one letter or digit`, field);
  return `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A validated action filter: its SQL over `a` (an indexed action, or a rollup cell), and what it asks of territories and periods. */
export interface ActionQuery {
  conditions: Conditions;
  territory: TerritoryFilter;
  /** A year, from or to was given: undated records are left out (their period is unknown). */
  period: { year: number | null; from: string | null; to: string | null } | null;
  /** Whether a rollup can answer: they hold no titles, exact dates or territories below the first level. */
  rollupOk: boolean;
  /** The columns the conditions read, for choosing a rollup that holds them. */
  columns: string[];
  /** Normalised text search, for figures' labels. */
  search: string | null;
  programs: string[];
  kinds: string[];
  statuses: string[];
  domains: string[];
  origins: string[] | null;
  includeSynthetic: boolean;
}

/**
 * Builds the conditions of an action filter. Lists are ORs inside a filter, filters are ANDed. Only the
 * columns both `indexed_action` and the rollup tables have are used unless the filter needs more
 * (`rollupOk` false). A period filter keeps only dated actions that overlap it: an undated action cannot
 * be said to lie in 2026, and reports say how many were left out.
 */
export function actionQuery(
  filter: ActionFilterInput | null | undefined,
  opts: {
    includeSynthetic?: boolean;
    /** The territories `near`/`bbox` selected (see `placesOf`), when the filter has either. */
    places?: string[] | null;
  } = {},
): ActionQuery {
  const f = filter ?? {};
  const c = new Conditions();
  const within = f.within ?? [];
  const countries = f.countries ?? [];
  if (countries.length) c.add('a.countries && $?::text[]', countries);
  if (within.length) c.add('a.territory_lineage && $?::text[]', within);
  if (f.programs?.length) c.add('a.program_id = ANY($?::text[])', f.programs);
  if (f.kinds?.length) c.add('a.kind = ANY($?::text[])', f.kinds);
  if (f.statuses?.length) c.add('a.status = ANY($?::text[])', f.statuses);
  if (f.domains?.length) c.add('a.domains && $?::text[]', f.domains);
  if (f.origins?.length) c.add('a.origin = ANY($?::text[])', f.origins);
  else if (opts.includeSynthetic === false) c.add(`a.origin <> 'SYNTHETIC'`);
  const from = f.from ? parseIsoDate(f.from, 'filter.from') : null;
  const to = f.to ? parseIsoDate(f.to, 'filter.to') : null;
  if (from && to && from > to) throw badInput(`filter.from (${from}) is after filter.to (${to})`, 'filter.from');
  if (from) c.add(`a.year IS NOT NULL AND COALESCE(a.period_end, a.period_start, make_date(a.year_end, 12, 31)) >= $?::date`, from);
  if (to) c.add(`a.year IS NOT NULL AND COALESCE(a.period_start, make_date(a.year, 1, 1)) <= $?::date`, to);
  const year = f.year ?? null;
  if (year !== null) {
    if (!Number.isInteger(year) || year < 1900 || year > 2100)
      throw badInput(`filter.year must be a year between 1900 and 2100, got ${year}`, 'filter.year');
    c.add('a.year <= $?::int AND a.year_end >= $?::int', year, year);
  }
  const search = f.search !== undefined && f.search !== null ? likeNeedle(f.search, 'filter.search') : null;
  if (search) c.add(`a.sort_title LIKE $? ESCAPE '\\'`, search);
  const places = opts.places ?? null;
  if (places) {
    // Every match has the place in its lineage (a territory's lineage holds itself and a locality's comuna):
    // the GIN-indexed overlap narrows the rows before the exact test, which leaves out a place that is only
    // an ancestor (a región whose box meets the area does not bring its comunas' actions).
    c.add('a.territory_lineage && $?::text[]', places);
    c.add(`EXISTS (SELECT 1 FROM unnest(a.territory_ids) AS place(id) WHERE ${inPlaces('place.id')})`, places, places);
  }
  return {
    conditions: c,
    territory: { within, countries },
    period: from || to || year !== null ? { year, from, to } : null,
    rollupOk: !within.length && !from && !to && !search && !places,
    columns: [
      ...(countries.length ? ['countries'] : []),
      ...(f.programs?.length ? ['program_id'] : []),
      ...(f.kinds?.length ? ['kind'] : []),
      ...(f.statuses?.length ? ['status'] : []),
      ...(f.domains?.length ? ['domains'] : []),
      'origin',
      ...(year !== null ? ['year', 'year_end'] : []),
    ],
    search: search ? normalizeText(f.search ?? '') : null,
    programs: f.programs ?? [],
    kinds: f.kinds ?? [],
    statuses: f.statuses ?? [],
    domains: f.domains ?? [],
    origins: f.origins?.length ? f.origins : null,
    includeSynthetic: opts.includeSynthetic !== false,
  };
}

/** `a` is the indexed_actor alias; `places` are the territories `near`/`bbox` selected (see `placesOf`). */
export function actorWhere(filter: ActorFilterInput | null | undefined, places: string[] | null = null): Where {
  const f = filter ?? {};
  const c = new Conditions();
  if (f.countries?.length) c.add('a.country = ANY($?::text[])', f.countries);
  if (f.programs?.length) c.add('a.program_id = ANY($?::text[])', f.programs);
  if (f.kinds?.length) c.add('a.kind = ANY($?::text[])', f.kinds);
  if (f.governmentLevels?.length) c.add('a.government_level = ANY($?::text[])', f.governmentLevels);
  if (f.origins?.length) c.add('a.origin = ANY($?::text[])', f.origins);
  if (f.within?.length) c.add('a.territory_lineage && $?::text[]', f.within);
  if (f.domains?.length) c.add('a.domains && $?::text[]', f.domains);
  if (f.search !== undefined && f.search !== null) c.add(`a.sort_name LIKE $? ESCAPE '\\'`, likeNeedle(f.search, 'filter.search'));
  if (places) c.add(`a.territory_lineage && $?::text[] AND ${inPlaces('a.territory_id')}`, places, places, places);
  return c.where();
}
