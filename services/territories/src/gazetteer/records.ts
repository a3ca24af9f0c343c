import type { DataSource, EntityManager } from 'typeorm';
import type { Territory, TerritoryOrigin } from '../entities/Territory';
import { normalizeText } from '@cultura/service-kit';
import { codeSchemeOf } from '@cultura/vocabulary';
import { registerStoredCodeSchemes } from '../store/code-schemes';
import { areasOf } from './areas';
import { LEVEL_DEPTH, Planner } from './planner';
import { COLUMNS, sameArray, toJson, type Row } from './rows';

/**
 * One territory as a data source states it. `sortName`, `alternateSortNames`, `ancestorIds`, `areaIds` and
 * `lineage` are derived when it is written; `parentId` names another record of the same batch or a territory
 * already stored.
 */
export type TerritoryRecord = Omit<
  Territory,
  'sortName' | 'alternateSortNames' | 'ancestorIds' | 'areaIds' | 'lineage' | 'createdAt' | 'updatedAt' | 'origin' | 'originDetail'
> & {
  /** Where the record comes from; the call's `origin` when omitted. */
  origin?: TerritoryOrigin;
  /** File, document or user the record came from; the call's `originDetail` when omitted. */
  originDetail?: string | null;
  /** Where the record was read (`pe/ubigeo_distrito.csv:1894`), used to report a rejection; the id otherwise. */
  sourceRow?: string;
};

export interface RejectedRow {
  /** `file:line` of the rejected row, or the record's id when it was not read from a file. */
  row: string;
  reason: string;
}

export interface UpsertSummary {
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: RejectedRow[];
}

export interface UpsertOptions {
  /** Origin of records that do not state their own. */
  origin: TerritoryOrigin;
  /** Origin detail of records that do not state their own. */
  originDetail: string;
  /** Called as records are settled (rejected, found unchanged, or written), `done` of `total`. */
  onProgress?(done: number, total: number): void;
}

/**
 * Inserts or updates `records` in one transaction: either all accepted records are written or, when a
 * statement fails, nothing is. Invalid records are not thrown but reported in `rejected`.
 *
 * Merging with a stored row:
 * - the source that created a row (its `origin`) owns it: a later record of the same origin may change
 *   it; a record of another origin only fills values the row lacks (codes, centroid) and adds names and
 *   codes, so the default gazetteer and an official import never undo each other's work;
 * - a name that only differs in case or accents (`TARAPACA` for `Tarapacá`) never replaces the stored one;
 * - alternate names and codes accumulate, and a missing value (null) never erases a stored one.
 *
 * Running the same input twice reports everything `unchanged` the second time.
 */
export function upsertTerritories(dataSource: DataSource, records: TerritoryRecord[], opts: UpsertOptions): Promise<UpsertSummary> {
  return dataSource.transaction((manager) => upsertTerritoriesWith(manager, records, opts));
}

const SELECT_LIST = COLUMNS.map((c) => `t.${c.column} AS "${c.prop}"`).join(', ');
/** Column definitions of `jsonb_to_recordset`, which turns one JSON parameter into typed rows. */
const RECORDSET = `jsonb_to_recordset($1::jsonb) AS v(${COLUMNS.map((c) => `${c.column} ${c.type}`).join(', ')})`;

/** Rows per INSERT/UPDATE statement: one JSON parameter each, kept to a few hundred kilobytes. */
const WRITE_BATCH = 1000;

/** Serialises writers (replicas loading defaults at start, an import) so reads and writes stay consistent. */
const LOCK_SQL = `SELECT pg_advisory_xact_lock(hashtext('cultura.territories.gazetteer-upsert'))`;

/**
 * The work of `upsertTerritories` inside a transaction the caller opened, so several batches (one per
 * file of an import) can commit or fail together. Later batches see the rows of earlier ones.
 */
export async function upsertTerritoriesWith(
  manager: EntityManager,
  records: TerritoryRecord[],
  opts: UpsertOptions,
): Promise<UpsertSummary> {
  const total = records.length;
  await manager.query(LOCK_SQL);
  // A country this process does not know may have been registered since it started (by an import).
  if (records.some((r) => !codeSchemeOf(r.country))) await registerStoredCodeSchemes(manager);

  const rejected: RejectedRow[] = [];
  const label = (r: TerritoryRecord) => r.sourceRow ?? r.id;

  // The first record of an id wins; later ones are reported rather than silently merged.
  const byId = new Map<string, TerritoryRecord>();
  for (const r of records) {
    const first = byId.get(r.id);
    if (first) rejected.push({ row: label(r), reason: `duplicate id ${r.id} (first given at ${label(first)})` });
    else byId.set(r.id, r);
  }
  const unique = [...byId.values()];
  const stored = await readStored(manager, unique);

  const planner = new Planner(byId, stored, opts);
  // Parents first: depth order makes the recursion in `plan` shallow and the output stable.
  const ordered = [...unique].sort((a, b) => (LEVEL_DEPTH[a.level] ?? 99) - (LEVEL_DEPTH[b.level] ?? 99));
  const inserts: Row[] = [];
  const updates: Row[] = [];
  const moved: Row[] = [];
  let unchanged = 0;
  for (const record of ordered) {
    const outcome = planner.plan(record);
    if (outcome.kind === 'rejected') rejected.push({ row: label(record), reason: outcome.reason });
    else if (outcome.kind === 'insert') inserts.push(outcome.row);
    else if (outcome.kind === 'update') updates.push(outcome.row);
    else unchanged += 1;
    if (outcome.kind !== 'rejected' && outcome.moved) moved.push(outcome.row);
  }

  let done = rejected.length + unchanged;
  opts.onProgress?.(done, total);
  const columnList = COLUMNS.map((c) => c.column).join(', ');
  for (let i = 0; i < inserts.length; i += WRITE_BATCH) {
    const batch = inserts.slice(i, i + WRITE_BATCH);
    await manager.query(`INSERT INTO territory (${columnList}) SELECT ${columnList} FROM ${RECORDSET}`, [toJson(batch)]);
    done += batch.length;
    opts.onProgress?.(done, total);
  }
  const assignments = COLUMNS.filter((c) => c.prop !== 'id')
    .map((c) => `${c.column} = v.${c.column}`)
    .join(', ');
  for (let i = 0; i < updates.length; i += WRITE_BATCH) {
    const batch = updates.slice(i, i + WRITE_BATCH);
    await manager.query(`UPDATE territory AS t SET ${assignments}, updated_at = now() FROM ${RECORDSET} WHERE t.id = v.id`, [
      toJson(batch),
    ]);
    done += batch.length;
    opts.onProgress?.(done, total);
  }
  // A territory that changed parent drags its stored descendants along; shallowest first so deeper
  // moves see their parents' new paths. Rows of this batch already carry their new path.
  const batchIds = [...byId.keys()];
  for (const row of moved.sort((a, b) => a.ancestorIds.length - b.ancestorIds.length)) {
    await manager.query(
      `UPDATE territory SET ancestor_ids = $2::text[] || ancestor_ids[array_position(ancestor_ids, $1):], updated_at = now()
        WHERE lineage @> ARRAY[$1] AND $1 = ANY(ancestor_ids) AND NOT (id = ANY($3::text[]))`,
      [row.id, row.ancestorIds, batchIds],
    );
  }
  if (moved.length)
    await reareaDescendants(
      manager,
      moved.map((r) => r.id),
      batchIds,
    );

  return { inserted: inserts.length, updated: updates.length, unchanged, rejected };
}

/**
 * Gives the stored descendants of moved territories the areas of their new place (a locality moved to
 * a district of another area); most moves change none, and then nothing is written.
 */
async function reareaDescendants(manager: EntityManager, movedIds: string[], batchIds: string[]): Promise<void> {
  const rows: { id: string; ancestorIds: string[]; areaIds: string[] }[] = await manager.query(
    `SELECT id, ancestor_ids AS "ancestorIds", area_ids AS "areaIds" FROM territory
      WHERE lineage && $1::text[] AND ancestor_ids && $1::text[] AND NOT (id = ANY($2::text[]))`,
    [movedIds, batchIds],
  );
  const changed = rows
    .map((r) => ({ id: r.id, before: r.areaIds, areaIds: areasOf(r.id, r.ancestorIds) }))
    .filter((r) => !sameArray(r.before, r.areaIds));
  if (!changed.length) return;
  await manager.query(
    `UPDATE territory t SET area_ids = ARRAY(SELECT jsonb_array_elements_text(c.area_ids)), updated_at = now()
       FROM jsonb_to_recordset($1::jsonb) AS c(id text, area_ids jsonb) WHERE t.id = c.id`,
    [JSON.stringify(changed.map((r) => ({ id: r.id, area_ids: r.areaIds })))],
  );
}

/**
 * Reads, in one statement, the stored rows the batch can touch: the records themselves, their
 * parents, and any other row holding a sibling name or official code a record wants.
 */
async function readStored(manager: EntityManager, records: TerritoryRecord[]): Promise<Map<string, Row>> {
  const ids = new Set<string>();
  for (const r of records) {
    ids.add(r.id);
    if (r.parentId !== null) ids.add(r.parentId);
  }
  const named = records.filter((r) => r.parentId !== null);
  const coded = records.filter((r) => r.officialCode !== null);
  const rows: Row[] = await manager.query(
    `SELECT ${SELECT_LIST} FROM territory t WHERE t.id = ANY($1::text[])
     UNION
     SELECT ${SELECT_LIST} FROM territory t
       JOIN unnest($2::text[], $3::text[], $4::text[]) AS k(parent_id, kind, sort_name)
         ON t.parent_id = k.parent_id AND t.kind = k.kind AND t.sort_name = k.sort_name
     UNION
     SELECT ${SELECT_LIST} FROM territory t
       JOIN unnest($5::text[], $6::text[]) AS c(code_scheme, official_code)
         ON t.code_scheme = c.code_scheme AND t.official_code = c.official_code`,
    [
      [...ids],
      named.map((r) => r.parentId),
      named.map((r) => r.kind),
      named.map((r) => normalizeText(r.name)),
      coded.map((r) => r.codeScheme),
      coded.map((r) => r.officialCode),
    ],
  );
  return new Map(rows.map((row) => [row.id, row]));
}
