import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { TerritoryLevel } from '../entities/Territory';
import type { RejectedRow, TerritoryRecord } from './records';

/** One official file, read and checked, ready to write. */
export interface OfficialFile {
  /** Path below the gazetteer folder, as reports show it: `pe/ubigeo_distrito.csv`. */
  file: string;
  country: string;
  level: TerritoryLevel;
  /** Data rows in the file. */
  rows: number;
  records: TerritoryRecord[];
  /** Rows that failed validation while reading, with `file:line` and the reason. */
  rejected: RejectedRow[];
}

/** The origin detail of rows read from `file`: the file and where its data comes from. */
export function originDetailOf(file: string, source: string): string {
  return `${file} (${source})`;
}

/** A file the import cannot read at all (missing, or without the columns it needs). */
export class GazetteerFileError extends Error {
  override name = 'GazetteerFileError';
}

// ---------------------------------------------------------------------------------------------
// CSV reading shared by every country's files.

export interface CsvRow {
  /** Line where the row starts (a quoted field may span lines). */
  line: number;
  values: Record<string, string>;
}

export interface CsvFile {
  file: string;
  rows: CsvRow[];
}

/** Thrown by a row's checks; the row is rejected with the message, the file goes on. */
export class RowProblem extends Error {}

export async function readCsv(dir: string, file: string, required: string[]): Promise<CsvFile> {
  const full = path.join(dir, file);
  let text: string;
  try {
    text = await readFile(full, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new GazetteerFileError(code === 'ENOENT' ? `${file} not found in ${dir}` : `cannot read ${full}: ${(err as Error).message}`);
  }
  let previousEnd = 1;
  let previousEmpty = 0;
  let rows: CsvRow[];
  try {
    // Every value stays text: codes are zero-padded (`01101`) and would lose their zeros as numbers.
    rows = parse<CsvRow, Record<string, string>>(text, {
      columns: true,
      bom: true,
      skip_empty_lines: true,
      trim: true,
      on_record: (values, info) => {
        const line = previousEnd + 1 + (info.empty_lines - previousEmpty);
        previousEnd = info.lines;
        previousEmpty = info.empty_lines;
        return { line, values };
      },
    });
  } catch (err) {
    throw new GazetteerFileError(`${file} is not valid CSV: ${(err as Error).message}`);
  }
  const header = rows.length ? Object.keys(rows[0].values) : [];
  const missing = rows.length ? required.filter((c) => !header.includes(c)) : [];
  if (missing.length) {
    throw new GazetteerFileError(`${file} lacks the column(s) ${missing.join(', ')} (it has ${header.join(', ')})`);
  }
  return { file, rows };
}

export type RowRecord = Omit<TerritoryRecord, 'origin' | 'originDetail' | 'sourceRow'>;

/** Turns each row into a record with `build`, which returns a reason (or throws RowProblem) to reject it. */
export function toFile(
  csv: CsvFile,
  country: string,
  level: TerritoryLevel,
  source: string,
  build: (values: Record<string, string>) => RowRecord | string,
): OfficialFile {
  const records: TerritoryRecord[] = [];
  const rejected: RejectedRow[] = [];
  for (const { line, values } of csv.rows) {
    const row = `${csv.file}:${line}`;
    let built: RowRecord | string;
    try {
      built = build(values);
    } catch (err) {
      if (!(err instanceof RowProblem)) throw err;
      built = err.message;
    }
    if (typeof built === 'string') rejected.push({ row, reason: built });
    else records.push({ ...built, origin: 'OFFICIAL_IMPORT', originDetail: originDetailOf(csv.file, source), sourceRow: row });
  }
  return { file: csv.file, country, level, rows: csv.rows.length, records, rejected };
}

/** The value, or null when the file says it is missing (`NA` or empty). */
export function present(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  const value = raw.replace(/\s+/g, ' ').trim();
  return value === '' || value === 'NA' ? null : value;
}

/** A zero-padded code of exactly `length` digits. */
export function digits(raw: string | undefined, length: number, column: string): string {
  const value = present(raw);
  if (value === null) throw new RowProblem(`${column} is missing`);
  if (!new RegExp(`^\\d{${length}}$`).test(value)) {
    throw new RowProblem(`${column} "${value}" is not a ${length}-digit code (codes are zero-padded text)`);
  }
  return value;
}

/** The file's latitude/longitude, or no centroid when either is missing (NA). */
export function point(v: Record<string, string>): { latitude: number | null; longitude: number | null } {
  const lat = present(v.latitude);
  const lon = present(v.longitude);
  if (lat === null || lon === null) return { latitude: null, longitude: null };
  return { latitude: decimal(lat, 'latitude'), longitude: decimal(lon, 'longitude') };
}

function decimal(raw: string, column: string): number {
  const n = Number(raw);
  if (!/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(raw) || !Number.isFinite(n)) {
    throw new RowProblem(`${column} "${raw}" is not a number`);
  }
  return n;
}
