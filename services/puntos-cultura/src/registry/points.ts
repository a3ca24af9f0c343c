import type { EntityManager } from 'typeorm';
import { slugify } from '@cultura/service-kit';
import {
  ActionRecord,
  ActorRecord,
  ParticipationRecord,
  actionRecord,
  actorRecord,
  type CulturalDomain,
  type RecordOrigin,
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
  recognition: { date: string | null; resolutionNumber: string | null; applicationId: string | null };
  origin: RecordOrigin;
  source: string | null;
  locator: string | null;
}

/**
 * Culture point ids are built from the district and the name, so one organisation cannot enter the
 * registry twice in the same district and a re-import finds the entries it wrote before.
 */
export function culturePointId(districtId: string, name: string): string {
  return `${PROGRAM_ID}:point:${districtId.replace(/^PE:/, '')}-${slugify(name)}`;
}

const keyOf = (pointId: string) => pointId.slice(`${PROGRAM_ID}:point:`.length);

/** Recognition actions are one per point and date: recognising a point again on another date is a new one. */
export function recognitionId(pointId: string, date: string | null): string {
  return `${PROGRAM_ID}:recognition:${keyOf(pointId)}:${date ?? 'undated'}`;
}

/** The Recognition action of a point, with the ministry as organiser and the point as beneficiary. */
export function recognitionAction(
  pointId: string,
  p: Pick<NewCulturePoint, 'name' | 'districtId' | 'domains' | 'recognition' | 'origin' | 'source' | 'locator'>,
) {
  const { date, resolutionNumber, applicationId } = p.recognition;
  const record = actionRecord(
    {
      id: recognitionId(pointId, date),
      programId: PROGRAM_ID,
      kind: 'RECOGNITION',
      lineCode: 'RECOGNITION',
      title: `Recognition of ${p.name} as a culture point`,
      status: 'COMPLETED',
      period: date ? { start: date, end: date } : null,
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
    await tx.createQueryBuilder().insert().into(target).values(rows.slice(i, i + CHUNK)).updateEntity(false).execute();
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
      date: p.recognition.date,
      resolutionNumber: p.recognition.resolutionNumber,
      reason: null,
      origin: p.origin,
      source: p.source,
      locator: p.locator,
    }),
  );
  const recognitions = points.flatMap((p, i) =>
    p.recognition.date || p.recognition.resolutionNumber ? [recognitionAction(ids[i], p)] : [],
  );
  await insertChunked(tx, ActorRecord, actors);
  await insertChunked(tx, CulturePointRecord, details);
  await insertChunked(tx, StatusChangeRecord, history);
  if (recognitions.length) {
    await insertChunked(tx, ActionRecord, recognitions.map((r) => tx.getRepository(ActionRecord).create(r.record)));
    await insertChunked(tx, ParticipationRecord, recognitions.flatMap((r) => r.participants.map((p) => tx.getRepository(ParticipationRecord).create(p))));
  }
  return ids;
}
