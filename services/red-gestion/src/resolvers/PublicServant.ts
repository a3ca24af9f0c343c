import { provenanceOf } from '@cultura/vocabulary';
import type { PublicServantResolvers as PublicServantFieldResolvers } from '../generated/graphql';
import { stored } from './stored';

// `name`, `email`, `phone` and `position` need `pii:read` (@requiresScopes in schema.graphql), checked by
// @cultura/auth's applyScopeDirectives around whatever resolves them: `name` here, the others the record's columns.
export const PublicServantResolvers: { PublicServant: PublicServantFieldResolvers } = {
  PublicServant: {
    entity: async (s, _, ctx) => stored(await ctx.loaders.vocabulary.actor.load(s.entityId), `actor ${s.entityId} of servant ${s.id}`),
    name: (s) => s.fullName,
    provenance: (s) => provenanceOf(s),
  },
};
