import type { DataSource } from 'typeorm';
import { badInput, keysetPage, type PageArgs, normalizeText } from '@cultura/service-kit';
import { ActionRecord, ActorRecord } from './entities';
import { parseIsoDate } from './period';
import { isUnplacedTerritoryId, territoryLineage } from './territory-ids';
import type { ActionKind, ActionStatus, ActorKind, CulturalDomain, GovernmentLevel, RecordOrigin } from './types';

export interface ActionFilter {
  within?: string | null;
  kinds?: ActionKind[] | null;
  lines?: string[] | null;
  statuses?: ActionStatus[] | null;
  domains?: CulturalDomain[] | null;
  from?: string | null;
  to?: string | null;
  year?: number | null;
  origins?: RecordOrigin[] | null;
}

export interface ActorFilter {
  within?: string | null;
  kinds?: ActorKind[] | null;
  governmentLevels?: GovernmentLevel[] | null;
  domains?: CulturalDomain[] | null;
  search?: string | null;
  origins?: RecordOrigin[] | null;
}

/**
 * A list's filter inside a territory view that asked for some origins (`Territory.redGestion(origins:)`):
 * the list's own `origins` when it gives them, else the view's; unchanged when the view asked for none.
 */
export function withViewOrigins<F extends { origins?: RecordOrigin[] | null }>(
  filter: F | null | undefined,
  viewOrigins: RecordOrigin[] | null,
): F | null | undefined {
  if (filter?.origins?.length || !viewOrigins) return filter;
  return { ...filter, origins: viewOrigins } as F;
}

/** A service's own condition on the listed rows (alias `a`), e.g. a join to one of its tables. */
export interface ExtraCondition {
  where: string;
  params: Record<string, unknown>;
}

function checkTerritoryId(id: string, field: string): void {
  // Records are matched by the lineages stored when they were written, so a country this process has not
  // learnt the scheme of yet still filters correctly (and finds what was stored for it).
  if (!territoryLineage(id) && !isUnplacedTerritoryId(id))
    throw badInput(`"${id}" is not a territory id (e.g. CL:01107, PE:150101)`, field);
}

/** Actions of one program, newest first, with the shared filters; `fixed` narrows further (e.g. one kind). */
export function listActions(
  ds: DataSource,
  programId: string,
  filter: ActionFilter | null | undefined,
  page: PageArgs,
  fixed: { kinds?: ActionKind[]; lineageContains?: string; sql?: ExtraCondition } = {},
) {
  const f = filter ?? {};
  const qb = ds.getRepository(ActionRecord).createQueryBuilder('a').where('a.program_id = :programId', { programId });
  if (f.within) {
    checkTerritoryId(f.within, 'filter.within');
    qb.andWhere(':within = ANY(a.territory_lineage)', { within: f.within });
  }
  if (fixed.lineageContains) qb.andWhere(':lineage = ANY(a.territory_lineage)', { lineage: fixed.lineageContains });
  if (fixed.sql) qb.andWhere(fixed.sql.where, fixed.sql.params);
  if (f.kinds?.length) qb.andWhere('a.kind = ANY(:kinds)', { kinds: f.kinds });
  if (fixed.kinds?.length) qb.andWhere('a.kind = ANY(:fixedKinds)', { fixedKinds: fixed.kinds });
  if (f.lines?.length) qb.andWhere('a.line_code = ANY(:lines)', { lines: f.lines.map((l) => l.toUpperCase()) });
  if (f.statuses?.length) qb.andWhere('a.status = ANY(:statuses)', { statuses: f.statuses });
  if (f.domains?.length) qb.andWhere('a.domains && CAST(:domains AS text[])', { domains: f.domains });
  if (f.origins?.length) qb.andWhere('a.origin = ANY(:origins)', { origins: f.origins });
  const from = f.from ? parseIsoDate(f.from, 'filter.from') : null;
  const to = f.to ? parseIsoDate(f.to, 'filter.to') : null;
  if (from && to && from > to) throw badInput(`filter.from (${from}) is after filter.to (${to})`, 'filter.from');
  // Kept: actions known to overlap [from, to], as the cross-program index keeps them. A start without an end
  // is known on its start day only; an undated action cannot be placed, so it is left out, as `year` does.
  if (from) qb.andWhere('COALESCE(a.period_end, a.period_start, make_date(a.period_year, 12, 31)) >= :from', { from });
  if (to) qb.andWhere('COALESCE(a.period_start, make_date(a.period_year, 1, 1)) <= :to', { to });
  if (f.year !== undefined && f.year !== null) {
    qb.andWhere(
      `(a.period_year = :year OR (a.period_start IS NOT NULL AND EXTRACT(YEAR FROM a.period_start) <= :year
        AND EXTRACT(YEAR FROM COALESCE(a.period_end, a.period_start)) >= :year))`,
      { year: f.year },
    );
  }
  // Undated actions have no sort date: they come last, newest first.
  return keysetPage(qb, page, {
    sortExpr: `COALESCE(a.sort_at, '-infinity'::timestamptz)`,
    idColumn: 'a.id',
    direction: 'DESC',
    sortKeyOf: (r) => r.sortAt?.toISOString() ?? '-infinity',
    idOf: (r) => r.id,
    list: 'actions NEWEST_FIRST',
    keyType: 'timestamp',
  });
}

/** Actors of one program, by name, with the shared filters. */
export function listActors(
  ds: DataSource,
  programId: string,
  filter: ActorFilter | null | undefined,
  page: PageArgs,
  fixed: { kinds?: ActorKind[]; territoryId?: string; sql?: ExtraCondition } = {},
) {
  const f = filter ?? {};
  const qb = ds.getRepository(ActorRecord).createQueryBuilder('a').where('a.program_id = :programId', { programId });
  if (f.within) {
    checkTerritoryId(f.within, 'filter.within');
    qb.andWhere(':within = ANY(a.territory_lineage)', { within: f.within });
  }
  if (fixed.territoryId) qb.andWhere(':fixedWithin = ANY(a.territory_lineage)', { fixedWithin: fixed.territoryId });
  if (fixed.sql) qb.andWhere(fixed.sql.where, fixed.sql.params);
  if (f.kinds?.length) qb.andWhere('a.kind = ANY(:kinds)', { kinds: f.kinds });
  if (fixed.kinds?.length) qb.andWhere('a.kind = ANY(:fixedKinds)', { fixedKinds: fixed.kinds });
  if (f.governmentLevels?.length) qb.andWhere('a.government_level = ANY(:levels)', { levels: f.governmentLevels });
  if (f.domains?.length) qb.andWhere('a.domains && CAST(:domains AS text[])', { domains: f.domains });
  if (f.origins?.length) qb.andWhere('a.origin = ANY(:origins)', { origins: f.origins });
  if (f.search !== undefined && f.search !== null) {
    const needle = normalizeText(f.search);
    if (!needle) throw badInput('search must contain at least one letter or digit', 'filter.search');
    qb.andWhere(`a.sort_name LIKE :needle ESCAPE '\\'`, { needle: `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%` });
  }
  return keysetPage(qb, page, { sortExpr: 'a.sort_name', idColumn: 'a.id', sortKeyOf: (r) => r.sortName, idOf: (r) => r.id });
}
