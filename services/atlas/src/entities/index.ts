import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { FigureSnapshot } from '@cultura/vocabulary';
import type { Place } from '../domain';

/** The index's copy of one action of any program: what listings, filters and reports need, no more. */
@Entity({ name: 'indexed_action' })
export class IndexedAction {
  @PrimaryColumn('text')
  id: string;

  @Column('text')
  feed: string;

  @Column('text', { name: 'program_id' })
  programId: string;

  @Column('text', { name: 'type_name' })
  typeName: string;

  @Column('text')
  kind: string;

  @Column('text', { name: 'line_code', nullable: true })
  lineCode: string | null;

  @Column('text')
  title: string;

  @Column('text', { name: 'sort_title' })
  sortTitle: string;

  @Column('text')
  status: string;

  @Column('date', { name: 'period_start', nullable: true })
  periodStart: string | null;

  @Column('date', { name: 'period_end', nullable: true })
  periodEnd: string | null;

  /** First year of the period; null when undated. */
  @Column('integer', { nullable: true })
  year: number | null;

  /** Last year of the period; null when undated. */
  @Column('integer', { name: 'year_end', nullable: true })
  yearEnd: number | null;

  @Column('text', { name: 'period_precision' })
  periodPrecision: string;

  /** Null when undated: such actions sort last. */
  @Column('timestamptz', { name: 'sort_at', nullable: true })
  sortAt: Date | null;

  /** Sorted sets of what each territory dimension reads (see domain.ts `placementOf`). */
  @Column('text', { array: true })
  countries: string[];

  @Column('text', { name: 'first_levels', array: true })
  firstLevels: string[];

  @Column('text', { array: true })
  regions: string[];

  @Column('text', { name: 'territory_levels', array: true })
  territoryLevels: string[];

  @Column('text', { name: 'territory_ids', array: true })
  territoryIds: string[];

  @Column('text', { name: 'territory_lineage', array: true })
  territoryLineage: string[];

  @Column('text', { array: true })
  domains: string[];

  @Column('text')
  origin: string;

  @Column('text', { name: 'actor_ids', array: true })
  actorIds: string[];

  /*
   * Each territory of the action, one array per property in the order of `territoryIds` (plain arrays,
   * not JSON, because they are written a million times and read by reports restricted to some territories):
   * its lineage joined by '|', its country, first level, regional-government area and level.
   */
  @Column('text', { name: 'place_lineages', array: true })
  placeLineages: string[];

  @Column('text', { name: 'place_countries', array: true })
  placeCountries: string[];

  @Column('text', { name: 'place_first_levels', array: true })
  placeFirstLevels: string[];

  @Column('text', { name: 'place_regions', array: true })
  placeRegions: string[];

  @Column('text', { name: 'place_levels', array: true })
  placeLevels: string[];

  /*
   * The figures reported for the action itself (its own territories), one array per property, figure by
   * figure: what reports and rollups sum. Figures with a scope of their own are in `indexed_figure`.
   */
  @Column('text', { name: 'fig_metrics', array: true })
  figMetrics: string[];

  @Column('text', { name: 'fig_units', array: true })
  figUnits: string[];

  @Column('text', { name: 'fig_currencies', array: true })
  figCurrencies: (string | null)[];

  @Column('numeric', { name: 'fig_values', array: true })
  figValues: string[];

  @Column('text', { name: 'fig_qualifiers', array: true })
  figQualifiers: string[];

  /** True for the first figure of each metric, unit and currency: counting them counts the actions reporting it. */
  @Column('boolean', { name: 'fig_first', array: true })
  figFirst: boolean[];

  @Column('timestamptz', { name: 'indexed_at' })
  indexedAt: Date;
}

@Entity({ name: 'indexed_actor' })
export class IndexedActor {
  @PrimaryColumn('text')
  id: string;

  @Column('text')
  feed: string;

  @Column('text', { name: 'program_id' })
  programId: string;

  @Column('text', { name: 'type_name' })
  typeName: string;

  @Column('text')
  kind: string;

  @Column('text', { name: 'government_level' })
  governmentLevel: string;

  @Column('text')
  name: string;

  @Column('text', { name: 'sort_name' })
  sortName: string;

  @Column('text', { name: 'territory_id', nullable: true })
  territoryId: string | null;

  @Column('text', { name: 'territory_lineage', array: true })
  territoryLineage: string[];

  @Column('text', { nullable: true })
  country: string | null;

  @Column('text', { name: 'first_level', nullable: true })
  firstLevel: string | null;

  @Column('text', { array: true })
  domains: string[];

  @Column('text')
  origin: string;

  @Column('timestamptz', { name: 'indexed_at' })
  indexedAt: Date;
}

@Entity({ name: 'indexed_program' })
export class IndexedProgram {
  @PrimaryColumn('text')
  id: string;

  @Column('text')
  feed: string;

  @Column('text')
  name: string;

  @Column('text', { name: 'country_id' })
  countryId: string;

  @Column('text')
  origin: string;

  @Column('jsonb')
  figures: FigureSnapshot[];

  @Column('timestamptz', { name: 'indexed_at' })
  indexedAt: Date;
}

/**
 * A figure reported for a program or for named territories rather than for one action's own territories
 * ("169 culture points", "85 in Lima and Callao"). Reports list these one by one where their whole scope
 * lies in a group, never summed: one may be the total of others.
 */
@Entity({ name: 'indexed_figure' })
export class IndexedFigure {
  @PrimaryColumn('text')
  id: string;

  @Column('text')
  feed: string;

  @Column('text', { name: 'program_id' })
  programId: string;

  @Column('text', { name: 'subject_type' })
  subjectType: 'PROGRAM' | 'ACTION';

  @Column('text', { name: 'subject_id' })
  subjectId: string;

  /** The action's kind, status and domains for an action's figure; null and empty for a program's. */
  @Column('text', { nullable: true })
  kind: string | null;

  @Column('text', { nullable: true })
  status: string | null;

  @Column('text', { array: true })
  domains: string[];

  @Column('text')
  metric: string;

  @Column('numeric')
  value: string;

  @Column('text')
  qualifier: string;

  @Column('text')
  unit: string;

  @Column('text', { nullable: true })
  currency: string | null;

  @Column('text', { nullable: true })
  label: string | null;

  @Column('text', { name: 'source_text', nullable: true })
  sourceText: string | null;

  @Column('date', { name: 'period_start', nullable: true })
  periodStart: string | null;

  @Column('date', { name: 'period_end', nullable: true })
  periodEnd: string | null;

  @Column('integer', { nullable: true })
  year: number | null;

  @Column('integer', { name: 'year_end', nullable: true })
  yearEnd: number | null;

  @Column('text', { name: 'period_precision' })
  periodPrecision: string;

  @Column('text', { name: 'period_text', nullable: true })
  periodText: string | null;

  /** The territories it was reported for: its own scope, or the program's country. */
  @Column('text', { name: 'scope_territory_ids', array: true })
  scopeTerritoryIds: string[];

  /** Reported for the whole program rather than for named territories. */
  @Column('boolean', { name: 'program_wide' })
  programWide: boolean;

  @Column('text', { array: true })
  lineage: string[];

  @Column('jsonb')
  places: Place[];

  @Column('text')
  origin: string;

  @Column('text', { nullable: true })
  source: string | null;

  @Column('text', { nullable: true })
  locator: string | null;
}

/** Where the index stands in each program service's change feed. */
@Entity({ name: 'feed_state' })
export class FeedState {
  @PrimaryColumn('text')
  feed: string;

  @Column('text', { nullable: true })
  cursor: string | null;

  @Column('integer')
  pending: number;

  @Column('timestamptz', { name: 'oldest_pending_at', nullable: true })
  oldestPendingAt: Date | null;

  @Column('bigint', { name: 'applied_changes' })
  appliedChanges: string;

  @Column('timestamptz', { name: 'last_polled_at', nullable: true })
  lastPolledAt: Date | null;

  @Column('timestamptz', { name: 'last_applied_at', nullable: true })
  lastAppliedAt: Date | null;

  /** The last time the feed was read without error; `lastPolledAt` is the last try, whatever its outcome. */
  @Column('timestamptz', { name: 'last_succeeded_at', nullable: true })
  lastSucceededAt: Date | null;

  @Column('text', { name: 'last_error', nullable: true })
  lastError: string | null;
}

export const ATLAS_ENTITIES = [IndexedAction, IndexedActor, IndexedProgram, IndexedFigure, FeedState];
