import { badInput, type PageArgs } from '@cultura/service-kit';
import {
  figureView,
  listActions,
  listActors,
  programView,
  provenanceOf,
  type ActionFilter,
  type ActorFilter,
  type ActorRecord,
  type FigureMetric,
  type RecordOrigin,
} from '@cultura/vocabulary';
import { LEVELS, PROGRAM_ID, SESSION_KINDS, isPeruvianRegion, type GovernmentEntityKind, type NetworkRole } from '../domain';
import { RedEntityRecord, StatementRecord, TrainingProgrammeRecord, type StatementTopic } from '../entities';
import { listEntities, regionsWithData } from '../queries';
import { loadActionAs } from './Action';
import { loadActorAs } from './Actor';
import type { Ctx } from './context';
import type { TerritoryView } from './Territory';

interface NetworkView {
  /** Read once, and only if a statement field is asked for. */
  statements(): Promise<StatementRecord[]>;
}

async function program(ctx: Ctx) {
  const p = await ctx.loaders.vocabulary.program.load(PROGRAM_ID);
  if (!p) throw new Error(`program ${PROGRAM_ID} is missing from this service's database (was LOAD_DEFAULT_DATA off?)`);
  return p;
}

async function statement(view: NetworkView, topic: StatementTopic) {
  const s = (await view.statements()).find((x) => x.topic === topic);
  if (!s) throw new Error(`the network's ${topic.toLowerCase()} statement is missing from this service's database`);
  return { text: s.text, provenance: provenanceOf(s) };
}

export const QueryResolvers = {
  Query: {
    redGestion: () => ({}),
  },

  RedGestionQuery: {
    program: async (_: unknown, __: unknown, ctx: Ctx) => programView(await program(ctx)),
    network: (_: unknown, __: unknown, ctx: Ctx): NetworkView => {
      let read: Promise<StatementRecord[]> | undefined;
      return { statements: () => (read ??= ctx.dataSource.getRepository(StatementRecord).find({ order: { id: 'ASC' } })) };
    },
    figures: async (_: unknown, args: { metrics?: FigureMetric[] | null; origins?: RecordOrigin[] | null }, ctx: Ctx) => {
      const figures = await ctx.loaders.vocabulary.figures.load({ subject: 'PROGRAM', id: PROGRAM_ID });
      return figures
        .filter(
          (f) => (!args.metrics?.length || args.metrics.includes(f.metric)) && (!args.origins?.length || args.origins.includes(f.origin)),
        )
        .map(figureView);
    },
    trainingProgrammes: (_: unknown, __: unknown, ctx: Ctx) =>
      ctx.dataSource
        .getRepository(TrainingProgrammeRecord)
        .find({ order: { periodYear: { direction: 'DESC', nulls: 'FIRST' }, id: 'ASC' } }),
    trainingProgramme: (_: unknown, args: { id: string }, ctx: Ctx) => ctx.loaders.programme.load(args.id),
    actions: (_: unknown, args: PageArgs & { filter?: ActionFilter | null }, ctx: Ctx) =>
      listActions(ctx.dataSource, PROGRAM_ID, args.filter, args),
    actors: (_: unknown, args: PageArgs & { filter?: ActorFilter | null }, ctx: Ctx) =>
      listActors(ctx.dataSource, PROGRAM_ID, args.filter, args),
    entities: (
      _: unknown,
      args: PageArgs & { filter?: ActorFilter | null; entityKinds?: GovernmentEntityKind[] | null; networkRoles?: NetworkRole[] | null },
      ctx: Ctx,
    ) => listEntities(ctx.dataSource, args.filter, { entityKinds: args.entityKinds, networkRoles: args.networkRoles }, args),
    workshops: (_: unknown, args: PageArgs & { filter?: ActionFilter | null }, ctx: Ctx) =>
      listActions(ctx.dataSource, PROGRAM_ID, args.filter, args, { kinds: ['WORKSHOP'] }),
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

  RedGestionNetwork: {
    name: async (_: NetworkView, __: unknown, ctx: Ctx) => (await program(ctx)).name,
    acronym: async (_: NetworkView, __: unknown, ctx: Ctx) => (await program(ctx)).acronym ?? 'RED',
    provenance: async (_: NetworkView, __: unknown, ctx: Ctx) => provenanceOf(await program(ctx)),
    coordinator: async (_: NetworkView, __: unknown, ctx: Ctx): Promise<ActorRecord> => {
      const facts = await ctx.dataSource
        .getRepository(RedEntityRecord)
        .findOne({ where: { networkRole: 'COORDINATOR' }, order: { actorId: 'ASC' } });
      const actor = facts && (await ctx.loaders.vocabulary.actor.load(facts.actorId));
      if (!actor) throw new Error("the network has no coordinator in this service's database");
      return actor;
    },
    mechanism: (v: NetworkView) => statement(v, 'MECHANISM'),
    purpose: (v: NetworkView) => statement(v, 'PURPOSE'),
    objective: (v: NetworkView) => statement(v, 'OBJECTIVE'),
    governmentLevels: () => LEVELS,
    alignments: async (v: NetworkView) =>
      (await v.statements())
        .filter((s) => s.topic === 'ALIGNMENT')
        .map((s) => ({ policy: s.policy ?? '', statement: s.text, provenance: provenanceOf(s) })),
  },
};
