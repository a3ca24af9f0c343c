/**
 * `npm run import:gazetteer -- --dir ../shared/data/gazetteers [--country CL|PE]`
 *
 * Imports the official gazetteers into the territories database: the service's DATABASE_URL, or its
 * embedded PostgreSQL (shared with a running service, or started for the import and stopped after).
 * Progress goes to stderr, the summary to stdout. Rejected rows are reported, not fatal.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isCountryCode } from '@cultura/vocabulary';
import { UsageError, cliLog, openServiceDatabase, runCommandLine, stopOnInterrupt } from '@cultura/service-kit';
import type { CountryCode } from '../entities/Territory';
import { loadEnv } from '../env';
import { GazetteerFileError, importOfficialGazetteer, type OfficialImportSummary } from '../gazetteer/official';
import type { UpsertSummary } from '../gazetteer/records';
import { GEOGRAPHY_COUNTRIES, importGeography } from '../gazetteer/geography';
import { territoriesService } from '../index';

const USAGE = `Usage: npm run import:gazetteer -- --dir <folder> [--country CODE]

Imports official gazetteers (Chile: CUT; Peru: INEI ubigeo; any other country with its code scheme)
into the territories database (DATABASE_URL, or the service's embedded PostgreSQL). Running it again
changes nothing.

Options:
  --dir <folder>     folder holding one folder per country: cl/ and pe/ as in ../shared/data/gazetteers;
                     another country's as co/scheme.json + co/territories.csv (docs/program-service.md)
                     (a relative path is read from where npm was run)
  --country <code>   ISO 3166-1 alpha-2 code; repeat or separate with commas (default: CL and PE)
  --geo <folder>     also import boundaries and representative points from this folder (cl/ and pe/
                     as in ../shared/data/geo), for the territories the gazetteer holds
  -h, --help         show this help
`;

interface CliArgs {
  dir: string;
  countries?: CountryCode[];
  geo?: string;
}

function parseCli(argv: string[], baseDir: string): CliArgs | 'help' {
  const { tokens } = parseArgs({
    args: argv,
    options: {
      dir: { type: 'string' },
      country: { type: 'string', multiple: true },
      geo: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    // Not strict: every problem below gets a message written for people, not node's generic one.
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  let dir: string | undefined;
  let geo: string | undefined;
  const countries = new Set<CountryCode>();
  for (const token of tokens) {
    if (token.kind === 'positional') throw new UsageError(`unexpected argument "${token.value}"`);
    if (token.kind !== 'option') continue;
    if (token.name === 'help') return 'help';
    if (token.name !== 'dir' && token.name !== 'country' && token.name !== 'geo') throw new UsageError(`unknown option ${token.rawName}`);
    const value = token.value;
    if (value === undefined || value === '' || (!token.inlineValue && value.startsWith('-'))) {
      throw new UsageError(`${token.rawName} needs a value`);
    }
    if (token.name === 'dir') {
      dir = value;
      continue;
    }
    if (token.name === 'geo') {
      geo = value;
      continue;
    }
    for (const part of value.split(',')) {
      const code = part.trim().toUpperCase();
      if (!isCountryCode(code))
        throw new UsageError(`--country must be an ISO 3166-1 alpha-2 code such as CL, PE or CO, got "${part.trim()}"`);
      countries.add(code);
    }
  }
  if (dir === undefined) throw new UsageError('--dir is required');
  const resolved = path.resolve(baseDir, dir);
  if (!statSync(resolved, { throwIfNoEntry: false })?.isDirectory()) {
    throw new UsageError(`--dir ${dir}: no such folder (${resolved})`);
  }
  // Checked here so a wrong folder is reported before a database is started for nothing.
  for (const country of countries.size ? countries : ['CL', 'PE']) {
    const sub = country.toLowerCase();
    if (!statSync(path.join(resolved, sub), { throwIfNoEntry: false })?.isDirectory()) {
      throw new UsageError(`--dir ${dir} has no ${sub}/ folder (${resolved}); use --country to import one country`);
    }
  }
  const geoDir = geo === undefined ? undefined : path.resolve(baseDir, geo);
  if (geoDir && !statSync(geoDir, { throwIfNoEntry: false })?.isDirectory())
    throw new UsageError(`--geo ${geo}: no such folder (${geoDir})`);
  return { dir: resolved, countries: countries.size ? [...countries] : undefined, geo: geoDir };
}

async function importGazetteer(args: CliArgs): Promise<number> {
  const env = loadEnv();
  const progress = new Progress(process.stderr);
  const log = cliLog(env.LOG_LEVEL, () => progress.finish());
  const { dataSource, stop: cleanup } = await openServiceDatabase(territoriesService, { ...env, DB_POOL_SIZE: 2 }, log, {
    applicationName: 'territories-import',
  });
  stopOnInterrupt('import-gazetteer', cleanup, () => progress.finish());

  try {
    const summary = await importOfficialGazetteer(dataSource, {
      dir: args.dir,
      countries: args.countries,
      onProgress: (done, total) => progress.update(done, total),
    });
    progress.finish();
    process.stdout.write(formatSummary(summary, `Gazetteer import from ${args.dir} (${args.countries?.join(', ') ?? 'CL, PE'})`));
    if (args.geo) {
      const countries = (args.countries ?? GEOGRAPHY_COUNTRIES).filter((c) => GEOGRAPHY_COUNTRIES.includes(c));
      const geography = await importGeography(dataSource, { dir: args.geo, countries });
      process.stdout.write(`\n${formatSummary(geography, `Boundaries and points from ${args.geo} (${countries.join(', ')})`)}`);
    }
  } finally {
    progress.finish();
    await cleanup();
  }
  return 0;
}

/** One updating line on a terminal; a line per quarter otherwise (CI logs, files). */
class Progress {
  private lastQuarter = -1;
  private showing = false;

  constructor(private readonly out: NodeJS.WriteStream) {}

  update(done: number, total: number): void {
    const pct = total ? Math.floor((done / total) * 100) : 100;
    const text = `importing: ${done.toLocaleString('en')}/${total.toLocaleString('en')} records (${pct}%)`;
    if (this.out.isTTY) {
      this.out.write(`\r\x1b[2K${text}`);
      this.showing = true;
      return;
    }
    const quarter = Math.floor(pct / 25);
    if (quarter === this.lastQuarter) return;
    this.lastQuarter = quarter;
    this.out.write(`${text}\n`);
  }

  /** Ends the updating line so other output starts on a fresh one. */
  finish(): void {
    if (!this.showing) return;
    this.out.write('\n');
    this.showing = false;
  }
}

function formatSummary(summary: OfficialImportSummary, title: string): string {
  const header = ['file', 'level', 'rows', 'inserted', 'updated', 'unchanged', 'rejected'];
  const counts = (s: UpsertSummary) => [s.inserted, s.updated, s.unchanged, s.rejected.length].map(String);
  const body = summary.perFile.map((f) => [
    f.level === null ? `${f.file} (${f.country})` : f.file,
    f.level ?? 'all levels',
    String(f.rows),
    ...counts(f),
  ]);
  const rows = summary.perFile.reduce((n, f) => n + f.rows, 0);
  const total = ['total', '', String(rows), ...counts(summary)];
  const table = [header, ...body, total];
  const widths = header.map((_, i) => Math.max(...table.map((r) => r[i].length)));
  // Text columns left-aligned, counts right-aligned.
  const line = (r: string[]) =>
    r
      .map((cell, i) => (i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
      .join('  ')
      .trimEnd();

  const out = [title, '', line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line), line(total), ''];
  if (summary.rejected.length) {
    out.push(`Rejected rows (${summary.rejected.length}):`);
    const width = Math.max(...summary.rejected.map((r) => r.row.length));
    for (const r of summary.rejected) out.push(`  ${r.row.padEnd(width)}  ${r.reason}`);
  } else {
    out.push('No rows rejected.');
  }
  return `${out.join('\n')}\n`;
}

runCommandLine({
  name: 'import-gazetteer',
  usage: USAGE,
  parse: parseCli,
  run: importGazetteer,
  // Bad files and database or network errors (which carry a code) are for the user to fix.
  expected: (e) => e instanceof GazetteerFileError || typeof e.code === 'string',
});
