import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { grouped, present } from '@cultura/service-kit';
import {
  createVocabularyLoaders,
  type ActionRecord,
  type GovernmentLevel,
  type RecordOrigin,
  type TerritoryDirectory,
  type VocabularyLoaders,
} from '@cultura/vocabulary';
import { actorForm } from './domain';
import type {
  AttendanceRecord,
  PublicServantRecord,
  RedEntityRecord,
  ServantAttendanceRecord,
  SessionRecord,
  TrainingProgrammeRecord,
} from './entities';
import {
  attendanceOfEntities,
  attendanceOfSessions,
  servantAttendanceOfSessions,
  servantsById,
  servantsOfEntities,
} from './store/attendance';
import { entityFactsOf, trainingProgrammesOf } from './store/network';
import { sessionsOf, sessionsOfProgrammes } from './store/sessions';
import { heldSessionIds, membersPerLevel, membersWithin } from './store/summaries';
import { countServants, levelSlice, sessionsIn, territorySlice, type SessionAttendance, type ServantCount } from './tally';

export interface RegionSummary {
  territoryId: string;
  memberEntities: number;
  workshopsAttended: number;
  servantsTrained: ServantCount;
}

export interface RegionKey {
  territoryId: string;
  origins: readonly RecordOrigin[] | null;
}

export interface LevelSummary {
  level: GovernmentLevel;
  memberEntities: number;
  workshopsAttended: number;
  servantsTrained: ServantCount;
}

export interface RedGestionLoaders {
  vocabulary: VocabularyLoaders;
  /** Confirms territory ids with the territories service before a write. */
  territories: TerritoryDirectory;
  entity: DataLoader<string, RedEntityRecord | null>;
  session: DataLoader<string, SessionRecord | null>;
  programme: DataLoader<string, TrainingProgrammeRecord | null>;
  /** Workshops of a training programme, in the order they are (or were) held. */
  sessionsByProgramme: DataLoader<string, ActionRecord[]>;
  attendanceBySession: DataLoader<string, AttendanceRecord[]>;
  attendanceByEntity: DataLoader<string, AttendanceRecord[]>;
  /** Named servants present at a session, with the entity they attended for. */
  servantAttendanceBySession: DataLoader<string, ServantAttendanceRecord[]>;
  servant: DataLoader<string, PublicServantRecord | null>;
  /** An entity's servants on record, oldest first. */
  servantsByEntity: DataLoader<string, PublicServantRecord[]>;
  /** A session's attendance as the counts need it. */
  sessionAttendance: DataLoader<string, SessionAttendance | null>;
  /** A territory's counts, of the origins asked for (every origin when null). */
  regionSummary: DataLoader<RegionKey, RegionSummary, string>;
  levelSummary: DataLoader<GovernmentLevel, LevelSummary>;
}

/** The origins of a key as one string: every origin (null) apart from any list of them. */
const originsKey = (origins: readonly string[] | null): string => (origins ? [...origins].sort().join(',') : '*');
const regionKey = (k: RegionKey): string => `${originsKey(k.origins)}|${k.territoryId}`;

function byKey<T>(keys: readonly string[], rows: T[], keyOf: (row: T) => string): (T | null)[] {
  const map = new Map(rows.map((r) => [keyOf(r), r]));
  return keys.map((k) => map.get(k) ?? null);
}

/** Fresh per request. Every list relation is one statement for the whole request, whatever its length. */
export function createLoaders(ds: DataSource, territories: TerritoryDirectory): RedGestionLoaders {
  const vocabulary = createVocabularyLoaders(ds);

  const attendanceBySession = new DataLoader<string, AttendanceRecord[]>(async (ids) =>
    grouped(ids, await attendanceOfSessions(ds, ids), (r) => r.actionId),
  );

  const sessionAttendance = new DataLoader<string, SessionAttendance | null>(async (ids) => {
    const [actions, rows, figures, participations] = await Promise.all([
      vocabulary.action.loadMany(ids),
      attendanceBySession.loadMany(ids),
      vocabulary.figures.loadMany(ids.map((id) => ({ subject: 'ACTION' as const, id }))),
      vocabulary.participationsByAction.loadMany(ids),
    ]);
    const rowLists = rows.map((r) => (r instanceof Error ? [] : r));
    const partLists = participations.map((p) => (p instanceof Error ? [] : p));
    const actorIds = [...new Set([...rowLists.flat().map((r) => r.entityId), ...partLists.flat().map((p) => p.actorId)])];
    const actors = new Map(present(await vocabulary.actor.loadMany(actorIds)).map((a) => [a.id, a]));
    return ids.map((id, i): SessionAttendance | null => {
      const action = actions[i];
      if (!action || action instanceof Error) return null;
      const figureList = figures[i];
      // The latest PARTICIPANTS figure is the session's total: a correction is recorded after what it corrects.
      // A figure the source reports for some territories only (a scope) is not the session's total, and
      // is not taken as one: copied into the session it would reach every region the session names.
      const participants = (figureList instanceof Error ? [] : figureList)
        .filter((f) => f.metric === 'PARTICIPANTS' && f.scopeTerritoryIds === null)
        .at(-1);
      return {
        id,
        reported: participants ? { value: Number(participants.value), qualifier: participants.qualifier } : null,
        rows: rowLists[i].flatMap((r) => {
          const actor = actors.get(r.entityId);
          return actor
            ? [
                {
                  entityId: r.entityId,
                  lineage: actor.territoryLineage,
                  level: actor.governmentLevel,
                  count: { value: r.servantCount, qualifier: r.qualifier },
                },
              ]
            : [];
        }),
        territoryIds: action.territoryIds,
        territoryLineage: action.territoryLineage,
        groupLevels: [
          ...new Set(
            partLists[i].flatMap((p) => {
              const actor = actors.get(p.actorId);
              return p.role === 'PARTICIPANT' && actor && actorForm(actor.details) === 'GROUP' ? [actor.governmentLevel] : [];
            }),
          ),
        ],
      };
    });
  });

  /** Held sessions with participants from any of `territoryIds` (all held sessions when null). */
  async function heldSessions(territoryIds: string[] | null, origins: readonly string[] | null = null): Promise<SessionAttendance[]> {
    return present(await sessionAttendance.loadMany(await heldSessionIds(ds, territoryIds, origins)));
  }

  return {
    vocabulary,
    territories,
    entity: new DataLoader(async (ids) => byKey(ids, await entityFactsOf(ds, ids), (r) => r.actorId)),
    session: new DataLoader(async (ids) => byKey(ids, await sessionsOf(ds, ids), (r) => r.actionId)),
    programme: new DataLoader(async (ids) => byKey(ids, await trainingProgrammesOf(ds, ids), (r) => r.id)),
    sessionsByProgramme: new DataLoader(async (ids) =>
      grouped(ids, await sessionsOfProgrammes(ds, ids), (r) => r.programmeId).map((rows) => rows.map((r) => r.action)),
    ),
    attendanceBySession,
    attendanceByEntity: new DataLoader(async (ids) => grouped(ids, await attendanceOfEntities(ds, ids), (r) => r.entityId)),
    servantAttendanceBySession: new DataLoader(async (ids) => grouped(ids, await servantAttendanceOfSessions(ds, ids), (r) => r.actionId)),
    servant: new DataLoader(async (ids) => byKey(ids, await servantsById(ds, ids), (r) => r.id)),
    servantsByEntity: new DataLoader(async (ids) => grouped(ids, await servantsOfEntities(ds, ids), (r) => r.entityId)),
    sessionAttendance,
    regionSummary: new DataLoader(
      async (keys) => {
        // One pair of statements per set of origins asked for, usually one.
        const sets = [...new Set(keys.map((k) => originsKey(k.origins)))];
        const fetched = new Map(
          await Promise.all(
            sets.map(async (set) => {
              const group = keys.filter((k) => originsKey(k.origins) === set);
              const ids = group.map((k) => k.territoryId);
              const origins = group[0].origins;
              return [set, await Promise.all([membersWithin(ds, ids, origins), heldSessions(ids, origins)])] as const;
            }),
          ),
        );
        return keys.map((k) => {
          const [members, sessions] = fetched.get(originsKey(k.origins)) ?? [new Map<string, number>(), []];
          const slice = territorySlice(k.territoryId);
          return {
            territoryId: k.territoryId,
            memberEntities: members.get(k.territoryId) ?? 0,
            workshopsAttended: sessionsIn(sessions, slice),
            servantsTrained: countServants(sessions, slice),
          };
        });
      },
      { cacheKeyFn: regionKey },
    ),
    levelSummary: new DataLoader<GovernmentLevel, LevelSummary>(async (levels) => {
      const [members, sessions] = await Promise.all([membersPerLevel(ds), heldSessions(null)]);
      return levels.map((level) => {
        const slice = levelSlice(level);
        return {
          level,
          memberEntities: members.get(level) ?? 0,
          workshopsAttended: sessionsIn(sessions, slice),
          servantsTrained: countServants(sessions, slice),
        };
      });
    }),
  };
}
