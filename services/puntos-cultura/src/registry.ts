import { normalizeText, slugify } from '@cultura/service-kit';
import {
  actionRecord,
  validatePeriod,
  type CulturalDomain,
  type PeriodInput,
  type RecordOrigin,
  type ValidPeriod,
} from '@cultura/vocabulary';
import type { AreaOfWork, OrganisationForm, Population } from './domain';
import { MINISTRY_ID, PROGRAM_ID } from './data/facts';

/**
 * The registry's rules, pure: what identifies an entry and its recognition, what a recognition records,
 * and when two resolution numbers are the same. store/points.ts writes what these describe.
 */

/** A registry entry to write: from a decided application, an imported row or the synthetic demo. */
export interface NewCulturePoint {
  name: string;
  /** A Peruvian district, `PE:dddddd`. */
  districtId: string;
  organisationForm: OrganisationForm;
  legalPersonality: boolean;
  taxId: string | null;
  foundedOn: string | null;
  foundingYear: number | null;
  members: number | null;
  areasOfWork: AreaOfWork[];
  populations: Population[];
  artisticExpressions: string[];
  activities: string | null;
  networkMember: boolean;
  domains: CulturalDomain[];
  /** The recognition that puts the point in the registry; its date may be unknown for imported entries. */
  recognition: NewRecognition;
  origin: RecordOrigin;
  source: string | null;
  locator: string | null;
}

/** How a registry entry came to be recognised, as far as its source says. */
export interface NewRecognition {
  /** ISO date of the resolution, when known to the day. */
  date: string | null;
  /**
   * When the source gives less than a day (a month, a year) or says the point is recognised without any
   * date (UNDATED): the recognition's period, instead of `date`. Giving it records the recognition action
   * even without a date or resolution number.
   */
  period?: PeriodInput | null;
  resolutionNumber: string | null;
  applicationId: string | null;
}

/**
 * Culture point ids are built from the district and the name, so one organisation cannot enter the
 * registry twice in the same district and a re-import finds the entries it wrote before.
 */
export function culturePointId(districtId: string, name: string): string {
  return `${PROGRAM_ID}:point:${districtId.replace(/^PE:/, '')}-${slugify(name)}`;
}

const keyOf = (pointId: string) => pointId.slice(`${PROGRAM_ID}:point:`.length);

/**
 * Recognition actions are one per point and date (`when`: a day, `YYYY-MM` or a year; null when undated):
 * recognising a point again on another date is a new one.
 */
export function recognitionId(pointId: string, when: string | null): string {
  return `${PROGRAM_ID}:recognition:${keyOf(pointId)}:${when ?? 'undated'}`;
}

/** The recognition's period: the given one, else the resolution's day, else undated. */
function recognitionPeriod(r: NewRecognition): ValidPeriod {
  return validatePeriod(r.period ?? (r.date ? { start: r.date, end: r.date } : null), 'recognition.period');
}

/** The day a recognition took effect, or null: a month or a year is not a date, and a status change is dated to the day or not at all. */
export function recognitionDay(r: NewRecognition): string | null {
  const period = recognitionPeriod(r);
  return period.precision === 'DAY' ? period.start : null;
}

/** What the id says of when: the day, `YYYY-MM`, the year, or `undated`, as precisely as the period is known. */
function periodKey(p: ValidPeriod): string | null {
  if (p.precision === 'DAY') return p.start;
  if (p.precision === 'MONTH') return p.start?.slice(0, 7) ?? null;
  if (p.precision === 'YEAR') return p.year === null ? null : String(p.year);
  return null;
}

/** Whether a new entry's recognition is known well enough to be recorded as an action. */
export const hasRecognitionAction = (r: NewRecognition) => Boolean(r.date || r.resolutionNumber || r.period !== undefined);

/** The Recognition action of a point, with the ministry as organiser and the point as beneficiary. */
export function recognitionAction(
  pointId: string,
  p: Pick<NewCulturePoint, 'name' | 'districtId' | 'domains' | 'recognition' | 'origin' | 'source' | 'locator'>,
) {
  const { resolutionNumber, applicationId } = p.recognition;
  const period = recognitionPeriod(p.recognition);
  const record = actionRecord(
    {
      id: recognitionId(pointId, periodKey(period)),
      programId: PROGRAM_ID,
      kind: 'RECOGNITION',
      lineCode: 'RECOGNITION',
      title: `Recognition of ${p.name} as a culture point`,
      status: 'COMPLETED',
      period,
      territoryIds: [p.districtId],
      domains: p.domains,
      description: resolutionNumber ? `Resolution ${resolutionNumber}` : null,
      details: { culturePointId: pointId, resolutionNumber, applicationId },
      origin: p.origin,
      source: p.source,
      locator: p.locator,
    },
    'recognition',
  );
  const participants = [
    { actionId: record.id, actorId: MINISTRY_ID, role: 'ORGANISER' as const, note: null },
    { actionId: record.id, actorId: pointId, role: 'BENEFICIARY' as const, note: null },
  ];
  return { record, participants };
}

/** A point's Recognition action with its participants, as `recognitionAction` builds it. */
export type RecognitionRows = ReturnType<typeof recognitionAction>;

/** Resolution numbers compare without case, spaces or punctuation: `R.D. N° 012-2025` is `RD Nº 012 2025`. */
export function resolutionKey(number: string): string {
  return normalizeText(number).replace(/[^a-z0-9]/g, '');
}
