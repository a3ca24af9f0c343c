import type { TerritoryView } from './RedGestionTerritory';

export const TerritoryResolvers = {
  Territory: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    redGestion: (t: { id: string }): TerritoryView => ({ territoryId: t.id }),
  },
};
