import type { DataSource } from 'typeorm';
import { badInput } from '@cultura/service-kit';
import { qualifierOfSum, type FigureQualifier } from '@cultura/vocabulary';
import { actionWhere, type ActionFilterInput } from './filters';

export const REPORT_DIMENSIONS = ['COUNTRY', 'FIRST_LEVEL', 'TERRITORY_LEVEL', 'TERRITORY', 'PROGRAM', 'KIND', 'DOMAIN', 'YEAR'] as const;
export type ReportDimension = (typeof REPORT_DIMENSIONS)[number];

/** How each dimension reads from an indexed action; multi-valued ones are unnested. */
const DIMENSIONS: Record<ReportDimension, { key: string; expr: string; join?: string }> = {
  COUNTRY: { key: 'country', expr: 'd_country.v', join: 'LEFT JOIN LATERAL unnest(a.countries) AS d_country(v) ON true' },
  FIRST_LEVEL: { key: 'firstLevel', expr: 'd_first.v', join: 'LEFT JOIN LATERAL unnest(a.first_levels) AS d_first(v) ON true' },
  TERRITORY: { key: 'territory', expr: 'd_territory.v', join: 'LEFT JOIN LATERAL unnest(a.territory_ids) AS d_territory(v) ON true' },
  TERRITORY_LEVEL: { key: 'territoryLevel', expr: 'd_level.v', join: 'LEFT JOIN LATERAL (SELECT DISTINCT territory_level(x) FROM unnest(a.territory_ids) x) AS d_level(v) ON true' },
  PROGRAM: { key: 'program', expr: 'a.program_id' },
  KIND: { key: 'kind', expr: 'a.kind' },
  DOMAIN: { key: 'domain', expr: 'd_domain.v', join: 'LEFT JOIN LATERAL unnest(a.domains) AS d_domain(v) ON true' },
  YEAR: { key: 'year', expr: 'a.year' },
};

export interface ReportedSum {
  metric: string;
  value: number;
  qualifier: FigureQualifier;
  unit: string;
  currency: string | null;
  figureCount: number;
  actionsReporting: number;
}

export interface ReportRow {
  country?: { __typename: 'Territory'; id: string } | null;
  firstLevel?: { __typename: 'Territory'; id: string } | null;
  territory?: { __typename: 'Territory'; id: string } | null;
  territoryLevel?: string | null;
  program?: string | null;
  kind?: string | null;
  domain?: string | null;
  year?: number | null;
  actions: number;
  participants: ReportedSum | null;
  /** Lazy: the per-metric sums cost a second statement, run only when a client asks for them. */
  figures: () => Promise<ReportedSum[]>;
}

const TERRITORY_KEYS = new Set(['country', 'firstLevel', 'territory']);
const QUALIFIERS: FigureQualifier[] = ['EXACT', 'MORE_THAN', 'AT_LEAST', 'APPROXIMATELY', 'LESS_THAN', 'AT_MOST'];

/**
 * Groups the index's actions by the requested dimensions. Counts and participant sums come from one
 * statement shaped like the plain SQL an analyst would write; the per-metric sums and the total run only
 * when selected. Qualifiers of sums follow qualifierOfSum.
 */
export function buildReport(ds: DataSource, groupBy: ReportDimension[], filter: ActionFilterInput | null | undefined, includeSynthetic: boolean) {
  const dims = [...new Set(groupBy)];
  if (dims.length > 4) throw badInput('group by at most 4 dimensions', 'groupBy');
  const where = actionWhere(filter, { includeSynthetic });
  let total: Promise<ReportRow> | undefined;
  return {
    groupBy: dims,
    rows: () => group(ds, dims, where.sql, where.params),
    total: () => (total ??= group(ds, [], where.sql, where.params).then((rows) => rows[0])),
    note: dims.some((d) => DIMENSIONS[d].join)
      ? 'An action in two territories or with two domains counts in both groups: rows can add up to more than the total.'
      : null,
  };
}

async function group(ds: DataSource, dims: ReportDimension[], whereSql: string, params: unknown[]): Promise<ReportRow[]> {
  const specs = dims.map((d) => DIMENSIONS[d]);
  const joins = specs.flatMap((s) => (s.join ? [s.join] : [])).join('\n');
  const selected = specs.map((s, i) => `${s.expr} AS d${i}`);
  const groupSql = specs.length ? `GROUP BY ${specs.map((_, i) => `d${i}`).join(', ')}` : '';
  const orderSql = specs.length ? `ORDER BY ${specs.map((_, i) => `d${i} NULLS LAST`).join(', ')}` : '';
  // Index arrays are sets, so an action appears once per group: count(*) needs no DISTINCT.
  const rows: Record<string, unknown>[] = await ds.query(
    `SELECT ${[
      ...selected,
      'count(*)::int AS actions',
      'sum(p.value)::float8 AS p_value',
      'sum(p.n)::int AS p_figures',
      'count(p.value)::int AS p_actions',
      'min(p.unit) AS p_unit',
      'max(p.unit) AS p_unit_max',
      ...QUALIFIERS.map((q) => `bool_or(p.qualifiers @> ARRAY['${q}']) AS q_${q.toLowerCase()}`),
    ].join(', ')}
     FROM indexed_action a ${joins}
     LEFT JOIN LATERAL (
       SELECT sum((f->>'value')::numeric) AS value, count(*) AS n, min(f->>'unit') AS unit, array_agg(f->>'qualifier') AS qualifiers
       FROM jsonb_array_elements(a.figures) f WHERE f->>'metric' = 'PARTICIPANTS'
     ) p ON true
     WHERE ${whereSql} ${groupSql} ${orderSql}`,
    params,
  );
  let figures: Promise<Map<string, ReportedSum[]>> | undefined;
  const allFigures = () => (figures ??= figureSums(ds, specs, joins, selected, whereSql, params));
  const keyOf = (r: Record<string, unknown>) => JSON.stringify(specs.map((_, i) => r[`d${i}`] ?? null));
  return rows.map((r) => {
    const participants: ReportedSum | null =
      r.p_value === null || r.p_value === undefined
        ? null
        : {
            metric: 'PARTICIPANTS',
            value: Number(r.p_value),
            qualifier: qualifierOfSum(QUALIFIERS.filter((q) => r[`q_${q.toLowerCase()}`] === true)),
            unit: r.p_unit === r.p_unit_max ? String(r.p_unit) : 'people (several units)',
            currency: null,
            figureCount: Number(r.p_figures),
            actionsReporting: Number(r.p_actions),
          };
    const row: Record<string, unknown> = {
      actions: Number(r.actions),
      participants,
      figures: async () => (await allFigures()).get(keyOf(r)) ?? [],
    };
    specs.forEach((s, i) => {
      const value = r[`d${i}`] ?? null;
      row[s.key] = TERRITORY_KEYS.has(s.key) && value !== null ? { __typename: 'Territory', id: String(value) } : value;
    });
    return row as unknown as ReportRow;
  });
}

async function figureSums(
  ds: DataSource,
  specs: { key: string; expr: string; join?: string }[],
  joins: string,
  selected: string[],
  whereSql: string,
  params: unknown[],
): Promise<Map<string, ReportedSum[]>> {
  const sums: Record<string, unknown>[] = await ds.query(
    `SELECT ${[...selected, "f->>'metric' AS metric", "f->>'unit' AS unit", "f->>'currency' AS currency"].join(', ')},
            sum((f->>'value')::numeric)::float8 AS value, array_agg(DISTINCT f->>'qualifier') AS qualifiers,
            count(*)::int AS figure_count, count(DISTINCT a.id)::int AS actions_reporting
     FROM indexed_action a ${joins} CROSS JOIN LATERAL jsonb_array_elements(a.figures) f
     WHERE ${whereSql}
     GROUP BY ${[...specs.map((_, i) => `d${i}`), 'metric', 'unit', 'currency'].join(', ')}
     ORDER BY metric, unit`,
    params,
  );
  const byKey = new Map<string, ReportedSum[]>();
  for (const s of sums) {
    const key = JSON.stringify(specs.map((_, i) => s[`d${i}`] ?? null));
    byKey.set(key, [
      ...(byKey.get(key) ?? []),
      {
        metric: String(s.metric),
        value: Number(s.value),
        qualifier: qualifierOfSum(s.qualifiers as FigureQualifier[]),
        unit: String(s.unit),
        currency: (s.currency as string | null) ?? null,
        figureCount: Number(s.figure_count),
        actionsReporting: Number(s.actions_reporting),
      },
    ]);
  }
  return byKey;
}
