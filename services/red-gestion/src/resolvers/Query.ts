import { labelsQuery } from './Labels';

export const QueryResolvers = {
  Query: {
    labels: labelsQuery,
    redGestion: () => ({}),
  },
};
