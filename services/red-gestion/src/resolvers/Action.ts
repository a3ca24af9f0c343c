import { actionFields, type ActionRecord } from '@cultura/vocabulary';
import { PROGRAM_ID, actorForm } from '../domain';
import type { Ctx } from './context';
import type { AttendanceView } from './WorkshopAttendance';

export function actionTypeName(a: Pick<ActionRecord, 'kind'>): 'Workshop' | 'TechnicalAssistance' {
  return a.kind === 'TECHNICAL_ASSISTANCE' ? 'TechnicalAssistance' : 'Workshop';
}

/** A RED session of the given GraphQL type, or null (another program's id, or the other type). */
export async function loadActionAs(ctx: Ctx, id: string, typeName: ReturnType<typeof actionTypeName>): Promise<ActionRecord | null> {
  const a = await ctx.loaders.vocabulary.action.load(id);
  return a && a.programId === PROGRAM_ID && actionTypeName(a) === typeName ? a : null;
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
};
