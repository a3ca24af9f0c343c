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
  figures: ReportedSum[];
}

const TERRITORY_KEYS = new Set(['country', 'firstLevel', 'territory']);

/**
 * Groups the index's actions by the requested dimensions: one statement for the counts and one for the
 * figure sums, whatever the number of groups. Qualifiers of sums follow qualifierOfSum.
 */
export async function buildReport(ds: DataSource, groupBy: ReportDimension[], filter: ActionFilterInput | null | undefined, includeSynthetic: boolean) {
  const dims = [...new Set(groupBy)];
  if (dims.length > 4) throw badInput('group by at most 4 dimensions', 'groupBy');
  const where = actionWhere(filter, { includeSynthetic });
  const rows = await group(ds, dims, where.sql, where.params);
  const [total] = await group(ds, [], where.sql, where.params);
  return {
    groupBy: dims,
    rows,
    total: total ?? { actions: 0, participants: null, figures: [] },
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
  const counts: Record<string, unknown>[] = await ds.query(
    `SELECT ${[...selected, 'count(DISTINCT a.id)::int AS actions'].join(', ')}
     FROM indexed_action a ${joins} WHERE ${whereSql} ${groupSql} ${orderSql}`,
    params,
  );
  const sums: Record<string, unknown>[] = await ds.query(
    `SELECT ${[...selected, "f->>'metric' AS metric", "f->>'unit' AS unit", "f->>'currency' AS currency"].join(', ')},
            sum((f->>'value')::numeric)::float8 AS value, array_agg(f->>'qualifier') AS qualifiers,
            count(*)::int AS figure_count, count(DISTINCT a.id)::int AS actions_reporting
     FROM indexed_action a ${joins} CROSS JOIN LATERAL jsonb_array_elements(a.figures) f
     WHERE ${whereSql}
     GROUP BY ${[...specs.map((_, i) => `d${i}`), 'metric', 'unit', 'currency'].join(', ')}`,
    params,
  );
  const keyOf = (r: Record<string, unknown>) => JSON.stringify(specs.map((_, i) => r[`d${i}`] ?? null));
  const figuresByKey = new Map<string, ReportedSum[]>();
  for (const s of sums) {
    const list = figuresByKey.get(keyOf(s)) ?? [];
    list.push({
      metric: String(s.metric),
      value: Number(s.value),
      qualifier: qualifierOfSum(s.qualifiers as FigureQualifier[]),
      unit: String(s.unit),
      currency: (s.currency as string | null) ?? null,
      figureCount: Number(s.figure_count),
      actionsReporting: Number(s.actions_reporting),
    });
    figuresByKey.set(keyOf(s), list);
  }
  return counts.map((r) => {
    const figures = (figuresByKey.get(keyOf(r)) ?? []).sort((a, b) => a.metric.localeCompare(b.metric) || a.unit.localeCompare(b.unit));
    const participants = figures.filter((f) => f.metric === 'PARTICIPANTS').sort((a, b) => b.figureCount - a.figureCount)[0] ?? null;
    const row: ReportRow = { actions: Number(r.actions), participants, figures };
    specs.forEach((s, i) => {
      const value = r[`d${i}`] ?? null;
      if (TERRITORY_KEYS.has(s.key)) (row as unknown as Record<string, unknown>)[s.key] = value === null ? null : { __typename: 'Territory', id: String(value) };
      else (row as unknown as Record<string, unknown>)[s.key] = value;
    });
    return row;
  });
}
