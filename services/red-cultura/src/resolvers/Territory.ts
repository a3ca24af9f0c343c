import type { PageArgs } from '@cultura/service-kit';
import { listActions, type ActionFilter } from '@cultura/vocabulary';
import { PROGRAM, PROGRAM_ID } from '../data/facts';
import type { Ctx } from './context';

interface TerritoryView {
  territoryId: string;
}

export const TerritoryResolvers = {
  Territory: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    redCultura: (t: { id: string }): TerritoryView => ({ territoryId: t.id }),
  },

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
      listActions(ctx.dataSource, PROGRAM_ID, args.filter, args, { lineageContains: t.territoryId }),
  },
};
