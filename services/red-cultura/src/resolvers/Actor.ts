import { actorFields, type ActorRecord } from '@cultura/vocabulary';
import type {
  ActorResolvers as ActorInterfaceResolvers,
  CulturalCentreResolvers,
  MunicipalityResolvers,
  RedCulturaActorResolvers,
} from '../generated/graphql';
import type { Ctx } from './context';

/** The GraphQL types of Red Cultura's actors. */
export type ActorTypeName = 'Municipality' | 'CulturalCentre' | 'RedCulturaActor';

export function actorTypeName(a: Pick<ActorRecord, 'kind'>): ActorTypeName {
  switch (a.kind) {
    case 'MUNICIPALITY':
      return 'Municipality';
    case 'CULTURAL_CENTRE':
      return 'CulturalCentre';
    default:
      return 'RedCulturaActor';
  }
}

const resolveAs = (typeName: ActorTypeName) => async (ref: { id: string }, ctx: Ctx) => {
  const a = await ctx.loaders.vocabulary.actor.load(ref.id);
  return a && actorTypeName(a) === typeName ? a : null;
};

export const ActorResolvers: {
  Actor: ActorInterfaceResolvers;
  Municipality: MunicipalityResolvers;
  CulturalCentre: CulturalCentreResolvers;
  RedCulturaActor: RedCulturaActorResolvers;
} = {
  Actor: { __resolveType: actorTypeName },

  Municipality: {
    __resolveReference: resolveAs('Municipality'),
    ...actorFields,
    plan: async (a, _, ctx) => {
      const plan = await ctx.loaders.planByMunicipality.load(a.id);
      return plan && ctx.loaders.vocabulary.action.load(plan.actionId);
    },
    centres: (a, _, ctx) => ctx.loaders.centresByMunicipality.load(a.id),
  },

  CulturalCentre: {
    __resolveReference: resolveAs('CulturalCentre'),
    ...actorFields,
    municipality: (a, _, ctx) => (a.details.municipalityId ? ctx.loaders.vocabulary.actor.load(String(a.details.municipalityId)) : null),
    advisory: (a, _, ctx) => ctx.loaders.actionsByCentre.load({ centreId: a.id, kind: 'ADVISORY' }),
    alliances: (a, _, ctx) => ctx.loaders.actionsByCentre.load({ centreId: a.id, kind: 'ALLIANCE' }),
  },

  RedCulturaActor: {
    __resolveReference: resolveAs('RedCulturaActor'),
    ...actorFields,
    description: (a) => (typeof a.details.description === 'string' ? a.details.description : null),
  },
};
