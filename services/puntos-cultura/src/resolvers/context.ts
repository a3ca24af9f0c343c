import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import type { Connection, ServiceContext } from '@cultura/service-kit';
import type { ActionRecord, ActorRecord, Language, ProgramRecord, provenanceOf } from '@cultura/vocabulary';
import { PROGRAM_ID } from '../data/facts';
import type { PuntosCulturaLoaders } from '../loaders';
import type { ApplicationRecord, CulturePointRecord } from '../entities';

export type Ctx = ServiceContext<PuntosCulturaLoaders>;

// What resolvers hand the fields of these GraphQL types (codegen.json maps each type to its model).

/** `PuntosCulturaQuery`: the namespace object carries nothing; its fields read the context. */
export type PuntosCulturaQueryModel = Record<string, never>;
/** `Labels`: the entity's key, the language. */
export type LabelsModel = { lang: Language };
/** `Territory`: a reference by id (`territoryRef`); the territories service owns the rest. */
export type TerritoryModel = { id: string };
/** `Provenance`, as the shared vocabulary's `provenanceOf` builds it. */
export type ProvenanceModel = ReturnType<typeof provenanceOf>;
export type CulturePointConnectionModel = Connection<ActorRecord>;
export type ApplicationConnectionModel = Connection<ApplicationRecord>;
export type ActionConnectionModel = Connection<ActionRecord>;
export type ActorConnectionModel = Connection<ActorRecord>;

/** This service's program; its country is where its figures without a scope of their own apply. */
export async function theProgram(ctx: Ctx): Promise<ProgramRecord> {
  const p = await ctx.loaders.vocabulary.program.load(PROGRAM_ID);
  if (!p) throw new Error('the puntos-cultura program is missing: start the service with its default data');
  return p;
}

/** A string kept in an action's `details`, or null. */
export function detailText(a: ActionRecord, key: string): string | null {
  const v = a.details[key];
  return typeof v === 'string' ? v : null;
}

export function detailNumber(a: ActionRecord, key: string): number | null {
  const v = a.details[key];
  return typeof v === 'number' ? v : null;
}

export function detailTexts(a: ActionRecord, key: string): string[] {
  const v = a.details[key];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** The program-specific facts of a culture point; every culture point actor has them. */
export async function pointDetails(ctx: Ctx, a: ActorRecord): Promise<CulturePointRecord> {
  const d = await ctx.loaders.point.load(a.id);
  if (!d) throw new Error(`culture point ${a.id} has no culture_point row`);
  return d;
}

/** The culture point actors taking part in an action, in participation order. */
export async function pointsOf(ctx: Ctx, a: ActionRecord): Promise<ActorRecord[]> {
  const parts = await ctx.loaders.vocabulary.participationsByAction.load(a.id);
  const actors = await ctx.loaders.vocabulary.actor.loadMany(parts.map((p) => p.actorId));
  const seen = new Set<string>();
  return actors.filter((x): x is ActorRecord => {
    if (!x || x instanceof Error || x.kind !== 'CULTURE_POINT' || seen.has(x.id)) return false;
    seen.add(x.id);
    return true;
  });
}

/** A culture point actor by id, or null when the id is not one. */
export async function culturePoint(ctx: Ctx, id: string | null): Promise<ActorRecord | null> {
  if (!id) return null;
  const a = await ctx.loaders.vocabulary.actor.load(id);
  return a && a.kind === 'CULTURE_POINT' ? a : null;
}

function selectsIn(set: SelectionSetNode | undefined, field: string): boolean {
  return (set?.selections ?? []).some((s) =>
    s.kind === Kind.FIELD ? s.name.value === field : s.kind === Kind.INLINE_FRAGMENT ? selectsIn(s.selectionSet, field) : false,
  );
}

/**
 * Whether the query selects `field` directly below the current one (fields inside named fragments are
 * not seen, which only costs a later batch). Nested lists start their count at once when it is wanted,
 * so the counts of every parent share one batch instead of arriving as their pages resolve.
 */
export function selects(info: GraphQLResolveInfo, field: string): boolean {
  return info.fieldNodes.some((node) => selectsIn(node.selectionSet, field));
}
