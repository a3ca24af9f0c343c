import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { grouped, present } from '@cultura/service-kit';
import {
  ActionRecord,
  createVocabularyLoaders,
  type GovernmentLevel,
  type TerritoryDirectory,
  type VocabularyLoaders,
} from '@cultura/vocabulary';
import { PROGRAM_ID, SESSION_KINDS, actorForm } from './domain';
import {
  AttendanceRecord,
  PublicServantRecord,
  RedEntityRecord,
  ServantAttendanceRecord,
  SessionRecord,
  TrainingProgrammeRecord,
} from './entities';
import { countServants, levelSlice, sessionsIn, territorySlice, type SessionAttendance, type ServantCount } from './tally';

export interface RegionSummary {
  territoryId: string;
  memberEntities: number;
  workshopsAttended: number;
  servantsTrained: ServantCount;
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
  regionSummary: DataLoader<string, RegionSummary>;
  levelSummary: DataLoader<GovernmentLevel, LevelSummary>;
}

function byKey<T>(keys: readonly string[], rows: T[], keyOf: (row: T) => string): (T | null)[] {
  const map = new Map(rows.map((r) => [keyOf(r), r]));
  return keys.map((k) => map.get(k) ?? null);
}

/** Fresh per request. Every list relation is one statement for the whole request, whatever its length. */
export function createLoaders(ds: DataSource, territories: TerritoryDirectory): RedGestionLoaders {
  const vocabulary = createVocabularyLoaders(ds);

  const attendanceBySession = new DataLoader<string, AttendanceRecord[]>(async (ids) =>
    grouped(
      ids,
      await ds.getRepository(AttendanceRecord).find({ where: { actionId: In([...ids]) }, order: { entityId: 'ASC' } }),
      (r) => r.actionId,
    ),
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
  async function heldSessions(territoryIds: string[] | null): Promise<SessionAttendance[]> {
    const qb = ds
      .getRepository(ActionRecord)
      .createQueryBuilder('a')
      .select('a.id', 'id')
      .where(`a.program_id = :program AND a.kind = ANY(:kinds) AND a.status = 'COMPLETED'`, { program: PROGRAM_ID, kinds: SESSION_KINDS });
    // Recording attendance adds each entity's territory to the action's, so the action's lineage alone
    // (GIN-indexed) finds every session with participants from these territories.
    if (territoryIds) qb.andWhere('a.territory_lineage && CAST(:ids AS text[])', { ids: territoryIds });
    const ids = (await qb.getRawMany<{ id: string }>()).map((r) => r.id);
    return present(await sessionAttendance.loadMany(ids));
  }

  /** Named members (groups left out) in each territory or below it: one statement. */
  async function membersWithin(territoryIds: string[]): Promise<Map<string, number>> {
    const rows: { key: string; n: number }[] = await ds.query(
      `SELECT t AS key, count(a.id)::int AS n
         FROM unnest(CAST($2 AS text[])) AS t
         JOIN actor a ON t = ANY(a.territory_lineage) AND a.program_id = $1
         JOIN red_entity e ON e.actor_id = a.id AND e.network_role IS NOT NULL
        GROUP BY t`,
      [PROGRAM_ID, territoryIds],
    );
    return new Map(rows.map((r) => [r.key, r.n]));
  }

  /** Named members per level of government: one statement. */
  async function membersPerLevel(): Promise<Map<string, number>> {
    const rows: { key: string; n: number }[] = await ds.query(
      `SELECT a.government_level AS key, count(*)::int AS n
         FROM actor a JOIN red_entity e ON e.actor_id = a.id AND e.network_role IS NOT NULL
        WHERE a.program_id = $1
        GROUP BY 1`,
      [PROGRAM_ID],
    );
    return new Map(rows.map((r) => [r.key, r.n]));
  }

  return {
    vocabulary,
    territories,
    entity: new DataLoader(async (ids) =>
      byKey(ids, await ds.getRepository(RedEntityRecord).findBy({ actorId: In([...ids]) }), (r) => r.actorId),
    ),
    session: new DataLoader(async (ids) =>
      byKey(ids, await ds.getRepository(SessionRecord).findBy({ actionId: In([...ids]) }), (r) => r.actionId),
    ),
    programme: new DataLoader(async (ids) =>
      byKey(ids, await ds.getRepository(TrainingProgrammeRecord).findBy({ id: In([...ids]) }), (r) => r.id),
    ),
    sessionsByProgramme: new DataLoader(async (ids) => {
      const rows = await ds
        .getRepository(ActionRecord)
        .createQueryBuilder('a')
        .innerJoin(SessionRecord, 's', 's.action_id = a.id')
        .addSelect('s.programme_id', 'programme_id')
        .where('s.programme_id = ANY(:ids)', { ids: [...ids] })
        .orderBy('a.sort_at', 'ASC')
        .addOrderBy('a.id', 'ASC')
        .getRawAndEntities();
      const programmeOf = new Map(rows.raw.map((r: { a_id: string; programme_id: string }) => [r.a_id, r.programme_id]));
      return grouped(ids, rows.entities, (a) => programmeOf.get(a.id) ?? '');
    }),
    attendanceBySession,
    attendanceByEntity: new DataLoader(async (ids) =>
      grouped(
        ids,
        await ds
          .getRepository(AttendanceRecord)
          .find({ where: { entityId: In([...ids]) }, order: { recordedAt: 'DESC', actionId: 'ASC' } }),
        (r) => r.entityId,
      ),
    ),
    servantAttendanceBySession: new DataLoader(async (ids) =>
      grouped(
        ids,
        await ds.getRepository(ServantAttendanceRecord).find({ where: { actionId: In([...ids]) }, order: { servantId: 'ASC' } }),
        (r) => r.actionId,
      ),
    ),
    servant: new DataLoader(async (ids) =>
      byKey(ids, await ds.getRepository(PublicServantRecord).findBy({ id: In([...ids]) }), (r) => r.id),
    ),
    servantsByEntity: new DataLoader(async (ids) =>
      grouped(
        ids,
        await ds.getRepository(PublicServantRecord).find({ where: { entityId: In([...ids]) }, order: { createdAt: 'ASC', id: 'ASC' } }),
        (r) => r.entityId,
      ),
    ),
    sessionAttendance,
    regionSummary: new DataLoader(async (ids) => {
      const [members, sessions] = await Promise.all([membersWithin([...ids]), heldSessions([...ids])]);
      return ids.map((id) => {
        const slice = territorySlice(id);
        return {
          territoryId: id,
          memberEntities: members.get(id) ?? 0,
          workshopsAttended: sessionsIn(sessions, slice),
          servantsTrained: countServants(sessions, slice),
        };
      });
    }),
    levelSummary: new DataLoader<GovernmentLevel, LevelSummary>(async (levels) => {
      const [members, sessions] = await Promise.all([membersPerLevel(), heldSessions(null)]);
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
