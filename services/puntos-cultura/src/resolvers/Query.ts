import { In } from 'typeorm';
import { badInput, keysetPage, normalizeText, type PageArgs } from '@cultura/service-kit';
import {
  ActorRecord,
  listActions,
  listActors,
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
import { ApplicationRecord, FindingRecord, ProgramDomainRecord } from '../entities';
import { programFigureView } from '../figures';
import {
  ELIGIBILITY_RULES,
  checkEligibility,
  type ApplicationStatus,
  type EligibilityFacts,
  type AreaOfWork,
  type CulturePointStatus,
  type FindingKind,
  type OrganisationForm,
  type Population,
} from '../domain';
import { LIMA_AND_CALLAO, PROGRAM_ID } from '../data/facts';
import { unique } from '../validation';
import { eligibilityView } from './Application';
import { theProgram, type Ctx } from './context';

interface CulturePointFilter {
  within?: string | null;
  statuses?: CulturePointStatus[] | null;
  domains?: CulturalDomain[] | null;
  areasOfWork?: AreaOfWork[] | null;
  populations?: Population[] | null;
  organisationForms?: OrganisationForm[] | null;
  networkMember?: boolean | null;
  search?: string | null;
  origins?: RecordOrigin[] | null;
}

interface ApplicationFilter {
  statuses?: ApplicationStatus[] | null;
  eligible?: boolean | null;
  within?: string | null;
  search?: string | null;
  submittedFrom?: string | null;
  submittedTo?: string | null;
}

function territoryFilter(id: string, field: string): string {
  if (!territoryLineage(id)) throw badInput(`"${id}" is not a territory id (e.g. PE:15, PE:LMA, PE:150132)`, field);
  return id;
}

/** `%text%` for LIKE on a normalised name, with LIKE's own characters escaped. */
function likeNeedle(search: string, field: string): string {
  const needle = normalizeText(search);
  if (!needle) throw badInput('search must contain at least one letter or digit', field);
  return `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export const PuntosCulturaQueryResolvers = {
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
    (await ctx.dataSource.getRepository(ProgramDomainRecord).find({ where: { programId: PROGRAM_ID }, order: { position: 'ASC' } })).map(
      (d) => ({
        sourceName: d.sourceName,
        domain: d.domain,
        provenance: provenanceOf(d),
      }),
    ),

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
    const qb = ctx.dataSource
      .getRepository(ActorRecord)
      .createQueryBuilder('a')
      .innerJoin('culture_point', 'cp', 'cp.actor_id = a.id')
      .where('a.program_id = :program', { program: PROGRAM_ID });
    if (f.within) qb.andWhere(':within = ANY(a.territory_lineage)', { within: territoryFilter(f.within, 'filter.within') });
    if (f.statuses?.length) qb.andWhere('cp.status = ANY(:statuses)', { statuses: f.statuses });
    if (f.domains?.length) qb.andWhere('a.domains && CAST(:domains AS text[])', { domains: f.domains });
    if (f.areasOfWork?.length) qb.andWhere('cp.areas_of_work && CAST(:areas AS text[])', { areas: f.areasOfWork });
    if (f.populations?.length) qb.andWhere('cp.populations && CAST(:populations AS text[])', { populations: f.populations });
    if (f.organisationForms?.length) qb.andWhere('cp.organisation_form = ANY(:forms)', { forms: f.organisationForms });
    if (f.networkMember !== undefined && f.networkMember !== null) qb.andWhere('cp.network_member = :member', { member: f.networkMember });
    if (f.origins?.length) qb.andWhere('a.origin = ANY(:origins)', { origins: f.origins });
    if (f.search !== undefined && f.search !== null)
      qb.andWhere(`a.sort_name LIKE :needle ESCAPE '\\'`, { needle: likeNeedle(f.search, 'filter.search') });
    return keysetPage(qb, args, { sortExpr: 'a.sort_name', idColumn: 'a.id', sortKeyOf: (r) => r.sortName, idOf: (r) => r.id });
  },

  registry: async (_: unknown, args: { origins?: RecordOrigin[] | null }, ctx: Ctx) => {
    const rows = await pointsByDistrict(ctx, null, args.origins);
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
    for (const r of await pointsByDistrict(ctx, args.statuses, args.origins)) {
      if (r.district) counts.set(regionalAreaOf(r.district), (counts.get(regionalAreaOf(r.district)) ?? 0) + r.n);
    }
    return [...counts]
      .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
      .map(([region, n]) => ({ region: territoryRef(region), culturePoints: n }));
  },

  application: (_: unknown, args: { id: string }, ctx: Ctx) => ctx.loaders.application.load(args.id),

  applications: (_: unknown, args: PageArgs & { filter?: ApplicationFilter | null }, ctx: Ctx) => {
    const f = args.filter ?? {};
    const qb = ctx.dataSource.getRepository(ApplicationRecord).createQueryBuilder('ap');
    if (f.statuses?.length) qb.andWhere('ap.status = ANY(:statuses)', { statuses: f.statuses });
    if (f.eligible !== undefined && f.eligible !== null) qb.andWhere('ap.eligible = :eligible', { eligible: f.eligible });
    if (f.within) qb.andWhere(':within = ANY(ap.territory_lineage)', { within: territoryFilter(f.within, 'filter.within') });
    if (f.search !== undefined && f.search !== null)
      qb.andWhere(`ap.sort_name LIKE :needle ESCAPE '\\'`, { needle: likeNeedle(f.search, 'filter.search') });
    const from = f.submittedFrom ? parseIsoDate(f.submittedFrom, 'filter.submittedFrom') : null;
    const to = f.submittedTo ? parseIsoDate(f.submittedTo, 'filter.submittedTo') : null;
    if (from && to && from > to)
      throw badInput(`filter.submittedFrom (${from}) is after filter.submittedTo (${to})`, 'filter.submittedFrom');
    if (from) qb.andWhere('ap.submitted_on >= :from', { from });
    if (to) qb.andWhere('ap.submitted_on <= :to', { to });
    return keysetPage(qb, args, {
      sortExpr: 'ap.submitted_on',
      idColumn: 'ap.id',
      direction: 'DESC',
      sortKeyOf: (r) => r.submittedOn,
      idOf: (r) => r.id,
    });
  },

  action: async (_: unknown, args: { id: string }, ctx: Ctx) => {
    const a = await ctx.loaders.vocabulary.action.load(args.id);
    return a && a.programId === PROGRAM_ID ? a : null;
  },
  actions: (_: unknown, args: PageArgs & { filter?: ActionFilter | null }, ctx: Ctx) =>
    listActions(ctx.dataSource, PROGRAM_ID, args.filter, args),
  actor: async (_: unknown, args: { id: string }, ctx: Ctx) => {
    const a = await ctx.loaders.vocabulary.actor.load(args.id);
    return a && a.programId === PROGRAM_ID ? a : null;
  },
  actors: (_: unknown, args: PageArgs & { filter?: ActorFilter | null }, ctx: Ctx) =>
    listActors(ctx.dataSource, PROGRAM_ID, args.filter, args),
};

interface DistrictCount {
  district: string | null;
  status: CulturePointStatus;
  n: number;
}

/**
 * Culture points per district and status, in one statement: regions are counted from it here, where the
 * shared vocabulary says which region (`regionalAreaOf`) a district lies in.
 */
function pointsByDistrict(
  ctx: Ctx,
  statuses: CulturePointStatus[] | null | undefined,
  origins: RecordOrigin[] | null | undefined,
): Promise<DistrictCount[]> {
  return ctx.dataSource.query(
    `SELECT a.territory_id AS district, cp.status, count(*)::int AS n
     FROM actor a JOIN culture_point cp ON cp.actor_id = a.id
     WHERE a.program_id = $1 AND ($2::text[] IS NULL OR cp.status = ANY($2)) AND ($3::text[] IS NULL OR a.origin = ANY($3))
     GROUP BY 1, 2`,
    [PROGRAM_ID, statuses?.length ? statuses : null, origins?.length ? origins : null],
  );
}

async function findings(ctx: Ctx, kinds: FindingKind[]) {
  const rows = await ctx.dataSource
    .getRepository(FindingRecord)
    .find({ where: { programId: PROGRAM_ID, kind: In(kinds) }, order: { position: 'ASC' } });
  return rows.map((r) => ({ id: r.id, kind: r.kind, position: r.position, text: r.text, provenance: provenanceOf(r) }));
}

export const Query = {
  // The namespace object carries nothing: its fields read what they need from the context.
  puntosCultura: () => ({}),
};
