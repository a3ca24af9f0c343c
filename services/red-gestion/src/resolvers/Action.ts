import {
  actionFields,
  provenanceOf,
  territoryRef,
  type ActionRecord,
  type ActionStatus,
  type ActorRecord,
  type GovernmentLevel,
} from '@cultura/vocabulary';
import { pageInMemory, present, type PageArgs } from '@cultura/service-kit';
import { GOVERNMENT_ENTITY_KINDS, LEVELS, PROGRAM_ID, actorForm, regionOf } from '../domain';
import type { AttendanceRecord, TrainingProgrammeRecord } from '../entities';
import { LISTS } from '../paging';
import { countServants, levelSlice, sessionServants, territorySlice, type SessionAttendance } from '../tally';
import type { Ctx } from './context';

export function actionTypeName(a: Pick<ActionRecord, 'kind'>): 'Workshop' | 'TechnicalAssistance' {
  return a.kind === 'TECHNICAL_ASSISTANCE' ? 'TechnicalAssistance' : 'Workshop';
}

/** A RED session of the given GraphQL type, or null (another program's id, or the other type). */
export async function loadActionAs(ctx: Ctx, id: string, typeName: ReturnType<typeof actionTypeName>): Promise<ActionRecord | null> {
  const a = await ctx.loaders.vocabulary.action.load(id);
  return a && a.programId === PROGRAM_ID && actionTypeName(a) === typeName ? a : null;
}

async function attendanceOf(ctx: Ctx, a: ActionRecord): Promise<SessionAttendance> {
  const s = await ctx.loaders.sessionAttendance.load(a.id);
  if (!s) throw new Error(`session ${a.id} vanished while its attendance was read`);
  return s;
}

/** The action behind a session's attendance view. */
interface AttendanceView {
  action: ActionRecord;
}

const sessionFields = {
  ...actionFields,
  topic: async (a: ActionRecord, _: unknown, ctx: Ctx) => (await ctx.loaders.session.load(a.id))?.topic ?? null,
  modality: async (a: ActionRecord, _: unknown, ctx: Ctx) => (await ctx.loaders.session.load(a.id))?.modality ?? 'UNKNOWN',
  provenanceNote: async (a: ActionRecord, _: unknown, ctx: Ctx) => (await ctx.loaders.session.load(a.id))?.note ?? null,
  organiser: async (a: ActionRecord, _: unknown, ctx: Ctx) => {
    const organiser = (await ctx.loaders.vocabulary.participationsByAction.load(a.id)).find((p) => p.role === 'ORGANISER');
    const actor = organiser && (await ctx.loaders.vocabulary.actor.load(organiser.actorId));
    return actor && actorForm(actor.details) === 'ENTITY' ? actor : null;
  },
  attendance: (a: ActionRecord): AttendanceView => ({ action: a }),
};

export const ActionResolvers = {
  Action: { __resolveType: actionTypeName },

  Workshop: {
    __resolveReference: (ref: { id: string }, ctx: Ctx) => loadActionAs(ctx, ref.id, 'Workshop'),
    ...sessionFields,
    trainingProgramme: async (a: ActionRecord, _: unknown, ctx: Ctx) => {
      const programmeId = (await ctx.loaders.session.load(a.id))?.programmeId;
      return programmeId ? ctx.loaders.programme.load(programmeId) : null;
    },
  },

  TechnicalAssistance: {
    __resolveReference: (ref: { id: string }, ctx: Ctx) => loadActionAs(ctx, ref.id, 'TechnicalAssistance'),
    ...sessionFields,
    recipient: async (a: ActionRecord, _: unknown, ctx: Ctx) => {
      const recipientId = (await ctx.loaders.session.load(a.id))?.recipientId;
      return recipientId ? ctx.loaders.vocabulary.actor.load(recipientId) : null;
    },
  },

  WorkshopAttendance: {
    servants: async ({ action }: AttendanceView, _: unknown, ctx: Ctx) => sessionServants(await attendanceOf(ctx, action)),

    levelsPresent: async ({ action }: AttendanceView, _: unknown, ctx: Ctx) => {
      const s = await attendanceOf(ctx, action);
      const levels = new Set([...s.rows.map((r) => r.level), ...s.groupLevels]);
      return LEVELS.filter((l) => levels.has(l));
    },

    byLevel: async ({ action }: AttendanceView, _: unknown, ctx: Ctx) => {
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

    byRegion: async ({ action }: AttendanceView, _: unknown, ctx: Ctx) => {
      const s = await attendanceOf(ctx, action);
      const regions = [...new Set(action.territoryIds.map(regionOf).filter((r): r is string => r !== null))];
      return regions.map((region) => ({
        territory: territoryRef(region),
        entities: s.rows.filter((r) => r.lineage.includes(region)).length,
        servants: countServants([s], territorySlice(region)),
      }));
    },

    entities: async ({ action }: AttendanceView, args: PageArgs & { level?: GovernmentLevel | null; within?: string | null }, ctx: Ctx) => {
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

    namedServants: async ({ action }: AttendanceView, _: unknown, ctx: Ctx) =>
      (await ctx.loaders.servantAttendanceBySession.load(action.id)).length,
  },

  EntityAttendance: {
    session: (r: AttendanceRecord, _: unknown, ctx: Ctx) => ctx.loaders.vocabulary.action.load(r.actionId),
    entity: (r: AttendanceRecord, _: unknown, ctx: Ctx) => ctx.loaders.vocabulary.actor.load(r.entityId),
    servants: (r: AttendanceRecord) => r.servantCount,
    namedServants: async (r: AttendanceRecord, _: unknown, ctx: Ctx) => {
      const attended = (await ctx.loaders.servantAttendanceBySession.load(r.actionId)).filter((s) => s.entityId === r.entityId);
      return present(await ctx.loaders.servant.loadMany(attended.map((s) => s.servantId)));
    },
    provenance: (r: AttendanceRecord) => provenanceOf(r),
  },

  TrainingProgramme: {
    period: programmePeriod,
    announced: (p: TrainingProgrammeRecord) =>
      p.announcedWorkshops === null
        ? null
        : {
            metric: 'ACTIONS',
            value: p.announcedWorkshops,
            qualifier: p.announcedQualifier ?? 'EXACT',
            unit: 'planned workshops',
            currency: null,
            label: 'Workshops planned for the rest of the year',
            period: programmePeriod(p),
            scopeTerritories: null,
            sourceText: p.announcedSourceText,
            provenance: provenanceOf(p),
          },
    held: async (p: TrainingProgrammeRecord, _: unknown, ctx: Ctx) => countByStatus(ctx, p, ['COMPLETED']),
    planned: async (p: TrainingProgrammeRecord, _: unknown, ctx: Ctx) => countByStatus(ctx, p, ['PLANNED', 'IN_PROGRESS']),
    cancelled: async (p: TrainingProgrammeRecord, _: unknown, ctx: Ctx) => countByStatus(ctx, p, ['CANCELLED']),
    workshops: async (p: TrainingProgrammeRecord, args: { statuses?: ActionStatus[] | null }, ctx: Ctx) => {
      const all = await ctx.loaders.sessionsByProgramme.load(p.id);
      return args.statuses?.length ? all.filter((a) => args.statuses?.includes(a.status)) : all;
    },
    provenance: (p: TrainingProgrammeRecord) => provenanceOf(p),
    provenanceNote: (p: TrainingProgrammeRecord) => p.note,
  },
};

/** A programme's period: its year when known, else UNDATED with the source's wording. */
function programmePeriod(p: TrainingProgrammeRecord) {
  return { start: null, end: null, year: p.periodYear, precision: p.periodYear === null ? 'UNDATED' : 'YEAR', text: p.periodText };
}

async function countByStatus(ctx: Ctx, p: TrainingProgrammeRecord, statuses: ActionStatus[]): Promise<number> {
  return (await ctx.loaders.sessionsByProgramme.load(p.id)).filter((a) => statuses.includes(a.status)).length;
}
