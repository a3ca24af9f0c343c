import { figureView, programView, type ProgramRecord } from '@cultura/vocabulary';
import { PLAN_STAGES, PROGRAM_ID } from '../domain';
import { CONTEXTS, LINE_FACTS, SEED } from '../data/facts';
import type { RedCulturaQueryResolvers as RedCulturaQueryFieldResolvers } from '../generated/graphql';
import { listPlans, listProgramActions, listProgramActors } from '../store/lists';
import type { Ctx } from './context';

async function loadProgram(ctx: Ctx): Promise<ProgramRecord> {
  const p = await ctx.loaders.vocabulary.program.load(PROGRAM_ID);
  if (!p) throw new Error('the Red Cultura program record is missing: start the service with LOAD_DEFAULT_DATA=true once');
  return p;
}

/** Provenance of a fact the code states from the source document (no row of its own, so no recording time). */
const fromSource = (locator: string) => ({ origin: 'SOURCE_DOCUMENT', source: SEED, locator, recordedAt: null });

export const RedCulturaQueryResolvers: { RedCulturaQuery: RedCulturaQueryFieldResolvers } = {
  RedCulturaQuery: {
    program: async (_, __, ctx) => programView(await loadProgram(ctx)),
    lines: async (_, __, ctx) => {
      const program = await loadProgram(ctx);
      return program.lines.map((line) => {
        const facts = LINE_FACTS.find((f) => f.code === line.code);
        return {
          code: line.code,
          name: line.name,
          objective: line.objective ?? null,
          advisory: facts?.advisory ? { ...facts.advisory, provenance: fromSource(facts.advisory.locator) } : null,
          provenance: facts ? fromSource(facts.locator) : programView(program).provenance,
        };
      });
    },
    figures: async (_, args, ctx) =>
      (await ctx.loaders.vocabulary.figures.load({ subject: 'PROGRAM', id: PROGRAM_ID }))
        .filter(
          (f) => (!args.metrics?.length || args.metrics.includes(f.metric)) && (!args.origins?.length || args.origins.includes(f.origin)),
        )
        .map(figureView),
    contexts: () => CONTEXTS,
    // A copy: PLAN_STAGES is a readonly tuple, the resolver type a (mutable) list.
    planStages: () => [...PLAN_STAGES],
    actions: (_, args, ctx) => listProgramActions(ctx.dataSource, args.filter, args),
    actors: (_, args, ctx) => listProgramActors(ctx.dataSource, args.filter, args),
    plans: (_, args, ctx) => listPlans(ctx.dataSource, args.filter, args, args.stage),
    action: (_, args, ctx) => ctx.loaders.vocabulary.action.load(args.id),
    actor: (_, args, ctx) => ctx.loaders.vocabulary.actor.load(args.id),
  },
};
