import type { DataSource } from 'typeorm';
import type { CulturalDomain, RecordOrigin } from '@cultura/vocabulary';
import type { CulturePointStatus } from '../domain';
import { PROGRAM_ID } from '../data/facts';

/** The registry as territories see it: counts and first pages of the points in a territory or below it. */

/** Points below a territory of one status, and of one status and domain when `byDomain`. */
export interface TerritoryCountRow {
  territory: string;
  status: CulturePointStatus;
  domain: CulturalDomain | null;
  byDomain: boolean;
  n: number;
}

/** Counts of the registry below each territory, per status and per status and domain, in one statement. */
export async function territoryCounts(
  ds: DataSource,
  territoryIds: string[],
  origins: RecordOrigin[] | null,
): Promise<TerritoryCountRow[]> {
  // Every point counts for its district and each territory above it (its lineage); one pass
  // gives the per-status counts and, in the same statement, the per-status-and-domain ones.
  const rows: { territory: string; status: CulturePointStatus; domain: CulturalDomain | null; by_domain: boolean; n: number }[] =
    await ds.query(
      `SELECT t.id AS territory, cp.status, d.domain, GROUPING(d.domain) = 0 AS by_domain, count(DISTINCT a.id)::int AS n
       FROM actor a
       JOIN culture_point cp ON cp.actor_id = a.id
       CROSS JOIN LATERAL unnest(a.territory_lineage) AS t(id)
       LEFT JOIN LATERAL unnest(a.domains) AS d(domain) ON true
       WHERE a.program_id = $1 AND a.territory_lineage && $2::text[] AND t.id = ANY($2)
         AND ($3::text[] IS NULL OR a.origin = ANY($3))
       GROUP BY GROUPING SETS ((t.id, cp.status), (t.id, cp.status, d.domain))`,
      [PROGRAM_ID, territoryIds, origins],
    );
  return rows.map((r) => ({ territory: r.territory, status: r.status, domain: r.domain, byDomain: r.by_domain, n: r.n }));
}

/** The ids of the first `perTerritory` points in each territory or below it, by name, in one statement. */
export async function pointIdsInTerritories(
  ds: DataSource,
  territoryIds: string[],
  filter: { origins: RecordOrigin[] | null; statuses: CulturePointStatus[] | null },
  perTerritory: number,
): Promise<{ territory: string; id: string }[]> {
  return ds.query(
    `SELECT ranked.territory, ranked.id FROM (
       SELECT t.id AS territory, a.id, row_number() OVER (PARTITION BY t.id ORDER BY a.sort_name, a.id) AS rn
       FROM actor a
       JOIN culture_point cp ON cp.actor_id = a.id
       CROSS JOIN LATERAL unnest(a.territory_lineage) AS t(id)
       WHERE a.program_id = $1 AND a.territory_lineage && $2::text[] AND t.id = ANY($2)
         AND ($3::text[] IS NULL OR a.origin = ANY($3))
         AND ($4::text[] IS NULL OR cp.status = ANY($4))
     ) ranked WHERE ranked.rn <= $5 ORDER BY ranked.territory, ranked.rn`,
    [PROGRAM_ID, territoryIds, filter.origins, filter.statuses, perTerritory],
  );
}

/** Culture points of the program per district and status. */
export interface DistrictCount {
  district: string | null;
  status: CulturePointStatus;
  n: number;
}

/**
 * Culture points per district and status, in one statement: regions are counted from it by the caller,
 * where the shared vocabulary says which region (`regionalAreaOf`) a district lies in.
 */
export function pointsPerDistrict(
  ds: DataSource,
  statuses: CulturePointStatus[] | null | undefined,
  origins: RecordOrigin[] | null | undefined,
): Promise<DistrictCount[]> {
  return ds.query(
    `SELECT a.territory_id AS district, cp.status, count(*)::int AS n
     FROM actor a JOIN culture_point cp ON cp.actor_id = a.id
     WHERE a.program_id = $1 AND ($2::text[] IS NULL OR cp.status = ANY($2)) AND ($3::text[] IS NULL OR a.origin = ANY($3))
     GROUP BY 1, 2`,
    [PROGRAM_ID, statuses?.length ? statuses : null, origins?.length ? origins : null],
  );
}
