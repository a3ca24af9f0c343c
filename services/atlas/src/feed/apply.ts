import type { EntityManager } from 'typeorm';
import { normalizeText } from '@cultura/service-kit';
import { territoryLineage, type ActionSnapshot, type ActorSnapshot, type Change, type ProgramSnapshot } from '@cultura/vocabulary';

/**
 * How a change of any feed becomes index rows, shared by the HTTP poller and the JetStream consumer so
 * both build the same index from the same changes.
 */

type Entity = Change['entity'];

const TABLES: Record<Entity, string> = { action: 'indexed_action', actor: 'indexed_actor', program: 'indexed_program' };

/** A change and the feed it came from. */
export interface FeedChange {
  feed: string;
  change: Change;
}

/** Orders change-feed cursors `<txid>.<position>` as numbers; negative when `a` is older than `b`. */
export function compareCursors(a: string, b: string): number {
  const [at, ap] = a.split('.').map(BigInt);
  const [bt, bp] = b.split('.').map(BigInt);
  if (at !== bt) return at < bt ? -1 : 1;
  return ap === bp ? 0 : ap < bp ? -1 : 1;
}

function lineages(ids: string[]): { lineage: string[]; countries: string[]; firstLevels: string[] } {
  const lineage = new Set<string>();
  const countries = new Set<string>();
  const firstLevels = new Set<string>();
  for (const id of ids) {
    const l = territoryLineage(id);
    if (!l) continue;
    l.forEach((t) => lineage.add(t));
    countries.add(l[0]);
    if (l.length > 1) firstLevels.add(l[1]);
  }
  return { lineage: [...lineage], countries: [...countries], firstLevels: [...firstLevels] };
}

function actionRow(feed: string, cursor: string, a: ActionSnapshot, now: Date) {
  const t = lineages(a.territoryIds);
  return {
    id: a.id,
    feed,
    program_id: a.programId,
    type_name: a.typeName,
    kind: a.kind,
    line_code: a.lineCode,
    title: a.title,
    sort_title: normalizeText(a.title),
    status: a.status,
    period_start: a.periodStart,
    period_end: a.periodEnd,
    year: a.periodYear ?? (a.periodStart ? Number(a.periodStart.slice(0, 4)) : null),
    sort_at: a.sortAt,
    countries: t.countries,
    first_levels: t.firstLevels,
    territory_ids: a.territoryIds,
    territory_lineage: t.lineage,
    domains: a.domains,
    origin: a.origin,
    actor_ids: a.actorIds,
    figures: a.figures,
    indexed_at: now.toISOString(),
    source_cursor: cursor,
  };
}

function actorRow(feed: string, cursor: string, a: ActorSnapshot, now: Date) {
  const lineage = (a.territoryId && territoryLineage(a.territoryId)) || [];
  return {
    id: a.id,
    feed,
    program_id: a.programId,
    type_name: a.typeName,
    kind: a.kind,
    government_level: a.governmentLevel,
    name: a.name,
    sort_name: normalizeText(a.name),
    territory_id: a.territoryId,
    territory_lineage: lineage,
    country: lineage[0] ?? null,
    first_level: lineage[1] ?? null,
    domains: a.domains,
    origin: a.origin,
    indexed_at: now.toISOString(),
    source_cursor: cursor,
  };
}

function programRow(feed: string, cursor: string, p: ProgramSnapshot, now: Date) {
  return { id: p.id, feed, name: p.name, country_id: p.countryId, origin: p.origin, figures: p.figures, indexed_at: now.toISOString(), source_cursor: cursor };
}

/**
 * Upserts rows given as one JSON parameter: one statement per table per batch, whatever its size. A row
 * replaces the stored one only if its cursor is newer, and is not inserted over a newer deletion.
 */
async function upsert(tx: EntityManager, entity: Entity, rows: Record<string, unknown>[], columns: Record<string, string>): Promise<void> {
  if (!rows.length) return;
  const table = TABLES[entity];
  const names = Object.keys(columns);
  await tx.query(
    `INSERT INTO ${table} (${names.join(', ')})
     SELECT ${names.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS r(${names.map((n) => `${n} ${columns[n]}`).join(', ')})
     WHERE NOT EXISTS (SELECT 1 FROM indexed_deletion d WHERE d.entity = $2 AND d.id = r.id
                       AND feed_cursor_key(d.source_cursor) >= feed_cursor_key(r.source_cursor))
     ON CONFLICT (id) DO UPDATE SET ${names.filter((n) => n !== 'id').map((n) => `${n} = EXCLUDED.${n}`).join(', ')}
     WHERE ${table}.source_cursor IS NULL OR feed_cursor_key(EXCLUDED.source_cursor) > feed_cursor_key(${table}.source_cursor)`,
    [JSON.stringify(rows), entity],
  );
}

/** Deletes records older than their deletion and remembers the deletion's cursor, so an older state cannot return. */
async function remove(tx: EntityManager, entity: Entity, gone: { id: string; source_cursor: string }[]): Promise<void> {
  if (!gone.length) return;
  const table = TABLES[entity];
  await tx.query(
    `WITH g AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(id text, source_cursor text)),
     removed AS (
       DELETE FROM ${table} t USING g
       WHERE t.id = g.id AND (t.source_cursor IS NULL OR feed_cursor_key(g.source_cursor) > feed_cursor_key(t.source_cursor))
     )
     INSERT INTO indexed_deletion (entity, id, source_cursor) SELECT $2, id, source_cursor FROM g
     ON CONFLICT (entity, id) DO UPDATE SET source_cursor = EXCLUDED.source_cursor
     WHERE feed_cursor_key(EXCLUDED.source_cursor) > feed_cursor_key(indexed_deletion.source_cursor)`,
    [JSON.stringify(gone), entity],
  );
}

const ACTION_COLUMNS = {
  id: 'text', feed: 'text', program_id: 'text', type_name: 'text', kind: 'text', line_code: 'text', title: 'text', sort_title: 'text',
  status: 'text', period_start: 'date', period_end: 'date', year: 'integer', sort_at: 'timestamptz', countries: 'text[]',
  first_levels: 'text[]', territory_ids: 'text[]', territory_lineage: 'text[]', domains: 'text[]', origin: 'text', actor_ids: 'text[]',
  figures: 'jsonb', indexed_at: 'timestamptz', source_cursor: 'text',
};
const ACTOR_COLUMNS = {
  id: 'text', feed: 'text', program_id: 'text', type_name: 'text', kind: 'text', government_level: 'text', name: 'text', sort_name: 'text',
  territory_id: 'text', territory_lineage: 'text[]', country: 'text', first_level: 'text', domains: 'text[]', origin: 'text', indexed_at: 'timestamptz', source_cursor: 'text',
};
const PROGRAM_COLUMNS = { id: 'text', feed: 'text', name: 'text', country_id: 'text', origin: 'text', figures: 'jsonb', indexed_at: 'timestamptz', source_cursor: 'text' };

/**
 * Applies changes inside the caller's transaction. Of several changes of one record the newest cursor wins,
 * whatever order they arrive in; a change not newer than the one the index holds for its record is ignored.
 */
export async function applyChanges(tx: EntityManager, changes: FeedChange[], now = new Date()): Promise<void> {
  const newest = new Map<string, FeedChange>();
  for (const fc of changes) {
    const key = `${fc.change.entity}|${fc.change.id}`;
    const seen = newest.get(key);
    if (!seen || compareCursors(fc.change.cursor, seen.change.cursor) > 0) newest.set(key, fc);
  }
  const latest = [...newest.values()];
  const rows: Record<Entity, Record<string, unknown>[]> = { action: [], actor: [], program: [] };
  const gone: Record<Entity, { id: string; source_cursor: string }[]> = { action: [], actor: [], program: [] };
  for (const { feed, change: c } of latest) {
    if (!c.snapshot) gone[c.entity].push({ id: c.id, source_cursor: c.cursor });
    else if (c.entity === 'action') rows.action.push(actionRow(feed, c.cursor, c.snapshot, now));
    else if (c.entity === 'actor') rows.actor.push(actorRow(feed, c.cursor, c.snapshot, now));
    else rows.program.push(programRow(feed, c.cursor, c.snapshot, now));
  }
  await upsert(tx, 'action', rows.action, ACTION_COLUMNS);
  await upsert(tx, 'actor', rows.actor, ACTOR_COLUMNS);
  await upsert(tx, 'program', rows.program, PROGRAM_COLUMNS);
  for (const entity of ['action', 'actor', 'program'] as const) await remove(tx, entity, gone[entity]);
}
