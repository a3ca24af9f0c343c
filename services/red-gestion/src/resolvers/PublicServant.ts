import { provenanceOf } from '@cultura/vocabulary';
import type { PublicServantRecord } from '../entities';
import type { Ctx } from './context';

export const PublicServantResolvers = {
  PublicServant: {
    entity: (s: PublicServantRecord, _: unknown, ctx: Ctx) => ctx.loaders.vocabulary.actor.load(s.entityId),
    name: (s: PublicServantRecord) => s.fullName,
    provenance: (s: PublicServantRecord) => provenanceOf(s),
  },
};
