import { present } from '@cultura/service-kit';
import { provenanceOf } from '@cultura/vocabulary';
import type { AttendanceRecord } from '../entities';
import type { Ctx } from './context';

export const EntityAttendanceResolvers = {
  EntityAttendance: {
    session: (r: AttendanceRecord, _: unknown, ctx: Ctx) => ctx.loaders.vocabulary.action.load(r.actionId),
    entity: (r: AttendanceRecord, _: unknown, ctx: Ctx) => ctx.loaders.vocabulary.actor.load(r.entityId),
    servants: (r: AttendanceRecord) => r.servantCount,
    namedServants: async (r: AttendanceRecord, _: unknown, ctx: Ctx) => {
      const attended = (await ctx.loaders.servantAttendanceBySession.load(r.actionId)).filter((s) => s.entityId === r.entityId);
      return present(await ctx.loaders.servant.loadMany(attended.map((s) => s.servantId)));
    },
    provenance: (r: AttendanceRecord) => provenanceOf(r),
  },
};
