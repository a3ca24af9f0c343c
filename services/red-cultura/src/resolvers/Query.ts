import type { QueryResolvers as QueryFieldResolvers } from '../generated/graphql';
import { labelsQuery } from './Labels';

export const QueryResolvers: { Query: QueryFieldResolvers } = {
  Query: {
    labels: labelsQuery,
    // A namespace: every Red Cultura read hangs below it, so program services never clash at the root.
    redCultura: () => ({}),
  },
};
