import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { FigureSnapshot } from '@cultura/vocabulary';

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

  @Column('integer', { nullable: true })
  year: number | null;

  @Column('timestamptz', { name: 'sort_at' })
  sortAt: Date;

  @Column('text', { array: true })
  countries: string[];

  @Column('text', { name: 'first_levels', array: true })
  firstLevels: string[];

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

  @Column('jsonb')
  figures: FigureSnapshot[];

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

  @Column('text', { name: 'last_error', nullable: true })
  lastError: string | null;
}

export const ATLAS_ENTITIES = [IndexedAction, IndexedActor, IndexedProgram, FeedState];
