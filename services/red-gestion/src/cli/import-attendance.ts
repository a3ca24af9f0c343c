/**
 * `npm run import:attendance -- --session <id> --file <attendance.csv> [--keep-valid]`
 *
 * Imports an attendance spreadsheet (CSV) for one workshop or technical-assistance session into the
 * service's database (DATABASE_URL, or its embedded PostgreSQL). Every rejected row is listed with its
 * reason. With a rejected row nothing is written, unless --keep-valid is given.
 * Exit codes: 0 every row imported; 1 rows rejected (see the report); 2 the command line is wrong.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError, cliLog, openServiceDatabase, runCommandLine } from '@cultura/service-kit';
import { ATTENDANCE_COLUMNS } from '../writes/attendance-csv';
import { importAttendanceCsv, type AttendanceImportReport } from '../writes/import-attendance';
import { loadEnv } from '../env';
import { redGestionService, redGestionOptions } from '../index';

const USAGE = `Usage: npm run import:attendance -- --session <id> --file <file.csv> [--keep-valid]

Imports an attendance spreadsheet for one RED workshop or technical-assistance session.

Options:
  --session <id>     the session, e.g. red-gestion:action:taller-eventos-publicos
  --file <path>      the CSV (a relative path is read from where npm was run)
  --keep-valid       write the good rows even when others are rejected
  --source <text>    provenance of what is written (default: the file's name)
  -h, --help         show this help

CSV columns (header row required): ${ATTENDANCE_COLUMNS.join(', ')}
  entity_id is required on every row; a row either counts unnamed servants (servants, qualifier)
  or names one servant (name, email, phone, position).

Exit codes: 0 every row imported; 1 rows rejected; 2 wrong command line.
`;

const EXIT_REJECTED = 1;
interface CliArgs {
  session: string;
  file: string;
  keepValid: boolean;
  source: string | null;
}

function parseCli(argv: string[], baseDir: string): CliArgs | 'help' {
  let values: { session?: string; file?: string; 'keep-valid'?: boolean; source?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        session: { type: 'string' },
        file: { type: 'string' },
        'keep-valid': { type: 'boolean' },
        source: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help) return 'help';
  if (!values.session) throw new UsageError('--session is required');
  if (!values.file) throw new UsageError('--file is required');
  const file = path.resolve(baseDir, values.file);
  if (!statSync(file, { throwIfNoEntry: false })?.isFile()) throw new UsageError(`--file ${values.file}: no such file (${file})`);
  return { session: values.session, file, keepValid: values['keep-valid'] ?? false, source: values.source ?? null };
}

function formatReport(r: AttendanceImportReport, args: CliArgs): string {
  const out = [
    `Attendance import for "${r.session.title}" (${r.session.id}) from ${args.file}`,
    `rows: ${r.rows}  accepted: ${r.accepted}  rejected: ${r.rejected.length}`,
    r.written
      ? `written: ${r.entitiesRecorded} entities, ${r.servantsRecorded} named servants`
      : 'nothing written: fix the rejected rows, or run again with --keep-valid to write the others',
  ];
  if (r.rejected.length) {
    out.push('', 'Rejected rows:');
    for (const row of r.rejected) out.push(`  line ${row.line}${row.column ? ` (${row.column})` : ''}: ${row.reason} [${row.code}]`);
  }
  return `${out.join('\n')}\n`;
}

async function importAttendance(args: CliArgs): Promise<number> {
  const env = loadEnv();
  const csv = readFileSync(args.file, 'utf8');
  const { dataSource, stop } = await openServiceDatabase(
    redGestionService(redGestionOptions(env)),
    { ...env, DB_POOL_SIZE: 2 },
    cliLog(env.LOG_LEVEL),
    {
      applicationName: 'red-gestion-import-attendance',
    },
  );
  try {
    const report = await importAttendanceCsv(dataSource, {
      sessionId: args.session,
      csv,
      keepValidRows: args.keepValid,
      provenance: { origin: 'IMPORT', source: args.source ?? path.basename(args.file) },
      fields: { csv: '--file', sessionId: '--session' },
    });
    process.stdout.write(formatReport(report, args));
    return report.rejected.length ? EXIT_REJECTED : 0;
  } finally {
    await stop();
  }
}

runCommandLine({
  name: 'import-attendance',
  usage: USAGE,
  parse: parseCli,
  run: importAttendance,
  // Input problems (a GraphQLError with a code) speak for themselves.
  expected: (e) => e.name === 'GraphQLError',
});
