import { In, type DataSource } from 'typeorm';
import { ActionRecord, ActorRecord, ParticipationRecord, ProgramRecord, ReportedFigureRecord } from './entities';

/** How a service names the GraphQL type of each of its records (the index returns them as such). */
export interface ChangeFeedTypes {
  actionTypeName(a: ActionRecord): string;
  actorTypeName(a: ActorRecord): string;
}

/** A reported figure as the change feed carries it: value, precision, scope and source. */
export interface FigureSnapshot {
  /** Stable within its service: `<program>:figure:<n>`. */
  id: string;
  metric: string;
  value: number;
  qualifier: string;
  unit: string;
  currency: string | null;
  label: string | null;
  /** The territories the source reports it for; null: its subject's (the action's, or the program's country). */
  scopeTerritoryIds: string[] | null;
  period: { start: string | null; end: string | null; year: number | null; precision: string; text: string | null };
  /** The first year the figure's period covers (kept for consumers of the first feed format). */
  year: number | null;
  sourceText: string | null;
  origin: string;
  source: string | null;
  locator: string | null;
}

export interface ActionSnapshot {
  id: string;
  programId: string;
  typeName: string;
  kind: string;
  lineCode: string | null;
  title: string;
  status: string;
  periodStart: string | null;
  periodEnd: string | null;
  periodYear: number | null;
  periodPrecision: string;
  periodText: string | null;
  /** Null when undated. */
  sortAt: string | null;
  territoryIds: string[];
  domains: string[];
  origin: string;
  actorIds: string[];
  figures: FigureSnapshot[];
}

export interface ActorSnapshot {
  id: string;
  programId: string;
  typeName: string;
  kind: string;
  governmentLevel: string;
  name: string;
  territoryId: string | null;
  domains: string[];
  origin: string;
  figures: FigureSnapshot[];
}

export interface ProgramSnapshot {
  id: string;
  name: string;
  countryId: string;
  origin: string;
  figures: FigureSnapshot[];
}

export type Change =
  | { cursor: string; entity: 'action'; id: string; changedAt: string; snapshot: ActionSnapshot | null }
  | { cursor: string; entity: 'actor'; id: string; changedAt: string; snapshot: ActorSnapshot | null }
  | { cursor: string; entity: 'program'; id: string; changedAt: string; snapshot: ProgramSnapshot | null };

export interface ChangePage {
  /** Changes after the requested cursor, oldest first; `snapshot` null means the record was deleted. */
  changes: Change[];
  /** Pass as `after` for the next page (unchanged when there was nothing new). */
  cursor: string | null;
  hasMore: boolean;
  /** Changes recorded after `cursor`, including those of transactions still running. */
  pending: number;
  /** When the oldest pending change was recorded: how far behind a consumer at `cursor` is. */
  oldestPendingAt: string | null;
}

/** Cursor `<txid>.<position>`: ordering by transaction id first never skips a late-committing write. */
function parseCursor(cursor: string | null): [string, string] {
  if (!cursor) return ['0', '0'];
  const m = /^(\d+)\.(\d+)$/.exec(cursor);
  if (!m) throw new Error(`"${cursor}" is not a change-feed cursor`);
  return [m[1], m[2]];
}

function figureSnapshot(programId: string, f: ReportedFigureRecord): FigureSnapshot {
  return {
    id: `${programId}:figure:${f.id}`,
    metric: f.metric,
    value: Number(f.value),
    qualifier: f.qualifier,
    unit: f.unit,
    currency: f.currency,
    label: f.label,
    scopeTerritoryIds: f.scopeTerritoryIds,
    period: { start: f.periodStart, end: f.periodEnd, year: f.periodYear, precision: f.periodPrecision, text: f.periodText },
    year: f.periodYear,
    sourceText: f.sourceText,
    origin: f.origin,
    source: f.source,
    locator: f.locator,
  };
}

/**
 * Reads the change feed: only rows of transactions older than every running one are handed out, in
 * (txid, position) order, so a consumer that saves the returned cursor with what it applied can stop,
 * crash or restart anywhere and neither lose nor repeat a change. Each change carries the record's
 * current state, so applying the same page twice gives the same result.
 */
export async function readChanges(ds: DataSource, after: string | null, limit: number, types: ChangeFeedTypes): Promise<ChangePage> {
  const [txid, position] = parseCursor(after);
  const rows: { pos: string; tx: string; entity: Change['entity']; entity_id: string; changed_at: Date }[] = await ds.query(
    // Aliased: ORDER BY must sort the numeric columns, not their text forms.
    `SELECT position::text AS pos, txid::text AS tx, entity, entity_id, changed_at FROM change_outbox
     WHERE (txid, position) > ($1::xid8, $2::bigint) AND txid < pg_snapshot_xmin(pg_current_snapshot())
     ORDER BY txid, position LIMIT $3`,
    [txid, position, limit + 1],
  );
  const hasMore = rows.length > limit;
  const page = rows.slice(0, limit);
  const cursor = page.length ? `${page[page.length - 1].tx}.${page[page.length - 1].pos}` : after;
  const ids = (entity: Change['entity']) => [...new Set(page.filter((r) => r.entity === entity).map((r) => r.entity_id))];
  const [actions, actors, programs] = await Promise.all([
    actionSnapshots(ds, ids('action'), types),
    actorSnapshots(ds, ids('actor'), types),
    programSnapshots(ds, ids('program')),
  ]);
  const [after_txid, after_position] = parseCursor(cursor);
  const [{ pending, oldest }] = await ds.query(
    `SELECT count(*)::int AS pending, min(changed_at) AS oldest FROM change_outbox WHERE (txid, position) > ($1::xid8, $2::bigint)`,
    [after_txid, after_position],
  );
  const changes = page.map((r): Change => {
    const base = { cursor: `${r.tx}.${r.pos}`, id: r.entity_id, changedAt: r.changed_at.toISOString() };
    if (r.entity === 'action') return { ...base, entity: 'action', snapshot: actions.get(r.entity_id) ?? null };
    if (r.entity === 'actor') return { ...base, entity: 'actor', snapshot: actors.get(r.entity_id) ?? null };
    return { ...base, entity: 'program', snapshot: programs.get(r.entity_id) ?? null };
  });
  return { changes, cursor, hasMore, pending, oldestPendingAt: oldest ? new Date(oldest).toISOString() : null };
}

/**
 * The feed's head: the cursor of its newest change a reader may be handed now (older transactions all
 * ended), or null for an empty feed. A reader that only needs what happens from now on (the gateway's
 * cache) starts here instead of walking the whole history.
 */
export async function changeFeedHead(ds: DataSource): Promise<string | null> {
  const [row]: { tx: string; pos: string }[] = await ds.query(
    `SELECT txid::text AS tx, position::text AS pos FROM change_outbox
     WHERE txid < pg_snapshot_xmin(pg_current_snapshot()) ORDER BY txid DESC, position DESC LIMIT 1`,
  );
  return row ? `${row.tx}.${row.pos}` : null;
}

async function figuresOf(
  ds: DataSource,
  subject: 'ACTION' | 'ACTOR' | 'PROGRAM',
  ids: string[],
  programOf: (subjectId: string) => string,
): Promise<Map<string, FigureSnapshot[]>> {
  const map = new Map<string, FigureSnapshot[]>();
  if (!ids.length) return map;
  const rows = await ds
    .getRepository(ReportedFigureRecord)
    .find({ where: { subjectType: subject, subjectId: In(ids) }, order: { id: 'ASC' } });
  for (const f of rows) map.set(f.subjectId, [...(map.get(f.subjectId) ?? []), figureSnapshot(programOf(f.subjectId), f)]);
  return map;
}

async function actionSnapshots(ds: DataSource, ids: string[], types: ChangeFeedTypes): Promise<Map<string, ActionSnapshot>> {
  const map = new Map<string, ActionSnapshot>();
  if (!ids.length) return map;
  const [rows, parts] = await Promise.all([
    ds.getRepository(ActionRecord).findBy({ id: In(ids) }),
    ds.getRepository(ParticipationRecord).findBy({ actionId: In(ids) }),
  ]);
  const programs = new Map(rows.map((a) => [a.id, a.programId]));
  const figures = await figuresOf(ds, 'ACTION', ids, (id) => programs.get(id) ?? '');
  for (const a of rows) {
    map.set(a.id, {
      id: a.id,
      programId: a.programId,
      typeName: types.actionTypeName(a),
      kind: a.kind,
      lineCode: a.lineCode,
      title: a.title,
      status: a.status,
      periodStart: a.periodStart,
      periodEnd: a.periodEnd,
      periodYear: a.periodYear,
      periodPrecision: a.periodPrecision,
      periodText: a.periodText,
      sortAt: a.sortAt?.toISOString() ?? null,
      territoryIds: a.territoryIds,
      domains: a.domains,
      origin: a.origin,
      actorIds: [...new Set(parts.filter((p) => p.actionId === a.id).map((p) => p.actorId))],
      figures: figures.get(a.id) ?? [],
    });
  }
  return map;
}

async function actorSnapshots(ds: DataSource, ids: string[], types: ChangeFeedTypes): Promise<Map<string, ActorSnapshot>> {
  const map = new Map<string, ActorSnapshot>();
  if (!ids.length) return map;
  const rows = await ds.getRepository(ActorRecord).findBy({ id: In(ids) });
  const programs = new Map(rows.map((a) => [a.id, a.programId]));
  const figures = await figuresOf(ds, 'ACTOR', ids, (id) => programs.get(id) ?? '');
  for (const a of rows) {
    map.set(a.id, {
      id: a.id,
      programId: a.programId,
      typeName: types.actorTypeName(a),
      kind: a.kind,
      governmentLevel: a.governmentLevel,
      name: a.name,
      territoryId: a.territoryId,
      domains: a.domains,
      origin: a.origin,
      figures: figures.get(a.id) ?? [],
    });
  }
  return map;
}

async function programSnapshots(ds: DataSource, ids: string[]): Promise<Map<string, ProgramSnapshot>> {
  const map = new Map<string, ProgramSnapshot>();
  if (!ids.length) return map;
  const [rows, figures] = await Promise.all([
    ds.getRepository(ProgramRecord).findBy({ id: In(ids) }),
    figuresOf(ds, 'PROGRAM', ids, (id) => id),
  ]);
  for (const p of rows)
    map.set(p.id, { id: p.id, name: p.name, countryId: p.countryId, origin: p.origin, figures: figures.get(p.id) ?? [] });
  return map;
}
