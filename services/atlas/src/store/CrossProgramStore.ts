import type { DataSource } from 'typeorm';
import type { FigureQualifier } from '@cultura/vocabulary';
import { QUALIFIERS } from '../domain';
import { FIGURES } from './ReportStore';

/** Per territory and program: actions naming the territory or one below it, and how many also cover territories elsewhere. */
export interface TerritoryActionCount {
  territoryId: string;
  program: string;
  actions: number;
  partlyElsewhere: number;
}

export interface TerritoryActorCount {
  territoryId: string;
  program: string;
  actors: number;
}

/** Per territory and program: sums of the figures of the actions lying wholly in the territory. */
export interface TerritoryFigureSum {
  territoryId: string;
  program: string;
  metric: string;
  unit: string;
  currency: string | null;
  value: number;
  figures: number;
  actionsReporting: number;
  qualifiers: FigureQualifier[];
}

/** "Wholly in t": every place of the action has t in its lineage. */
const WHOLLY = `CROSS JOIN LATERAL (SELECT COALESCE(bool_and(t.id = ANY(string_to_array(p.lineage, '|'))), false) AS wholly FROM unnest(a.place_lineages) AS p(lineage)) w`;

/**
 * The SQL of `Territory.crossProgram`: one statement per question whatever the number of territories, and
 * synthetic demo data left out, as on every territory page.
 */
export class CrossProgramStore {
  constructor(private readonly ds: DataSource) {}

  actions(territoryIds: readonly string[]): Promise<TerritoryActionCount[]> {
    return this.ds.query(
      `SELECT t.id AS "territoryId", a.program_id AS program, count(*)::int AS actions, (count(*) FILTER (WHERE NOT w.wholly))::int AS "partlyElsewhere"
       FROM unnest($1::text[]) t(id) JOIN indexed_action a ON a.territory_lineage @> ARRAY[t.id] ${WHOLLY}
       WHERE a.origin <> 'SYNTHETIC' GROUP BY 1, 2`,
      [territoryIds],
    );
  }

  actors(territoryIds: readonly string[]): Promise<TerritoryActorCount[]> {
    return this.ds.query(
      `SELECT t.id AS "territoryId", a.program_id AS program, count(*)::int AS actors FROM unnest($1::text[]) t(id)
       JOIN indexed_actor a ON a.territory_lineage @> ARRAY[t.id] WHERE a.origin <> 'SYNTHETIC' GROUP BY 1, 2`,
      [territoryIds],
    );
  }

  async figureSums(territoryIds: readonly string[]): Promise<TerritoryFigureSum[]> {
    const rows: Record<string, unknown>[] = await this.ds.query(
      `SELECT t.id AS territory_id, a.program_id AS program, f.metric, f.unit, f.currency,
              sum(f.value)::float8 AS value, count(*)::int AS figures, (count(*) FILTER (WHERE f.first))::int AS actions_reporting,
              array_agg(DISTINCT f.qualifier) AS qualifiers
       FROM unnest($1::text[]) t(id) JOIN indexed_action a ON a.territory_lineage @> ARRAY[t.id] ${WHOLLY}
       CROSS JOIN LATERAL ${FIGURES}
       WHERE a.origin <> 'SYNTHETIC' AND w.wholly GROUP BY 1, 2, 3, 4, 5`,
      [territoryIds],
    );
    return rows.map((r) => ({
      territoryId: String(r.territory_id),
      program: String(r.program),
      metric: String(r.metric),
      unit: String(r.unit),
      currency: (r.currency as string | null) ?? null,
      value: Number(r.value),
      figures: Number(r.figures),
      actionsReporting: Number(r.actions_reporting),
      qualifiers: (r.qualifiers as string[]).filter((q): q is FigureQualifier => (QUALIFIERS as readonly string[]).includes(q)),
    }));
  }
}
