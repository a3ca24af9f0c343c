import type { ActionRecord, ActorRecord, ProgramRecord, ReportedFigureRecord } from './entities';
import type { VocabularyLoaders } from './loaders';

/** What the shared resolvers need from a service's per-request context. */
export interface VocabularyContext {
  loaders: { vocabulary: VocabularyLoaders };
}

type WithOrigin = { origin: string; source: string | null; locator: string | null; createdAt?: Date; recordedAt?: Date };

export function provenanceOf(r: WithOrigin) {
  const at = r.createdAt ?? r.recordedAt;
  return { origin: r.origin, source: r.source, locator: r.locator, recordedAt: at ? at.toISOString() : null };
}

export const territoryRef = (id: string) => ({ __typename: 'Territory' as const, id });

export function programView(p: ProgramRecord) {
  return {
    id: p.id,
    name: p.name,
    acronym: p.acronym,
    country: territoryRef(p.countryId),
    agency: p.agency,
    description: p.description,
    legalBasis: p.legalBasis,
    lines: p.lines.map((l) => ({ code: l.code, name: l.name, objective: l.objective ?? null })),
    provenance: provenanceOf(p),
  };
}

export function figureView(f: ReportedFigureRecord) {
  return {
    metric: f.metric,
    value: Number(f.value),
    qualifier: f.qualifier,
    unit: f.unit,
    currency: f.currency,
    label: f.label,
    period: { start: f.periodStart, end: f.periodEnd, year: f.periodYear, precision: f.periodPrecision, text: f.periodText },
    scopeTerritories: f.scopeTerritoryIds?.map(territoryRef) ?? null,
    sourceText: f.sourceText,
    provenance: provenanceOf(f),
  };
}

async function loadProgram(ctx: VocabularyContext, id: string) {
  const p = await ctx.loaders.vocabulary.program.load(id);
  if (!p) throw new Error(`program ${id} is missing from this service's database`);
  return p;
}

/**
 * Resolvers of the `Action` interface's common fields, spread into every concrete action type of a
 * service (`{ ...actionFields, stage: … }`). Lists go through the request's loaders.
 */
export const actionFields = {
  program: async (a: ActionRecord, _: unknown, ctx: VocabularyContext) => programView(await loadProgram(ctx, a.programId)),
  line: async (a: ActionRecord, _: unknown, ctx: VocabularyContext) => {
    if (!a.lineCode) return null;
    const line = (await loadProgram(ctx, a.programId)).lines.find((l) => l.code === a.lineCode);
    return line
      ? { code: line.code, name: line.name, objective: line.objective ?? null }
      : { code: a.lineCode, name: a.lineCode, objective: null };
  },
  period: (a: ActionRecord) => ({
    start: a.periodStart,
    end: a.periodEnd,
    year: a.periodYear,
    precision: a.periodPrecision,
    text: a.periodText,
  }),
  territories: (a: ActionRecord) => a.territoryIds.map(territoryRef),
  participants: async (a: ActionRecord, _: unknown, ctx: VocabularyContext) => {
    const parts = await ctx.loaders.vocabulary.participationsByAction.load(a.id);
    const actors = await ctx.loaders.vocabulary.actor.loadMany(parts.map((p) => p.actorId));
    return parts.flatMap((p, i) => {
      const actor = actors[i];
      return actor && !(actor instanceof Error) ? [{ role: p.role, note: p.note, actor }] : [];
    });
  },
  figures: async (a: ActionRecord, _: unknown, ctx: VocabularyContext) =>
    (await ctx.loaders.vocabulary.figures.load({ subject: 'ACTION', id: a.id })).map(figureView),
  provenance: (a: ActionRecord) => provenanceOf(a),
};

/** Resolvers of the `Actor` interface's common fields, spread into every concrete actor type. */
export const actorFields = {
  program: async (a: ActorRecord, _: unknown, ctx: VocabularyContext) => programView(await loadProgram(ctx, a.programId)),
  territory: (a: ActorRecord) => (a.territoryId ? territoryRef(a.territoryId) : null),
  provenance: (a: ActorRecord) => provenanceOf(a),
};
