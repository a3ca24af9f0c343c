import { In, type DataSource, type EntityManager } from 'typeorm';
import { ActorRecord, actorRecord, type CulturalDomain } from '@cultura/vocabulary';
import { CulturePointRecord, StatusChangeRecord } from '../entities';
import { PROGRAM_ID } from '../data/facts';
import { culturePointId, hasRecognitionAction, recognitionAction, recognitionDay, type NewCulturePoint } from '../registry';
import { insertChunked } from './chunked';
import { insertRecognitions } from './recognitions';

/** A change of a point's status, as the history records it. */
export type NewStatusChange = Omit<StatusChangeRecord, 'id' | 'recordedAt'>;

/** The culture point rows of these actors, in no particular order. */
export function pointsOf(ds: DataSource, actorIds: readonly string[]): Promise<CulturePointRecord[]> {
  return ds.getRepository(CulturePointRecord).findBy({ actorId: In([...actorIds]) });
}

/** The status changes of these points, oldest first. */
export function statusHistoryOf(ds: DataSource, pointIds: readonly string[]): Promise<StatusChangeRecord[]> {
  return ds.getRepository(StatusChangeRecord).find({ where: { culturePointId: In([...pointIds]) }, order: { id: 'ASC' } });
}

/** The point's row, locked for the rest of the transaction: two writers changing one point take turns. */
export function lockPoint(tx: EntityManager, actorId: string): Promise<CulturePointRecord> {
  return tx
    .getRepository(CulturePointRecord)
    .createQueryBuilder('cp')
    .setLock('pessimistic_write')
    .where('cp.actor_id = :id', { id: actorId })
    .getOneOrFail();
}

/** The point with this id, or any point with this tax id. */
export function findPointByIdOrTaxId(tx: EntityManager, actorId: string, taxId: string | null): Promise<CulturePointRecord | null> {
  return tx
    .getRepository(CulturePointRecord)
    .createQueryBuilder('cp')
    .where('cp.actor_id = :sameId OR cp.tax_id = :ruc', { sameId: actorId, ruc: taxId })
    .getOne();
}

export async function updatePoint(
  tx: EntityManager,
  actorId: string,
  changes: Partial<Omit<CulturePointRecord, 'actorId'>>,
): Promise<void> {
  await tx.getRepository(CulturePointRecord).update({ actorId }, changes);
}

export async function setActorDomains(tx: EntityManager, actorId: string, domains: CulturalDomain[]): Promise<void> {
  await tx.getRepository(ActorRecord).update({ id: actorId }, { domains });
}

export function actorExists(tx: EntityManager, id: string): Promise<boolean> {
  return tx.getRepository(ActorRecord).existsBy({ id });
}

/** Which of the ids are actors already (one statement, even for no ids). */
export async function existingActorIds(ds: DataSource, ids: string[]): Promise<Set<string>> {
  return new Set((await ds.getRepository(ActorRecord).find({ select: { id: true }, where: { id: In(ids) } })).map((a) => a.id));
}

/** The points holding any of these tax ids, by tax id; no statement for no tax ids. */
export async function taxIdOwners(ds: DataSource, taxIds: string[]): Promise<Map<string, string>> {
  const rows = taxIds.length
    ? await ds.getRepository(CulturePointRecord).find({ select: { actorId: true, taxId: true }, where: { taxId: In(taxIds) } })
    : [];
  return new Map(rows.flatMap((r) => (r.taxId === null ? [] : [[r.taxId, r.actorId] as const])));
}

/** The ids of the program's synthetic actors. */
export async function syntheticActorIds(tx: EntityManager): Promise<Set<string>> {
  return new Set(
    (await tx.getRepository(ActorRecord).find({ select: { id: true }, where: { programId: PROGRAM_ID, origin: 'SYNTHETIC' } })).map(
      (a) => a.id,
    ),
  );
}

/** The point's latest status change, if it has any. */
export function lastStatusChange(tx: EntityManager, pointId: string): Promise<StatusChangeRecord | null> {
  return tx.getRepository(StatusChangeRecord).findOne({ where: { culturePointId: pointId }, order: { id: 'DESC' } });
}

export async function insertStatusChange(tx: EntityManager, change: NewStatusChange): Promise<void> {
  await tx.getRepository(StatusChangeRecord).insert(change);
}

/** Dates the status changes of synthetic points that recognised them, in one statement. */
export async function dateSyntheticRecognitions(tx: EntityManager, days: { id: string; day: string }[]): Promise<void> {
  // Only the first, undated recognition the old demo wrote; a later change of status keeps its own date.
  await tx.query(
    `UPDATE culture_point_status_change h SET date = d.day
     FROM jsonb_to_recordset($1::jsonb) AS d(id text, day date)
     WHERE h.culture_point_id = d.id AND h.origin = 'SYNTHETIC' AND h.status = 'RECOGNISED' AND h.date IS NULL`,
    [JSON.stringify(days)],
  );
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
