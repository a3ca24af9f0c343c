import { actionFields, type ActionRecord } from '@cultura/vocabulary';
import { PROGRAM_ID, actorForm } from '../domain';
import type { ActionResolvers as ActionFieldResolvers, TechnicalAssistanceResolvers, WorkshopResolvers } from '../generated/graphql';
import type { Ctx } from './context';

export function actionTypeName(a: Pick<ActionRecord, 'kind'>): 'Workshop' | 'TechnicalAssistance' {
  return a.kind === 'TECHNICAL_ASSISTANCE' ? 'TechnicalAssistance' : 'Workshop';
}

/** A RED session of the given GraphQL type, or null (another program's id, or the other type). */
export async function loadActionAs(ctx: Ctx, id: string, typeName: ReturnType<typeof actionTypeName>): Promise<ActionRecord | null> {
  const a = await ctx.loaders.vocabulary.action.load(id);
  return a && a.programId === PROGRAM_ID && actionTypeName(a) === typeName ? a : null;
}

/** The fields both kinds of session resolve alike (both types are mapped to the action record). */
const sessionFields: WorkshopResolvers & TechnicalAssistanceResolvers = {
  ...actionFields,
  topic: async (a, _, ctx) => (await ctx.loaders.session.load(a.id))?.topic ?? null,
  modality: async (a, _, ctx) => (await ctx.loaders.session.load(a.id))?.modality ?? 'UNKNOWN',
  provenanceNote: async (a, _, ctx) => (await ctx.loaders.session.load(a.id))?.note ?? null,
  organiser: async (a, _, ctx) => {
    const organiser = (await ctx.loaders.vocabulary.participationsByAction.load(a.id)).find((p) => p.role === 'ORGANISER');
    const actor = organiser && (await ctx.loaders.vocabulary.actor.load(organiser.actorId));
    return actor && actorForm(actor.details) === 'ENTITY' ? actor : null;
  },
  attendance: (a) => ({ action: a }),
};

export const ActionResolvers: {
  Action: ActionFieldResolvers;
  Workshop: WorkshopResolvers;
  TechnicalAssistance: TechnicalAssistanceResolvers;
} = {
  Action: { __resolveType: actionTypeName },

  Workshop: {
    __resolveReference: (ref, ctx) => loadActionAs(ctx, ref.id, 'Workshop'),
    ...sessionFields,
    trainingProgramme: async (a, _, ctx) => {
      const programmeId = (await ctx.loaders.session.load(a.id))?.programmeId;
      return programmeId ? ctx.loaders.programme.load(programmeId) : null;
    },
  },

  TechnicalAssistance: {
    __resolveReference: (ref, ctx) => loadActionAs(ctx, ref.id, 'TechnicalAssistance'),
    ...sessionFields,
    recipient: async (a, _, ctx) => {
      const recipientId = (await ctx.loaders.session.load(a.id))?.recipientId;
      return recipientId ? ctx.loaders.vocabulary.actor.load(recipientId) : null;
    },
  },
};
