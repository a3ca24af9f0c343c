import { listActions, territoryRef, type ActionFilter, type ActorFilter } from '@cultura/vocabulary';
import type { PageArgs } from '@cultura/service-kit';
import { PROGRAM_ID, SESSION_KINDS, type GovernmentEntityKind, type NetworkRole } from '../domain';
import type { LevelSummary, RegionSummary } from '../loaders';
import { listEntities } from '../queries';
import type { Ctx } from './context';

/** The RED's view of one territory; every count comes from a loader batched across the request. */
export interface TerritoryView {
  territoryId: string;
}

const summary = (v: TerritoryView, ctx: Ctx): Promise<RegionSummary> => ctx.loaders.regionSummary.load(v.territoryId);
const levelSummary = (v: { level: LevelSummary['level'] }, ctx: Ctx): Promise<LevelSummary> => ctx.loaders.levelSummary.load(v.level);

export const TerritoryResolvers = {
  Territory: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    redGestion: (t: { id: string }): TerritoryView => ({ territoryId: t.id }),
  },

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
      listActions(ctx.dataSource, PROGRAM_ID, args.filter, args, { kinds: SESSION_KINDS, lineageContains: v.territoryId }),
  },

  RedGestionLevel: {
    memberEntities: async (v: { level: LevelSummary['level'] }, _: unknown, ctx: Ctx) => (await levelSummary(v, ctx)).memberEntities,
    workshopsAttended: async (v: { level: LevelSummary['level'] }, _: unknown, ctx: Ctx) => (await levelSummary(v, ctx)).workshopsAttended,
    servantsTrained: async (v: { level: LevelSummary['level'] }, _: unknown, ctx: Ctx) => (await levelSummary(v, ctx)).servantsTrained,
  },
};
