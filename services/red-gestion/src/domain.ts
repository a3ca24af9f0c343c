/**
 * The RED's own words on top of the shared vocabulary: kinds of government entity, the level of
 * government each kind belongs to, and where each kind may be based.
 */
import { territoryAncestors, type ActionKind, type ActorKind, type GovernmentLevel } from '@cultura/vocabulary';

export const PROGRAM_ID = 'red-gestion';

export const GOVERNMENT_ENTITY_KINDS = [
  'MINISTRY_DIRECTORATE',
  'DECONCENTRATED_CULTURE_OFFICE',
  'REGIONAL_GOVERNMENT',
  'PROVINCIAL_MUNICIPALITY',
  'DISTRICT_MUNICIPALITY',
] as const;
export type GovernmentEntityKind = (typeof GOVERNMENT_ENTITY_KINDS)[number];

export const NETWORK_ROLES = ['COORDINATOR', 'MEMBER'] as const;
export type NetworkRole = (typeof NETWORK_ROLES)[number];

export const SESSION_MODALITIES = ['IN_PERSON', 'VIRTUAL', 'HYBRID', 'UNKNOWN'] as const;
export type SessionModality = (typeof SESSION_MODALITIES)[number];

/** The two kinds of action the RED runs; both are "sessions" with topic, modality and attendance. */
export const SESSION_KINDS: ActionKind[] = ['WORKSHOP', 'TECHNICAL_ASSISTANCE'];

/** The order levels are listed in everywhere. */
export const LEVELS: GovernmentLevel[] = ['NATIONAL', 'REGIONAL', 'LOCAL'];

interface KindRule {
  level: GovernmentLevel;
  actorKind: ActorKind;
  /** How many ancestors the entity's territory has: 0 the country, 1 a region, 2 a province, 3 a district. */
  depths: number[];
  where: string;
}

/**
 * A deconcentrated office is the ministry in a region, so it is national; Lima Metropolitana's
 * municipality also holds a regional government's duties, hence regional governments at depth 1.
 */
export const KIND_RULES: Record<GovernmentEntityKind, KindRule> = {
  MINISTRY_DIRECTORATE: { level: 'NATIONAL', actorKind: 'MINISTRY_OFFICE', depths: [0, 1], where: 'Peru or a region' },
  DECONCENTRATED_CULTURE_OFFICE: { level: 'NATIONAL', actorKind: 'MINISTRY_OFFICE', depths: [1], where: 'a region (PE:08)' },
  REGIONAL_GOVERNMENT: { level: 'REGIONAL', actorKind: 'REGIONAL_GOVERNMENT', depths: [1], where: 'a region (PE:08)' },
  PROVINCIAL_MUNICIPALITY: { level: 'LOCAL', actorKind: 'MUNICIPALITY', depths: [2], where: 'a province (PE:0801)' },
  DISTRICT_MUNICIPALITY: { level: 'LOCAL', actorKind: 'MUNICIPALITY', depths: [3], where: 'a district (PE:080101)' },
};

/** Null when the territory suits the kind, else what would. */
export function misplacedKind(kind: GovernmentEntityKind, territoryId: string): string | null {
  const ancestors = territoryAncestors(territoryId);
  if (!territoryId.startsWith('PE') || !ancestors) return 'a Peruvian territory';
  // Localities below a district (PE:080101:slug) are not where a government entity sits.
  if (territoryId.split(':').length > 2) return KIND_RULES[kind].where;
  return KIND_RULES[kind].depths.includes(ancestors.length) ? null : KIND_RULES[kind].where;
}

/** The first-level division (departamento, Lima Metropolitana, Callao) a Peruvian territory is in, itself included. */
export function regionOf(territoryId: string): string | null {
  const ancestors = territoryAncestors(territoryId);
  if (!ancestors || !territoryId.startsWith('PE')) return null;
  if (ancestors.length === 0) return null;
  return ancestors.length === 1 ? territoryId : ancestors[1];
}

/** Whether a territory id names a first-level division of Peru. */
export function isPeruvianRegion(territoryId: string): boolean {
  return regionOf(territoryId) === territoryId;
}

/** What the actor record's `details` hold for RED actors: the GraphQL type is decided from `form`. */
export interface RedActorDetails {
  form: 'ENTITY' | 'GROUP';
  /** What is inferred rather than stated by the source. */
  note?: string;
}

export function actorForm(details: Record<string, unknown>): RedActorDetails['form'] {
  return details.form === 'GROUP' ? 'GROUP' : 'ENTITY';
}

export function noteOf(details: Record<string, unknown>): string | null {
  return typeof details.note === 'string' ? details.note : null;
}
