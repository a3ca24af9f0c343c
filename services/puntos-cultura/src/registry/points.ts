import type { EntityManager } from 'typeorm';
import { slugify } from '@cultura/service-kit';
import {
  ActionRecord,
  ActorRecord,
  ParticipationRecord,
  actionRecord,
  actorRecord,
  validatePeriod,
  type CulturalDomain,
  type PeriodInput,
  type RecordOrigin,
  type ValidPeriod,
} from '@cultura/vocabulary';
import { CulturePointRecord, StatusChangeRecord } from '../entities';
import type { AreaOfWork, OrganisationForm, Population } from '../domain';
import { MINISTRY_ID, PROGRAM_ID } from '../data/facts';

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
const hasRecognitionAction = (r: NewRecognition) => Boolean(r.date || r.resolutionNumber || r.period !== undefined);

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

/** Rows per INSERT: well under PostgreSQL's 65,535 parameters for the widest table. */
const CHUNK = 1000;

async function insertChunked<T extends object>(tx: EntityManager, target: new () => T, rows: T[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    // The query builder, not repository.insert: it does not read back generated columns row by row.
    await tx
      .createQueryBuilder()
      .insert()
      .into(target)
      .values(rows.slice(i, i + CHUNK))
      .updateEntity(false)
      .execute();
  }
}

/**
 * Writes registry entries in the caller's transaction, a few multi-row statements whatever their
 * number: the actor rows, the culture point rows, the first status change, and a Recognition action for
 * each point whose recognition has a resolution number or a date.
 */
export async function insertCulturePoints(tx: EntityManager, points: NewCulturePoint[]): Promise<string[]> {
  if (!points.length) return [];
  const ids = points.map((p) => culturePointId(p.districtId, p.name));
  const actors = points.map((p, i) =>
    tx.getRepository(ActorRecord).create(
      actorRecord({
        id: ids[i],
        programId: PROGRAM_ID,
        kind: 'CULTURE_POINT',
        governmentLevel: 'NONE',
        name: p.name,
        territoryId: p.districtId,
        domains: p.domains,
        origin: p.origin,
        source: p.source,
        locator: p.locator,
      }),
    ),
  );
  const details = points.map((p, i) =>
    tx.getRepository(CulturePointRecord).create({
      actorId: ids[i],
      organisationForm: p.organisationForm,
      legalPersonality: p.legalPersonality,
      taxId: p.taxId,
      foundedOn: p.foundedOn,
      foundingYear: p.foundingYear ?? (p.foundedOn ? Number(p.foundedOn.slice(0, 4)) : null),
      members: p.members,
      areasOfWork: p.areasOfWork,
      populations: p.populations,
      artisticExpressions: p.artisticExpressions,
      activities: p.activities,
      networkMember: p.networkMember,
      status: 'RECOGNISED',
    }),
  );
  const history = points.map((p, i) =>
    tx.getRepository(StatusChangeRecord).create({
      culturePointId: ids[i],
      status: 'RECOGNISED',
      date: recognitionDay(p.recognition),
      resolutionNumber: p.recognition.resolutionNumber,
      reason: null,
      origin: p.origin,
      source: p.source,
      locator: p.locator,
    }),
  );
  const recognitions = points.flatMap((p, i) => (hasRecognitionAction(p.recognition) ? [recognitionAction(ids[i], p)] : []));
  await insertChunked(tx, ActorRecord, actors);
  await insertChunked(tx, CulturePointRecord, details);
  await insertChunked(tx, StatusChangeRecord, history);
  await insertRecognitions(tx, recognitions);
  return ids;
}

/** Writes recognition actions with their participants, a few multi-row statements whatever their number. */
export async function insertRecognitions(tx: EntityManager, recognitions: ReturnType<typeof recognitionAction>[]): Promise<void> {
  if (!recognitions.length) return;
  await insertChunked(
    tx,
    ActionRecord,
    recognitions.map((r) => tx.getRepository(ActionRecord).create(r.record)),
  );
  await insertChunked(
    tx,
    ParticipationRecord,
    recognitions.flatMap((r) => r.participants.map((p) => tx.getRepository(ParticipationRecord).create(p))),
  );
}
