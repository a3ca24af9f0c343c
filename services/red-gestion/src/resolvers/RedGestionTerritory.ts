import { territoryRef, type RecordOrigin } from '@cultura/vocabulary';
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

/** A list's filter within the view: its own `origins` when given, else the view's. */
const withOrigins = <F extends { origins?: RecordOrigin[] | null }>(
  filter: F | null | undefined,
  v: TerritoryView,
): F | null | undefined => (filter?.origins?.length || !v.origins ? filter : ({ ...filter, origins: v.origins } as F));

export const RedGestionTerritoryResolvers: { RedGestionTerritory: RedGestionTerritoryFieldResolvers } = {
  RedGestionTerritory: {
    territory: (v) => territoryRef(v.territoryId),
    memberEntities: async (v, _, ctx) => (await summary(v, ctx)).memberEntities,
    workshopsAttended: async (v, _, ctx) => (await summary(v, ctx)).workshopsAttended,
    servantsTrained: async (v, _, ctx) => (await summary(v, ctx)).servantsTrained,
    entities: (v, args, ctx) =>
      listEntities(
        ctx.dataSource,
        withOrigins(args.filter, v),
        { entityKinds: args.entityKinds, networkRoles: args.networkRoles, territoryId: v.territoryId },
        args,
      ),
    workshops: (v, args, ctx) => listSessionsWithin(ctx.dataSource, v.territoryId, withOrigins(args.filter, v), args),
  },
};
