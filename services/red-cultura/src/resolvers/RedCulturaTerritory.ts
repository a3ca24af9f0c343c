import { withViewOrigins, type RecordOrigin } from '@cultura/vocabulary';
import { PROGRAM } from '../data/facts';
import type { RedCulturaTerritoryResolvers as RedCulturaTerritoryFieldResolvers } from '../generated/graphql';
import { listActionsWithin } from '../store/lists';
import type { TerritoryView } from './context';

/** The records of the view's origins (all when it asked for none): the loaders read every origin once per request. */
function ofOrigins<R extends { origin: RecordOrigin }>(t: TerritoryView, rows: R[]): R[] {
  const origins = t.origins;
  return origins ? rows.filter((r) => origins.includes(r.origin)) : rows;
}

/** Red Cultura's view of a territory owned by the territories service (a `TerritoryView`, see context.ts). */
export const RedCulturaTerritoryResolvers: { RedCulturaTerritory: RedCulturaTerritoryFieldResolvers } = {
  RedCulturaTerritory: {
    plan: async (t, _, ctx) => {
      const plan = await ctx.loaders.planByComuna.load(t.territoryId);
      const action = plan && (await ctx.loaders.vocabulary.action.load(plan.actionId));
      return action && ofOrigins(t, [action]).length ? action : null;
    },
    centres: async (t, _, ctx) =>
      ofOrigins(t, await ctx.loaders.actorsWithin.load({ territoryId: t.territoryId, kind: 'CULTURAL_CENTRE' })),
    municipalities: async (t, _, ctx) =>
      ofOrigins(t, await ctx.loaders.actorsWithin.load({ territoryId: t.territoryId, kind: 'MUNICIPALITY' })),
    actionsByLine: async (t, _, ctx) => {
      const actions = ofOrigins(t, await ctx.loaders.actionsWithin.load(t.territoryId));
      // Every line is listed, with zero where nothing happens: dashboards compare comunas line by line.
      return PROGRAM.lines.map((line) => {
        const inLine = actions.filter((a) => a.lineCode === line.code);
        return { line, count: inLine.length, actions: inLine };
      });
    },
    actions: (t, args, ctx) => listActionsWithin(ctx.dataSource, t.territoryId, withViewOrigins(args.filter, t.origins), args),
  },
};
