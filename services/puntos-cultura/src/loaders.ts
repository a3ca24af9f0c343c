import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { grouped } from '@cultura/service-kit';
import {
  createVocabularyLoaders,
  type ActionRecord,
  type CulturalDomain,
  type RecordOrigin,
  type TerritoryDirectory,
  type VocabularyLoaders,
} from '@cultura/vocabulary';
import type { ApplicationRecord, CulturePointRecord, ResolutionRecord, StatusChangeRecord } from './entities';
import type { CulturePointStatus } from './domain';
import type { DistrictGazetteer } from './territories';
import { actionCountsOfPoints, actionIdsOfPoints } from './store/actions';
import { applicationsByIds, applicationsOfPoints } from './store/applications';
import { pointsOf, statusHistoryOf } from './store/points';
import { programFiguresOf, type ProgramFigure } from './store/program';
import { latestRecognitionsOf, resolutionsByNumbers } from './store/recognitions';
import { pointIdsInTerritories, territoryCounts } from './store/territories';

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
      const rows = await pointsOf(ds, ids);
      return ids.map((id) => rows.find((r) => r.actorId === id) ?? null);
    }),

    statusHistory: new DataLoader(async (ids) => grouped(ids, await statusHistoryOf(ds, ids), (r) => r.culturePointId)),

    application: new DataLoader(async (ids) => {
      const rows = await applicationsByIds(ds, ids);
      return ids.map((id) => rows.find((r) => r.id === id) ?? null);
    }),

    applicationsOfPoint: new DataLoader(async (ids) => grouped(ids, await applicationsOfPoints(ds, ids), (r) => r.culturePointId ?? '')),

    resolution: new DataLoader(async (numbers) => {
      const rows = await resolutionsByNumbers(ds, numbers);
      return numbers.map((n) => rows.find((r) => r.number === n) ?? null);
    }),

    latestRecognition: new DataLoader(async (ids) => {
      const rows = await latestRecognitionsOf(ds, ids);
      return ids.map((id) => rows.find((r) => r.details.culturePointId === id) ?? null);
    }),

    programFigures: new DataLoader(async (programIds) => {
      const figures = await programFiguresOf(ds, programIds);
      return programIds.map((id) => figures.filter((f) => f.record.subjectId === id));
    }),

    actionIdsOfPoint: new DataLoader<ActionsOfPointKey, string[], string>(
      async (keys) => {
        const result = new Map<string, string[]>();
        for (const group of groupsOf(keys, (k) => `${listKey(k.kinds)}|${k.limit}`)) {
          const { kinds, limit } = group[0];
          const rows = await actionIdsOfPoints(
            ds,
            group.map((k) => k.pointId),
            kinds,
            limit + 1,
          );
          for (const k of group)
            result.set(
              actionsKey(k),
              rows.filter((r) => r.pointId === k.pointId).map((r) => r.actionId),
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
          const counts = await actionCountsOfPoints(
            ds,
            group.map((k) => k.pointId),
            group[0].kinds,
          );
          for (const k of group) result.set(actionsKey(k), counts.get(k.pointId) ?? 0);
        }
        return keys.map((k) => result.get(actionsKey(k)) ?? 0);
      },
      { cacheKeyFn: actionsKey },
    ),

    territoryStats: new DataLoader(
      async (keys) => {
        const result = new Map<string, TerritoryStats>();
        for (const group of groupsOf(keys, (k) => listKey(k.origins))) {
          const rows = await territoryCounts(ds, [...new Set(group.map((k) => k.territoryId))], group[0].origins);
          for (const k of group) {
            const mine = rows.filter((r) => r.territory === k.territoryId);
            result.set(statsKey(k), {
              byStatus: new Map(mine.filter((r) => !r.byDomain).map((r) => [r.status, r.n])),
              byStatusAndDomain: mine
                .filter((r): r is typeof r & { domain: CulturalDomain } => r.byDomain && r.domain !== null)
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
          const rows = await pointIdsInTerritories(ds, [...new Set(group.map((k) => k.territoryId))], { origins, statuses }, limit + 1);
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
