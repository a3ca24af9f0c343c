export const QueryResolvers = {
  Query: {
    redGestion: () => ({}),
  },
};
