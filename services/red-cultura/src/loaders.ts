import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import {
  createVocabularyLoaders,
  type ActionKind,
  type ActionRecord,
  type ActorKind,
  type ActorRecord,
  type TerritoryDirectory,
  type VocabularyLoaders,
} from '@cultura/vocabulary';
import type { PlanRecord, PlanStageChangeRecord } from './entities/Plan';
import { actionsOfCentres, actionsWithin } from './store/actions';
import { actorsOfKindWithin, centresOfMunicipalities } from './store/actors';
import { plansBy, stageChangesOf, type PlanKey } from './store/plans';

export interface RedCulturaLoaders {
  vocabulary: VocabularyLoaders;
  /** Confirms territory ids with the territories service before a write. */
  territories: TerritoryDirectory;
  plan: DataLoader<string, PlanRecord | null>;
  planByComuna: DataLoader<string, PlanRecord | null>;
  planByMunicipality: DataLoader<string, PlanRecord | null>;
  stageHistory: DataLoader<string, PlanStageChangeRecord[]>;
  /** Actors of a kind located in a territory or below it. */
  actorsWithin: DataLoader<{ territoryId: string; kind: ActorKind }, ActorRecord[], string>;
  /** Actions located in a territory or below it, newest first. */
  actionsWithin: DataLoader<string, ActionRecord[]>;
  centresByMunicipality: DataLoader<string, ActorRecord[]>;
  /** Advisory sessions and alliances of a cultural centre. */
  actionsByCentre: DataLoader<{ centreId: string; kind: ActionKind }, ActionRecord[], string>;
}

function groupBy<T>(keys: readonly string[], rows: T[], keysOf: (row: T) => string[]): T[][] {
  const map = new Map<string, T[]>(keys.map((k) => [k, []]));
  for (const row of rows) for (const k of keysOf(row)) map.get(k)?.push(row);
  return keys.map((k) => map.get(k) ?? []);
}

/** Fresh per request. Every list relation is one statement for the whole request, whatever its length. */
export function createLoaders(ds: DataSource, territories: TerritoryDirectory): RedCulturaLoaders {
  const oneBy = (column: PlanKey) =>
    new DataLoader<string, PlanRecord | null>(async (ids) => {
      const rows = await plansBy(ds, column, ids);
      return ids.map((id) => rows.find((r) => r[column] === id) ?? null);
    });

  return {
    vocabulary: createVocabularyLoaders(ds),
    territories,
    plan: oneBy('actionId'),
    planByComuna: oneBy('comunaId'),
    planByMunicipality: oneBy('municipalityId'),
    stageHistory: new DataLoader(async (ids) => groupBy(ids, await stageChangesOf(ds, ids), (c) => [c.planId])),
    actorsWithin: new DataLoader(
      async (keys) => {
        const result = new Map<string, ActorRecord[]>();
        for (const kind of new Set(keys.map((k) => k.kind))) {
          const ids = keys.filter((k) => k.kind === kind).map((k) => k.territoryId);
          const rows = await actorsOfKindWithin(ds, kind, ids);
          groupBy(ids, rows, (r) => r.territoryLineage).forEach((list, i) => result.set(`${kind}|${ids[i]}`, list));
        }
        return keys.map((k) => result.get(`${k.kind}|${k.territoryId}`) ?? []);
      },
      { cacheKeyFn: (k) => `${k.kind}|${k.territoryId}` },
    ),
    actionsWithin: new DataLoader(async (ids) => groupBy(ids, await actionsWithin(ds, ids), (r) => r.territoryLineage)),
    centresByMunicipality: new DataLoader(async (ids) =>
      groupBy(ids, await centresOfMunicipalities(ds, ids), (r) => [String(r.details.municipalityId)]),
    ),
    actionsByCentre: new DataLoader(
      async (keys) => {
        const rows = await actionsOfCentres(ds, [...new Set(keys.map((k) => k.centreId))], [...new Set(keys.map((k) => k.kind))]);
        return keys.map((k) => rows.filter((r) => r.kind === k.kind && r.details.centreId === k.centreId));
      },
      { cacheKeyFn: (k) => `${k.kind}|${k.centreId}` },
    ),
  };
}
