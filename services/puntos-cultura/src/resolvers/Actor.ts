import { actorFields, type ActorRecord } from '@cultura/vocabulary';
import type { ActorResolvers as ActorTypeResolvers, PuntosCulturaActorResolvers } from '../generated/graphql';

/** The concrete actor types of this schema. */
type ActorTypeName = NonNullable<Awaited<ReturnType<ActorTypeResolvers['__resolveType']>>>;

/** Which concrete type serves an actor: culture points, or the program's other actors (the ministry). */
export const actorTypeOf = (a: ActorRecord): ActorTypeName => (a.kind === 'CULTURE_POINT' ? 'CulturePoint' : 'PuntosCulturaActor');

export const ActorResolvers: { Actor: ActorTypeResolvers; PuntosCulturaActor: PuntosCulturaActorResolvers } = {
  Actor: { __resolveType: actorTypeOf },
  PuntosCulturaActor: {
    __resolveReference: async (ref, ctx) => {
      const a = await ctx.loaders.vocabulary.actor.load(ref.id);
      return a && a.kind !== 'CULTURE_POINT' ? a : null;
    },
    ...actorFields,
  },
};
