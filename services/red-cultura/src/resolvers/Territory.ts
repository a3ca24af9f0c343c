import type { TerritoryView } from './RedCulturaTerritory';

export const TerritoryResolvers = {
  Territory: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    redCultura: (t: { id: string }): TerritoryView => ({ territoryId: t.id }),
  },
};
