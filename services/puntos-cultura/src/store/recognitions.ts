import { In, type DataSource, type EntityManager } from 'typeorm';
import { ActionRecord, ParticipationRecord } from '@cultura/vocabulary';
import { ResolutionRecord, StatusChangeRecord } from '../entities';
import { PROGRAM_ID } from '../data/facts';
import type { RecognitionRows } from '../registry';
import { insertChunked } from './chunked';

/** A resolution as a write records it. */
export type NewResolution = Omit<ResolutionRecord, 'recordedAt'>;

/** The SQL twin of `resolutionKey`, for numbers stored before the key column existed (imports, history). */
const RESOLUTION_KEY_SQL = (column: string) => `regexp_replace(lower(${column}), '[^a-z0-9]', '', 'g')`;

export function resolutionsByNumbers(ds: DataSource, numbers: readonly string[]): Promise<ResolutionRecord[]> {
  return ds.getRepository(ResolutionRecord).findBy({ number: In([...numbers]) });
}

/** The resolution whose number has this key (`resolutionKey`), if one is recorded. */
export function findResolutionByKey(tx: EntityManager, key: string): Promise<ResolutionRecord | null> {
  return tx.getRepository(ResolutionRecord).createQueryBuilder('r').where('r.number_key = :key', { key }).getOne();
}

/** A status change of the registry's history that names a resolution number with this key, if any. */
export function findStatusChangeByResolutionKey(tx: EntityManager, key: string): Promise<StatusChangeRecord | null> {
  return tx
    .getRepository(StatusChangeRecord)
    .createQueryBuilder('h')
    .where(`${RESOLUTION_KEY_SQL('h.resolution_number')} = :key`, { key })
    .getOne();
}

export async function insertResolutionRecord(tx: EntityManager, resolution: NewResolution): Promise<void> {
  await tx.getRepository(ResolutionRecord).insert(resolution);
}

/** Each point's latest Recognition action, in no particular order. */
export function latestRecognitionsOf(ds: DataSource, pointIds: readonly string[]): Promise<ActionRecord[]> {
  return (
    ds
      .getRepository(ActionRecord)
      .createQueryBuilder('a')
      .where(`a.program_id = :program AND a.kind = 'RECOGNITION' AND a.details ->> 'culturePointId' = ANY(:ids)`, {
        program: PROGRAM_ID,
        ids: [...pointIds],
      })
      // An undated recognition is not the latest of a point that also has dated ones.
      .orderBy(`COALESCE(a.sort_at, '-infinity'::timestamptz)`, 'DESC')
      .addOrderBy('a.id', 'DESC')
      .getMany()
  );
}

/** Writes one recognition action with its participants. */
export async function insertRecognition(tx: EntityManager, recognition: RecognitionRows): Promise<void> {
  await tx.getRepository(ActionRecord).save(tx.getRepository(ActionRecord).create(recognition.record));
  await tx.getRepository(ParticipationRecord).insert(recognition.participants);
}

/** Writes recognition actions with their participants, a few multi-row statements whatever their number. */
export async function insertRecognitions(tx: EntityManager, recognitions: RecognitionRows[]): Promise<void> {
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
