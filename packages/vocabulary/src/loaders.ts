import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { grouped } from '@cultura/service-kit';
import { ActionRecord, ActorRecord, ParticipationRecord, ProgramRecord, ReportedFigureRecord, type FigureSubject } from './entities';

export interface VocabularyLoaders {
  program: DataLoader<string, ProgramRecord | null>;
  actor: DataLoader<string, ActorRecord | null>;
  action: DataLoader<string, ActionRecord | null>;
  participationsByAction: DataLoader<string, ParticipationRecord[]>;
  participationsByActor: DataLoader<string, ParticipationRecord[]>;
  figures: DataLoader<{ subject: FigureSubject; id: string }, ReportedFigureRecord[], string>;
}

function byId<T extends { id: string }>(ids: readonly string[], rows: T[]): (T | null)[] {
  const map = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => map.get(id) ?? null);
}

/** One statement per kind of record per request, whatever the list length. Build them fresh per request. */
export function createVocabularyLoaders(ds: DataSource): VocabularyLoaders {
  return {
    program: new DataLoader(async (ids) => byId(ids, await ds.getRepository(ProgramRecord).findBy({ id: In([...ids]) }))),
    actor: new DataLoader(async (ids) => byId(ids, await ds.getRepository(ActorRecord).findBy({ id: In([...ids]) }))),
    action: new DataLoader(async (ids) => byId(ids, await ds.getRepository(ActionRecord).findBy({ id: In([...ids]) }))),
    participationsByAction: new DataLoader(async (ids) =>
      grouped(
        ids,
        await ds.getRepository(ParticipationRecord).find({ where: { actionId: In([...ids]) }, order: { role: 'ASC', actorId: 'ASC' } }),
        (p) => p.actionId,
      ),
    ),
    participationsByActor: new DataLoader(async (ids) =>
      grouped(
        ids,
        await ds.getRepository(ParticipationRecord).find({ where: { actorId: In([...ids]) }, order: { actionId: 'ASC' } }),
        (p) => p.actorId,
      ),
    ),
    figures: new DataLoader(
      async (keys) => {
        const rows = await ds
          .getRepository(ReportedFigureRecord)
          .createQueryBuilder('f')
          .where('(f.subject_type, f.subject_id) IN (SELECT * FROM unnest(CAST(:types AS text[]), CAST(:ids AS text[])))', {
            types: keys.map((k) => k.subject),
            ids: keys.map((k) => k.id),
          })
          .orderBy('f.id')
          .getMany();
        return grouped(keys.map(figureKey), rows, (f) => figureKey({ subject: f.subjectType, id: f.subjectId }));
      },
      { cacheKeyFn: figureKey },
    ),
  };
}

function figureKey(k: { subject: FigureSubject; id: string }): string {
  return `${k.subject}|${k.id}`;
}
