import type { RedGestionLevelResolvers as RedGestionLevelFieldResolvers } from '../generated/graphql';
import type { LevelSummary } from '../loaders';
import type { Ctx } from './context';

/** The RED's view of one level of government; every count comes from a loader batched across the request. */
export interface LevelView {
  level: LevelSummary['level'];
}

const levelSummary = (v: LevelView, ctx: Ctx): Promise<LevelSummary> => ctx.loaders.levelSummary.load(v.level);

export const RedGestionLevelResolvers: { RedGestionLevel: RedGestionLevelFieldResolvers } = {
  RedGestionLevel: {
    memberEntities: async (v, _, ctx) => (await levelSummary(v, ctx)).memberEntities,
    workshopsAttended: async (v, _, ctx) => (await levelSummary(v, ctx)).workshopsAttended,
    servantsTrained: async (v, _, ctx) => (await levelSummary(v, ctx)).servantsTrained,
  },
};
