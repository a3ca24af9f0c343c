export const QueryResolvers = {
  Query: {
    // The namespace object carries nothing: its fields read what they need from the context.
    puntosCultura: () => ({}),
  },
};
