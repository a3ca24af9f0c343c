import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type {
  ActionKind,
  ActionStatus,
  ActorKind,
  CulturalDomain,
  FigureMetric,
  FigureQualifier,
  GovernmentLevel,
  ParticipationRole,
  PeriodPrecision,
  ProgramLine,
  RecordOrigin,
} from '../types';

/**
 * The tables every program service keeps in its own database: its program, actors, actions,
 * participations and reported figures. Program-specific facts go in `details` (typed by the service)
 * or in the service's own tables keyed by these ids.
 */

/**
 * Where a record comes from, as every table of every program service stores it: its origin (source
 * document, import, user, synthetic), the document or file, and where in it.
 */
export abstract class ProvenancedRecord {
  @Column('text')
  origin: RecordOrigin;

  @Column('text', { nullable: true })
  source: string | null;

  @Column('text', { nullable: true })
  locator: string | null;
}

@Entity({ name: 'program' })
export class ProgramRecord extends ProvenancedRecord {
  @PrimaryColumn('text')
  id: string;

  @Column('text')
  name: string;

  @Column('text', { nullable: true })
  acronym: string | null;

  @Column('text', { name: 'country_id' })
  countryId: string;

  @Column('text')
  agency: string;

  @Column('text')
  description: string;

  @Column('text', { name: 'legal_basis', nullable: true })
  legalBasis: string | null;

  @Column('jsonb', { default: () => "'[]'::jsonb" })
  lines: ProgramLine[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

@Entity({ name: 'actor' })
@Index('actor_program_sort_idx', ['programId', 'sortName', 'id'])
export class ActorRecord extends ProvenancedRecord {
  @PrimaryColumn('text')
  id: string;

  @Column('text', { name: 'program_id' })
  programId: string;

  @Column('text')
  kind: ActorKind;

  @Column('text', { name: 'government_level' })
  governmentLevel: GovernmentLevel;

  @Column('text')
  name: string;

  @Column('text', { name: 'sort_name' })
  sortName: string;

  @Column('text', { name: 'territory_id', nullable: true })
  territoryId: string | null;

  /** The territory and its ancestors, so "within X" needs no call to the territories service. */
  @Column('text', { name: 'territory_lineage', array: true, default: () => "'{}'" })
  territoryLineage: string[];

  @Column('text', { array: true, default: () => "'{}'" })
  domains: CulturalDomain[];

  @Column('jsonb', { default: () => "'{}'::jsonb" })
  details: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

@Entity({ name: 'action' })
export class ActionRecord extends ProvenancedRecord {
  @PrimaryColumn('text')
  id: string;

  @Column('text', { name: 'program_id' })
  programId: string;

  @Column('text')
  kind: ActionKind;

  @Column('text', { name: 'line_code', nullable: true })
  lineCode: string | null;

  @Column('text')
  title: string;

  @Column('text')
  status: ActionStatus;

  @Column('date', { name: 'period_start', nullable: true })
  periodStart: string | null;

  @Column('date', { name: 'period_end', nullable: true })
  periodEnd: string | null;

  @Column('integer', { name: 'period_year', nullable: true })
  periodYear: number | null;

  @Column('text', { name: 'period_precision', default: 'UNDATED' })
  periodPrecision: PeriodPrecision;

  @Column('text', { name: 'period_text', nullable: true })
  periodText: string | null;

  /** Newest first orders by this: the start date, else 1 January of the year; null when undated (sorts last). */
  @Column('timestamptz', { name: 'sort_at', nullable: true })
  sortAt: Date | null;

  @Column('text', { name: 'territory_ids', array: true, default: () => "'{}'" })
  territoryIds: string[];

  /** Every territory of the action with all their ancestors. */
  @Column('text', { name: 'territory_lineage', array: true, default: () => "'{}'" })
  territoryLineage: string[];

  @Column('text', { array: true, default: () => "'{}'" })
  domains: CulturalDomain[];

  @Column('text', { nullable: true })
  description: string | null;

  @Column('jsonb', { default: () => "'{}'::jsonb" })
  details: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

@Entity({ name: 'participation' })
export class ParticipationRecord {
  @PrimaryColumn('text', { name: 'action_id' })
  actionId: string;

  @PrimaryColumn('text', { name: 'actor_id' })
  actorId: string;

  @PrimaryColumn('text')
  role: ParticipationRole;

  @Column('text', { nullable: true })
  note: string | null;
}

export type FigureSubject = 'PROGRAM' | 'ACTION' | 'ACTOR';

@Entity({ name: 'reported_figure' })
export class ReportedFigureRecord extends ProvenancedRecord {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Column('text', { name: 'subject_type' })
  subjectType: FigureSubject;

  @Column('text', { name: 'subject_id' })
  subjectId: string;

  @Column('text')
  metric: FigureMetric;

  /** Numeric, not float: money and counts keep the digits the source gave. */
  @Column('numeric')
  value: string;

  @Column('text')
  qualifier: FigureQualifier;

  @Column('text')
  unit: string;

  @Column('text', { nullable: true })
  currency: string | null;

  @Column('date', { name: 'period_start', nullable: true })
  periodStart: string | null;

  @Column('date', { name: 'period_end', nullable: true })
  periodEnd: string | null;

  @Column('integer', { name: 'period_year', nullable: true })
  periodYear: number | null;

  @Column('text', { name: 'period_precision', default: 'UNDATED' })
  periodPrecision: PeriodPrecision;

  @Column('text', { name: 'period_text', nullable: true })
  periodText: string | null;

  @Column('text', { name: 'source_text', nullable: true })
  sourceText: string | null;

  /** What the figure counts, in a few words ("Culture points in Lima and Callao"). */
  @Column('text', { nullable: true })
  label: string | null;

  /**
   * The territories the source reports the figure for, when they are not its subject's own (a program's
   * figure for "Lima and Callao"); null: the subject's territories (the action's, or the program's country).
   */
  @Column('text', { name: 'scope_territory_ids', array: true, nullable: true })
  scopeTerritoryIds: string[] | null;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}

export const VOCABULARY_ENTITIES = [ProgramRecord, ActorRecord, ActionRecord, ParticipationRecord, ReportedFigureRecord];
