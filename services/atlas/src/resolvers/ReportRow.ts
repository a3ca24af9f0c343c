import type { ReportRowResolvers as ReportRowFieldResolvers } from '../generated/graphql';

const ReportRow: ReportRowFieldResolvers = {
  programName: (row, _, ctx) => (row.program ? ctx.loaders.programName.load(row.program) : null),
};

/** Report rows name their program for labels, read once per request whatever the number of rows. */
export const ReportRowResolvers = { ReportRow };
