import type { TerritoryResolvers as TerritoryFieldResolvers } from '../generated/graphql';

export const TerritoryResolvers: { Territory: TerritoryFieldResolvers } = {
  Territory: {
    __resolveReference: (ref) => ({ id: ref.id }),
    redCultura: (t, args) => ({ territoryId: t.id, origins: args.origins?.length ? args.origins : null }),
  },
};
