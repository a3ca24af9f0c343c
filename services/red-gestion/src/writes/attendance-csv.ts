/**
 * Attendance spreadsheets (CSV) for one session, as program teams keep them: one row per named servant,
 * or one row per entity with a count. Reading a file into attendance entries, rejecting each row that
 * cannot be read with its reason.
 */
import { parse } from 'csv-parse/sync';
import { badInput } from '@cultura/service-kit';
import { FIGURE_QUALIFIERS, qualifierOfSum, type FigureQualifier } from '@cultura/vocabulary';
import type { AttendanceEntryInput } from './plan-attendance';

export const ATTENDANCE_COLUMNS = ['entity_id', 'servants', 'qualifier', 'name', 'email', 'phone', 'position', 'note'] as const;
type Column = (typeof ATTENDANCE_COLUMNS)[number];

/** Larger lists are split by the team; a bound keeps one request's memory and transaction small. */
export const MAX_IMPORT_ROWS = 5000;

export interface RejectedRow {
  /** Line in the file; the header is line 1. */
  line: number;
  code: string;
  column: string | null;
  reason: string;
}

export interface Row {
  line: number;
  entityId: string;
  /** A count of unnamed servants, or null for a row naming one servant. */
  count: number | null;
  qualifier: FigureQualifier;
  servant: { name: string; email: string | null; phone: string | null; position: string | null } | null;
  note: string | null;
}

const isColumn = (name: string): name is Column => (ATTENDANCE_COLUMNS as readonly string[]).includes(name);
const isQualifier = (text: string): text is FigureQualifier => (FIGURE_QUALIFIERS as readonly string[]).includes(text);

interface InfoRecord {
  record: string[];
  info: { lines: number };
}

function isInfoRecord(value: unknown): value is InfoRecord {
  if (typeof value !== 'object' || value === null || !('record' in value) || !('info' in value)) return false;
  const { record, info } = value;
  return Array.isArray(record) && typeof info === 'object' && info !== null && 'lines' in info && typeof info.lines === 'number';
}

/** The file as records with their line numbers; problems with the file as a whole throw BAD_USER_INPUT on `field`. */
export function readCsv(text: string, field: string): { header: Column[]; records: { line: number; values: string[] }[] } {
  let parsed: InfoRecord[];
  try {
    // With `info` each record comes with its line; csv-parse's typings do not model that option.
    const raw: unknown[] = parse(text.replace(/^\uFEFF/, ''), { info: true, relax_column_count: true, skip_empty_lines: true, trim: true });
    parsed = raw.filter(isInfoRecord);
  } catch (err) {
    throw badInput(`The CSV cannot be read: ${(err as Error).message}`, field);
  }
  if (!parsed.length) throw badInput('The CSV is empty: it needs a header row and at least one row', field);
  const names = parsed[0].record.map((h) => h.toLowerCase().replace(/\s+/g, '_'));
  const unknown = names.filter((h) => !isColumn(h));
  const header = names.filter(isColumn);
  if (unknown.length)
    throw badInput(
      `Unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')} (columns: ${ATTENDANCE_COLUMNS.join(', ')})`,
      field,
    );
  const twice = header.find((h, i) => header.indexOf(h) !== i);
  if (twice) throw badInput(`Column "${twice}" appears twice in the header`, field);
  if (!header.includes('entity_id')) throw badInput('The header needs an entity_id column', field);
  if (!header.includes('servants') && !header.includes('name'))
    throw badInput('The header needs a servants column (counts) or a name column (one servant per row)', field);
  const records = parsed.slice(1).map((p) => ({ line: p.info.lines, values: p.record }));
  if (records.length > MAX_IMPORT_ROWS)
    throw badInput(`The CSV has ${records.length} rows; import at most ${MAX_IMPORT_ROWS} at a time`, field);
  return { header, records };
}

export function readRow(header: Column[], line: number, values: string[]): Row | RejectedRow {
  const reject = (column: Column | null, reason: string, code = 'BAD_USER_INPUT'): RejectedRow => ({ line, code, column, reason });
  if (values.length !== header.length) return reject(null, `has ${values.length} fields; the header has ${header.length}`);
  const cell = (c: Column) => {
    const v = values[header.indexOf(c)];
    return v === undefined || v === '' ? null : v;
  };
  const entityId = cell('entity_id');
  if (!entityId) return reject('entity_id', 'entity_id is empty');
  const qualifier =
    cell('qualifier')
      ?.toUpperCase()
      .replace(/[\s-]+/g, '_') ?? 'EXACT';
  if (!isQualifier(qualifier)) return reject('qualifier', `qualifier "${cell('qualifier')}" is not one of ${FIGURE_QUALIFIERS.join(', ')}`);
  const name = cell('name');
  const countText = cell('servants');
  let count: number | null = null;
  if (countText !== null) {
    if (!/^\d+$/.test(countText)) return reject('servants', `servants "${countText}" is not a whole number`);
    count = Number(countText);
  }
  if (name) {
    if (count !== null && count !== 1) return reject('servants', `a row naming a servant counts 1; servants says ${count}`);
    if (qualifier !== 'EXACT') return reject('qualifier', 'a row naming a servant is exact; leave qualifier empty');
    return {
      line,
      entityId,
      count: null,
      qualifier,
      note: cell('note'),
      servant: { name, email: cell('email'), phone: cell('phone'), position: cell('position') },
    };
  }
  if (cell('email') || cell('phone') || cell('position')) return reject('name', 'email, phone or position without a name');
  if (count === null) return reject('servants', 'give servants (a count) or name (one servant)');
  return { line, entityId, count, qualifier, note: cell('note'), servant: null };
}

/** One attendance entry per entity, in order of first appearance; `rows[i]` lists the rows behind entry i. */
export function toEntries(rows: Row[]): { entries: AttendanceEntryInput[]; rowsOf: Row[][] } {
  const order: string[] = [];
  const byEntity = new Map<string, Row[]>();
  for (const r of rows) {
    if (!byEntity.has(r.entityId)) {
      order.push(r.entityId);
      byEntity.set(r.entityId, []);
    }
    byEntity.get(r.entityId)?.push(r);
  }
  const rowsOf = order.map((id) => byEntity.get(id) ?? []);
  const entries = rowsOf.map((group): AttendanceEntryInput => {
    const named = group.filter((r) => r.servant);
    const counted = group.filter((r) => !r.servant);
    return {
      entityId: group[0].entityId,
      servantCount: counted.reduce((n, r) => n + (r.count ?? 0), 0) + named.length,
      qualifier: qualifierOfSum(group.map((r) => r.qualifier)),
      servants: named.map((r) => ({ ...(r.servant ?? { name: '' }), locator: `line ${r.line}` })),
      note: group.flatMap((r) => (r.note ? [r.note] : [])).join('; ') || null,
      locator: `line${group.length > 1 ? 's' : ''} ${group.map((r) => r.line).join(', ')}`,
    };
  });
  return { entries, rowsOf };
}

/** Where in a problem's field the row's column is: `entries[0].servants[1].email` → email. */
export function columnOf(field: unknown): string | null {
  const last = typeof field === 'string' ? field.split('.').at(-1) : undefined;
  const columns: Record<string, string> = {
    entityId: 'entity_id',
    servantCount: 'servants',
    qualifier: 'qualifier',
    name: 'name',
    email: 'email',
    phone: 'phone',
  };
  return (last && columns[last]) || null;
}
