import type { RecordOrigin } from '@cultura/vocabulary';
import type { TerritoryView } from './PuntosCulturaTerritory';

export const TerritoryResolvers = {
  Territory: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    puntosCultura: (t: { id: string }, args: { origins?: RecordOrigin[] | null }): TerritoryView => ({
      territoryId: t.id,
      origins: args.origins?.length ? args.origins : null,
    }),
  },
};
