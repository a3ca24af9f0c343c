import { badInput, normalizeText, type PageArgs } from '@cultura/service-kit';
import {
  parseIsoDate,
  programView,
  provenanceOf,
  regionalAreaOf,
  territoryLineage,
  territoryRef,
  today,
  type ActionFilter,
  type ActorFilter,
  type CulturalDomain,
  type FigureMetric,
  type RecordOrigin,
} from '@cultura/vocabulary';
import {
  ELIGIBILITY_RULES,
  checkEligibility,
  type EligibilityFacts,
  type AreaOfWork,
  type CulturePointStatus,
  type FindingKind,
} from '../domain';
import { LIMA_AND_CALLAO, PROGRAM_ID } from '../data/facts';
import { listApplications, listPoints, listProgramActions, listProgramActors } from '../store/lists';
import { findingsOf, programDomains } from '../store/program';
import { pointsPerDistrict, type DistrictCount } from '../store/territories';
import { unique } from '../writes/input';
import type { CulturePointApplicationFilter as ApplicationFilter, CulturePointFilter } from '../generated/graphql';
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

export const PuntosCulturaQueryResolvers = {
  PuntosCulturaQuery: {
    program: async (_: unknown, __: unknown, ctx: Ctx) => programView(await theProgram(ctx)),

    figures: async (_: unknown, args: { metrics?: FigureMetric[] | null; origins?: RecordOrigin[] | null }, ctx: Ctx) => {
      const figures = (await ctx.loaders.programFigures.load(PROGRAM_ID)).filter(
        (f) =>
          (!args.metrics?.length || args.metrics.includes(f.record.metric)) &&
          (!args.origins?.length || args.origins.includes(f.record.origin)),
      );
      if (!figures.length) return [];
      const country = (await theProgram(ctx)).countryId;
      return figures.map((f) => programFigureView(f, country));
    },

    results: (_: unknown, __: unknown, ctx: Ctx) => findings(ctx, ['RESULT']),
    evaluation: (_: unknown, args: { kinds?: FindingKind[] | null }, ctx: Ctx) =>
      findings(ctx, args.kinds?.length ? args.kinds : ['EVALUATION_CONCLUSION', 'EVALUATION_RECOMMENDATION']),

    domains: async (_: unknown, __: unknown, ctx: Ctx) =>
      (await programDomains(ctx.dataSource)).map((d) => ({
        sourceName: d.sourceName,
        domain: d.domain,
        provenance: provenanceOf(d),
      })),

    eligibilityRules: () => ELIGIBILITY_RULES,

    checkEligibility: (
      _: unknown,
      {
        input,
      }: {
        input: Omit<EligibilityFacts, 'areasOfWork' | 'domains'> & {
          areasOfWork: AreaOfWork[];
          domains: CulturalDomain[];
          asOf?: string | null;
        };
      },
    ) => {
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

    point: async (_: unknown, args: { id: string }, ctx: Ctx) => {
      const a = await ctx.loaders.vocabulary.actor.load(args.id);
      return a && a.kind === 'CULTURE_POINT' ? a : null;
    },

    points: (_: unknown, args: PageArgs & { filter?: CulturePointFilter | null }, ctx: Ctx) => {
      const f = args.filter ?? {};
      const within = territoryFilter(f.within, 'filter.within');
      const search = searchFilter(f.search, 'filter.search');
      return listPoints(ctx.dataSource, { ...f, within, search }, args);
    },

    registry: async (_: unknown, args: { origins?: RecordOrigin[] | null }, ctx: Ctx) => {
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

    regions: async (_: unknown, args: { statuses?: CulturePointStatus[] | null; origins?: RecordOrigin[] | null }, ctx: Ctx) => {
      const counts = new Map<string, number>();
      for (const r of await pointsPerDistrict(ctx.dataSource, args.statuses, args.origins)) {
        if (r.district) counts.set(regionalAreaOf(r.district), (counts.get(regionalAreaOf(r.district)) ?? 0) + r.n);
      }
      return [...counts]
        .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
        .map(([region, n]) => ({ region: territoryRef(region), culturePoints: n }));
    },

    application: (_: unknown, args: { id: string }, ctx: Ctx) => ctx.loaders.application.load(args.id),

    applications: (_: unknown, args: PageArgs & { filter?: ApplicationFilter | null }, ctx: Ctx) => {
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

    action: async (_: unknown, args: { id: string }, ctx: Ctx) => {
      const a = await ctx.loaders.vocabulary.action.load(args.id);
      return a && a.programId === PROGRAM_ID ? a : null;
    },
    actions: (_: unknown, args: PageArgs & { filter?: ActionFilter | null }, ctx: Ctx) =>
      listProgramActions(ctx.dataSource, args.filter, args),
    actor: async (_: unknown, args: { id: string }, ctx: Ctx) => {
      const a = await ctx.loaders.vocabulary.actor.load(args.id);
      return a && a.programId === PROGRAM_ID ? a : null;
    },
    actors: (_: unknown, args: PageArgs & { filter?: ActorFilter | null }, ctx: Ctx) =>
      listProgramActors(ctx.dataSource, args.filter, args),
  },
};
