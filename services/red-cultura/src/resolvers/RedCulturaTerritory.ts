import type { PageArgs } from '@cultura/service-kit';
import type { ActionFilter } from '@cultura/vocabulary';
import { PROGRAM } from '../data/facts';
import { listActionsWithin } from '../store/lists';
import type { Ctx } from './context';

/** Red Cultura's view of a territory owned by the territories service. */
export interface TerritoryView {
  territoryId: string;
}

export const RedCulturaTerritoryResolvers = {
  RedCulturaTerritory: {
    plan: async (t: TerritoryView, _: unknown, ctx: Ctx) => {
      const plan = await ctx.loaders.planByComuna.load(t.territoryId);
      return plan && ctx.loaders.vocabulary.action.load(plan.actionId);
    },
    centres: (t: TerritoryView, _: unknown, ctx: Ctx) =>
      ctx.loaders.actorsWithin.load({ territoryId: t.territoryId, kind: 'CULTURAL_CENTRE' }),
    municipalities: (t: TerritoryView, _: unknown, ctx: Ctx) =>
      ctx.loaders.actorsWithin.load({ territoryId: t.territoryId, kind: 'MUNICIPALITY' }),
    actionsByLine: async (t: TerritoryView, _: unknown, ctx: Ctx) => {
      const actions = await ctx.loaders.actionsWithin.load(t.territoryId);
      // Every line is listed, with zero where nothing happens: dashboards compare comunas line by line.
      return PROGRAM.lines.map((line) => {
        const inLine = actions.filter((a) => a.lineCode === line.code);
        return { line, count: inLine.length, actions: inLine };
      });
    },
    actions: (t: TerritoryView, args: PageArgs & { filter?: ActionFilter }, ctx: Ctx) =>
      listActionsWithin(ctx.dataSource, t.territoryId, args.filter, args),
  },
};
