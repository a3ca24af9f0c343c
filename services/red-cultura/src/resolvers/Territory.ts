import type { TerritoryResolvers as TerritoryFieldResolvers } from '../generated/graphql';

export const TerritoryResolvers: { Territory: TerritoryFieldResolvers } = {
  Territory: {
    __resolveReference: (ref) => ({ id: ref.id }),
    redCultura: (t) => ({ territoryId: t.id }),
  },
};
