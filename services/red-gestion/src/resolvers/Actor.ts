import { actorFields, type ActorRecord } from '@cultura/vocabulary';
import { pageInMemory } from '@cultura/service-kit';
import { PROGRAM_ID, actorForm, noteOf } from '../domain';
import type {
  ActorResolvers as ActorFieldResolvers,
  GovernmentEntityGroupResolvers,
  GovernmentEntityResolvers,
} from '../generated/graphql';
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

export const ActorResolvers: {
  Actor: ActorFieldResolvers;
  GovernmentEntity: GovernmentEntityResolvers;
  GovernmentEntityGroup: GovernmentEntityGroupResolvers;
} = {
  Actor: { __resolveType: actorTypeName },

  GovernmentEntity: {
    __resolveReference: (ref, ctx) => loadActorAs(ctx, ref.id, 'GovernmentEntity'),
    ...actorFields,
    acronym: async (a, _, ctx) => (await redFacts(a, ctx)).acronym,
    entityKind: async (a, _, ctx) => (await redFacts(a, ctx)).entityKind,
    networkRole: async (a, _, ctx) => {
      const role = (await redFacts(a, ctx)).networkRole;
      // Only groups have no role, and a group is a GovernmentEntityGroup (actorTypeName).
      if (role === null) throw new Error(`RED entity ${a.id} has no network role in red_entity`);
      return role;
    },
    memberSince: async (a, _, ctx) => (await redFacts(a, ctx)).memberSince,
    attendance: (a, _, ctx) => ctx.loaders.attendanceByEntity.load(a.id),
    servantCount: async (a, _, ctx) => (await ctx.loaders.servantsByEntity.load(a.id)).length,
    servants: async (a, args, ctx) =>
      // Ordered by when they were recorded: an order by name would leak something of the names.
      pageInMemory(await ctx.loaders.servantsByEntity.load(a.id), args, LISTS.servantsByRecord, (s) => [s.createdAt.toISOString(), s.id]),
    provenanceNote: (a) => noteOf(a.details),
  },

  GovernmentEntityGroup: {
    __resolveReference: (ref, ctx) => loadActorAs(ctx, ref.id, 'GovernmentEntityGroup'),
    ...actorFields,
    entityKind: async (a, _, ctx) => (await redFacts(a, ctx)).entityKind,
    provenanceNote: (a) => noteOf(a.details),
  },
};
