import { present, pageInMemory } from '@cultura/service-kit';
import { territoryRef, type ActionRecord, type ActorRecord } from '@cultura/vocabulary';
import { GOVERNMENT_ENTITY_KINDS, LEVELS, actorForm, regionOf } from '../domain';
import type { WorkshopAttendanceResolvers as WorkshopAttendanceFieldResolvers } from '../generated/graphql';
import { LISTS } from '../store/lists';
import { countServants, levelSlice, sessionServants, territorySlice, type SessionAttendance } from '../tally';
import type { Ctx } from './context';

/** The action behind a session's attendance view. */
export interface AttendanceView {
  action: ActionRecord;
}

async function attendanceOf(ctx: Ctx, a: ActionRecord): Promise<SessionAttendance> {
  const s = await ctx.loaders.sessionAttendance.load(a.id);
  if (!s) throw new Error(`session ${a.id} vanished while its attendance was read`);
  return s;
}

export const WorkshopAttendanceResolvers: { WorkshopAttendance: WorkshopAttendanceFieldResolvers } = {
  WorkshopAttendance: {
    servants: async ({ action }, _, ctx) => sessionServants(await attendanceOf(ctx, action)),

    levelsPresent: async ({ action }, _, ctx) => {
      const s = await attendanceOf(ctx, action);
      const levels = new Set([...s.rows.map((r) => r.level), ...s.groupLevels]);
      return LEVELS.filter((l) => levels.has(l));
    },

    byLevel: async ({ action }, _, ctx) => {
      const [s, rows, participations] = await Promise.all([
        attendanceOf(ctx, action),
        ctx.loaders.attendanceBySession.load(action.id),
        ctx.loaders.vocabulary.participationsByAction.load(action.id),
      ]);
      const groupParts = participations.filter((p) => p.role === 'PARTICIPANT');
      const actorIds = [...new Set([...rows.map((r) => r.entityId), ...groupParts.map((p) => p.actorId)])];
      const [actors, facts] = await Promise.all([ctx.loaders.vocabulary.actor.loadMany(actorIds), ctx.loaders.entity.loadMany(actorIds)]);
      const actorById = new Map(present(actors).map((a) => [a.id, a]));
      const kindOf = new Map(present(facts).map((f) => [f.actorId, f.entityKind]));
      const entityIds = new Set(rows.map((r) => r.entityId));
      return LEVELS.flatMap((level) => {
        const entities: ActorRecord[] = [];
        const groups: ActorRecord[] = [];
        const notes: string[] = [];
        for (const id of actorIds) {
          const actor = actorById.get(id);
          if (!actor || actor.governmentLevel !== level) continue;
          if (actorForm(actor.details) === 'GROUP') {
            groups.push(actor);
            const note = groupParts.find((p) => p.actorId === id)?.note;
            if (note) notes.push(note);
          } else if (entityIds.has(id)) {
            entities.push(actor);
          }
        }
        if (!entities.length && !groups.length) return [];
        const kinds = new Set([...entities, ...groups].flatMap((a) => kindOf.get(a.id) ?? []));
        return [
          {
            level,
            entityKinds: GOVERNMENT_ENTITY_KINDS.filter((k) => kinds.has(k)),
            entities: entities.sort((x, y) => x.sortName.localeCompare(y.sortName)),
            groups,
            servants: countServants([s], levelSlice(level)),
            sourceText: notes.join('; ') || null,
          },
        ];
      });
    },

    byRegion: async ({ action }, _, ctx) => {
      const s = await attendanceOf(ctx, action);
      const regions = [...new Set(action.territoryIds.map(regionOf).filter((r): r is string => r !== null))];
      return regions.map((region) => ({
        territory: territoryRef(region),
        entities: s.rows.filter((r) => r.lineage.includes(region)).length,
        servants: countServants([s], territorySlice(region)),
      }));
    },

    entities: async ({ action }, args, ctx) => {
      const rows = await ctx.loaders.attendanceBySession.load(action.id);
      const actors = new Map(present(await ctx.loaders.vocabulary.actor.loadMany(rows.map((r) => r.entityId))).map((a) => [a.id, a]));
      const wanted = rows.filter((r) => {
        const actor = actors.get(r.entityId);
        if (!actor) return false;
        if (args.level && actor.governmentLevel !== args.level) return false;
        return !args.within || actor.territoryLineage.includes(args.within);
      });
      return pageInMemory(wanted, args, LISTS.attendanceByName, (r) => [actors.get(r.entityId)?.sortName ?? '', r.entityId]);
    },

    namedServants: async ({ action }, _, ctx) => (await ctx.loaders.servantAttendanceBySession.load(action.id)).length,
  },
};
