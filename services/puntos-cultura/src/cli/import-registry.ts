/**
 * `npm run import:registry -- --file <registry.csv> [--keep-valid]`
 *
 * Imports culture points from a directory exported as CSV into the service's database (DATABASE_URL, or
 * its embedded PostgreSQL, shared with a running service or started for the import and stopped after),
 * placing districts through the territories service at TERRITORIES_URL. The summary and every row that
 * could not be placed go to stdout; logs go to stderr.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError, cliLog, openServiceDatabase, runCommandLine, stopOnInterrupt } from '@cultura/service-kit';
import { loadEnv } from '../env';
import { puntosCulturaOptions, puntosCulturaService } from '../index';
import { importRegistry, type ImportReport } from '../writes/import-registry';
import { RegistryFileError } from '../writes/registry-csv';
import { GazetteerUnavailableError, httpDistrictGazetteer } from '../territories';

const USAGE = `Usage: npm run import:registry -- --file <file.csv> [options]

Imports culture points from a CSV directory (columns such as nombre, ubigeo or distrito, provincia,
departamento, año de fundación, integrantes, actividades, expresiones artísticas, RUC, resolución,
fecha de reconocimiento). District names are matched to the gazetteer of the territories service
(TERRITORIES_URL). Rows already in the registry are left as they are, so running it again changes nothing.

Options:
  --file <file>      the CSV file, comma- or semicolon-separated, header first
                     (a relative path is read from where npm was run)
  --keep-valid       write the good rows even when some rows cannot be placed
                     (without it, nothing is written when any row is bad)
  --source <text>    where the file comes from, kept with every point (default: the file name)
  -h, --help         show this help

Exit status: 0 every row imported or already there; 1 some rows refused (written only with
--keep-valid) or the import failed; 2 the command line is wrong.
`;

interface CliArgs {
  file: string;
  keepValid: boolean;
  source: string | null;
}

function parseCli(argv: string[], baseDir: string): CliArgs | 'help' {
  const { tokens } = parseArgs({
    args: argv,
    options: {
      file: { type: 'string' },
      source: { type: 'string' },
      'keep-valid': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    // Not strict: every problem below gets a message written for people, not node's generic one.
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  let file: string | undefined;
  let source: string | null = null;
  let keepValid = false;
  for (const token of tokens) {
    if (token.kind === 'positional') throw new UsageError(`unexpected argument "${token.value}"`);
    if (token.kind !== 'option') continue;
    if (token.name === 'help') return 'help';
    if (token.name === 'keep-valid') {
      if (token.value !== undefined) throw new UsageError('--keep-valid takes no value');
      keepValid = true;
      continue;
    }
    if (token.name !== 'file' && token.name !== 'source') throw new UsageError(`unknown option ${token.rawName}`);
    const value = token.value;
    if (value === undefined || value === '' || (!token.inlineValue && value.startsWith('-')))
      throw new UsageError(`${token.rawName} needs a value`);
    if (token.name === 'file') file = value;
    else source = value;
  }
  if (file === undefined) throw new UsageError('--file is required');
  return { file: path.resolve(baseDir, file), keepValid, source };
}

function formatReport(report: ImportReport, args: CliArgs): string {
  const out = [
    `Registry import from ${args.file}`,
    `  rows read:           ${report.rows}`,
    `  points imported:     ${report.imported}`,
    `  already in registry: ${report.unchanged}`,
    `  rows refused:        ${new Set(report.problems.map((p) => p.line)).size}`,
    '',
  ];
  if (report.problems.length) {
    out.push('Rows that could not be placed:');
    const lineWidth = Math.max(...report.problems.map((p) => String(p.line).length));
    for (const p of report.problems) {
      const what = [p.name && `"${p.name}"`, p.column && `(${p.column})`].filter(Boolean).join(' ');
      out.push(`  line ${String(p.line).padStart(lineWidth)}  ${what}: ${p.reason}`);
    }
    out.push('');
    out.push(
      report.written
        ? `The other rows were written (--keep-valid).`
        : args.keepValid
          ? 'No other row needed writing.'
          : 'Nothing was written. Fix these rows, or run again with --keep-valid to write the others.',
    );
  } else {
    out.push('Every row was placed.');
  }
  return `${out.join('\n')}\n`;
}

async function importRegistryFile(args: CliArgs): Promise<number> {
  // Read before a database is started for nothing.
  const csv = await readFile(args.file, 'utf8');

  const env = loadEnv();
  const db = await openServiceDatabase(
    puntosCulturaService(puntosCulturaOptions(env)),
    { ...env, DB_POOL_SIZE: 2 },
    cliLog(env.LOG_LEVEL),
    {
      applicationName: 'puntos-cultura-import',
    },
  );
  stopOnInterrupt('import-registry', db.stop);
  try {
    const report = await importRegistry(
      db.dataSource,
      httpDistrictGazetteer(env.TERRITORIES_URL, Math.max(10_000, env.TERRITORIES_TIMEOUT_MS)),
      csv,
      {
        keepValid: args.keepValid,
        source: args.source ?? path.basename(args.file),
      },
    );
    process.stdout.write(formatReport(report, args));
    return report.problems.length ? 1 : 0;
  } finally {
    await db.stop();
  }
}

runCommandLine({
  name: 'import-registry',
  usage: USAGE,
  parse: parseCli,
  run: importRegistryFile,
  // Bad files, an unreachable territories service and database or file errors (which carry a code) are
  // for the user to fix.
  expected: (e) => e instanceof RegistryFileError || e instanceof GazetteerUnavailableError || typeof e.code === 'string',
});
