import type { QueryResolvers as QueryFieldResolvers } from '../generated/graphql';
import { labelsQuery } from './Labels';

export const QueryResolvers: { Query: QueryFieldResolvers } = {
  Query: {
    labels: labelsQuery,
    redGestion: () => ({}),
  },
};
