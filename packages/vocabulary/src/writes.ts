import { GraphQLError } from 'graphql';
import type { EntityManager } from 'typeorm';
import { badInput, normalizeText } from '@cultura/service-kit';
import { ActionRecord, ActorRecord, ParticipationRecord, ReportedFigureRecord, type FigureSubject } from './entities';
import { validatePeriod, type PeriodInput } from './period';
import { loadCodeSchemes } from './code-schemes';
import { countriesOf, territoryLineage } from './territory-ids';
import { askTerritories } from './territories-client';
import type {
  ActionKind,
  ActionStatus,
  ActorKind,
  CulturalDomain,
  FigureMetric,
  FigureQualifier,
  GovernmentLevel,
  ParticipationRole,
  RecordOrigin,
} from './types';

/** Confirms territory ids against the territories service (the owner of the gazetteer). */
export interface TerritoryDirectory {
  /** Throws BAD_USER_INPUT naming `field` for the first unknown id. */
  assertKnown(ids: string[], field: string): Promise<void>;
}

/**
 * Asks the territories service over HTTP, like every other client: program services never read its database.
 * An unreachable service refuses the write (SERVICE_UNAVAILABLE) rather than store an unchecked territory.
 */
export function httpTerritoryDirectory(url: string, timeoutMs = 5000): TerritoryDirectory {
  return {
    async assertKnown(ids, field) {
      const unique = [...new Set(ids)];
      if (!unique.length) return;
      try {
        // A country other than the built-in ones is readable once its scheme is learnt from the service.
        await loadCodeSchemes(url, countriesOf(unique), timeoutMs);
      } catch (err) {
        throw new GraphQLError(`The territories service could not confirm the territories: ${(err as Error).message}`, {
          extensions: { code: 'SERVICE_UNAVAILABLE', field },
        });
      }
      for (const id of unique) {
        if (!territoryLineage(id)) throw badInput(`"${id}" is not a territory id (e.g. CL:01107, PE:150101)`, field);
      }
      let found: Set<string>;
      try {
        const data = await askTerritories<{ territoriesByIds: ({ id: string } | null)[] }>(
          url,
          timeoutMs,
          'query($ids: [ID!]!) { territoriesByIds(ids: $ids) { id } }',
          { ids: unique },
        );
        found = new Set(data.territoriesByIds.flatMap((t) => (t ? [t.id] : [])));
      } catch (err) {
        throw new GraphQLError(`The territories service could not confirm the territories: ${(err as Error).message}`, {
          extensions: { code: 'SERVICE_UNAVAILABLE', field },
        });
      }
      const missing = unique.find((id) => !found.has(id));
      if (missing) throw badInput(`Unknown territory "${missing}"`, field);
    },
  };
}

function lineageOf(ids: string[], field: string): string[] {
  const all = new Set<string>();
  for (const id of ids) {
    const lineage = territoryLineage(id);
    if (!lineage) throw badInput(`"${id}" is not a territory id (e.g. CL:01107, PE:150101)`, field);
    lineage.forEach((t) => all.add(t));
  }
  return [...all];
}

export interface Provenanced {
  origin: RecordOrigin;
  source?: string | null;
  locator?: string | null;
}

export interface NewActor extends Provenanced {
  id: string;
  programId: string;
  kind: ActorKind;
  governmentLevel: GovernmentLevel;
  name: string;
  territoryId?: string | null;
  domains?: CulturalDomain[];
  details?: Record<string, unknown>;
}

export interface NewAction extends Provenanced {
  id: string;
  programId: string;
  kind: ActionKind;
  lineCode?: string | null;
  title: string;
  status: ActionStatus;
  period?: PeriodInput | null;
  territoryIds: string[];
  domains?: CulturalDomain[];
  description?: string | null;
  details?: Record<string, unknown>;
}

export interface FigureInput {
  metric: FigureMetric;
  value: number;
  qualifier?: FigureQualifier | null;
  unit: string;
  currency?: string | null;
  period?: PeriodInput | null;
  sourceText?: string | null;
  source?: string | null;
  /** Where in the source, when it differs from the subject's locator. */
  locator?: string | null;
  /** What the figure counts, in a few words. */
  label?: string | null;
  /** The territories the source gives the figure for, when they are not its subject's (see ReportedFigureRecord). */
  scopeTerritoryIds?: string[] | null;
}

export function actorRecord(a: NewActor): Omit<ActorRecord, 'createdAt' | 'updatedAt'> {
  return {
    id: a.id,
    programId: a.programId,
    kind: a.kind,
    governmentLevel: a.governmentLevel,
    name: a.name.trim(),
    sortName: normalizeText(a.name),
    territoryId: a.territoryId ?? null,
    territoryLineage: a.territoryId ? lineageOf([a.territoryId], 'territoryId') : [],
    domains: a.domains ?? [],
    details: a.details ?? {},
    origin: a.origin,
    source: a.source ?? null,
    locator: a.locator ?? null,
  };
}

/** The period columns of an action, validated; `sortAt` orders newest-first lists, undated actions last. */
export function periodColumns(input: PeriodInput | null | undefined, field: string) {
  const period = validatePeriod(input, field);
  const sortAt = period.start ?? (period.year ? `${period.year}-01-01` : null);
  return {
    periodStart: period.start,
    periodEnd: period.end,
    periodYear: period.year,
    periodPrecision: period.precision,
    periodText: period.text,
    sortAt: sortAt ? new Date(`${sortAt}T00:00:00Z`) : null,
  };
}

export function actionRecord(a: NewAction, field = 'input'): Omit<ActionRecord, 'createdAt' | 'updatedAt'> {
  return {
    id: a.id,
    programId: a.programId,
    kind: a.kind,
    lineCode: a.lineCode ?? null,
    title: a.title.trim(),
    status: a.status,
    ...periodColumns(a.period, `${field}.period`),
    territoryIds: [...new Set(a.territoryIds)],
    territoryLineage: lineageOf(a.territoryIds, `${field}.territoryIds`),
    domains: a.domains ?? [],
    description: a.description ?? null,
    details: a.details ?? {},
    origin: a.origin,
    source: a.source ?? null,
    locator: a.locator ?? null,
  };
}

/** Validates a reported figure; money needs an ISO 4217 currency, counts a unit. */
export function figureRecord(
  subject: FigureSubject,
  subjectId: string,
  f: FigureInput,
  prov: Provenanced,
  field: string,
): Omit<ReportedFigureRecord, 'id' | 'recordedAt'> {
  if (!Number.isFinite(f.value) || f.value < 0) throw badInput(`${field}.value must be a number ≥ 0, got ${f.value}`, `${field}.value`);
  const money = f.metric === 'BUDGET' || f.metric === 'FUNDING';
  const currency = f.currency?.trim().toUpperCase() || null;
  if (money && !currency) throw badInput(`${field}.currency is required for ${f.metric} (ISO 4217, e.g. USD)`, `${field}.currency`);
  if (currency && !/^[A-Z]{3}$/.test(currency))
    throw badInput(`${field}.currency must be an ISO 4217 code, got "${f.currency}"`, `${field}.currency`);
  const unit = f.unit.trim() || (currency ?? '');
  if (!unit) throw badInput(`${field}.unit must say what is counted`, `${field}.unit`);
  const period = validatePeriod(f.period, `${field}.period`);
  const scope = f.scopeTerritoryIds ? [...new Set(f.scopeTerritoryIds)] : null;
  if (scope && !scope.length)
    throw badInput(`${field}.scopeTerritoryIds must name at least one territory, or be left out`, `${field}.scopeTerritoryIds`);
  scope?.forEach((id, i) => {
    if (!territoryLineage(id))
      throw badInput(`"${id}" is not a territory id (e.g. CL:01107, PE:150101)`, `${field}.scopeTerritoryIds[${i}]`);
  });
  return {
    subjectType: subject,
    subjectId,
    metric: f.metric,
    value: String(f.value),
    qualifier: f.qualifier ?? 'EXACT',
    unit,
    currency,
    periodStart: period.start,
    periodEnd: period.end,
    periodYear: period.year,
    periodPrecision: period.precision,
    periodText: period.text,
    sourceText: f.sourceText?.trim() || null,
    label: f.label?.trim() || null,
    scopeTerritoryIds: scope,
    origin: prov.origin,
    source: f.source ?? prov.source ?? null,
    locator: f.locator ?? prov.locator ?? null,
  };
}

export interface ParticipationInput {
  actorId: string;
  role: ParticipationRole;
  note?: string | null;
}

/** Writes an action, its participants and figures in the caller's transaction. */
export async function saveAction(
  tx: EntityManager,
  action: NewAction,
  participants: ParticipationInput[] = [],
  figures: FigureInput[] = [],
  field = 'input',
): Promise<ActionRecord> {
  const record = tx.getRepository(ActionRecord).create(actionRecord(action, field));
  const figureRows = figures.map((f, i) => figureRecord('ACTION', action.id, f, action, `${field}.figures[${i}]`));
  const saved = await tx.getRepository(ActionRecord).save(record);
  if (participants.length) {
    await tx
      .getRepository(ParticipationRecord)
      .insert(participants.map((p) => ({ actionId: action.id, actorId: p.actorId, role: p.role, note: p.note ?? null })));
  }
  if (figureRows.length) await tx.getRepository(ReportedFigureRecord).insert(figureRows);
  return saved;
}
