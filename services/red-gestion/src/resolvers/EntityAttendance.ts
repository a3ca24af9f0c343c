import { present } from '@cultura/service-kit';
import { provenanceOf } from '@cultura/vocabulary';
import type { EntityAttendanceResolvers as EntityAttendanceFieldResolvers } from '../generated/graphql';
import { stored } from './stored';

export const EntityAttendanceResolvers: { EntityAttendance: EntityAttendanceFieldResolvers } = {
  EntityAttendance: {
    session: async (r, _, ctx) => stored(await ctx.loaders.vocabulary.action.load(r.actionId), `action ${r.actionId}`),
    entity: async (r, _, ctx) => stored(await ctx.loaders.vocabulary.actor.load(r.entityId), `actor ${r.entityId}`),
    servants: (r) => r.servantCount,
    namedServants: async (r, _, ctx) => {
      const attended = (await ctx.loaders.servantAttendanceBySession.load(r.actionId)).filter((s) => s.entityId === r.entityId);
      return present(await ctx.loaders.servant.loadMany(attended.map((s) => s.servantId)));
    },
    provenance: (r) => provenanceOf(r),
  },
};
