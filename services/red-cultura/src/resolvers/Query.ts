export const QueryResolvers = {
  Query: {
    // A namespace: every Red Cultura read hangs below it, so program services never clash at the root.
    redCultura: () => ({}),
  },
};
