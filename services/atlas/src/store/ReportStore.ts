import type { DataSource } from 'typeorm';
import type { FigureQualifier } from '@cultura/vocabulary';
import { IndexedFigure } from '../entities';
import { QUALIFIERS, type ReportDimension } from '../domain';
import type { ActionQuery } from '../query/filters';
import { rollupFor } from '../rollups';

/** The columns each dimension reads; TERRITORY reads single territories, which no rollup holds. */
const DIMENSION_COLUMNS: Record<ReportDimension, string[]> = {
  COUNTRY: ['countries'],
  FIRST_LEVEL: ['first_levels'],
  REGION: ['regions'],
  TERRITORY_LEVEL: ['territory_levels'],
  TERRITORY: ['territory_ids'],
  PROGRAM: ['program_id'],
  KIND: ['kind'],
  DOMAIN: ['domains'],
  YEAR: ['year', 'year_end'],
};

/** One group of actions: the raw values of each dimension asked for, and how many actions. */
export interface GroupCount {
  keys: unknown[][];
  actions: number;
  /** Actions of the group that also lie outside the filter's territories. */
  partlyOutside: number;
}

/** The figures of one metric, unit and currency in one group. */
export interface GroupSum {
  keys: unknown[][];
  /** False for the figures of actions that lie partly outside the filter's territories. */
  whole: boolean;
  metric: string;
  unit: string;
  currency: string | null;
  value: number;
  figures: number;
  actionsReporting: number;
  qualifiers: FigureQualifier[];
}

const QUALIFIER_COLUMNS = QUALIFIERS.map((q) => q.toLowerCase());
/** An action's own figures, one row each, from its parallel arrays. */
export const FIGURES = `unnest(a.fig_metrics, a.fig_units, a.fig_currencies, a.fig_values, a.fig_qualifiers, a.fig_first) AS f(metric, unit, currency, value, qualifier, first)`;

/**
 * The SQL of reports, and nothing else. Every report reads sources with the same columns: the index's
 * actions (`indexed_action`, one row per action), or a rollup (see rollups.ts: one row per cell of
 * program, kind, status, origin, years and territory/domain sets, with the cell's action count and figure
 * sums, kept by triggers in the same transaction as the actions). The smallest rollup holding every
 * column of the report's dimensions and filter answers; the rest read the actions.
 */
export class ReportStore {
  constructor(private readonly ds: DataSource) {}

  /** Action counts per group. */
  async counts(dims: ReportDimension[], q: ActionQuery): Promise<GroupCount[]> {
    const s = this.source(dims, q, 'actions');
    const rows: Record<string, unknown>[] = await this.ds.query(
      `SELECT ${[...s.keys.map((k, i) => `${k} AS d${i}`), `sum(${s.weight})::float8 AS actions`, `(sum(${s.weight}) FILTER (WHERE NOT ${s.whole}))::float8 AS partly`].join(', ')}
       FROM ${s.from} WHERE ${s.where} ${s.keys.length ? `GROUP BY ${s.keys.map((_, i) => `d${i}`).join(', ')}` : ''}`,
      s.params,
    );
    return rows.map((r) => ({
      keys: s.keys.map((_, i) => r[`d${i}`] as unknown[]),
      actions: Number(r.actions ?? 0),
      partlyOutside: Number(r.partly ?? 0),
    }));
  }

  /** Sums of the actions' own figures per group, metric, unit and currency, split by whether the action lies wholly inside the filter. */
  async sums(dims: ReportDimension[], q: ActionQuery): Promise<GroupSum[]> {
    const s = this.source(dims, q, 'figures');
    const group = [...s.keys.map((_, i) => `d${i}`), 'whole', 'metric', 'unit', 'currency'].join(', ');
    const rows: Record<string, unknown>[] = await this.ds.query(
      s.rollup
        ? `SELECT ${[...s.keys.map((k, i) => `${k} AS d${i}`), `${s.whole} AS whole`, 'a.metric', 'a.unit', 'a.currency'].join(', ')},
                  sum(a.value)::float8 AS value, sum(a.figures)::float8 AS figures, sum(a.actions_reporting)::float8 AS actions_reporting,
                  ${QUALIFIER_COLUMNS.map((c) => `sum(a.${c})::float8 AS q_${c}`).join(', ')}
           FROM ${s.from} WHERE ${s.where} GROUP BY ${group}`
        : `SELECT ${[...s.keys.map((k, i) => `${k} AS d${i}`), `${s.whole} AS whole`, 'f.metric', 'f.unit', 'f.currency'].join(', ')},
                  sum(f.value)::float8 AS value, count(*)::float8 AS figures, (count(*) FILTER (WHERE f.first))::float8 AS actions_reporting,
                  ${QUALIFIERS.map((qn, i) => `(count(*) FILTER (WHERE f.qualifier = '${qn}'))::float8 AS q_${QUALIFIER_COLUMNS[i]}`).join(', ')}
           FROM ${s.from} CROSS JOIN LATERAL ${FIGURES} WHERE ${s.where} GROUP BY ${group}`,
      s.params,
    );
    return rows.map((r) => ({
      keys: s.keys.map((_, i) => r[`d${i}`] as unknown[]),
      whole: r.whole === true,
      metric: String(r.metric),
      unit: String(r.unit),
      currency: (r.currency as string | null) ?? null,
      value: Number(r.value),
      figures: Number(r.figures),
      actionsReporting: Number(r.actions_reporting),
      qualifiers: QUALIFIERS.filter((_, i) => Number(r[`q_${QUALIFIER_COLUMNS[i]}`]) > 0),
    }));
  }

  /** Actions the filter would match but for its period, that have no date. */
  async undated(q: ActionQuery, withoutPeriod: ActionQuery): Promise<number> {
    if (!q.period) return 0;
    const w = withoutPeriod.conditions.where();
    const [{ n }] = await this.ds.query(`SELECT count(*)::int AS n FROM indexed_action a WHERE ${w.sql} AND a.year IS NULL`, w.params);
    return n;
  }

  /**
   * The figures reported for a program or for named territories, narrowed by what SQL can check cheaply
   * (program, origin); the caller decides by their scope and attributes where each belongs.
   */
  scopedFigures(q: Pick<ActionQuery, 'programs' | 'origins' | 'includeSynthetic'>): Promise<IndexedFigure[]> {
    const qb = this.ds.getRepository(IndexedFigure).createQueryBuilder('f').orderBy('f.program_id').addOrderBy('f.id');
    if (q.programs.length) qb.andWhere('f.program_id = ANY(:programs)', { programs: q.programs });
    if (q.origins) qb.andWhere('f.origin = ANY(:origins)', { origins: q.origins });
    else if (!q.includeSynthetic) qb.andWhere(`f.origin <> 'SYNTHETIC'`);
    return qb.getMany();
  }

  /**
   * The FROM clause, group keys and "wholly inside" test of a report. With a territory filter, an action's
   * territory values are restricted to its places inside the filter (so a workshop over 17 regions filtered
   * to Amazonas is Amazonas' action), and `whole` says whether nothing was cut.
   */
  private source(dims: ReportDimension[], q: ActionQuery, what: 'actions' | 'figures') {
    const c = q.conditions;
    const restricted = q.territory.within.length > 0 || q.territory.countries.length > 0;
    // A countries filter restricts the territory dimensions by their ids' country; levels have none to read.
    const rollup =
      q.rollupOk && !(q.territory.countries.length && dims.includes('TERRITORY_LEVEL'))
        ? rollupFor([...q.columns, ...dims.flatMap((d) => DIMENSION_COLUMNS[d])])
        : null;
    const where = c.where();
    const params = [...where.params];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const yearKey = 'ARRAY[a.year, a.year_end]';
    if (rollup) {
      // Only a countries filter can restrict here: every territory id starts with its country.
      const countries = q.territory.countries.length ? param(q.territory.countries) : null;
      const only = (column: string) =>
        countries
          ? `ARRAY(SELECT v FROM unnest(a.${column}) v WHERE split_part(v, ':', 1) = ANY(${countries}::text[]) ORDER BY v)`
          : `a.${column}`;
      const keys: Record<ReportDimension, string> = {
        COUNTRY: only('countries'),
        FIRST_LEVEL: only('first_levels'),
        REGION: only('regions'),
        TERRITORY_LEVEL: 'a.territory_levels',
        TERRITORY: 'a.territory_ids',
        PROGRAM: 'ARRAY[a.program_id]',
        KIND: 'ARRAY[a.kind]',
        DOMAIN: 'a.domains',
        YEAR: yearKey,
      };
      return {
        rollup: true,
        from: what === 'actions' ? `${rollup.table} a` : `${rollup.figureTable} a`,
        keys: dims.map((d) => keys[d]),
        weight: 'a.actions',
        whole: countries ? `(a.countries <@ ${countries}::text[])` : 'true',
        where: where.sql,
        params,
      };
    }
    if (!restricted) {
      const keys: Record<ReportDimension, string> = {
        COUNTRY: 'a.countries',
        FIRST_LEVEL: 'a.first_levels',
        REGION: 'a.regions',
        TERRITORY_LEVEL: 'a.territory_levels',
        TERRITORY: 'a.territory_ids',
        PROGRAM: 'ARRAY[a.program_id]',
        KIND: 'ARRAY[a.kind]',
        DOMAIN: 'a.domains',
        YEAR: yearKey,
      };
      return {
        rollup: false,
        from: 'indexed_action a',
        keys: dims.map((d) => keys[d]),
        weight: '1',
        whole: 'true',
        where: where.sql,
        params,
      };
    }
    const within = param(q.territory.within);
    const countries = param(q.territory.countries);
    const inside = `((cardinality(${within}::text[]) = 0 OR string_to_array(x.lineage, '|') && ${within}::text[]) AND (cardinality(${countries}::text[]) = 0 OR x.country = ANY(${countries}::text[])))`;
    const set = (field: string) => `COALESCE(array_agg(DISTINCT x.${field} ORDER BY x.${field}) FILTER (WHERE ${inside}), '{}')`;
    const from = `indexed_action a CROSS JOIN LATERAL (
        SELECT ${set('country')} AS countries, ${set('first_level')} AS first_levels, ${set('region')} AS regions,
               ${set('level')} AS territory_levels, ${set('id')} AS territory_ids, COALESCE(bool_and(${inside}), true) AS whole
        FROM unnest(a.territory_ids, a.place_lineages, a.place_countries, a.place_first_levels, a.place_regions, a.place_levels)
             AS x(id, lineage, country, first_level, region, level)
      ) r`;
    const keys: Record<ReportDimension, string> = {
      COUNTRY: 'r.countries',
      FIRST_LEVEL: 'r.first_levels',
      REGION: 'r.regions',
      TERRITORY_LEVEL: 'r.territory_levels',
      TERRITORY: 'r.territory_ids',
      PROGRAM: 'ARRAY[a.program_id]',
      KIND: 'ARRAY[a.kind]',
      DOMAIN: 'a.domains',
      YEAR: yearKey,
    };
    return { rollup: false, from, keys: dims.map((d) => keys[d]), weight: '1', whole: 'r.whole', where: where.sql, params };
  }
}
