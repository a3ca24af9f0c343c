/**
 * Importing an attendance spreadsheet (see attendance-csv.ts) for one session. Every rejected row is
 * reported with its reason; with a rejected row nothing is written unless the caller asks to keep the
 * valid rows.
 */
import { GraphQLError } from 'graphql';
import type { DataSource } from 'typeorm';
import type { ActionRecord } from '@cultura/vocabulary';
import type { Ctx } from '../resolvers/context';
import { columnOf, readCsv, readRow, toEntries, type RejectedRow, type Row } from './attendance-csv';
import { author, type Provenance } from './input';
import { lockSessionForAttendance, planAttendance } from './plan-attendance';
import { writeAttendance } from './record-attendance';

export interface AttendanceImportReport {
  session: ActionRecord;
  rows: number;
  /** Rows that passed every check; written only when `written` is true. */
  accepted: number;
  rejected: RejectedRow[];
  written: boolean;
  entitiesRecorded: number;
  servantsRecorded: number;
}

export interface AttendanceImportOptions {
  /** The workshop or technical-assistance session the list belongs to. */
  sessionId: string;
  /** The file's text. */
  csv: string;
  /** Write the good rows even when others are rejected (`--keep-valid`). */
  keepValidRows?: boolean;
  /** Origin of what is written: IMPORT for files, USER when a person posts the text. */
  provenance: Provenance;
  /** Field names errors about the whole request point at (`input.csv`, `input.sessionId`). */
  fields?: { csv: string; sessionId: string };
}

/**
 * Imports an attendance CSV for one session in one transaction. Statements sent do not depend on the
 * number of rows: a plan (four reads) per pass, at most three passes when rejections drop rows.
 */
export async function importAttendanceCsv(ds: DataSource, opts: AttendanceImportOptions): Promise<AttendanceImportReport> {
  const fields = opts.fields ?? { csv: 'csv', sessionId: 'sessionId' };
  const { header, records } = readCsv(opts.csv, fields.csv);
  const rejected: RejectedRow[] = [];
  let rows: Row[] = [];
  for (const r of records) {
    const read = readRow(header, r.line, r.values);
    if ('reason' in read) rejected.push(read);
    else rows.push(read);
  }

  return ds.transaction(async (tx) => {
    const session = await lockSessionForAttendance(tx, opts.sessionId, fields.sessionId);
    // Dropping a rejected servant changes its entity's count, so the rest is checked again.
    for (let pass = 0; pass < 3; pass++) {
      const { entries, rowsOf } = toEntries(rows);
      const plan = await planAttendance(tx, session, entries, 'entries', opts.provenance);
      if (!plan.problems.length) {
        const accepted = rows.length;
        rejected.sort((a, b) => a.line - b.line);
        if (rejected.length && !opts.keepValidRows) {
          return { session, rows: records.length, accepted, rejected, written: false, entitiesRecorded: 0, servantsRecorded: 0 };
        }
        const written = await writeAttendance(tx, plan, opts.provenance);
        return {
          session,
          rows: records.length,
          accepted,
          rejected,
          written: true,
          entitiesRecorded: written.entities,
          servantsRecorded: written.servants,
        };
      }
      const dropped = new Set<Row>();
      for (const p of plan.problems) {
        const group = rowsOf[p.entry];
        const culprits = p.servant === undefined ? group : [group.filter((r) => r.servant)[p.servant]];
        for (const row of culprits) {
          if (!row || dropped.has(row)) continue;
          dropped.add(row);
          rejected.push({
            line: row.line,
            code: String(p.error.extensions.code),
            column: columnOf(p.error.extensions.field),
            reason: p.error.message,
          });
        }
      }
      rows = rows.filter((r) => !dropped.has(r));
    }
    throw new GraphQLError('The attendance list kept changing while it was checked; try the import again', {
      extensions: { code: 'CONFLICT', field: fields.csv },
    });
  });
}

export interface ImportAttendanceInput {
  sessionId: string;
  csv: string;
  keepValidRows?: boolean | null;
  source?: string | null;
}

/** Text posted through the API is still an import; without a source of its own it names who posted it. */
export function importAttendance(ctx: Ctx, input: ImportAttendanceInput): Promise<AttendanceImportReport> {
  return importAttendanceCsv(ctx.dataSource, {
    sessionId: input.sessionId,
    csv: input.csv,
    keepValidRows: input.keepValidRows ?? false,
    provenance: { origin: 'IMPORT', source: input.source?.trim() || `csv posted by ${author(ctx)}` },
    fields: { csv: 'input.csv', sessionId: 'input.sessionId' },
  });
}
