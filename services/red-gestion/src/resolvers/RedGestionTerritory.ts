import { territoryRef, type ActionFilter, type ActorFilter } from '@cultura/vocabulary';
import type { PageArgs } from '@cultura/service-kit';
import type { GovernmentEntityKind, NetworkRole } from '../domain';
import type { RegionSummary } from '../loaders';
import { listEntities, listSessionsWithin } from '../store/lists';
import type { Ctx } from './context';

/** The RED's view of one territory; every count comes from a loader batched across the request. */
export interface TerritoryView {
  territoryId: string;
}

const summary = (v: TerritoryView, ctx: Ctx): Promise<RegionSummary> => ctx.loaders.regionSummary.load(v.territoryId);

export const RedGestionTerritoryResolvers = {
  RedGestionTerritory: {
    territory: (v: TerritoryView) => territoryRef(v.territoryId),
    memberEntities: async (v: TerritoryView, _: unknown, ctx: Ctx) => (await summary(v, ctx)).memberEntities,
    workshopsAttended: async (v: TerritoryView, _: unknown, ctx: Ctx) => (await summary(v, ctx)).workshopsAttended,
    servantsTrained: async (v: TerritoryView, _: unknown, ctx: Ctx) => (await summary(v, ctx)).servantsTrained,
    entities: (
      v: TerritoryView,
      args: PageArgs & { filter?: ActorFilter | null; entityKinds?: GovernmentEntityKind[] | null; networkRoles?: NetworkRole[] | null },
      ctx: Ctx,
    ) =>
      listEntities(
        ctx.dataSource,
        args.filter,
        { entityKinds: args.entityKinds, networkRoles: args.networkRoles, territoryId: v.territoryId },
        args,
      ),
    workshops: (v: TerritoryView, args: PageArgs & { filter?: ActionFilter | null }, ctx: Ctx) =>
      listSessionsWithin(ctx.dataSource, v.territoryId, args.filter, args),
  },
};
