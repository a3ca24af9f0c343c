import { actorFields, type ActorRecord } from '@cultura/vocabulary';
import type { Ctx } from './context';

/** Which concrete type serves an actor: culture points, or the program's other actors (the ministry). */
export const actorTypeOf = (a: ActorRecord): string => (a.kind === 'CULTURE_POINT' ? 'CulturePoint' : 'PuntosCulturaActor');

export const ActorResolvers = {
  Actor: { __resolveType: actorTypeOf },
  PuntosCulturaActor: {
    __resolveReference: async (ref: { id: string }, ctx: Ctx) => {
      const a = await ctx.loaders.vocabulary.actor.load(ref.id);
      return a && a.kind !== 'CULTURE_POINT' ? a : null;
    },
    ...actorFields,
  },
};
