import { PROGRAM } from '../data/facts';
import type { RedCulturaTerritoryResolvers as RedCulturaTerritoryFieldResolvers } from '../generated/graphql';
import { listActionsWithin } from '../store/lists';

/** Red Cultura's view of a territory owned by the territories service (a `TerritoryView`, see context.ts). */
export const RedCulturaTerritoryResolvers: { RedCulturaTerritory: RedCulturaTerritoryFieldResolvers } = {
  RedCulturaTerritory: {
    plan: async (t, _, ctx) => {
      const plan = await ctx.loaders.planByComuna.load(t.territoryId);
      return plan && ctx.loaders.vocabulary.action.load(plan.actionId);
    },
    centres: (t, _, ctx) => ctx.loaders.actorsWithin.load({ territoryId: t.territoryId, kind: 'CULTURAL_CENTRE' }),
    municipalities: (t, _, ctx) => ctx.loaders.actorsWithin.load({ territoryId: t.territoryId, kind: 'MUNICIPALITY' }),
    actionsByLine: async (t, _, ctx) => {
      const actions = await ctx.loaders.actionsWithin.load(t.territoryId);
      // Every line is listed, with zero where nothing happens: dashboards compare comunas line by line.
      return PROGRAM.lines.map((line) => {
        const inLine = actions.filter((a) => a.lineCode === line.code);
        return { line, count: inLine.length, actions: inLine };
      });
    },
    actions: (t, args, ctx) => listActionsWithin(ctx.dataSource, t.territoryId, args.filter, args),
  },
};
