import { badInput, type PageArgs } from '@cultura/service-kit';
import { figureView, programView, type ActionFilter, type ActorFilter, type FigureMetric, type RecordOrigin } from '@cultura/vocabulary';
import { LEVELS, PROGRAM_ID, SESSION_KINDS, isPeruvianRegion, type GovernmentEntityKind, type NetworkRole } from '../domain';
import { listEntities, listProgramActions, listProgramActors, listWorkshops } from '../store/lists';
import { findTrainingProgrammes } from '../store/network';
import { regionsWithData } from '../store/summaries';
import { loadActionAs } from './Action';
import { loadActorAs } from './Actor';
import type { Ctx } from './context';
import { networkView, program, type NetworkView } from './RedGestionNetwork';
import type { TerritoryView } from './RedGestionTerritory';

export const RedGestionQueryResolvers = {
  RedGestionQuery: {
    program: async (_: unknown, __: unknown, ctx: Ctx) => programView(await program(ctx)),
    network: (_: unknown, __: unknown, ctx: Ctx): NetworkView => networkView(ctx.dataSource),
    figures: async (_: unknown, args: { metrics?: FigureMetric[] | null; origins?: RecordOrigin[] | null }, ctx: Ctx) => {
      const figures = await ctx.loaders.vocabulary.figures.load({ subject: 'PROGRAM', id: PROGRAM_ID });
      return figures
        .filter(
          (f) => (!args.metrics?.length || args.metrics.includes(f.metric)) && (!args.origins?.length || args.origins.includes(f.origin)),
        )
        .map(figureView);
    },
    trainingProgrammes: (_: unknown, __: unknown, ctx: Ctx) => findTrainingProgrammes(ctx.dataSource),
    trainingProgramme: (_: unknown, args: { id: string }, ctx: Ctx) => ctx.loaders.programme.load(args.id),
    actions: (_: unknown, args: PageArgs & { filter?: ActionFilter | null }, ctx: Ctx) =>
      listProgramActions(ctx.dataSource, args.filter, args),
    actors: (_: unknown, args: PageArgs & { filter?: ActorFilter | null }, ctx: Ctx) =>
      listProgramActors(ctx.dataSource, args.filter, args),
    entities: (
      _: unknown,
      args: PageArgs & { filter?: ActorFilter | null; entityKinds?: GovernmentEntityKind[] | null; networkRoles?: NetworkRole[] | null },
      ctx: Ctx,
    ) => listEntities(ctx.dataSource, args.filter, { entityKinds: args.entityKinds, networkRoles: args.networkRoles }, args),
    workshops: (_: unknown, args: PageArgs & { filter?: ActionFilter | null }, ctx: Ctx) =>
      listWorkshops(ctx.dataSource, args.filter, args),
    action: async (_: unknown, args: { id: string }, ctx: Ctx) => {
      const a = await ctx.loaders.vocabulary.action.load(args.id);
      return a && a.programId === PROGRAM_ID && SESSION_KINDS.includes(a.kind) ? a : null;
    },
    actor: async (_: unknown, args: { id: string }, ctx: Ctx) => {
      const a = await ctx.loaders.vocabulary.actor.load(args.id);
      return a && a.programId === PROGRAM_ID ? a : null;
    },
    entity: (_: unknown, args: { id: string }, ctx: Ctx) => loadActorAs(ctx, args.id, 'GovernmentEntity'),
    workshop: (_: unknown, args: { id: string }, ctx: Ctx) => loadActionAs(ctx, args.id, 'Workshop'),
    regions: async (_: unknown, args: { ids?: string[] | null }, ctx: Ctx): Promise<TerritoryView[]> => {
      if (args.ids) {
        const i = args.ids.findIndex((id) => !isPeruvianRegion(id));
        if (i >= 0)
          throw badInput(`"${args.ids[i]}" is not a region of Peru (a department other than PE:15, or PE:LMA, PE:LIM)`, `ids[${i}]`);
        if (args.ids.length > 100) throw badInput('At most 100 regions per call', 'ids');
      }
      const ids = args.ids ? [...new Set(args.ids)] : await regionsWithData(ctx.dataSource);
      return ids.map((territoryId) => ({ territoryId }));
    },
    levels: () => LEVELS.map((level) => ({ level })),
  },
};
