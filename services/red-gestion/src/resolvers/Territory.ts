import type { TerritoryResolvers as TerritoryFieldResolvers } from '../generated/graphql';

export const TerritoryResolvers: { Territory: TerritoryFieldResolvers } = {
  Territory: {
    __resolveReference: (ref) => ({ id: ref.id }),
    redGestion: (t) => ({ territoryId: t.id }),
  },
};
