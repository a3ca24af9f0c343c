import type { DataSource, EntityManager } from 'typeorm';
import type { AlternateCode, Territory, TerritoryLevel, TerritoryOrigin } from '../entities/Territory';
import { normalizeText } from '@cultura/service-kit';

/**
 * One territory as a data source states it. `sortName` and `ancestorIds` are derived when it is
 * written; `parentId` names another record of the same batch or a territory already stored.
 */
export type TerritoryRecord = Omit<
  Territory,
  'sortName' | 'ancestorIds' | 'createdAt' | 'updatedAt' | 'origin' | 'originDetail'
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
export function upsertTerritories(
  dataSource: DataSource,
  records: TerritoryRecord[],
  opts: UpsertOptions,
): Promise<UpsertSummary> {
  return dataSource.transaction((manager) => upsertTerritoriesWith(manager, records, opts));
}

/** Rows of one table, as `upsertTerritories` reads and writes them. */
interface Row {
  id: string;
  country: Territory['country'];
  level: TerritoryLevel;
  kind: Territory['kind'];
  localKind: string;
  name: string;
  sortName: string;
  officialCode: string | null;
  codeScheme: Territory['codeScheme'];
  isoCode: string | null;
  alternateCodes: AlternateCode[];
  alternateNames: string[];
  parentId: string | null;
  ancestorIds: string[];
  latitude: number | null;
  longitude: number | null;
  origin: TerritoryOrigin;
  originDetail: string | null;
}

const COLUMNS: { prop: keyof Row; column: string; type: string }[] = [
  { prop: 'id', column: 'id', type: 'text' },
  { prop: 'country', column: 'country', type: 'text' },
  { prop: 'level', column: 'level', type: 'text' },
  { prop: 'kind', column: 'kind', type: 'text' },
  { prop: 'localKind', column: 'local_kind', type: 'text' },
  { prop: 'name', column: 'name', type: 'text' },
  { prop: 'sortName', column: 'sort_name', type: 'text' },
  { prop: 'officialCode', column: 'official_code', type: 'text' },
  { prop: 'codeScheme', column: 'code_scheme', type: 'text' },
  { prop: 'isoCode', column: 'iso_code', type: 'text' },
  { prop: 'alternateCodes', column: 'alternate_codes', type: 'jsonb' },
  { prop: 'alternateNames', column: 'alternate_names', type: 'text[]' },
  { prop: 'parentId', column: 'parent_id', type: 'text' },
  { prop: 'ancestorIds', column: 'ancestor_ids', type: 'text[]' },
  { prop: 'latitude', column: 'latitude', type: 'double precision' },
  { prop: 'longitude', column: 'longitude', type: 'double precision' },
  { prop: 'origin', column: 'origin', type: 'text' },
  { prop: 'originDetail', column: 'origin_detail', type: 'text' },
];

const SELECT_LIST = COLUMNS.map((c) => `t.${c.column} AS "${c.prop}"`).join(', ');
/** Column definitions of `jsonb_to_recordset`, which turns one JSON parameter into typed rows. */
const RECORDSET = `jsonb_to_recordset($1::jsonb) AS v(${COLUMNS.map((c) => `${c.column} ${c.type}`).join(', ')})`;

/** Rows per INSERT/UPDATE statement: one JSON parameter each, kept to a few hundred kilobytes. */
const WRITE_BATCH = 1000;

/** Serialises writers (replicas loading defaults at start, an import) so reads and writes stay consistent. */
const LOCK_SQL = `SELECT pg_advisory_xact_lock(hashtext('cultura.territories.gazetteer-upsert'))`;

const LEVEL_DEPTH: Record<TerritoryLevel, number> = {
  COUNTRY: 0,
  FIRST_LEVEL: 1,
  SECOND_LEVEL: 2,
  THIRD_LEVEL: 3,
  LOCALITY: 4,
  NEIGHBOURHOOD: 5,
};
/** Levels below the official ones may nest in themselves (a locality within a locality). */
const SELF_NESTING: ReadonlySet<TerritoryLevel> = new Set(['LOCALITY', 'NEIGHBOURHOOD']);

type Outcome =
  | { kind: 'rejected'; reason: string }
  | { kind: 'insert' | 'update' | 'unchanged'; row: Row; moved: boolean };

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
    await manager.query(
      `UPDATE territory AS t SET ${assignments}, updated_at = now() FROM ${RECORDSET} WHERE t.id = v.id`,
      [toJson(batch)],
    );
    done += batch.length;
    opts.onProgress?.(done, total);
  }
  // A territory that changed parent drags its stored descendants along; shallowest first so deeper
  // moves see their parents' new paths. Rows of this batch already carry their new path.
  const batchIds = [...byId.keys()];
  for (const row of moved.sort((a, b) => a.ancestorIds.length - b.ancestorIds.length)) {
    await manager.query(
      `UPDATE territory SET ancestor_ids = $2::text[] || ancestor_ids[array_position(ancestor_ids, $1):], updated_at = now()
        WHERE $1 = ANY(ancestor_ids) AND NOT (id = ANY($3::text[]))`,
      [row.id, row.ancestorIds, batchIds],
    );
  }

  return { inserted: inserts.length, updated: updates.length, unchanged, rejected };
}

/** Decides, record by record, what to write; remembers each decision for the record's children. */
class Planner {
  private readonly outcomes = new Map<string, Outcome>();
  private readonly visiting = new Set<string>();
  /** Unique keys of the table (siblings' names, official codes) and the id holding each. */
  private readonly siblingKeys = new Map<string, string>();
  private readonly codeKeys = new Map<string, string>();

  constructor(
    private readonly batch: Map<string, TerritoryRecord>,
    private readonly stored: Map<string, Row>,
    private readonly opts: UpsertOptions,
  ) {
    for (const row of stored.values()) this.claimKeys(row);
  }

  plan(record: TerritoryRecord): Outcome {
    const known = this.outcomes.get(record.id);
    if (known) return known;
    if (this.visiting.has(record.id)) return { kind: 'rejected', reason: `${record.id} is its own ancestor` };
    this.visiting.add(record.id);
    const outcome = this.decide(record);
    this.visiting.delete(record.id);
    this.outcomes.set(record.id, outcome);
    return outcome;
  }

  private decide(record: TerritoryRecord): Outcome {
    const invalid = validate(record);
    if (invalid) return { kind: 'rejected', reason: invalid };

    let parent: Row | undefined;
    if (record.parentId !== null) {
      const parentRecord = this.batch.get(record.parentId);
      if (parentRecord) {
        const parentOutcome = this.plan(parentRecord);
        if (parentOutcome.kind === 'rejected') {
          return { kind: 'rejected', reason: `parent ${record.parentId} was rejected (${parentOutcome.reason})` };
        }
        parent = parentOutcome.row;
      } else {
        parent = this.stored.get(record.parentId);
      }
      if (!parent) return { kind: 'rejected', reason: `parent ${record.parentId} does not exist` };
      const misplaced = checkPlacement(record, parent);
      if (misplaced) return { kind: 'rejected', reason: misplaced };
    }

    const existing = this.stored.get(record.id);
    const row = existing ? this.merge(existing, record, parent) : this.create(record, parent);

    const sibling = siblingKey(row);
    const holder = this.siblingKeys.get(sibling);
    if (holder !== undefined && holder !== row.id) {
      const reason = `${row.parentId} already has a ${row.kind.toLowerCase()} named "${row.name}" (${holder})`;
      return { kind: 'rejected', reason };
    }
    const code = codeKey(row);
    const codeHolder = code === null ? undefined : this.codeKeys.get(code);
    if (codeHolder !== undefined && codeHolder !== row.id) {
      return { kind: 'rejected', reason: `${row.codeScheme} code ${row.officialCode} already belongs to ${codeHolder}` };
    }
    if (existing) this.releaseKeys(existing);
    this.claimKeys(row);

    if (!existing) return { kind: 'insert', row, moved: false };
    const moved = !sameArray(existing.ancestorIds, row.ancestorIds);
    return { kind: sameRow(existing, row) ? 'unchanged' : 'update', row, moved };
  }

  private create(record: TerritoryRecord, parent: Row | undefined): Row {
    const hasPoint = record.latitude !== null && record.longitude !== null;
    return {
      id: record.id,
      country: record.country,
      level: record.level,
      kind: record.kind,
      localKind: record.localKind,
      name: record.name.trim(),
      sortName: normalizeText(record.name),
      officialCode: record.officialCode,
      codeScheme: record.codeScheme,
      isoCode: record.isoCode,
      alternateCodes: dedupeCodes(record.alternateCodes),
      alternateNames: [...new Set(record.alternateNames.map((n) => n.trim()).filter(Boolean))],
      parentId: record.parentId,
      ancestorIds: parent ? [...parent.ancestorIds, parent.id] : [],
      latitude: hasPoint ? record.latitude : null,
      longitude: hasPoint ? record.longitude : null,
      origin: this.originOf(record),
      originDetail: this.originDetailOf(record),
    };
  }

  private merge(existing: Row, record: TerritoryRecord, parent: Row | undefined): Row {
    const owner = existing.origin === this.originOf(record);
    const incomingName = record.name.trim();
    const keepName = !owner || normalizeText(existing.name) === normalizeText(incomingName);
    const name = keepName ? existing.name : incomingName;
    const hasPoint = record.latitude !== null && record.longitude !== null;
    const takePoint = hasPoint && (owner || existing.latitude === null || existing.longitude === null);
    const takeCode = record.officialCode !== null && (owner || existing.officialCode === null);
    const parentId = owner ? record.parentId : existing.parentId;

    let ancestorIds = existing.ancestorIds;
    if (owner) ancestorIds = parent ? [...parent.ancestorIds, parent.id] : [];
    else if (existing.parentId !== null) {
      // The stored parent keeps the row; its path only changes if that parent moved in this batch.
      const storedParent = this.outcomeRow(existing.parentId);
      if (storedParent) ancestorIds = [...storedParent.ancestorIds, storedParent.id];
    }

    return {
      id: existing.id,
      country: owner ? record.country : existing.country,
      level: owner ? record.level : existing.level,
      kind: owner ? record.kind : existing.kind,
      localKind: owner ? record.localKind : existing.localKind,
      name,
      sortName: normalizeText(name),
      officialCode: takeCode ? record.officialCode : existing.officialCode,
      codeScheme: takeCode ? record.codeScheme : existing.codeScheme,
      isoCode: record.isoCode !== null && (owner || existing.isoCode === null) ? record.isoCode : existing.isoCode,
      alternateCodes: dedupeCodes([...existing.alternateCodes, ...record.alternateCodes]),
      alternateNames: mergeNames(existing.alternateNames, [...record.alternateNames, incomingName], name),
      parentId,
      ancestorIds,
      latitude: takePoint ? record.latitude : existing.latitude,
      longitude: takePoint ? record.longitude : existing.longitude,
      origin: existing.origin,
      originDetail: owner ? (this.originDetailOf(record) ?? existing.originDetail) : existing.originDetail,
    };
  }

  private outcomeRow(id: string): Row | undefined {
    const outcome = this.outcomes.get(id);
    return outcome && outcome.kind !== 'rejected' ? outcome.row : undefined;
  }

  private originOf(record: TerritoryRecord): TerritoryOrigin {
    return record.origin ?? this.opts.origin;
  }

  private originDetailOf(record: TerritoryRecord): string | null {
    return record.originDetail === undefined ? this.opts.originDetail : record.originDetail;
  }

  private claimKeys(row: Row): void {
    this.siblingKeys.set(siblingKey(row), row.id);
    const code = codeKey(row);
    if (code !== null) this.codeKeys.set(code, row.id);
  }

  private releaseKeys(row: Row): void {
    const sibling = siblingKey(row);
    if (this.siblingKeys.get(sibling) === row.id) this.siblingKeys.delete(sibling);
    const code = codeKey(row);
    if (code !== null && this.codeKeys.get(code) === row.id) this.codeKeys.delete(code);
  }
}

/** The unique index `territory_sibling_name_idx`: one name per kind under a parent. */
function siblingKey(row: Row): string {
  return JSON.stringify([row.parentId, row.kind, row.sortName]);
}

/** The unique index `territory_official_code_idx`: one territory per official code of a scheme. */
function codeKey(row: Row): string | null {
  return row.officialCode === null ? null : JSON.stringify([row.codeScheme, row.officialCode]);
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

/** Checks a record on its own; returns why it is invalid, or null. */
function validate(r: TerritoryRecord): string | null {
  if (!/^\S+$/.test(r.id)) return `id "${r.id}" is empty or contains spaces`;
  if (r.id !== r.country && !r.id.startsWith(`${r.country}:`)) return `id ${r.id} does not start with its country ${r.country}`;
  if (!(r.level in LEVEL_DEPTH)) return `unknown level ${String(r.level)}`;
  if (!r.name.trim()) return 'name is empty';
  if (!r.localKind.trim()) return 'localKind is empty';
  if ((r.level === 'COUNTRY') !== (r.parentId === null)) {
    return r.level === 'COUNTRY' ? 'a country has no parent' : `a ${r.level} territory needs a parent`;
  }
  if (r.officialCode !== null && !r.officialCode.trim()) return 'officialCode is empty (use null for none)';
  if ((r.latitude === null) !== (r.longitude === null)) return 'latitude and longitude must be given together';
  if (r.latitude !== null && !(Number.isFinite(r.latitude) && Math.abs(r.latitude) <= 90)) {
    return `latitude ${r.latitude} is outside −90…90`;
  }
  if (r.longitude !== null && !(Number.isFinite(r.longitude) && Math.abs(r.longitude) <= 180)) {
    return `longitude ${r.longitude} is outside −180…180`;
  }
  return null;
}

/** Checks a record against its parent; returns why it cannot hang there, or null. */
function checkPlacement(r: TerritoryRecord, parent: Row): string | null {
  if (parent.country !== r.country) return `parent ${parent.id} is in ${parent.country}, not ${r.country}`;
  const depth = LEVEL_DEPTH[r.level];
  const parentDepth = LEVEL_DEPTH[parent.level];
  const nests = SELF_NESTING.has(r.level) && r.level === parent.level;
  if (depth <= parentDepth && !nests) return `a ${r.level} territory cannot be below ${parent.id} (${parent.level})`;
  return null;
}

function dedupeCodes(codes: AlternateCode[]): AlternateCode[] {
  const seen = new Set<string>();
  const out: AlternateCode[] = [];
  for (const c of codes) {
    const key = codeText(c);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ scheme: c.scheme, code: c.code });
  }
  return out;
}

/**
 * Stored alternate names stay as they are; a new one is added unless it only repeats the name or an
 * alternate name in another case or without accents (an upper-case file adds nothing to `Tarapacá`).
 */
function mergeNames(stored: string[], incoming: string[], name: string): string[] {
  const seen = new Set([normalizeText(name), ...stored.map(normalizeText)]);
  const out = [...stored];
  for (const candidate of incoming) {
    const trimmed = candidate.trim();
    const key = normalizeText(trimmed);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    out.push(trimmed);
  }
  return out;
}

function sameArray(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function sameRow(a: Row, b: Row): boolean {
  return COLUMNS.every(({ prop }) => {
    if (prop === 'alternateCodes') return sameArray(a.alternateCodes.map(codeText), b.alternateCodes.map(codeText));
    const x = a[prop];
    const y = b[prop];
    if (Array.isArray(x) && Array.isArray(y)) return JSON.stringify(x) === JSON.stringify(y);
    return x === y;
  });
}

/** Compares codes by value: jsonb returns object keys in its own order. */
function codeText(c: AlternateCode): string {
  return `${c.scheme}\u0000${c.code}`;
}

function toJson(rows: Row[]): string {
  return JSON.stringify(
    rows.map((row) => Object.fromEntries(COLUMNS.map(({ prop, column }) => [column, row[prop]]))),
  );
}
