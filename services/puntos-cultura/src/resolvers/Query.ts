import type { QueryResolvers as QueryFieldResolvers } from '../generated/graphql';
import { labelsQuery } from './Labels';

export const QueryResolvers: { Query: QueryFieldResolvers } = {
  Query: {
    labels: labelsQuery,
    // The namespace object carries nothing: its fields read what they need from the context.
    puntosCultura: () => ({}),
  },
};
