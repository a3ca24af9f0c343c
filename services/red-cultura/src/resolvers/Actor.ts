import { actorFields, type ActorRecord } from '@cultura/vocabulary';
import type { Ctx } from './context';

export function actorTypeName(a: Pick<ActorRecord, 'kind'>): string {
  switch (a.kind) {
    case 'MUNICIPALITY':
      return 'Municipality';
    case 'CULTURAL_CENTRE':
      return 'CulturalCentre';
    default:
      return 'RedCulturaActor';
  }
}

const resolveAs = (typeName: string) => async (ref: { id: string }, ctx: Ctx) => {
  const a = await ctx.loaders.vocabulary.actor.load(ref.id);
  return a && actorTypeName(a) === typeName ? a : null;
};

export const ActorResolvers = {
  Actor: { __resolveType: actorTypeName },

  Municipality: {
    __resolveReference: resolveAs('Municipality'),
    ...actorFields,
    plan: async (a: ActorRecord, _: unknown, ctx: Ctx) => {
      const plan = await ctx.loaders.planByMunicipality.load(a.id);
      return plan && ctx.loaders.vocabulary.action.load(plan.actionId);
    },
    centres: (a: ActorRecord, _: unknown, ctx: Ctx) => ctx.loaders.centresByMunicipality.load(a.id),
  },

  CulturalCentre: {
    __resolveReference: resolveAs('CulturalCentre'),
    ...actorFields,
    municipality: (a: ActorRecord, _: unknown, ctx: Ctx) =>
      a.details.municipalityId ? ctx.loaders.vocabulary.actor.load(String(a.details.municipalityId)) : null,
    advisory: (a: ActorRecord, _: unknown, ctx: Ctx) => ctx.loaders.actionsByCentre.load({ centreId: a.id, kind: 'ADVISORY' }),
    alliances: (a: ActorRecord, _: unknown, ctx: Ctx) => ctx.loaders.actionsByCentre.load({ centreId: a.id, kind: 'ALLIANCE' }),
  },

  RedCulturaActor: {
    __resolveReference: resolveAs('RedCulturaActor'),
    ...actorFields,
    description: (a: ActorRecord) => (typeof a.details.description === 'string' ? a.details.description : null),
  },
};
