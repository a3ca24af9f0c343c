import type { PageArgs } from '@cultura/service-kit';
import { listActions, listActors, programView, type ActionFilter, type ActorFilter } from '@cultura/vocabulary';
import { PLAN_STAGES, type PlanStage } from '../entities/Plan';
import { CONTEXTS, PROGRAM_ID } from '../data/facts';
import type { Ctx } from './context';

export const QueryResolvers = {
  Query: {
    // A namespace: every Red Cultura read hangs below it, so program services never clash at the root.
    redCultura: () => ({}),
  },

  RedCulturaQuery: {
    program: async (_: unknown, __: unknown, ctx: Ctx) => {
      const p = await ctx.loaders.vocabulary.program.load(PROGRAM_ID);
      if (!p) throw new Error('the Red Cultura program record is missing: start the service with LOAD_DEFAULT_DATA=true once');
      return programView(p);
    },
    contexts: () => CONTEXTS,
    planStages: () => PLAN_STAGES,
    actions: (_: unknown, args: PageArgs & { filter?: ActionFilter }, ctx: Ctx) => listActions(ctx.dataSource, PROGRAM_ID, args.filter, args),
    actors: (_: unknown, args: PageArgs & { filter?: ActorFilter }, ctx: Ctx) => listActors(ctx.dataSource, PROGRAM_ID, args.filter, args),
    plans: (_: unknown, args: PageArgs & { filter?: ActionFilter; stage?: PlanStage | null }, ctx: Ctx) =>
      listActions(ctx.dataSource, PROGRAM_ID, args.filter, args, {
        kinds: ['MUNICIPAL_CULTURE_PLAN'],
        ...(args.stage ? { sql: { where: 'a.id IN (SELECT action_id FROM municipal_culture_plan WHERE stage = :stage)', params: { stage: args.stage } } } : {}),
      }),
    action: (_: unknown, args: { id: string }, ctx: Ctx) => ctx.loaders.vocabulary.action.load(args.id),
    actor: (_: unknown, args: { id: string }, ctx: Ctx) => ctx.loaders.vocabulary.actor.load(args.id),
  },
};
