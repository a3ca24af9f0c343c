import type { DataSource } from 'typeorm';
import { keysetPage, type PageArgs } from '@cultura/service-kit';
import {
  ActionRecord,
  ActorRecord,
  listActions,
  listActors,
  type ActionFilter,
  type ActionKind,
  type ActorFilter,
  type CulturalDomain,
  type RecordOrigin,
} from '@cultura/vocabulary';
import { ApplicationRecord } from '../entities';
import type { ApplicationStatus, AreaOfWork, CulturePointStatus, OrganisationForm, Population } from '../domain';
import { PROGRAM_ID } from '../data/facts';

/** The lists whose first page comes from a loader, as their cursors name them. */
export const LISTS = {
  /** Names this list in its cursors, so the first page (from a loader) and later ones (keyset) agree. */
  territoryPoints: 'territory culture points BY_NAME',
  /** Names this list in its cursors: a point's actions, newest first, undated last. */
  pointActions: 'culture point actions NEWEST_FIRST',
} as const;

/** `%text%` for LIKE on a normalised name, with LIKE's own characters escaped. */
const likePattern = (needle: string) => `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export interface PointFilter {
  /** A territory id: points in it or below it. */
  within: string | null;
  statuses?: CulturePointStatus[] | null;
  domains?: CulturalDomain[] | null;
  areasOfWork?: AreaOfWork[] | null;
  populations?: Population[] | null;
  organisationForms?: OrganisationForm[] | null;
  networkMember?: boolean | null;
  origins?: RecordOrigin[] | null;
  /** Text the point's name contains, normalised as names are (`normalizeText`), never empty. */
  search: string | null;
}

export function listPoints(ds: DataSource, f: PointFilter, page: PageArgs) {
  const qb = ds
    .getRepository(ActorRecord)
    .createQueryBuilder('a')
    .innerJoin('culture_point', 'cp', 'cp.actor_id = a.id')
    .where('a.program_id = :program', { program: PROGRAM_ID });
  if (f.within) qb.andWhere(':within = ANY(a.territory_lineage)', { within: f.within });
  if (f.statuses?.length) qb.andWhere('cp.status = ANY(:statuses)', { statuses: f.statuses });
  if (f.domains?.length) qb.andWhere('a.domains && CAST(:domains AS text[])', { domains: f.domains });
  if (f.areasOfWork?.length) qb.andWhere('cp.areas_of_work && CAST(:areas AS text[])', { areas: f.areasOfWork });
  if (f.populations?.length) qb.andWhere('cp.populations && CAST(:populations AS text[])', { populations: f.populations });
  if (f.organisationForms?.length) qb.andWhere('cp.organisation_form = ANY(:forms)', { forms: f.organisationForms });
  if (f.networkMember !== undefined && f.networkMember !== null) qb.andWhere('cp.network_member = :member', { member: f.networkMember });
  if (f.origins?.length) qb.andWhere('a.origin = ANY(:origins)', { origins: f.origins });
  if (f.search !== null) qb.andWhere(`a.sort_name LIKE :needle ESCAPE '\\'`, { needle: likePattern(f.search) });
  return keysetPage(qb, page, { sortExpr: 'a.sort_name', idColumn: 'a.id', sortKeyOf: (r) => r.sortName, idOf: (r) => r.id });
}

export interface ApplicationListFilter {
  statuses?: ApplicationStatus[] | null;
  eligible?: boolean | null;
  /** A territory id: applications from districts in it or below it. */
  within: string | null;
  /** Text the organisation's name contains, normalised as names are (`normalizeText`), never empty. */
  search: string | null;
  /** ISO dates, `submittedFrom` not after `submittedTo`. */
  submittedFrom: string | null;
  submittedTo: string | null;
}

/** Applications, latest submitted first. */
export function listApplications(ds: DataSource, f: ApplicationListFilter, page: PageArgs) {
  const qb = ds.getRepository(ApplicationRecord).createQueryBuilder('ap');
  if (f.statuses?.length) qb.andWhere('ap.status = ANY(:statuses)', { statuses: f.statuses });
  if (f.eligible !== undefined && f.eligible !== null) qb.andWhere('ap.eligible = :eligible', { eligible: f.eligible });
  if (f.within) qb.andWhere(':within = ANY(ap.territory_lineage)', { within: f.within });
  if (f.search !== null) qb.andWhere(`ap.sort_name LIKE :needle ESCAPE '\\'`, { needle: likePattern(f.search) });
  if (f.submittedFrom) qb.andWhere('ap.submitted_on >= :from', { from: f.submittedFrom });
  if (f.submittedTo) qb.andWhere('ap.submitted_on <= :to', { to: f.submittedTo });
  return keysetPage(qb, page, {
    sortExpr: 'ap.submitted_on',
    idColumn: 'ap.id',
    direction: 'DESC',
    sortKeyOf: (r) => r.submittedOn,
    idOf: (r) => r.id,
  });
}

/** Points in a territory or below it, by name: the pages after the first, which a loader gives. */
export function listPointsWithin(
  ds: DataSource,
  territoryId: string,
  filter: { statuses: CulturePointStatus[] | null; origins: RecordOrigin[] | null },
  page: PageArgs,
) {
  const qb = ds
    .getRepository(ActorRecord)
    .createQueryBuilder('a')
    .innerJoin('culture_point', 'cp', 'cp.actor_id = a.id')
    .where('a.program_id = :program AND :territory = ANY(a.territory_lineage)', { program: PROGRAM_ID, territory: territoryId });
  if (filter.statuses) qb.andWhere('cp.status = ANY(:statuses)', { statuses: filter.statuses });
  if (filter.origins) qb.andWhere('a.origin = ANY(:origins)', { origins: filter.origins });
  return keysetPage(qb, page, {
    sortExpr: 'a.sort_name',
    idColumn: 'a.id',
    sortKeyOf: (r) => r.sortName,
    idOf: (r) => r.id,
    list: LISTS.territoryPoints,
  });
}

/** A point's actions, newest first, undated last: the pages after the first, which a loader gives. */
export function listActionsOfPoint(ds: DataSource, pointId: string, kinds: ActionKind[] | null, page: PageArgs) {
  const qb = ds
    .getRepository(ActionRecord)
    .createQueryBuilder('a')
    .where('a.program_id = :program', { program: PROGRAM_ID })
    .andWhere('EXISTS (SELECT 1 FROM participation p WHERE p.action_id = a.id AND p.actor_id = :point)', { point: pointId });
  if (kinds) qb.andWhere('a.kind = ANY(:kinds)', { kinds });
  return keysetPage(qb, page, {
    sortExpr: `COALESCE(a.sort_at, '-infinity'::timestamptz)`,
    idColumn: 'a.id',
    direction: 'DESC',
    sortKeyOf: (r) => r.sortAt?.toISOString() ?? '-infinity',
    idOf: (r) => r.id,
    list: LISTS.pointActions,
    keyType: 'timestamp',
  });
}

export function listProgramActions(ds: DataSource, filter: ActionFilter | null | undefined, page: PageArgs) {
  return listActions(ds, PROGRAM_ID, filter, page);
}

export function listProgramActors(ds: DataSource, filter: ActorFilter | null | undefined, page: PageArgs) {
  return listActors(ds, PROGRAM_ID, filter, page);
}
