import type { DataSource } from 'typeorm';
import { listActors, type ActorFilter, type ExtraCondition } from '@cultura/vocabulary';
import type { PageArgs } from '@cultura/service-kit';
import { PROGRAM_ID, isPeruvianRegion, type GovernmentEntityKind, type NetworkRole } from './domain';

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

/** Regions of Peru (see `regionOf`) where the network has actors or actions, by id: one statement. */
export async function regionsWithData(ds: DataSource): Promise<string[]> {
  const rows: { id: string }[] = await ds.query(
    `SELECT DISTINCT t AS id FROM (
       SELECT unnest(territory_lineage) AS t FROM actor WHERE program_id = $1
       UNION SELECT unnest(territory_lineage) FROM action WHERE program_id = $1
     ) lineage ORDER BY 1`,
    [PROGRAM_ID],
  );
  return rows.map((r) => r.id).filter(isPeruvianRegion);
}
