import { labelsQuery } from './Labels';

export const QueryResolvers = {
  Query: {
    labels: labelsQuery,
    // The namespace object carries nothing: its fields read what they need from the context.
    puntosCultura: () => ({}),
  },
};
