import { badInput, normalizeText } from '@cultura/service-kit';
import { parseIsoDate, programView, provenanceOf, regionalAreaOf, territoryLineage, territoryRef, today } from '@cultura/vocabulary';
import { ELIGIBILITY_RULES, checkEligibility, type FindingKind } from '../domain';
import { LIMA_AND_CALLAO, PROGRAM_ID } from '../data/facts';
import { listApplications, listPoints, listProgramActions, listProgramActors } from '../store/lists';
import { findingsOf, programDomains } from '../store/program';
import { pointsPerDistrict, type DistrictCount } from '../store/territories';
import { unique } from '../writes/input';
import type { PuntosCulturaQueryResolvers as PuntosCulturaQueryFieldResolvers } from '../generated/graphql';
import { eligibilityView } from './Application';
import { programFigureView } from './PuntosCulturaFigure';
import { theProgram, type Ctx } from './context';

/** A `within` filter: a territory id, or nothing. */
function territoryFilter(id: string | null | undefined, field: string): string | null {
  if (!id) return null;
  if (!territoryLineage(id)) throw badInput(`"${id}" is not a territory id (e.g. PE:15, PE:LMA, PE:150132)`, field);
  return id;
}

/** A `search` filter: the text a name must contain, normalised as names are, or nothing. */
function searchFilter(search: string | null | undefined, field: string): string | null {
  if (search === undefined || search === null) return null;
  const needle = normalizeText(search);
  if (!needle) throw badInput('search must contain at least one letter or digit', field);
  return needle;
}

async function findings(ctx: Ctx, kinds: FindingKind[]) {
  const rows = await findingsOf(ctx.dataSource, kinds);
  return rows.map((r) => ({ id: r.id, kind: r.kind, position: r.position, text: r.text, provenance: provenanceOf(r) }));
}

export const PuntosCulturaQueryResolvers: { PuntosCulturaQuery: PuntosCulturaQueryFieldResolvers } = {
  PuntosCulturaQuery: {
    program: async (_, __, ctx) => programView(await theProgram(ctx)),

    figures: async (_, args, ctx) => {
      const figures = (await ctx.loaders.programFigures.load(PROGRAM_ID)).filter(
        (f) =>
          (!args.metrics?.length || args.metrics.includes(f.record.metric)) &&
          (!args.origins?.length || args.origins.includes(f.record.origin)),
      );
      if (!figures.length) return [];
      const country = (await theProgram(ctx)).countryId;
      return figures.map((f) => programFigureView(f, country));
    },

    results: (_, __, ctx) => findings(ctx, ['RESULT']),
    evaluation: (_, args, ctx) => findings(ctx, args.kinds?.length ? args.kinds : ['EVALUATION_CONCLUSION', 'EVALUATION_RECOMMENDATION']),

    domains: async (_, __, ctx) =>
      (await programDomains(ctx.dataSource)).map((d) => ({
        sourceName: d.sourceName,
        domain: d.domain,
        provenance: provenanceOf(d),
      })),

    eligibilityRules: () => ELIGIBILITY_RULES,

    checkEligibility: (_, { input }) => {
      const since = parseIsoDate(input.continuousWorkSince, 'input.continuousWorkSince');
      const asOf = input.asOf ? parseIsoDate(input.asOf, 'input.asOf') : today();
      if (!Number.isInteger(input.members) || input.members < 0) {
        throw badInput(`input.members must be a whole number ≥ 0, got ${input.members}`, 'input.members');
      }
      return eligibilityView(
        checkEligibility(
          {
            nonProfit: input.nonProfit,
            continuousWorkSince: since,
            members: input.members,
            areasOfWork: unique(input.areasOfWork),
            domains: unique(input.domains),
          },
          asOf,
        ),
      );
    },

    point: async (_, args, ctx) => {
      const a = await ctx.loaders.vocabulary.actor.load(args.id);
      return a && a.kind === 'CULTURE_POINT' ? a : null;
    },

    points: (_, args, ctx) => {
      const f = args.filter ?? {};
      const within = territoryFilter(f.within, 'filter.within');
      const search = searchFilter(f.search, 'filter.search');
      return listPoints(ctx.dataSource, { ...f, within, search }, args);
    },

    registry: async (_, args, ctx) => {
      const rows = await pointsPerDistrict(ctx.dataSource, null, args.origins);
      const recognised = rows.filter((r) => r.status === 'RECOGNISED');
      const n = (list: DistrictCount[]) => list.reduce((sum, r) => sum + r.n, 0);
      // The same scope as the source's "Lima and Callao" figure: the department of Lima and Callao.
      const inLimaOrCallao = (district: string | null) =>
        district !== null && (territoryLineage(district) ?? []).some((t) => LIMA_AND_CALLAO.includes(t));
      const limaAndCallao = n(recognised.filter((r) => inLimaOrCallao(r.district)));
      return {
        recognised: n(recognised),
        total: n(rows),
        regions: new Set(recognised.flatMap((r) => (r.district ? [regionalAreaOf(r.district)] : []))).size,
        limaAndCallao,
        otherRegions: n(recognised) - limaAndCallao,
      };
    },

    regions: async (_, args, ctx) => {
      const counts = new Map<string, number>();
      for (const r of await pointsPerDistrict(ctx.dataSource, args.statuses, args.origins)) {
        if (r.district) counts.set(regionalAreaOf(r.district), (counts.get(regionalAreaOf(r.district)) ?? 0) + r.n);
      }
      return [...counts]
        .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
        .map(([region, n]) => ({ region: territoryRef(region), culturePoints: n }));
    },

    application: (_, args, ctx) => ctx.loaders.application.load(args.id),

    applications: (_, args, ctx) => {
      const f = args.filter ?? {};
      const within = territoryFilter(f.within, 'filter.within');
      const search = searchFilter(f.search, 'filter.search');
      const from = f.submittedFrom ? parseIsoDate(f.submittedFrom, 'filter.submittedFrom') : null;
      const to = f.submittedTo ? parseIsoDate(f.submittedTo, 'filter.submittedTo') : null;
      if (from && to && from > to)
        throw badInput(`filter.submittedFrom (${from}) is after filter.submittedTo (${to})`, 'filter.submittedFrom');
      return listApplications(
        ctx.dataSource,
        { statuses: f.statuses, eligible: f.eligible, within, search, submittedFrom: from, submittedTo: to },
        args,
      );
    },

    action: async (_, args, ctx) => {
      const a = await ctx.loaders.vocabulary.action.load(args.id);
      return a && a.programId === PROGRAM_ID ? a : null;
    },
    actions: (_, args, ctx) => listProgramActions(ctx.dataSource, args.filter, args),
    actor: async (_, args, ctx) => {
      const a = await ctx.loaders.vocabulary.actor.load(args.id);
      return a && a.programId === PROGRAM_ID ? a : null;
    },
    actors: (_, args, ctx) => listProgramActors(ctx.dataSource, args.filter, args),
  },
};
