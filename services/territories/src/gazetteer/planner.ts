import { normalizeText } from '@cultura/service-kit';
import { codeSchemeOf, territoryAncestors, territoryLevelOf } from '@cultura/vocabulary';
import type { TerritoryLevel, TerritoryOrigin } from '../entities/Territory';
import { areasOf } from './areas';
import type { TerritoryRecord, UpsertOptions } from './records';
import { dedupeCodes, sameArray, sameRow, type Row } from './rows';

/** Depth in the tree; an area sits just below the first level it lies in and holds nothing. */
export const LEVEL_DEPTH: Record<TerritoryLevel, number> = {
  COUNTRY: 0,
  FIRST_LEVEL: 1,
  AREA: 2,
  SECOND_LEVEL: 2,
  THIRD_LEVEL: 3,
  LOCALITY: 4,
  NEIGHBOURHOOD: 5,
};
/** Levels below the official ones may nest in themselves (a locality within a locality). */
const SELF_NESTING: ReadonlySet<TerritoryLevel> = new Set(['LOCALITY', 'NEIGHBOURHOOD']);

export type Outcome = { kind: 'rejected'; reason: string } | { kind: 'insert' | 'update' | 'unchanged'; row: Row; moved: boolean };

/** Decides, record by record, what to write; remembers each decision for the record's children. */
export class Planner {
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
    const ancestorIds = parent ? [...parent.ancestorIds, parent.id] : [];
    const alternateNames = [...new Set(record.alternateNames.map((n) => n.trim()).filter(Boolean))];
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
      alternateNames,
      alternateSortNames: alternateNames.map(normalizeText),
      parentId: record.parentId,
      ancestorIds,
      areaIds: areasOf(record.id, ancestorIds),
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
    const alternateNames = mergeNames(existing.alternateNames, [...record.alternateNames, incomingName], name);

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
      alternateNames,
      alternateSortNames: alternateNames.map(normalizeText),
      parentId,
      ancestorIds,
      areaIds: areasOf(existing.id, ancestorIds),
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

/** Checks a record on its own; returns why it is invalid, or null. */
function validate(r: TerritoryRecord): string | null {
  if (!/^\S+$/.test(r.id)) return `id "${r.id}" is empty or contains spaces`;
  if (r.id !== r.country && !r.id.startsWith(`${r.country}:`)) return `id ${r.id} does not start with its country ${r.country}`;
  if (!(r.level in LEVEL_DEPTH)) return `unknown level ${String(r.level)}`;
  if (!codeSchemeOf(r.country)) return `country ${r.country} has no code scheme: import its gazetteer (with its scheme.json) first`;
  const idLevel = territoryLevelOf(r.id);
  const expected = SELF_NESTING.has(r.level) ? 'LOCAL' : r.level;
  if (idLevel !== expected) {
    return `id ${r.id} does not name a ${r.level} territory (ids follow the official codes: CL:01, CL:011, CL:01101, PE:15, PE:1501, PE:150101, the areas PE:LMA and PE:LIM; localities add :<slug>)`;
  }
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
  if (parent.level === 'AREA') return `${parent.id} is an area: areas group territories beside the tree and hold none below them`;
  // Official units and areas hang where their id says, so the tree and vocabulary's id rules agree.
  if (!SELF_NESTING.has(r.level)) {
    const expectedParent = territoryAncestors(r.id)?.at(-1);
    if (expectedParent !== undefined && expectedParent !== parent.id) {
      return `${r.id} belongs below ${expectedParent}, as its code says, not below ${parent.id}`;
    }
  }
  return null;
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
