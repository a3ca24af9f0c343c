import type { LevelSummary } from '../loaders';
import type { Ctx } from './context';

/** The RED's view of one level of government; every count comes from a loader batched across the request. */
interface LevelView {
  level: LevelSummary['level'];
}

const levelSummary = (v: LevelView, ctx: Ctx): Promise<LevelSummary> => ctx.loaders.levelSummary.load(v.level);

export const RedGestionLevelResolvers = {
  RedGestionLevel: {
    memberEntities: async (v: LevelView, _: unknown, ctx: Ctx) => (await levelSummary(v, ctx)).memberEntities,
    workshopsAttended: async (v: LevelView, _: unknown, ctx: Ctx) => (await levelSummary(v, ctx)).workshopsAttended,
    servantsTrained: async (v: LevelView, _: unknown, ctx: Ctx) => (await levelSummary(v, ctx)).servantsTrained,
  },
};
