import { actorFields, type ActorRecord } from '@cultura/vocabulary';
import { pageInMemory, type PageArgs } from '@cultura/service-kit';
import { PROGRAM_ID, actorForm, noteOf } from '../domain';
import { LISTS } from '../store/lists';
import type { Ctx } from './context';

export function actorTypeName(a: Pick<ActorRecord, 'details'>): 'GovernmentEntity' | 'GovernmentEntityGroup' {
  return actorForm(a.details) === 'GROUP' ? 'GovernmentEntityGroup' : 'GovernmentEntity';
}

/** A RED actor of the given GraphQL type, or null (another program's id, or the other type). */
export async function loadActorAs(ctx: Ctx, id: string, typeName: ReturnType<typeof actorTypeName>): Promise<ActorRecord | null> {
  const a = await ctx.loaders.vocabulary.actor.load(id);
  return a && a.programId === PROGRAM_ID && actorTypeName(a) === typeName ? a : null;
}

async function redFacts(a: ActorRecord, ctx: Ctx) {
  const facts = await ctx.loaders.entity.load(a.id);
  if (!facts) throw new Error(`RED facts of actor ${a.id} are missing from red_entity`);
  return facts;
}

export const ActorResolvers = {
  Actor: { __resolveType: actorTypeName },

  GovernmentEntity: {
    __resolveReference: (ref: { id: string }, ctx: Ctx) => loadActorAs(ctx, ref.id, 'GovernmentEntity'),
    ...actorFields,
    acronym: async (a: ActorRecord, _: unknown, ctx: Ctx) => (await redFacts(a, ctx)).acronym,
    entityKind: async (a: ActorRecord, _: unknown, ctx: Ctx) => (await redFacts(a, ctx)).entityKind,
    networkRole: async (a: ActorRecord, _: unknown, ctx: Ctx) => (await redFacts(a, ctx)).networkRole,
    memberSince: async (a: ActorRecord, _: unknown, ctx: Ctx) => (await redFacts(a, ctx)).memberSince,
    attendance: (a: ActorRecord, _: unknown, ctx: Ctx) => ctx.loaders.attendanceByEntity.load(a.id),
    servantCount: async (a: ActorRecord, _: unknown, ctx: Ctx) => (await ctx.loaders.servantsByEntity.load(a.id)).length,
    servants: async (a: ActorRecord, args: PageArgs, ctx: Ctx) =>
      // Ordered by when they were recorded: an order by name would leak something of the names.
      pageInMemory(await ctx.loaders.servantsByEntity.load(a.id), args, LISTS.servantsByRecord, (s) => [s.createdAt.toISOString(), s.id]),
    provenanceNote: (a: ActorRecord) => noteOf(a.details),
  },

  GovernmentEntityGroup: {
    __resolveReference: (ref: { id: string }, ctx: Ctx) => loadActorAs(ctx, ref.id, 'GovernmentEntityGroup'),
    ...actorFields,
    entityKind: async (a: ActorRecord, _: unknown, ctx: Ctx) => (await redFacts(a, ctx)).entityKind,
    provenanceNote: (a: ActorRecord) => noteOf(a.details),
  },
};
