import { provenanceOf, type ActionStatus } from '@cultura/vocabulary';
import type { TrainingProgrammeRecord } from '../entities';
import type { Period, TrainingProgrammeResolvers as TrainingProgrammeFieldResolvers } from '../generated/graphql';
import type { Ctx } from './context';

export const TrainingProgrammeResolvers: { TrainingProgramme: TrainingProgrammeFieldResolvers } = {
  TrainingProgramme: {
    period: programmePeriod,
    announced: (p) =>
      p.announcedWorkshops === null
        ? null
        : {
            metric: 'ACTIONS',
            value: p.announcedWorkshops,
            qualifier: p.announcedQualifier ?? 'EXACT',
            unit: 'planned workshops',
            currency: null,
            label: 'Workshops planned for the rest of the year',
            period: programmePeriod(p),
            scopeTerritories: null,
            sourceText: p.announcedSourceText,
            provenance: provenanceOf(p),
          },
    held: async (p, _, ctx) => countByStatus(ctx, p, ['COMPLETED']),
    planned: async (p, _, ctx) => countByStatus(ctx, p, ['PLANNED', 'IN_PROGRESS']),
    cancelled: async (p, _, ctx) => countByStatus(ctx, p, ['CANCELLED']),
    workshops: async (p, args, ctx) => {
      const all = await ctx.loaders.sessionsByProgramme.load(p.id);
      return args.statuses?.length ? all.filter((a) => args.statuses?.includes(a.status)) : all;
    },
    provenance: (p) => provenanceOf(p),
    provenanceNote: (p) => p.note,
  },
};

/** A programme's period: its year when known, else UNDATED with the source's wording. */
function programmePeriod(p: TrainingProgrammeRecord): Period {
  return { start: null, end: null, year: p.periodYear, precision: p.periodYear === null ? 'UNDATED' : 'YEAR', text: p.periodText };
}

async function countByStatus(ctx: Ctx, p: TrainingProgrammeRecord, statuses: ActionStatus[]): Promise<number> {
  return (await ctx.loaders.sessionsByProgramme.load(p.id)).filter((a) => statuses.includes(a.status)).length;
}
