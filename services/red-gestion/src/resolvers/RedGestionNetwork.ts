import type { DataSource } from 'typeorm';
import { provenanceOf, type ActorRecord } from '@cultura/vocabulary';
import { LEVELS, PROGRAM_ID } from '../domain';
import type { StatementRecord, StatementTopic } from '../entities';
import { findCoordinator, findStatements } from '../store/network';
import type { Ctx } from './context';

export interface NetworkView {
  /** Read once, and only if a statement field is asked for. */
  statements(): Promise<StatementRecord[]>;
}

export function networkView(ds: DataSource): NetworkView {
  let read: Promise<StatementRecord[]> | undefined;
  return { statements: () => (read ??= findStatements(ds)) };
}

/** The program's record, which the default data loads. */
export async function program(ctx: Ctx) {
  const p = await ctx.loaders.vocabulary.program.load(PROGRAM_ID);
  if (!p) throw new Error(`program ${PROGRAM_ID} is missing from this service's database (was LOAD_DEFAULT_DATA off?)`);
  return p;
}

async function statement(view: NetworkView, topic: StatementTopic) {
  const s = (await view.statements()).find((x) => x.topic === topic);
  if (!s) throw new Error(`the network's ${topic.toLowerCase()} statement is missing from this service's database`);
  return { text: s.text, provenance: provenanceOf(s) };
}

export const RedGestionNetworkResolvers = {
  RedGestionNetwork: {
    name: async (_: NetworkView, __: unknown, ctx: Ctx) => (await program(ctx)).name,
    acronym: async (_: NetworkView, __: unknown, ctx: Ctx) => (await program(ctx)).acronym ?? 'RED',
    provenance: async (_: NetworkView, __: unknown, ctx: Ctx) => provenanceOf(await program(ctx)),
    coordinator: async (_: NetworkView, __: unknown, ctx: Ctx): Promise<ActorRecord> => {
      const facts = await findCoordinator(ctx.dataSource);
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
