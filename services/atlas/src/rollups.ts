/**
 * The rollups: pre-summed copies of the index's actions at coarser grains, kept by triggers in the same
 * transaction as the actions (see the ScopedReports migration). A report reads the smallest rollup whose
 * key holds every column its dimensions and filter use, and the actions themselves when none does
 * (a territory filter, dates, a title search, single territories).
 */
export interface Rollup {
  /** Actions per cell. */
  table: string;
  /** Figure sums per cell, metric, unit and currency. */
  figureTable: string;
  key: readonly string[];
}

export const ROLLUPS: readonly Rollup[] = [
  {
    table: 'action_rollup_national',
    figureTable: 'action_figure_rollup_national',
    key: ['program_id', 'kind', 'status', 'origin', 'year', 'year_end', 'countries'],
  },
  {
    table: 'action_rollup',
    figureTable: 'action_figure_rollup',
    key: [
      'program_id',
      'kind',
      'status',
      'origin',
      'year',
      'year_end',
      'countries',
      'first_levels',
      'regions',
      'territory_levels',
      'domains',
    ],
  },
];

/** The smallest rollup holding all these columns, if any. */
export function rollupFor(columns: Iterable<string>): Rollup | null {
  const needed = [...columns];
  return ROLLUPS.find((r) => needed.every((c) => r.key.includes(c))) ?? null;
}
