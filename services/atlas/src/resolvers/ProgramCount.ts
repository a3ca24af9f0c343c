import type { ProgramCountResolvers as ProgramCountFieldResolvers } from '../generated/graphql';

const ProgramCount: ProgramCountFieldResolvers = {
  programName: (count, _, ctx) => ctx.loaders.programName.load(count.program),
};

/** A territory's per-program counts name their program, batched across the territories of a request. */
export const ProgramCountResolvers = { ProgramCount };
