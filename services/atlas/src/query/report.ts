import { badInput, normalizeText } from '@cultura/service-kit';
import { qualifierOfSum } from '@cultura/vocabulary';
import type { IndexedFigure } from '../entities';
import {
  groupValue,
  placementOf,
  scopeAgainst,
  summable,
  territoryValues,
  TERRITORY_DIMENSIONS,
  type GroupValue,
  type ReportDimension,
} from '../domain';
import type { GroupSum, ReportStore } from '../store/ReportStore';
import { actionQuery, type ActionFilterInput, type ActionQuery } from './filters';

export type { ReportDimension } from '../domain';

type TerritoryRef = { __typename: 'Territory'; id: string };
const territoryRef = (id: string): TerritoryRef => ({ __typename: 'Territory', id });

export interface ReportedSum {
  metric: string;
  value: number;
  qualifier: string;
  unit: string;
  currency: string | null;
  figureCount: number;
  actionsReporting: number;
}

/** A figure reported for a program or for named territories, as reports and territory pages list it. */
export interface ScopedFigureView {
  id: string;
  program: string;
  subject: string;
  subjectId: string;
  metric: string;
  value: number;
  qualifier: string;
  unit: string;
  currency: string | null;
  label: string | null;
  sourceText: string | null;
  period: { start: string | null; end: string | null; year: number | null; precision: string; text: string | null };
  scope: TerritoryRef[];
  programWide: boolean;
  provenance: { origin: string; source: string | null; locator: string | null; recordedAt: null };
}

export interface ReportSpanView {
  dimension: ReportDimension;
  values: string[];
  territories: TerritoryRef[];
}

export interface ReportRowView {
  country: TerritoryRef | null;
  firstLevel: TerritoryRef | null;
  region: TerritoryRef | null;
  territoryLevel: string | null;
  territory: TerritoryRef | null;
  program: string | null;
  kind: string | null;
  domain: string | null;
  year: number | null;
  spans: ReportSpanView[];
  unknown: ReportDimension[];
  actions: number;
  participants: ReportedSum | null;
  figures: ReportedSum[];
  reportedFigures: ScopedFigureView[];
}

const FIELD: Record<ReportDimension, keyof ReportRowView> = {
  COUNTRY: 'country',
  FIRST_LEVEL: 'firstLevel',
  REGION: 'region',
  TERRITORY_LEVEL: 'territoryLevel',
  TERRITORY: 'territory',
  PROGRAM: 'program',
  KIND: 'kind',
  DOMAIN: 'domain',
  YEAR: 'year',
};

export function scopedFigureView(f: IndexedFigure): ScopedFigureView {
  return {
    id: f.id,
    program: f.programId,
    subject: f.subjectType,
    subjectId: f.subjectId,
    metric: f.metric,
    value: Number(f.value),
    qualifier: f.qualifier,
    unit: f.unit,
    currency: f.currency,
    label: f.label,
    sourceText: f.sourceText,
    period: { start: f.periodStart, end: f.periodEnd, year: f.year, precision: f.periodPrecision, text: f.periodText },
    scope: f.scopeTerritoryIds.map(territoryRef),
    programWide: f.programWide,
    provenance: { origin: f.origin, source: f.source, locator: f.locator, recordedAt: null },
  };
}

/** Whether a scoped figure meets the filter's non-territory conditions (a program figure has no kind, status or domain). */
function figureMatches(f: IndexedFigure, q: ActionQuery): boolean {
  if (q.kinds.length && !(f.kind && q.kinds.includes(f.kind))) return false;
  if (q.statuses.length && !(f.status && q.statuses.includes(f.status))) return false;
  if (q.domains.length && !f.domains.some((d) => q.domains.includes(d))) return false;
  if (q.search && !normalizeText(f.label ?? '').includes(q.search)) return false;
  if (q.period) {
    if (f.year === null) return false;
    const { year, from, to } = q.period;
    if (year !== null && !(f.year <= year && (f.yearEnd ?? f.year) >= year)) return false;
    const start = f.periodStart ?? `${f.year}-01-01`;
    const end = f.periodEnd ?? f.periodStart ?? `${f.yearEnd ?? f.year}-12-31`;
    if (from && end < from) return false;
    if (to && start > to) return false;
  }
  return true;
}

/** The raw values of a scoped figure for each dimension, read like an action's. */
function figureKeys(dims: ReportDimension[], f: IndexedFigure): unknown[][] {
  const placement = placementOf(f.scopeTerritoryIds);
  return dims.map((d) => {
    if (TERRITORY_DIMENSIONS.has(d) || d === 'TERRITORY_LEVEL') return territoryValues(d, placement);
    if (d === 'PROGRAM') return [f.programId];
    if (d === 'KIND') return f.kind ? [f.kind] : [];
    if (d === 'DOMAIN') return f.domains;
    return [f.year, f.yearEnd];
  });
}

function sumView(parts: GroupSum[]): ReportedSum[] {
  const byKey = new Map<string, GroupSum[]>();
  for (const p of parts) {
    const key = JSON.stringify([p.metric, p.unit, p.currency]);
    byKey.set(key, [...(byKey.get(key) ?? []), p]);
  }
  return [...byKey.values()]
    .map((same) => ({
      metric: same[0].metric,
      value: same.reduce((n, p) => n + p.value, 0),
      qualifier: qualifierOfSum(same.flatMap((p) => p.qualifiers)),
      unit: same[0].unit,
      currency: same[0].currency,
      figureCount: same.reduce((n, p) => n + p.figures, 0),
      actionsReporting: same.reduce((n, p) => n + p.actionsReporting, 0),
    }))
    .filter((f) => summable(f.metric, f.figureCount))
    .sort((a, b) => (a.metric + a.unit).localeCompare(b.metric + b.unit));
}

/** The participants of a row: its PARTICIPANTS sums together, whatever they count (people, public servants). */
function participantsOf(figures: ReportedSum[], parts: GroupSum[]): ReportedSum | null {
  const people = figures.filter((f) => f.metric === 'PARTICIPANTS');
  if (!people.length) return null;
  const units = [...new Set(people.map((p) => p.unit))];
  return {
    metric: 'PARTICIPANTS',
    value: people.reduce((n, p) => n + p.value, 0),
    qualifier: qualifierOfSum(parts.filter((p) => p.metric === 'PARTICIPANTS').flatMap((p) => p.qualifiers)),
    unit: units.length === 1 ? units[0] : `people (${units.join(', ')})`,
    currency: null,
    figureCount: people.reduce((n, p) => n + p.figureCount, 0),
    actionsReporting: people.reduce((n, p) => n + p.actionsReporting, 0),
  };
}

interface Group {
  values: GroupValue[];
  actions: number;
  sums: GroupSum[];
  reported: ScopedFigureView[];
}

function rowView(dims: ReportDimension[], g: Group): ReportRowView {
  const figures = sumView(g.sums);
  const row: ReportRowView = {
    country: null,
    firstLevel: null,
    region: null,
    territoryLevel: null,
    territory: null,
    program: null,
    kind: null,
    domain: null,
    year: null,
    spans: [],
    unknown: [],
    actions: g.actions,
    participants: participantsOf(figures, g.sums),
    figures,
    reportedFigures: g.reported,
  };
  dims.forEach((d, i) => {
    const v = g.values[i];
    if (v.kind === 'single') {
      (row as unknown as Record<string, unknown>)[FIELD[d]] = TERRITORY_DIMENSIONS.has(d) ? territoryRef(String(v.value)) : v.value;
    } else if (v.kind === 'spans') {
      row.spans.push({
        dimension: d,
        values: v.values.map(String),
        territories: TERRITORY_DIMENSIONS.has(d) ? v.values.map((x) => territoryRef(String(x))) : [],
      });
    } else {
      row.unknown.push(d);
    }
  });
  return row;
}

const RANK = { single: 0, spans: 1, unknown: 2 } as const;
function compareValues(a: GroupValue, b: GroupValue): number {
  if (a.kind !== b.kind) return RANK[a.kind] - RANK[b.kind];
  if (a.kind === 'single' && b.kind === 'single') return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
  if (a.kind === 'spans' && b.kind === 'spans') return a.values.join(',').localeCompare(b.values.join(','));
  return 0;
}

/** Program- and territory-level figures that pass the filter: inside its territories, or only partly. */
function placeScoped(figures: IndexedFigure[], q: ActionQuery) {
  const inside: IndexedFigure[] = [];
  const partly: IndexedFigure[] = [];
  for (const f of figures) {
    if (!figureMatches(f, q)) continue;
    const where = scopeAgainst(f.places, q.territory);
    if (where === 'INSIDE') inside.push(f);
    else if (where === 'PARTLY') partly.push(f);
  }
  return { inside, partly };
}

export const REPORT_NOTE =
  'Each action and figure is counted once: one that names several groups of a dimension (several regions, domains or years, or a whole ' +
  'country) is in a row that spans them (`spans`), never copied into each, so the rows add up to the total. Figures reported for a program ' +
  'or for named territories are listed one by one (`reportedFigures`), never summed. Counts of territories and organisations, which can ' +
  'overlap from one action to the next, are not added up either: a row shows one only where it holds a single such figure.';
const PARTLY_NOTE =
  ' Actions that also lie outside the filtered territories are counted by their part inside; their figures, reported for the whole action, ' +
  'are not attributable to those territories and are only in `partlyOutside`.';

/**
 * A report: action counts and figure sums per group of the asked dimensions, with program- and
 * territory-level figures listed where their whole scope lies. Rows, total and the part partly outside
 * the filter are each computed by their own statements, only when asked for.
 */
export function buildReport(
  store: ReportStore,
  groupBy: ReportDimension[],
  filter: ActionFilterInput | null | undefined,
  includeSynthetic: boolean,
) {
  const dims = [...new Set(groupBy)];
  if (!dims.length) throw badInput('groupBy needs at least one dimension', 'groupBy');
  if (dims.length > 4) throw badInput('group by at most 4 dimensions', 'groupBy');
  const q = actionQuery(filter, { includeSynthetic });
  let scoped: Promise<{ inside: IndexedFigure[]; partly: IndexedFigure[] }> | undefined;
  const scopedFigures = () => (scoped ??= store.scopedFigures(q).then((all) => placeScoped(all, q)));
  let overall: Promise<{ actions: number; partly: number; sums: GroupSum[] }> | undefined;
  const whole = () =>
    (overall ??= Promise.all([store.counts([], q), store.sums([], q)]).then(([[c], sums]) => ({
      actions: c?.actions ?? 0,
      partly: c?.partlyOutside ?? 0,
      sums,
    })));
  const restricted = q.territory.within.length > 0 || q.territory.countries.length > 0;

  const rows = async (): Promise<ReportRowView[]> => {
    const [counts, sums, figures] = await Promise.all([store.counts(dims, q), store.sums(dims, q), scopedFigures()]);
    const groups = new Map<string, Group>();
    const group = (keys: unknown[][]) => {
      const values = dims.map((d, i) => groupValue(d, keys[i] as (string | number | null)[]));
      const key = JSON.stringify(values);
      return groups.get(key) ?? groups.set(key, { values, actions: 0, sums: [], reported: [] }).get(key)!;
    };
    for (const c of counts) group(c.keys).actions += c.actions;
    for (const s of sums) if (s.whole) group(s.keys).sums.push(s);
    for (const f of figures.inside) group(figureKeys(dims, f)).reported.push(scopedFigureView(f));
    return [...groups.values()]
      .sort((a, b) => {
        for (let i = 0; i < dims.length; i++) {
          const c = compareValues(a.values[i], b.values[i]);
          if (c) return c;
        }
        return 0;
      })
      .map((g) => rowView(dims, g));
  };

  const total = async (): Promise<ReportRowView> => {
    const [w, figures] = await Promise.all([whole(), scopedFigures()]);
    return rowView([], {
      values: [],
      actions: w.actions,
      sums: w.sums.filter((s) => s.whole),
      reported: figures.inside.map(scopedFigureView),
    });
  };

  const partlyOutside = async (): Promise<ReportRowView | null> => {
    if (!restricted) return null;
    const [w, figures] = await Promise.all([whole(), scopedFigures()]);
    return rowView([], {
      values: [],
      actions: w.partly,
      sums: w.sums.filter((s) => !s.whole),
      reported: figures.partly.map(scopedFigureView),
    });
  };

  return {
    groupBy: dims,
    rows,
    total,
    partlyOutside,
    undatedLeftOut: () => store.undated(q, actionQuery({ ...filter, year: null, from: null, to: null }, { includeSynthetic })),
    note: REPORT_NOTE + (restricted ? PARTLY_NOTE : ''),
  };
}
