import type { DataSource } from 'typeorm';
import { provenanceOf } from '@cultura/vocabulary';
import { LEVELS, PROGRAM_ID } from '../domain';
import type { StatementRecord, StatementTopic } from '../entities';
import type { RedGestionNetworkResolvers as RedGestionNetworkFieldResolvers } from '../generated/graphql';
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

export const RedGestionNetworkResolvers: { RedGestionNetwork: RedGestionNetworkFieldResolvers } = {
  RedGestionNetwork: {
    name: async (_, __, ctx) => (await program(ctx)).name,
    acronym: async (_, __, ctx) => (await program(ctx)).acronym ?? 'RED',
    provenance: async (_, __, ctx) => provenanceOf(await program(ctx)),
    coordinator: async (_, __, ctx) => {
      const facts = await findCoordinator(ctx.dataSource);
      const actor = facts && (await ctx.loaders.vocabulary.actor.load(facts.actorId));
      if (!actor) throw new Error("the network has no coordinator in this service's database");
      return actor;
    },
    mechanism: (v) => statement(v, 'MECHANISM'),
    purpose: (v) => statement(v, 'PURPOSE'),
    objective: (v) => statement(v, 'OBJECTIVE'),
    governmentLevels: () => LEVELS,
    alignments: async (v) =>
      (await v.statements())
        .filter((s) => s.topic === 'ALIGNMENT')
        .map((s) => ({ policy: s.policy ?? '', statement: s.text, provenance: provenanceOf(s) })),
  },
};
