import { badInput } from '@cultura/service-kit';
import { figureView, programView } from '@cultura/vocabulary';
import { LEVELS, PROGRAM_ID, SESSION_KINDS, isPeruvianRegion } from '../domain';
import type { RedGestionQueryResolvers as RedGestionQueryFieldResolvers } from '../generated/graphql';
import { listEntities, listProgramActions, listProgramActors, listWorkshops } from '../store/lists';
import { findTrainingProgrammes } from '../store/network';
import { regionsWithData } from '../store/summaries';
import { loadActionAs } from './Action';
import { loadActorAs } from './Actor';
import { networkView, program } from './RedGestionNetwork';

export const RedGestionQueryResolvers: { RedGestionQuery: RedGestionQueryFieldResolvers } = {
  RedGestionQuery: {
    program: async (_, __, ctx) => programView(await program(ctx)),
    network: (_, __, ctx) => networkView(ctx.dataSource),
    figures: async (_, args, ctx) => {
      const figures = await ctx.loaders.vocabulary.figures.load({ subject: 'PROGRAM', id: PROGRAM_ID });
      return figures
        .filter(
          (f) => (!args.metrics?.length || args.metrics.includes(f.metric)) && (!args.origins?.length || args.origins.includes(f.origin)),
        )
        .map(figureView);
    },
    trainingProgrammes: (_, __, ctx) => findTrainingProgrammes(ctx.dataSource),
    trainingProgramme: (_, args, ctx) => ctx.loaders.programme.load(args.id),
    actions: (_, args, ctx) => listProgramActions(ctx.dataSource, args.filter, args),
    actors: (_, args, ctx) => listProgramActors(ctx.dataSource, args.filter, args),
    entities: (_, args, ctx) =>
      listEntities(ctx.dataSource, args.filter, { entityKinds: args.entityKinds, networkRoles: args.networkRoles }, args),
    workshops: (_, args, ctx) => listWorkshops(ctx.dataSource, args.filter, args),
    action: async (_, args, ctx) => {
      const a = await ctx.loaders.vocabulary.action.load(args.id);
      return a && a.programId === PROGRAM_ID && SESSION_KINDS.includes(a.kind) ? a : null;
    },
    actor: async (_, args, ctx) => {
      const a = await ctx.loaders.vocabulary.actor.load(args.id);
      return a && a.programId === PROGRAM_ID ? a : null;
    },
    entity: (_, args, ctx) => loadActorAs(ctx, args.id, 'GovernmentEntity'),
    workshop: (_, args, ctx) => loadActionAs(ctx, args.id, 'Workshop'),
    regions: async (_, args, ctx) => {
      if (args.ids) {
        const i = args.ids.findIndex((id) => !isPeruvianRegion(id));
        if (i >= 0)
          throw badInput(`"${args.ids[i]}" is not a region of Peru (a department other than PE:15, or PE:LMA, PE:LIM)`, `ids[${i}]`);
        if (args.ids.length > 100) throw badInput('At most 100 regions per call', 'ids');
      }
      const origins = args.origins?.length ? args.origins : null;
      const ids = args.ids ? [...new Set(args.ids)] : await regionsWithData(ctx.dataSource, origins);
      return ids.map((territoryId) => ({ territoryId, origins }));
    },
    levels: () => LEVELS.map((level) => ({ level })),
  },
};
