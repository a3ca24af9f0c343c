import type { DataSource } from 'typeorm';
import type { PageArgs } from '@cultura/service-kit';
import { listActions, listActors, type ActionFilter, type ActorFilter, type ExtraCondition } from '@cultura/vocabulary';
import { PROGRAM_ID, SESSION_KINDS, type GovernmentEntityKind, type NetworkRole } from '../domain';

/** The in-memory lists of this service, as their cursors name them (paged by service-kit's pageInMemory). */
export const LISTS = {
  attendanceByName: 'red-gestion session attendance BY_ENTITY_NAME',
  servantsByRecord: 'red-gestion entity servants BY_RECORDED_AT',
} as const;

export function listProgramActions(ds: DataSource, filter: ActionFilter | null | undefined, page: PageArgs) {
  return listActions(ds, PROGRAM_ID, filter, page);
}

export function listProgramActors(ds: DataSource, filter: ActorFilter | null | undefined, page: PageArgs) {
  return listActors(ds, PROGRAM_ID, filter, page);
}

export function listWorkshops(ds: DataSource, filter: ActionFilter | null | undefined, page: PageArgs) {
  return listActions(ds, PROGRAM_ID, filter, page, { kinds: ['WORKSHOP'] });
}

/** Sessions of either kind with participants in the territory or below it. */
export function listSessionsWithin(ds: DataSource, territoryId: string, filter: ActionFilter | null | undefined, page: PageArgs) {
  return listActions(ds, PROGRAM_ID, filter, page, { kinds: SESSION_KINDS, lineageContains: territoryId });
}

export interface EntityListOptions {
  /** Only entities of these RED kinds (the shared filter's `kinds` takes the vocabulary's actor kinds). */
  entityKinds?: GovernmentEntityKind[] | null;
  /** Only the coordinator, or only members. */
  networkRoles?: NetworkRole[] | null;
  /** Only entities in this territory or below it. */
  territoryId?: string;
}

/** Named government entities of the network (groups left out), by name, with the shared actor filters. */
export function listEntities(ds: DataSource, filter: ActorFilter | null | undefined, opts: EntityListOptions, page: PageArgs) {
  const conditions = ['e.actor_id = a.id', 'e.network_role IS NOT NULL'];
  const params: Record<string, unknown> = {};
  if (opts.entityKinds?.length) {
    conditions.push('e.entity_kind = ANY(:redEntityKinds)');
    params.redEntityKinds = opts.entityKinds;
  }
  if (opts.networkRoles?.length) {
    conditions.push('e.network_role = ANY(:redNetworkRoles)');
    params.redNetworkRoles = opts.networkRoles;
  }
  const sql: ExtraCondition = { where: `EXISTS (SELECT 1 FROM red_entity e WHERE ${conditions.join(' AND ')})`, params };
  return listActors(ds, PROGRAM_ID, filter, page, { sql, territoryId: opts.territoryId });
}
