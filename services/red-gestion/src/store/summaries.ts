import type { DataSource } from 'typeorm';
import { ActionRecord } from '@cultura/vocabulary';
import { PROGRAM_ID, SESSION_KINDS, isPeruvianRegion } from '../domain';

/** Regions of Peru (see `regionOf`) where the network has actors or actions of `origins` (any when null), by id: one statement. */
export async function regionsWithData(ds: DataSource, origins: readonly string[] | null = null): Promise<string[]> {
  const rows: { id: string }[] = await ds.query(
    `SELECT DISTINCT t AS id FROM (
       SELECT unnest(territory_lineage) AS t FROM actor WHERE program_id = $1 AND (CAST($2 AS text[]) IS NULL OR origin = ANY(CAST($2 AS text[])))
       UNION SELECT unnest(territory_lineage) FROM action WHERE program_id = $1 AND (CAST($2 AS text[]) IS NULL OR origin = ANY(CAST($2 AS text[])))
     ) lineage ORDER BY 1`,
    [PROGRAM_ID, origins],
  );
  return rows.map((r) => r.id).filter(isPeruvianRegion);
}

/**
 * Ids of held sessions with participants from any of `territoryIds` (all held sessions when null), of
 * `origins` (every origin when null): one statement.
 */
export async function heldSessionIds(
  ds: DataSource,
  territoryIds: string[] | null,
  origins: readonly string[] | null = null,
): Promise<string[]> {
  const qb = ds
    .getRepository(ActionRecord)
    .createQueryBuilder('a')
    .select('a.id', 'id')
    .where(`a.program_id = :program AND a.kind = ANY(:kinds) AND a.status = 'COMPLETED'`, { program: PROGRAM_ID, kinds: SESSION_KINDS });
  // Recording attendance adds each entity's territory to the action's, so the action's lineage alone
  // (GIN-indexed) finds every session with participants from these territories.
  if (territoryIds) qb.andWhere('a.territory_lineage && CAST(:ids AS text[])', { ids: territoryIds });
  if (origins) qb.andWhere('a.origin = ANY(:origins)', { origins });
  return (await qb.getRawMany<{ id: string }>()).map((r) => r.id);
}

/** Named members (groups left out) in each territory or below it, of `origins` (every origin when null): one statement. */
export async function membersWithin(
  ds: DataSource,
  territoryIds: string[],
  origins: readonly string[] | null = null,
): Promise<Map<string, number>> {
  const rows: { key: string; n: number }[] = await ds.query(
    `SELECT t AS key, count(a.id)::int AS n
       FROM unnest(CAST($2 AS text[])) AS t
       JOIN actor a ON t = ANY(a.territory_lineage) AND a.program_id = $1
         AND (CAST($3 AS text[]) IS NULL OR a.origin = ANY(CAST($3 AS text[])))
       JOIN red_entity e ON e.actor_id = a.id AND e.network_role IS NOT NULL
      GROUP BY t`,
    [PROGRAM_ID, territoryIds, origins],
  );
  return new Map(rows.map((r) => [r.key, r.n]));
}

/** Named members per level of government: one statement. */
export async function membersPerLevel(ds: DataSource): Promise<Map<string, number>> {
  const rows: { key: string; n: number }[] = await ds.query(
    `SELECT a.government_level AS key, count(*)::int AS n
       FROM actor a JOIN red_entity e ON e.actor_id = a.id AND e.network_role IS NOT NULL
      WHERE a.program_id = $1
      GROUP BY 1`,
    [PROGRAM_ID],
  );
  return new Map(rows.map((r) => [r.key, r.n]));
}
