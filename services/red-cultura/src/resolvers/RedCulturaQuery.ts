import type { PageArgs } from '@cultura/service-kit';
import {
  figureView,
  programView,
  type ActionFilter,
  type ActorFilter,
  type FigureMetric,
  type ProgramRecord,
  type RecordOrigin,
} from '@cultura/vocabulary';
import { PLAN_STAGES, PROGRAM_ID, type PlanStage } from '../domain';
import { CONTEXTS, LINE_FACTS, SEED } from '../data/facts';
import { listPlans, listProgramActions, listProgramActors } from '../store/lists';
import type { Ctx } from './context';

async function loadProgram(ctx: Ctx): Promise<ProgramRecord> {
  const p = await ctx.loaders.vocabulary.program.load(PROGRAM_ID);
  if (!p) throw new Error('the Red Cultura program record is missing: start the service with LOAD_DEFAULT_DATA=true once');
  return p;
}

/** Provenance of a fact the code states from the source document (no row of its own, so no recording time). */
const fromSource = (locator: string) => ({ origin: 'SOURCE_DOCUMENT', source: SEED, locator, recordedAt: null });

export const RedCulturaQueryResolvers = {
  RedCulturaQuery: {
    program: async (_: unknown, __: unknown, ctx: Ctx) => programView(await loadProgram(ctx)),
    lines: async (_: unknown, __: unknown, ctx: Ctx) => {
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
    figures: async (_: unknown, args: { metrics?: FigureMetric[] | null; origins?: RecordOrigin[] | null }, ctx: Ctx) =>
      (await ctx.loaders.vocabulary.figures.load({ subject: 'PROGRAM', id: PROGRAM_ID }))
        .filter(
          (f) => (!args.metrics?.length || args.metrics.includes(f.metric)) && (!args.origins?.length || args.origins.includes(f.origin)),
        )
        .map(figureView),
    contexts: () => CONTEXTS,
    planStages: () => PLAN_STAGES,
    actions: (_: unknown, args: PageArgs & { filter?: ActionFilter }, ctx: Ctx) => listProgramActions(ctx.dataSource, args.filter, args),
    actors: (_: unknown, args: PageArgs & { filter?: ActorFilter }, ctx: Ctx) => listProgramActors(ctx.dataSource, args.filter, args),
    plans: (_: unknown, args: PageArgs & { filter?: ActionFilter; stage?: PlanStage | null }, ctx: Ctx) =>
      listPlans(ctx.dataSource, args.filter, args, args.stage),
    action: (_: unknown, args: { id: string }, ctx: Ctx) => ctx.loaders.vocabulary.action.load(args.id),
    actor: (_: unknown, args: { id: string }, ctx: Ctx) => ctx.loaders.vocabulary.actor.load(args.id),
  },
};
