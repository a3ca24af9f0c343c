import { encodeCursor, pageSize, present, toConnection } from '@cultura/service-kit';
import type { CulturalDomain, RecordOrigin } from '@cultura/vocabulary';
import type { PuntosCulturaTerritoryResolvers as PuntosCulturaTerritoryFieldResolvers } from '../generated/graphql';
import { CULTURE_POINT_STATUSES, type CulturePointStatus } from '../domain';
import { PROGRAM_ID } from '../data/facts';
import { figureRelation } from '../figure-scope';
import type { TerritoryStats } from '../loaders';
import { LISTS, listPointsWithin } from '../store/lists';
import { programFigureView } from './PuntosCulturaFigure';
import { selects, theProgram, type Ctx } from './context';

/** What `Territory.puntosCultura` hands its fields: the territory and the origins asked for (codegen.json's mapper). */
export interface TerritoryView {
  territoryId: string;
  origins: RecordOrigin[] | null;
}

const stats = (t: TerritoryView, ctx: Ctx): Promise<TerritoryStats> => ctx.loaders.territoryStats.load(t);

const sum = (s: TerritoryStats, statuses: readonly CulturePointStatus[]) => statuses.reduce((n, st) => n + (s.byStatus.get(st) ?? 0), 0);

export const PuntosCulturaTerritoryResolvers: { PuntosCulturaTerritory: PuntosCulturaTerritoryFieldResolvers } = {
  PuntosCulturaTerritory: {
    recognised: async (t, _, ctx) => sum(await stats(t, ctx), ['RECOGNISED']),
    total: async (t, _, ctx) => sum(await stats(t, ctx), CULTURE_POINT_STATUSES),
    byStatus: async (t, _, ctx) => {
      const s = await stats(t, ctx);
      return CULTURE_POINT_STATUSES.map((status) => ({ status, count: s.byStatus.get(status) ?? 0 }));
    },
    byDomain: async (t, args, ctx) => {
      const statuses = args.statuses?.length ? args.statuses : CULTURE_POINT_STATUSES;
      const counts = new Map<CulturalDomain, number>();
      // A point has one status, so adding the per-status counts of a domain counts each point once.
      for (const r of (await stats(t, ctx)).byStatusAndDomain) {
        if (statuses.includes(r.status)) counts.set(r.domain, (counts.get(r.domain) ?? 0) + r.count);
      }
      return [...counts]
        .map(([domain, count]) => ({ domain, count }))
        .sort((a, b) => b.count - a.count || a.domain.localeCompare(b.domain));
    },
    figures: async (t, args, ctx) => {
      const figures = (await ctx.loaders.programFigures.load(PROGRAM_ID)).filter(
        (f) => (!t.origins || t.origins.includes(f.record.origin)) && (!args.metrics?.length || args.metrics.includes(f.record.metric)),
      );
      // Without default data there are no figures, and no program row to ask for its country.
      if (!figures.length) return [];
      const country = (await theProgram(ctx)).countryId;
      return figures.flatMap((f) => {
        const relation = figureRelation(f.record, country, t.territoryId);
        // A wider figure is never shown as the territory's own: only as context, flagged, when asked for.
        if (!relation || (relation !== 'WITHIN' && !args.context)) return [];
        return [{ relation, figure: programFigureView(f, country) }];
      });
    },
    points: async (t, args, ctx, info) => {
      const statuses = args.statuses?.length ? args.statuses : null;
      const eager = selects(info, 'totalCount') ? stats(t, ctx) : null;
      const count = async () => sum(await (eager ?? stats(t, ctx)), statuses ?? CULTURE_POINT_STATUSES);
      if (args.after) {
        const page = await listPointsWithin(ctx.dataSource, t.territoryId, { statuses, origins: t.origins }, args);
        return { ...page, totalCount: count };
      }
      const limit = pageSize(args.first);
      const ids =
        limit === 0 ? [] : await ctx.loaders.pointIdsInTerritory.load({ territoryId: t.territoryId, origins: t.origins, statuses, limit });
      const rows = present(await ctx.loaders.vocabulary.actor.loadMany(ids));
      return toConnection(rows, limit, (r) => encodeCursor(r.sortName, r.id, LISTS.territoryPoints), count);
    },
  },
};
