import { qualifierOfSum } from '@cultura/vocabulary';
import { scopeAgainst, summable } from '../domain';
import type { TerritoryResolvers as TerritoryFieldResolvers } from '../generated/graphql';
import { scopedFigureView } from '../query/report';

/**
 * `Territory.crossProgram`: every program's actions, actors and figures in a territory. A figure counts
 * as the territory's own only when its whole scope lies inside it; a wider one (a program-wide total, a
 * figure for "Lima and Callao") is listed apart as context.
 */
const Territory: TerritoryFieldResolvers = {
  __resolveReference: (ref) => ({ id: ref.id }),
  crossProgram: async (t, _, ctx) => {
    const [counts, scoped] = await Promise.all([ctx.loaders.crossProgram.load(t.id), ctx.loaders.scopedFigures()]);
    const filter = { within: [t.id], countries: [] };
    const placed = scoped.map((f) => ({ f, where: scopeAgainst(f.places, filter) })).filter((x) => x.where !== 'OUTSIDE');
    const programs = [...new Set([...counts.map((c) => c.program), ...placed.map((x) => x.f.programId)])].sort();
    const byProgram = programs.map((program) => {
      const c = counts.find((x) => x.program === program);
      return {
        program,
        actions: c?.actions ?? 0,
        actionsPartlyElsewhere: c?.partlyElsewhere ?? 0,
        actors: c?.actors ?? 0,
        figures: async () =>
          (await ctx.loaders.crossProgramFigures.load(t.id))
            .filter((s) => s.program === program && summable(s.metric, s.figures))
            .map((s) => ({
              metric: s.metric,
              value: s.value,
              qualifier: qualifierOfSum(s.qualifiers),
              unit: s.unit,
              currency: s.currency,
              figureCount: s.figures,
              actionsReporting: s.actionsReporting,
            })),
        reportedFigures: placed.filter((x) => x.f.programId === program && x.where === 'INSIDE').map((x) => scopedFigureView(x.f)),
        widerFigures: placed.filter((x) => x.f.programId === program && x.where === 'PARTLY').map((x) => scopedFigureView(x.f)),
      };
    });
    return {
      actions: counts.reduce((n, p) => n + p.actions, 0),
      actors: counts.reduce((n, p) => n + p.actors, 0),
      byProgram,
    };
  },
};

export const TerritoryResolvers = { Territory };
