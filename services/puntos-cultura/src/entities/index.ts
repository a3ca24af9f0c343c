import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { ProvenancedRecord, type CulturalDomain } from '@cultura/vocabulary';
import type {
  ApplicationStatus,
  AreaOfWork,
  CulturePointStatus,
  EvidenceKind,
  FindingKind,
  OrganisationForm,
  Population,
  ResolutionKind,
  RuleOutcome,
} from '../domain';

/**
 * The program's own tables, next to the shared vocabulary ones. A culture point is an `actor` row (name,
 * district, domains, provenance) plus a `culture_point` row with what only this program records.
 */

@Entity({ name: 'culture_point' })
export class CulturePointRecord {
  /** The id of the point's `actor` row. */
  @PrimaryColumn('text', { name: 'actor_id' })
  actorId: string;

  @Column('text', { name: 'organisation_form' })
  organisationForm: OrganisationForm;

  @Column('boolean', { name: 'legal_personality' })
  legalPersonality: boolean;

  @Column('text', { name: 'tax_id', nullable: true })
  taxId: string | null;

  @Column('date', { name: 'founded_on', nullable: true })
  foundedOn: string | null;

  @Column('integer', { name: 'founding_year', nullable: true })
  foundingYear: number | null;

  @Column('integer', { nullable: true })
  members: number | null;

  @Column('text', { name: 'areas_of_work', array: true })
  areasOfWork: AreaOfWork[];

  @Column('text', { array: true })
  populations: Population[];

  @Column('text', { name: 'artistic_expressions', array: true })
  artisticExpressions: string[];

  /** Free text of what the point does, as a directory words it. */
  @Column('text', { nullable: true })
  activities: string | null;

  @Column('boolean', { name: 'network_member' })
  networkMember: boolean;

  @Column('text')
  status: CulturePointStatus;
}

@Entity({ name: 'culture_point_status_change' })
export class StatusChangeRecord extends ProvenancedRecord {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Column('text', { name: 'culture_point_id' })
  culturePointId: string;

  @Column('text')
  status: CulturePointStatus;

  @Column('date', { nullable: true })
  date: string | null;

  @Column('text', { name: 'resolution_number', nullable: true })
  resolutionNumber: string | null;

  @Column('text', { nullable: true })
  reason: string | null;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}

export interface Evidence {
  kind: EvidenceKind;
  description: string;
  url: string | null;
  date: string | null;
}

/** The automatic check as stored with the application: what the applicant was told. */
export interface StoredEligibility {
  eligible: boolean;
  asOf: string;
  rules: RuleOutcome[];
}

@Entity({ name: 'application' })
export class ApplicationRecord extends ProvenancedRecord {
  @PrimaryColumn('text')
  id: string;

  @Column('text', { name: 'organisation_name' })
  organisationName: string;

  @Column('text', { name: 'sort_name' })
  sortName: string;

  @Column('text', { name: 'organisation_form' })
  organisationForm: OrganisationForm;

  @Column('boolean', { name: 'non_profit' })
  nonProfit: boolean;

  @Column('boolean', { name: 'legal_personality' })
  legalPersonality: boolean;

  @Column('text', { name: 'tax_id', nullable: true })
  taxId: string | null;

  @Column('date', { name: 'continuous_work_since' })
  continuousWorkSince: string;

  @Column('integer')
  members: number;

  @Column('text', { name: 'district_id' })
  districtId: string;

  @Column('text', { name: 'territory_lineage', array: true })
  territoryLineage: string[];

  @Column('text', { name: 'areas_of_work', array: true })
  areasOfWork: AreaOfWork[];

  @Column('text', { array: true })
  domains: CulturalDomain[];

  @Column('text', { name: 'artistic_expressions', array: true })
  artisticExpressions: string[];

  @Column('text', { array: true })
  populations: Population[];

  @Column('text', { name: 'community_work' })
  communityWork: string;

  @Column('jsonb')
  evidence: Evidence[];

  @Column('date', { name: 'submitted_on' })
  submittedOn: string;

  @Column('text')
  status: ApplicationStatus;

  @Column('boolean')
  eligible: boolean;

  @Column('jsonb')
  eligibility: StoredEligibility;

  @Column('text', { name: 'contact_name' })
  contactName: string;

  @Column('text', { name: 'contact_email', nullable: true })
  contactEmail: string | null;

  @Column('text', { name: 'contact_phone', nullable: true })
  contactPhone: string | null;

  @Column('text', { name: 'resolution_number', nullable: true })
  resolutionNumber: string | null;

  /** The registry entry the application created, or the lapsed or revoked one it asks to renew. */
  @Column('text', { name: 'culture_point_id', nullable: true })
  culturePointId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

@Entity({ name: 'resolution' })
export class ResolutionRecord {
  @PrimaryColumn('text')
  number: string;

  /** The number in a comparable form (case, spaces and `Nº`/`N°` ignored), unique. */
  @Column('text', { name: 'number_key' })
  numberKey: string;

  @Column('text')
  kind: ResolutionKind;

  @Column('date')
  date: string;

  @Column('text', { name: 'application_id', nullable: true })
  applicationId: string | null;

  @Column('text', { name: 'culture_point_id', nullable: true })
  culturePointId: string | null;

  @Column('text', { array: true })
  reasons: string[];

  /** The token subject that recorded the decision: an audit trail, not served. */
  @Column('text', { name: 'recorded_by', nullable: true })
  recordedBy: string | null;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}

/**
 * What the shared figure row has no room for: the stable key the loader updates a program figure by, and
 * how this service reads the source. Label and scope are in the shared row, so the change feed carries them.
 */
@Entity({ name: 'figure_annotation' })
export class FigureAnnotationRecord {
  @PrimaryColumn('integer', { name: 'figure_id' })
  figureId: number;

  @Column('text')
  key: string;

  @Column('text', { nullable: true })
  note: string | null;
}

@Entity({ name: 'program_finding' })
export class FindingRecord extends ProvenancedRecord {
  @PrimaryColumn('text')
  id: string;

  @Column('text', { name: 'program_id' })
  programId: string;

  @Column('text')
  kind: FindingKind;

  @Column('integer')
  position: number;

  @Column('text')
  text: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

@Entity({ name: 'program_domain' })
export class ProgramDomainRecord extends ProvenancedRecord {
  @PrimaryColumn('text', { name: 'program_id' })
  programId: string;

  @PrimaryColumn('text', { name: 'source_name' })
  sourceName: string;

  @Column('integer')
  position: number;

  @Column('text')
  domain: CulturalDomain;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

export const PUNTOS_CULTURA_ENTITIES = [
  CulturePointRecord,
  StatusChangeRecord,
  ApplicationRecord,
  ResolutionRecord,
  FigureAnnotationRecord,
  FindingRecord,
  ProgramDomainRecord,
];
