import type { EntityManager } from 'typeorm';
import { normalizeText } from '@cultura/service-kit';
import {
  periodYears,
  type ActionSnapshot,
  type ActorSnapshot,
  type Change,
  type FigureSnapshot,
  type ProgramSnapshot,
} from '@cultura/vocabulary';
import { placementOf } from '../domain';

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

/** A figure row of `indexed_figure`: a figure with a scope of its own, or any program figure. */
function figureRow(
  feed: string,
  programId: string,
  subject: { type: 'PROGRAM' | 'ACTION'; id: string; kind: string | null; status: string | null; domains: string[] },
  f: FigureSnapshot,
  defaultScope: string[],
) {
  const scope = f.scopeTerritoryIds ?? defaultScope;
  const placement = placementOf(scope);
  const years = periodYears(f.period);
  return {
    id: f.id,
    feed,
    program_id: programId,
    subject_type: subject.type,
    subject_id: subject.id,
    kind: subject.kind,
    status: subject.status,
    domains: subject.domains,
    metric: f.metric,
    value: f.value,
    qualifier: f.qualifier,
    unit: f.unit,
    currency: f.currency,
    label: f.label,
    source_text: f.sourceText,
    period_start: f.period.start,
    period_end: f.period.end,
    year: years?.[0] ?? null,
    year_end: years?.[1] ?? null,
    period_precision: f.period.precision,
    period_text: f.period.text,
    scope_territory_ids: placement.territoryIds,
    program_wide:
      f.scopeTerritoryIds === null ||
      (f.scopeTerritoryIds.length === 1 && f.scopeTerritoryIds[0] === defaultScope[0] && subject.type === 'PROGRAM'),
    lineage: placement.lineage,
    places: placement.places,
    origin: f.origin,
    source: f.source,
    locator: f.locator,
  };
}

/** The `indexed_action` row of an action snapshot (see ACTION_COLUMNS). */
export function actionRow(feed: string, cursor: string, a: ActionSnapshot, now: Date) {
  const t = placementOf(a.territoryIds);
  // Figures of the action's own territories are summed with the action; those with a scope of their own are listed apart.
  const own = a.figures.filter((f) => !f.scopeTerritoryIds);
  const years = periodYears({ start: a.periodStart, end: a.periodEnd, year: a.periodYear });
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
    year: years?.[0] ?? null,
    year_end: years?.[1] ?? null,
    period_precision: a.periodPrecision,
    sort_at: a.sortAt,
    countries: t.countries,
    first_levels: t.firstLevels,
    regions: t.regions,
    territory_levels: t.territoryLevels,
    territory_ids: t.territoryIds,
    territory_lineage: t.lineage,
    place_lineages: t.places.map((p) => p.lineage.join('|')),
    place_countries: t.places.map((p) => p.country),
    place_first_levels: t.places.map((p) => p.firstLevel),
    place_regions: t.places.map((p) => p.region),
    place_levels: t.places.map((p) => p.level),
    domains: [...new Set(a.domains)].sort(),
    origin: a.origin,
    actor_ids: a.actorIds,
    fig_metrics: own.map((f) => f.metric),
    fig_units: own.map((f) => f.unit),
    fig_currencies: own.map((f) => f.currency),
    fig_values: own.map((f) => f.value),
    fig_qualifiers: own.map((f) => f.qualifier),
    // Marks the first figure of each metric, unit and currency, so sums count the actions reporting one without DISTINCT.
    fig_first: own.map((f, i) => own.findIndex((g) => g.metric === f.metric && g.unit === f.unit && g.currency === f.currency) === i),
    indexed_at: now.toISOString(),
    source_cursor: cursor,
  };
}

/** The figures of an action with a scope of their own: they are listed where that scope lies, not summed with the action's. */
function actionFigureRows(feed: string, a: ActionSnapshot) {
  const subject = { type: 'ACTION' as const, id: a.id, kind: a.kind, status: a.status, domains: [...new Set(a.domains)].sort() };
  return a.figures.filter((f) => f.scopeTerritoryIds).map((f) => figureRow(feed, a.programId, subject, f, a.territoryIds));
}

/** Every figure of a program: reported for the whole program (its country) or for the territories it names. */
function programFigureRows(feed: string, p: ProgramSnapshot) {
  const subject = { type: 'PROGRAM' as const, id: p.id, kind: null, status: null, domains: [] };
  return p.figures.map((f) => figureRow(feed, p.id, subject, f, [p.countryId]));
}

/** The `indexed_actor` row of an actor snapshot (see ACTOR_COLUMNS). */
export function actorRow(feed: string, cursor: string, a: ActorSnapshot, now: Date) {
  const place = a.territoryId ? placementOf([a.territoryId]).places[0] : undefined;
  const lineage = place?.lineage ?? [];
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
    country: place?.country ?? null,
    first_level: place && place.level !== 'COUNTRY' ? place.firstLevel : null,
    domains: a.domains,
    origin: a.origin,
    indexed_at: now.toISOString(),
    source_cursor: cursor,
  };
}

function programRow(feed: string, cursor: string, p: ProgramSnapshot, now: Date) {
  return {
    id: p.id,
    feed,
    name: p.name,
    country_id: p.countryId,
    origin: p.origin,
    figures: p.figures,
    indexed_at: now.toISOString(),
    source_cursor: cursor,
  };
}

/** Array elements that must be quoted: empty, NULL-like, or holding a character the literal syntax uses. */
const NEEDS_QUOTES = /^$|^null$|[",\\{}\s]/i;

/** An array literal (`{a,"b c",NULL}`), for an array column passed as one text. */
function arrayLiteral(values: readonly unknown[]): string {
  return `{${values
    .map((v) => {
      if (v === null || v === undefined) return 'NULL';
      const text = String(v);
      return NEEDS_QUOTES.test(text) ? `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"` : text;
    })
    .join(',')}}`;
}

/**
 * The rows as one array parameter per column, read back with `unnest`: PostgreSQL parses typed arrays many
 * times faster than JSON, which matters when a rebuild or a benchmark writes a million rows. Array and
 * JSON columns travel as text (an array literal, a JSON text) and are cast in the statement.
 */
function columnArrays(rows: Record<string, unknown>[], columns: Record<string, string>) {
  const names = Object.keys(columns);
  const asText = (type: string) => type.endsWith('[]') || type === 'jsonb';
  const params = names.map((n) =>
    rows.map((r) => {
      const v = r[n];
      if (v === null || v === undefined) return null;
      if (columns[n].endsWith('[]')) return arrayLiteral(v as unknown[]);
      return columns[n] === 'jsonb' ? JSON.stringify(v) : v;
    }),
  );
  const from = `unnest(${names.map((n, i) => `$${i + 1}::${asText(columns[n]) ? 'text' : columns[n]}[]`).join(', ')}) AS r(${names.join(', ')})`;
  const select = names.map((n) => (asText(columns[n]) ? `r.${n}::${columns[n]}` : `r.${n}`)).join(', ');
  return { names, params, from, select };
}

/**
 * Upserts rows in one statement per table per batch, whatever its size. A row replaces the stored one
 * only if its cursor is newer, and is not inserted over a newer deletion. Returns the ids it wrote.
 */
async function upsert(
  tx: EntityManager,
  entity: Entity,
  rows: Record<string, unknown>[],
  columns: Record<string, string>,
): Promise<Set<string>> {
  if (!rows.length) return new Set();
  const table = TABLES[entity];
  const { names, params, from, select } = columnArrays(rows, columns);
  const written: { id: string }[] = await tx.query(
    `INSERT INTO ${table} (${names.join(', ')})
     SELECT ${select} FROM ${from}
     WHERE NOT EXISTS (SELECT 1 FROM indexed_deletion d WHERE d.entity = $${params.length + 1} AND d.id = r.id
                       AND feed_cursor_key(d.source_cursor) >= feed_cursor_key(r.source_cursor))
     ON CONFLICT (id) DO UPDATE SET ${names
       .filter((n) => n !== 'id')
       .map((n) => `${n} = EXCLUDED.${n}`)
       .join(', ')}
     WHERE ${table}.source_cursor IS NULL OR feed_cursor_key(EXCLUDED.source_cursor) > feed_cursor_key(${table}.source_cursor)
     RETURNING id`,
    [...params, entity],
  );
  return new Set(written.map((r) => r.id));
}

/** Replaces the scoped figures of the subjects whose rows were just written or deleted. */
async function replaceFigures(
  tx: EntityManager,
  subjectType: 'PROGRAM' | 'ACTION',
  subjects: Set<string>,
  rows: ReturnType<typeof figureRow>[],
): Promise<void> {
  if (!subjects.size) return;
  await tx.query(`DELETE FROM indexed_figure WHERE subject_type = $1 AND subject_id = ANY($2::text[])`, [subjectType, [...subjects]]);
  const fresh = rows.filter((r) => subjects.has(r.subject_id));
  if (!fresh.length) return;
  const names = Object.keys(FIGURE_COLUMNS);
  await tx.query(
    `INSERT INTO indexed_figure (${names.join(', ')})
     SELECT ${names.join(', ')} FROM json_to_recordset($1::json) AS r(${names.map((n) => `${n} ${FIGURE_COLUMNS[n as keyof typeof FIGURE_COLUMNS]}`).join(', ')})
     ON CONFLICT (id) DO UPDATE SET ${names
       .filter((n) => n !== 'id')
       .map((n) => `${n} = EXCLUDED.${n}`)
       .join(', ')}`,
    [JSON.stringify(fresh)],
  );
}

/**
 * Deletes records older than their deletion and remembers the deletion's cursor, so an older state cannot
 * return. Returns the ids it deleted.
 */
async function remove(tx: EntityManager, entity: Entity, gone: { id: string; source_cursor: string }[]): Promise<Set<string>> {
  if (!gone.length) return new Set();
  const table = TABLES[entity];
  const [{ removed }]: { removed: string[] | null }[] = await tx.query(
    `WITH g AS (SELECT * FROM json_to_recordset($1::json) AS r(id text, source_cursor text)),
     removed AS (
       DELETE FROM ${table} t USING g
       WHERE t.id = g.id AND (t.source_cursor IS NULL OR feed_cursor_key(g.source_cursor) > feed_cursor_key(t.source_cursor))
       RETURNING t.id
     ),
     remembered AS (
       INSERT INTO indexed_deletion (entity, id, source_cursor) SELECT $2, id, source_cursor FROM g
       ON CONFLICT (entity, id) DO UPDATE SET source_cursor = EXCLUDED.source_cursor
       WHERE feed_cursor_key(EXCLUDED.source_cursor) > feed_cursor_key(indexed_deletion.source_cursor)
     )
     SELECT array_agg(id) AS removed FROM removed`,
    [JSON.stringify(gone), entity],
  );
  return new Set(removed ?? []);
}

/** The columns of `indexed_action` an applied change writes, with their types. */
export const ACTION_COLUMNS = {
  id: 'text',
  feed: 'text',
  program_id: 'text',
  type_name: 'text',
  kind: 'text',
  line_code: 'text',
  title: 'text',
  sort_title: 'text',
  status: 'text',
  period_start: 'date',
  period_end: 'date',
  year: 'integer',
  year_end: 'integer',
  period_precision: 'text',
  sort_at: 'timestamptz',
  countries: 'text[]',
  first_levels: 'text[]',
  regions: 'text[]',
  territory_levels: 'text[]',
  territory_ids: 'text[]',
  territory_lineage: 'text[]',
  place_lineages: 'text[]',
  place_countries: 'text[]',
  place_first_levels: 'text[]',
  place_regions: 'text[]',
  place_levels: 'text[]',
  domains: 'text[]',
  origin: 'text',
  actor_ids: 'text[]',
  fig_metrics: 'text[]',
  fig_units: 'text[]',
  fig_currencies: 'text[]',
  fig_values: 'numeric[]',
  fig_qualifiers: 'text[]',
  fig_first: 'boolean[]',
  indexed_at: 'timestamptz',
  source_cursor: 'text',
};
const FIGURE_COLUMNS = {
  id: 'text',
  feed: 'text',
  program_id: 'text',
  subject_type: 'text',
  subject_id: 'text',
  kind: 'text',
  status: 'text',
  domains: 'text[]',
  metric: 'text',
  value: 'numeric',
  qualifier: 'text',
  unit: 'text',
  currency: 'text',
  label: 'text',
  source_text: 'text',
  period_start: 'date',
  period_end: 'date',
  year: 'integer',
  year_end: 'integer',
  period_precision: 'text',
  period_text: 'text',
  scope_territory_ids: 'text[]',
  program_wide: 'boolean',
  lineage: 'text[]',
  places: 'jsonb',
  origin: 'text',
  source: 'text',
  locator: 'text',
};
/** The columns of `indexed_actor` an applied change writes, with their types. */
export const ACTOR_COLUMNS = {
  id: 'text',
  feed: 'text',
  program_id: 'text',
  type_name: 'text',
  kind: 'text',
  government_level: 'text',
  name: 'text',
  sort_name: 'text',
  territory_id: 'text',
  territory_lineage: 'text[]',
  country: 'text',
  first_level: 'text',
  domains: 'text[]',
  origin: 'text',
  indexed_at: 'timestamptz',
  source_cursor: 'text',
};
const PROGRAM_COLUMNS = {
  id: 'text',
  feed: 'text',
  name: 'text',
  country_id: 'text',
  origin: 'text',
  figures: 'jsonb',
  indexed_at: 'timestamptz',
  source_cursor: 'text',
};

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
  const figures = { action: [] as ReturnType<typeof figureRow>[], program: [] as ReturnType<typeof figureRow>[] };
  for (const { feed, change: c } of latest) {
    if (!c.snapshot) gone[c.entity].push({ id: c.id, source_cursor: c.cursor });
    else if (c.entity === 'action') {
      rows.action.push(actionRow(feed, c.cursor, c.snapshot, now));
      figures.action.push(...actionFigureRows(feed, c.snapshot));
    } else if (c.entity === 'actor') rows.actor.push(actorRow(feed, c.cursor, c.snapshot, now));
    else {
      rows.program.push(programRow(feed, c.cursor, c.snapshot, now));
      figures.program.push(...programFigureRows(feed, c.snapshot));
    }
  }
  const writtenActions = await upsert(tx, 'action', rows.action, ACTION_COLUMNS);
  await upsert(tx, 'actor', rows.actor, ACTOR_COLUMNS);
  const writtenPrograms = await upsert(tx, 'program', rows.program, PROGRAM_COLUMNS);
  const removed = { action: new Set<string>(), actor: new Set<string>(), program: new Set<string>() };
  for (const entity of ['action', 'actor', 'program'] as const) removed[entity] = await remove(tx, entity, gone[entity]);
  // A subject's figures follow the subject: replaced only where its row was written, gone with it.
  await replaceFigures(tx, 'ACTION', new Set([...writtenActions, ...removed.action]), figures.action);
  await replaceFigures(tx, 'PROGRAM', new Set([...writtenPrograms, ...removed.program]), figures.program);
}
