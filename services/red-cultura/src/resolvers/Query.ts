import { labelsQuery } from './Labels';

export const QueryResolvers = {
  Query: {
    labels: labelsQuery,
    // A namespace: every Red Cultura read hangs below it, so program services never clash at the root.
    redCultura: () => ({}),
  },
};
