import { badInput, normalizeText } from '@cultura/service-kit';
import { parseIsoDate, territoryLineage } from '@cultura/vocabulary';

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
}

/** A WHERE clause with numbered parameters, built once and used by lists, counts and reports. */
export interface Where {
  sql: string;
  params: unknown[];
}

/** Collects conditions; each `$?` in a condition is replaced by the next numbered parameter. */
class Conditions {
  private parts: string[] = [];
  private readonly params: unknown[] = [];

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

function territories(ids: string[], field: string): string[] {
  ids.forEach((id, i) => {
    if (!territoryLineage(id)) throw badInput(`"${id}" is not a territory id (e.g. CL:01, PE:15, PE:LMA)`, `${field}[${i}]`);
  });
  return ids;
}

function likeNeedle(text: string, field: string): string {
  const needle = normalizeText(text);
  if (!needle) throw badInput(`${field} must contain at least one letter or digit`, field);
  return `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** `a` is the indexed_action alias. Lists are ORs inside a filter, filters are ANDed. */
export function actionWhere(filter: ActionFilterInput | null | undefined, opts: { includeSynthetic?: boolean } = {}): Where {
  const f = filter ?? {};
  const c = new Conditions();
  if (f.countries?.length) c.add('a.countries && $?::text[]', f.countries);
  if (f.within?.length) c.add('a.territory_lineage && $?::text[]', territories(f.within, 'filter.within'));
  if (f.programs?.length) c.add('a.program_id = ANY($?::text[])', f.programs);
  if (f.kinds?.length) c.add('a.kind = ANY($?::text[])', f.kinds);
  if (f.statuses?.length) c.add('a.status = ANY($?::text[])', f.statuses);
  if (f.domains?.length) c.add('a.domains && $?::text[]', f.domains);
  if (f.origins?.length) c.add('a.origin = ANY($?::text[])', f.origins);
  else if (opts.includeSynthetic === false) c.add(`a.origin <> 'SYNTHETIC'`);
  const from = f.from ? parseIsoDate(f.from, 'filter.from') : null;
  const to = f.to ? parseIsoDate(f.to, 'filter.to') : null;
  if (from && to && from > to) throw badInput(`filter.from (${from}) is after filter.to (${to})`, 'filter.from');
  // Overlap with [from, to]; an action whose period is unknown stays in rather than silently vanish.
  const end = 'COALESCE(a.period_end, a.period_start, make_date(a.year, 12, 31))';
  const start = 'COALESCE(a.period_start, make_date(a.year, 1, 1))';
  if (from) c.add(`(${end} IS NULL OR ${end} >= $?::date)`, from);
  if (to) c.add(`(${start} IS NULL OR ${start} <= $?::date)`, to);
  if (f.year !== undefined && f.year !== null) {
    c.add(
      `(a.year = $?::int OR (a.period_start IS NOT NULL AND EXTRACT(YEAR FROM a.period_start) <= $?::int AND EXTRACT(YEAR FROM COALESCE(a.period_end, a.period_start)) >= $?::int))`,
      f.year,
      f.year,
      f.year,
    );
  }
  if (f.search !== undefined && f.search !== null) c.add(`a.sort_title LIKE $? ESCAPE '\\'`, likeNeedle(f.search, 'filter.search'));
  return c.where();
}

/** `a` is the indexed_actor alias. */
export function actorWhere(filter: ActorFilterInput | null | undefined): Where {
  const f = filter ?? {};
  const c = new Conditions();
  if (f.countries?.length) c.add('a.country = ANY($?::text[])', f.countries);
  if (f.programs?.length) c.add('a.program_id = ANY($?::text[])', f.programs);
  if (f.kinds?.length) c.add('a.kind = ANY($?::text[])', f.kinds);
  if (f.governmentLevels?.length) c.add('a.government_level = ANY($?::text[])', f.governmentLevels);
  if (f.origins?.length) c.add('a.origin = ANY($?::text[])', f.origins);
  if (f.within?.length) c.add('a.territory_lineage && $?::text[]', territories(f.within, 'filter.within'));
  if (f.domains?.length) c.add('a.domains && $?::text[]', f.domains);
  if (f.search !== undefined && f.search !== null) c.add(`a.sort_name LIKE $? ESCAPE '\\'`, likeNeedle(f.search, 'filter.search'));
  return c.where();
}
