import { territoryRef, withViewOrigins, type RecordOrigin } from '@cultura/vocabulary';
import type { RedGestionTerritoryResolvers as RedGestionTerritoryFieldResolvers } from '../generated/graphql';
import type { RegionSummary } from '../loaders';
import { listEntities, listSessionsWithin } from '../store/lists';
import type { Ctx } from './context';

/** The RED's view of one territory; every count comes from a loader batched across the request. */
export interface TerritoryView {
  territoryId: string;
  /** The origins `Territory.redGestion(origins:)` asked for; null: every origin. */
  origins: RecordOrigin[] | null;
}

const summary = (v: TerritoryView, ctx: Ctx): Promise<RegionSummary> =>
  ctx.loaders.regionSummary.load({ territoryId: v.territoryId, origins: v.origins });

export const RedGestionTerritoryResolvers: { RedGestionTerritory: RedGestionTerritoryFieldResolvers } = {
  RedGestionTerritory: {
    territory: (v) => territoryRef(v.territoryId),
    memberEntities: async (v, _, ctx) => (await summary(v, ctx)).memberEntities,
    workshopsAttended: async (v, _, ctx) => (await summary(v, ctx)).workshopsAttended,
    servantsTrained: async (v, _, ctx) => (await summary(v, ctx)).servantsTrained,
    entities: (v, args, ctx) =>
      listEntities(
        ctx.dataSource,
        withViewOrigins(args.filter, v.origins),
        { entityKinds: args.entityKinds, networkRoles: args.networkRoles, territoryId: v.territoryId },
        args,
      ),
    workshops: (v, args, ctx) => listSessionsWithin(ctx.dataSource, v.territoryId, withViewOrigins(args.filter, v.origins), args),
  },
};
