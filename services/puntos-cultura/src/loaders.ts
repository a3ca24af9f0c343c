import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { grouped } from '@cultura/service-kit';
import {
  ActionRecord,
  ReportedFigureRecord,
  createVocabularyLoaders,
  type CulturalDomain,
  type RecordOrigin,
  type TerritoryDirectory,
  type VocabularyLoaders,
} from '@cultura/vocabulary';
import { ApplicationRecord, CulturePointRecord, FigureAnnotationRecord, ResolutionRecord, StatusChangeRecord } from './entities';
import type { ProgramFigure } from './figures';
import type { CulturePointStatus } from './domain';
import { PROGRAM_ID } from './data/facts';
import type { DistrictGazetteer } from './territories';

/** Counts of the registry below one territory: one row per status, and per status and domain. */
export interface TerritoryStats {
  byStatus: Map<CulturePointStatus, number>;
  byStatusAndDomain: { status: CulturePointStatus; domain: CulturalDomain; count: number }[];
}

export interface TerritoryStatsKey {
  territoryId: string;
  /** Null for every origin. */
  origins: RecordOrigin[] | null;
}

export interface PointsInTerritoryKey extends TerritoryStatsKey {
  statuses: CulturePointStatus[] | null;
  /** Rows wanted; one more is fetched to tell whether a next page exists. */
  limit: number;
}

export interface ActionsOfPointKey {
  pointId: string;
  kinds: string[] | null;
  limit: number;
}

export interface PuntosCulturaLoaders {
  vocabulary: VocabularyLoaders;
  /** Confirms territory ids with the territories service before a write. */
  territories: TerritoryDirectory;
  /** Places districts named in imported files. */
  gazetteer: DistrictGazetteer;
  point: DataLoader<string, CulturePointRecord | null>;
  statusHistory: DataLoader<string, StatusChangeRecord[]>;
  application: DataLoader<string, ApplicationRecord | null>;
  applicationsOfPoint: DataLoader<string, ApplicationRecord[]>;
  resolution: DataLoader<string, ResolutionRecord | null>;
  latestRecognition: DataLoader<string, ActionRecord | null>;
  /** A program's reported figures with their annotations, in the order they were recorded. */
  programFigures: DataLoader<string, ProgramFigure[]>;
  /** Ids of the first page of a point's actions, newest first. */
  actionIdsOfPoint: DataLoader<ActionsOfPointKey, string[], string>;
  actionCountOfPoint: DataLoader<Omit<ActionsOfPointKey, 'limit'>, number, string>;
  territoryStats: DataLoader<TerritoryStatsKey, TerritoryStats, string>;
  /** Ids of the first page of the points in a territory or below it, by name. */
  pointIdsInTerritory: DataLoader<PointsInTerritoryKey, string[], string>;
}

const listKey = (values: readonly string[] | null) => (values ? [...values].sort().join(',') : '*');
const statsKey = (k: TerritoryStatsKey) => `${k.territoryId}|${listKey(k.origins)}`;
const pointsKey = (k: PointsInTerritoryKey) => `${statsKey(k)}|${listKey(k.statuses)}|${k.limit}`;
const actionsKey = (k: Omit<ActionsOfPointKey, 'limit'> & { limit?: number }) => `${k.pointId}|${listKey(k.kinds)}|${k.limit ?? ''}`;

/** Groups keys by a shared part, so each group costs one statement (and a request usually has one group). */
function groupsOf<K>(keys: readonly K[], by: (k: K) => string): K[][] {
  const groups = new Map<string, K[]>();
  for (const k of keys) groups.set(by(k), [...(groups.get(by(k)) ?? []), k]);
  return [...groups.values()];
}

/** Fresh per request. Every relation costs one statement per request, whatever the length of the lists. */
export function createLoaders(ds: DataSource, territories: TerritoryDirectory, gazetteer: DistrictGazetteer): PuntosCulturaLoaders {
  return {
    vocabulary: createVocabularyLoaders(ds),
    territories,
    gazetteer,

    point: new DataLoader(async (ids) => {
      const rows = await ds.getRepository(CulturePointRecord).findBy({ actorId: In([...ids]) });
      return ids.map((id) => rows.find((r) => r.actorId === id) ?? null);
    }),

    statusHistory: new DataLoader(async (ids) =>
      grouped(
        ids,
        await ds.getRepository(StatusChangeRecord).find({ where: { culturePointId: In([...ids]) }, order: { id: 'ASC' } }),
        (r) => r.culturePointId,
      ),
    ),

    application: new DataLoader(async (ids) => {
      const rows = await ds.getRepository(ApplicationRecord).findBy({ id: In([...ids]) });
      return ids.map((id) => rows.find((r) => r.id === id) ?? null);
    }),

    applicationsOfPoint: new DataLoader(async (ids) =>
      grouped(
        ids,
        await ds.getRepository(ApplicationRecord).find({
          where: { culturePointId: In([...ids]) },
          order: { submittedOn: 'DESC', id: 'DESC' },
        }),
        (r) => r.culturePointId ?? '',
      ),
    ),

    resolution: new DataLoader(async (numbers) => {
      const rows = await ds.getRepository(ResolutionRecord).findBy({ number: In([...numbers]) });
      return numbers.map((n) => rows.find((r) => r.number === n) ?? null);
    }),

    latestRecognition: new DataLoader(async (ids) => {
      const rows = await ds
        .getRepository(ActionRecord)
        .createQueryBuilder('a')
        .where(`a.program_id = :program AND a.kind = 'RECOGNITION' AND a.details ->> 'culturePointId' = ANY(:ids)`, {
          program: PROGRAM_ID,
          ids: [...ids],
        })
        // An undated recognition is not the latest of a point that also has dated ones.
        .orderBy(`COALESCE(a.sort_at, '-infinity'::timestamptz)`, 'DESC')
        .addOrderBy('a.id', 'DESC')
        .getMany();
      return ids.map((id) => rows.find((r) => r.details.culturePointId === id) ?? null);
    }),

    programFigures: new DataLoader(async (programIds) => {
      const { entities, raw } = await ds
        .getRepository(ReportedFigureRecord)
        .createQueryBuilder('f')
        .leftJoin(FigureAnnotationRecord, 'n', 'n.figure_id = f.id')
        .addSelect(['n.key AS annotation_key', 'n.note AS annotation_note'])
        .where(`f.subject_type = 'PROGRAM' AND f.subject_id = ANY(:ids)`, { ids: [...programIds] })
        .orderBy('f.id')
        .getRawAndEntities<{ annotation_key: string | null; annotation_note: string | null }>();
      const figures: ProgramFigure[] = entities.map((record, i) => ({ record, key: raw[i].annotation_key, note: raw[i].annotation_note }));
      return programIds.map((id) => figures.filter((f) => f.record.subjectId === id));
    }),

    actionIdsOfPoint: new DataLoader<ActionsOfPointKey, string[], string>(
      async (keys) => {
        const result = new Map<string, string[]>();
        for (const group of groupsOf(keys, (k) => `${listKey(k.kinds)}|${k.limit}`)) {
          const { kinds, limit } = group[0];
          const ids = group.map((k) => k.pointId);
          // A window per point caps each point's rows, so one statement serves every point of the page.
          const rows: { actor_id: string; action_id: string }[] = await ds.query(
            `SELECT ranked.actor_id, ranked.action_id FROM (
               SELECT p.actor_id, a.id AS action_id,
                      row_number() OVER (PARTITION BY p.actor_id ORDER BY COALESCE(a.sort_at, '-infinity'::timestamptz) DESC, a.id DESC) AS rn
               FROM (SELECT DISTINCT actor_id, action_id FROM participation WHERE actor_id = ANY($1)) p
               JOIN action a ON a.id = p.action_id
               WHERE ($2::text[] IS NULL OR a.kind = ANY($2))
             ) ranked WHERE ranked.rn <= $3 ORDER BY ranked.actor_id, ranked.rn`,
            [ids, kinds, limit + 1],
          );
          for (const k of group)
            result.set(
              actionsKey(k),
              rows.filter((r) => r.actor_id === k.pointId).map((r) => r.action_id),
            );
        }
        return keys.map((k) => result.get(actionsKey(k)) ?? []);
      },
      { cacheKeyFn: actionsKey },
    ),

    actionCountOfPoint: new DataLoader<Omit<ActionsOfPointKey, 'limit'>, number, string>(
      async (keys) => {
        const result = new Map<string, number>();
        for (const group of groupsOf(keys, (k) => listKey(k.kinds))) {
          const rows: { actor_id: string; n: number }[] = await ds.query(
            `SELECT p.actor_id, count(DISTINCT p.action_id)::int AS n
             FROM participation p JOIN action a ON a.id = p.action_id
             WHERE p.actor_id = ANY($1) AND ($2::text[] IS NULL OR a.kind = ANY($2))
             GROUP BY p.actor_id`,
            [group.map((k) => k.pointId), group[0].kinds],
          );
          for (const k of group) result.set(actionsKey(k), rows.find((r) => r.actor_id === k.pointId)?.n ?? 0);
        }
        return keys.map((k) => result.get(actionsKey(k)) ?? 0);
      },
      { cacheKeyFn: actionsKey },
    ),

    territoryStats: new DataLoader(
      async (keys) => {
        const result = new Map<string, TerritoryStats>();
        for (const group of groupsOf(keys, (k) => listKey(k.origins))) {
          const ids = [...new Set(group.map((k) => k.territoryId))];
          // Every point counts for its district and each territory above it (its lineage); one pass
          // gives the per-status counts and, in the same statement, the per-status-and-domain ones.
          const rows: { territory: string; status: CulturePointStatus; domain: CulturalDomain | null; by_domain: boolean; n: number }[] =
            await ds.query(
              `SELECT t.id AS territory, cp.status, d.domain, GROUPING(d.domain) = 0 AS by_domain, count(DISTINCT a.id)::int AS n
               FROM actor a
               JOIN culture_point cp ON cp.actor_id = a.id
               CROSS JOIN LATERAL unnest(a.territory_lineage) AS t(id)
               LEFT JOIN LATERAL unnest(a.domains) AS d(domain) ON true
               WHERE a.program_id = $1 AND a.territory_lineage && $2::text[] AND t.id = ANY($2)
                 AND ($3::text[] IS NULL OR a.origin = ANY($3))
               GROUP BY GROUPING SETS ((t.id, cp.status), (t.id, cp.status, d.domain))`,
              [PROGRAM_ID, ids, group[0].origins],
            );
          for (const k of group) {
            const mine = rows.filter((r) => r.territory === k.territoryId);
            result.set(statsKey(k), {
              byStatus: new Map(mine.filter((r) => !r.by_domain).map((r) => [r.status, r.n])),
              byStatusAndDomain: mine
                .filter((r): r is typeof r & { domain: CulturalDomain } => r.by_domain && r.domain !== null)
                .map((r) => ({ status: r.status, domain: r.domain, count: r.n })),
            });
          }
        }
        return keys.map((k) => result.get(statsKey(k)) ?? { byStatus: new Map(), byStatusAndDomain: [] });
      },
      { cacheKeyFn: statsKey },
    ),

    pointIdsInTerritory: new DataLoader(
      async (keys) => {
        const result = new Map<string, string[]>();
        for (const group of groupsOf(keys, (k) => `${listKey(k.origins)}|${listKey(k.statuses)}|${k.limit}`)) {
          const { origins, statuses, limit } = group[0];
          const ids = [...new Set(group.map((k) => k.territoryId))];
          const rows: { territory: string; id: string }[] = await ds.query(
            `SELECT ranked.territory, ranked.id FROM (
               SELECT t.id AS territory, a.id, row_number() OVER (PARTITION BY t.id ORDER BY a.sort_name, a.id) AS rn
               FROM actor a
               JOIN culture_point cp ON cp.actor_id = a.id
               CROSS JOIN LATERAL unnest(a.territory_lineage) AS t(id)
               WHERE a.program_id = $1 AND a.territory_lineage && $2::text[] AND t.id = ANY($2)
                 AND ($3::text[] IS NULL OR a.origin = ANY($3))
                 AND ($4::text[] IS NULL OR cp.status = ANY($4))
             ) ranked WHERE ranked.rn <= $5 ORDER BY ranked.territory, ranked.rn`,
            [PROGRAM_ID, ids, origins, statuses, limit + 1],
          );
          for (const k of group)
            result.set(
              pointsKey(k),
              rows.filter((r) => r.territory === k.territoryId).map((r) => r.id),
            );
        }
        return keys.map((k) => result.get(pointsKey(k)) ?? []);
      },
      { cacheKeyFn: pointsKey },
    ),
  };
}
