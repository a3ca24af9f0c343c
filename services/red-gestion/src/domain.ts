/**
 * The RED's own words on top of the shared vocabulary: kinds of government entity, the level of
 * government each kind belongs to, and where each kind may be based.
 */
import {
  isRegionalArea,
  regionalAreaOf,
  territoryLevelOf,
  type ActionKind,
  type ActorKind,
  type GovernmentLevel,
} from '@cultura/vocabulary';

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

/** Where a government entity can sit: the country, a regional-government area, a province, a district. */
export type EntityPlace = 'COUNTRY' | 'REGION' | 'PROVINCE' | 'DISTRICT';

interface KindRule {
  level: GovernmentLevel;
  actorKind: ActorKind;
  places: EntityPlace[];
  where: string;
}

/**
 * A deconcentrated office is the ministry in a region, so it is national. Regions are the units of
 * Peru's regional governments, not INEI's departments: department 15 (Lima) has two, Lima Metropolitana
 * (`PE:LMA`, whose metropolitan municipality holds the regional government's duties) and Lima Provincias
 * (`PE:LIM`), so `PE:15` itself is no one entity's region.
 */
export const KIND_RULES: Record<GovernmentEntityKind, KindRule> = {
  MINISTRY_DIRECTORATE: { level: 'NATIONAL', actorKind: 'MINISTRY_OFFICE', places: ['COUNTRY', 'REGION'], where: 'Peru or a region' },
  DECONCENTRATED_CULTURE_OFFICE: {
    level: 'NATIONAL',
    actorKind: 'MINISTRY_OFFICE',
    places: ['REGION'],
    where: 'a region (PE:08, PE:LMA, PE:LIM)',
  },
  REGIONAL_GOVERNMENT: {
    level: 'REGIONAL',
    actorKind: 'REGIONAL_GOVERNMENT',
    places: ['REGION'],
    where: 'a region (PE:08, PE:LMA, PE:LIM)',
  },
  PROVINCIAL_MUNICIPALITY: { level: 'LOCAL', actorKind: 'MUNICIPALITY', places: ['PROVINCE'], where: 'a province (PE:0801, PE:1501)' },
  DISTRICT_MUNICIPALITY: { level: 'LOCAL', actorKind: 'MUNICIPALITY', places: ['DISTRICT'], where: 'a district (PE:080101)' },
};

/**
 * What kind of place a Peruvian territory id names for a government entity, or null when no entity can
 * sit there: a department that is not one region (`PE:15`), a locality below a district, another country.
 */
export function placeOf(territoryId: string): EntityPlace | null {
  if (territoryId !== 'PE' && !territoryId.startsWith('PE:')) return null;
  const level = territoryLevelOf(territoryId);
  if (level === 'COUNTRY') return 'COUNTRY';
  if (level === 'SECOND_LEVEL') return 'PROVINCE';
  if (level === 'THIRD_LEVEL') return 'DISTRICT';
  return (level === 'FIRST_LEVEL' || level === 'AREA') && isRegionalArea(territoryId) ? 'REGION' : null;
}

/** Null when the territory suits the kind, else what would. */
export function misplacedKind(kind: GovernmentEntityKind, territoryId: string): string | null {
  if ((territoryId !== 'PE' && !territoryId.startsWith('PE:')) || !territoryLevelOf(territoryId)) return 'a Peruvian territory';
  const place = placeOf(territoryId);
  return place && KIND_RULES[kind].places.includes(place) ? null : KIND_RULES[kind].where;
}

/**
 * The region a Peruvian territory lies in, itself included: the unit of Peru's regional governments
 * (a department other than 15, Callao, Lima Metropolitana `PE:LMA` or Lima Provincias `PE:LIM`). Null
 * for what lies in no single region: Peru itself, department 15 as a whole, another country.
 */
export function regionOf(territoryId: string): string | null {
  if (!territoryId.startsWith('PE:') || !territoryLevelOf(territoryId)) return null;
  const region = regionalAreaOf(territoryId);
  return isRegionalArea(region) ? region : null;
}

/** Whether a territory id names one of Peru's 26 regions (see `regionOf`). */
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
