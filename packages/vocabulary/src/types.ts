/** TypeScript mirror of schema/vocabulary.graphql: the one language of every program service. */
import path from 'node:path';

/** Absolute path of the shared SDL every program service serves next to its own schema. */
export const VOCABULARY_SCHEMA_FILE = path.resolve(__dirname, '..', 'schema', 'vocabulary.graphql');

export const RECORD_ORIGINS = ['SOURCE_DOCUMENT', 'IMPORT', 'USER', 'SYNTHETIC'] as const;
export type RecordOrigin = (typeof RECORD_ORIGINS)[number];

export const FIGURE_QUALIFIERS = ['EXACT', 'MORE_THAN', 'AT_LEAST', 'APPROXIMATELY', 'LESS_THAN', 'AT_MOST'] as const;
export type FigureQualifier = (typeof FIGURE_QUALIFIERS)[number];

export const FIGURE_METRICS = ['PARTICIPANTS', 'BENEFICIARIES', 'ORGANISATIONS', 'TERRITORIES', 'ACTIONS', 'BUDGET', 'FUNDING'] as const;
export type FigureMetric = (typeof FIGURE_METRICS)[number];

export const CULTURAL_DOMAINS = [
  'CULTURAL_AND_NATURAL_HERITAGE',
  'PERFORMANCE_AND_CELEBRATION',
  'VISUAL_ARTS_AND_CRAFTS',
  'BOOKS_AND_PRESS',
  'AUDIOVISUAL_AND_INTERACTIVE_MEDIA',
  'DESIGN_AND_CREATIVE_SERVICES',
  'TOURISM',
  'SPORTS_AND_RECREATION',
  'INTANGIBLE_CULTURAL_HERITAGE',
  'EDUCATION_AND_TRAINING',
  'ARCHIVING_AND_PRESERVATION',
  'EQUIPMENT_AND_SUPPORTING_MATERIALS',
] as const;
export type CulturalDomain = (typeof CULTURAL_DOMAINS)[number];

export const ACTION_KINDS = [
  'INTERVENTION',
  'PARTICIPATORY_PROJECT',
  'MUNICIPAL_CULTURE_PLAN',
  'ADVISORY',
  'TRAINING',
  'WORKSHOP',
  'TECHNICAL_ASSISTANCE',
  'RECOGNITION',
  'FUNDING_AWARD',
  'NETWORK_MEETING',
  'ALLIANCE',
  'COMMUNITY_ACTIVITY',
] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

export const ACTOR_KINDS = [
  'MUNICIPALITY',
  'CULTURAL_CENTRE',
  'REGIONAL_COUNCIL',
  'GOVERNMENT_ENTITY',
  'MINISTRY_OFFICE',
  'REGIONAL_GOVERNMENT',
  'CULTURE_POINT',
  'COMMUNITY_ORGANISATION',
  'NEIGHBOURHOOD',
  'PROGRAM_TEAM',
  'PROGRAM_OFFICE',
  'PERSON',
] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

export const GOVERNMENT_LEVELS = ['NATIONAL', 'REGIONAL', 'LOCAL', 'NONE'] as const;
export type GovernmentLevel = (typeof GOVERNMENT_LEVELS)[number];

export const ACTION_STATUSES = ['PLANNED', 'IN_PROGRESS', 'COMPLETED', 'CANCELLED', 'UNKNOWN'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** How precise a period is, as the source gives it: a day, a month, a year, or not dated at all. */
export const PERIOD_PRECISIONS = ['DAY', 'MONTH', 'YEAR', 'UNDATED'] as const;
export type PeriodPrecision = (typeof PERIOD_PRECISIONS)[number];

export const PARTICIPATION_ROLES = [
  'ORGANISER',
  'COORDINATOR',
  'ADVISOR',
  'BENEFICIARY',
  'PARTICIPANT',
  'PARTNER',
  'FUNDER',
  'APPLICANT',
] as const;
export type ParticipationRole = (typeof PARTICIPATION_ROLES)[number];

export interface Provenance {
  origin: RecordOrigin;
  source: string | null;
  locator: string | null;
  recordedAt: string | null;
}

export interface Period {
  start: string | null;
  end: string | null;
  year: number | null;
  precision: PeriodPrecision;
  text: string | null;
}

export interface ProgramLine {
  code: string;
  name: string;
  objective: string | null;
}
