import type { DataSource } from 'typeorm';
import { registerCodeScheme } from '@cultura/vocabulary';
import type { CountryCode, TerritoryLevel, TerritoryOrigin } from '../entities/Territory';
import { saveCodeScheme, type StoredCodeScheme } from '../store/code-schemes';
import { BUILT_IN_SOURCES, readChileGazetteer, readPeruGazetteer } from './chile-peru';
import { GazetteerFileError, originDetailOf, type OfficialFile } from './csv';
import { DEFAULT_ORIGIN_DETAIL, defaultGazetteerRecords } from './default';
import { upsertTerritoriesWith, type RejectedRow, type TerritoryRecord, type UpsertSummary } from './records';
import { readRegisteredGazetteer } from './registered';

export { GazetteerFileError, type OfficialFile } from './csv';
export { titleCaseSpanish } from './chile-peru';

export interface OfficialImportOptions {
  /**
   * Folder holding one folder per country in lower case: `cl/` and `pe/` in the layout of
   * `shared/data/gazetteers`; any other country as `readRegisteredGazetteer` describes (`co/scheme.json`, `co/territories.csv`).
   */
  dir: string;
  /** Countries to import (ISO 3166-1 alpha-2); Chile and Peru when omitted. */
  countries?: readonly CountryCode[];
  /** Progress over all records of the import (default ones included), `done` of `total`. */
  onProgress?(done: number, total: number): void;
}

/** What happened to the rows of one file (or to the default records the import ensured first). */
export interface FileImportSummary extends UpsertSummary {
  /** `pe/ubigeo_distrito.csv`, or `default gazetteer` for the default records. */
  file: string;
  country: CountryCode;
  /** The level of the file's rows; null for the default records, which span levels. */
  level: TerritoryLevel | null;
  /** Rows read (records, for the default gazetteer). */
  rows: number;
}

export interface OfficialImportSummary extends UpsertSummary {
  perFile: FileImportSummary[];
}

/** The countries whose files the project reads in their publishers' own layout. */
const BUILT_IN_COUNTRIES: readonly CountryCode[] = ['CL', 'PE'];

/** One upsert of the import's transaction: the default records of a country, or one file. */
interface ImportGroup {
  summary: Omit<FileImportSummary, keyof UpsertSummary>;
  records: TerritoryRecord[];
  readRejected: RejectedRow[];
  origin: TerritoryOrigin;
  originDetail: string;
}

const fileGroup = (f: OfficialFile, source: string): ImportGroup => ({
  summary: { file: f.file, country: f.country, level: f.level, rows: f.rows },
  records: f.records,
  readRejected: f.rejected,
  origin: 'OFFICIAL_IMPORT',
  originDetail: originDetailOf(f.file, source),
});

/** Reads one country's files into the groups to write, and the scheme to register for a country beyond the built-in two. */
async function readCountry(dir: string, country: CountryCode): Promise<{ groups: ImportGroup[]; scheme: StoredCodeScheme | null }> {
  if (country === 'CL' || country === 'PE') {
    const defaults = defaultGazetteerRecords([country]);
    const files = country === 'CL' ? await readChileGazetteer(dir) : await readPeruGazetteer(dir);
    const defaultGroup: ImportGroup = {
      summary: { file: DEFAULT_ORIGIN_DETAIL, country, level: null, rows: defaults.length },
      records: defaults,
      readRejected: [],
      origin: 'DEFAULT_GAZETTEER',
      originDetail: DEFAULT_ORIGIN_DETAIL,
    };
    return { groups: [defaultGroup, ...files.map((f) => fileGroup(f, BUILT_IN_SOURCES[country]))], scheme: null };
  }
  const read = await readRegisteredGazetteer(dir, country);
  const source = read.scheme.source ?? read.scheme.name;
  const countryGroup: ImportGroup = {
    summary: { file: read.country.sourceRow!, country, level: 'COUNTRY', rows: 1 },
    records: [read.country],
    readRejected: [],
    origin: 'OFFICIAL_IMPORT',
    originDetail: read.country.originDetail!,
  };
  return { groups: [countryGroup, ...read.files.map((f) => fileGroup(f, source))], scheme: read.scheme };
}

/**
 * Imports the gazetteers of `countries` from `dir` in one transaction: for Chile and Peru the default
 * records first (the files' rows hang below them), for another country its code scheme and the country
 * itself, then each file from the top level down. Rows that fail validation are reported with file,
 * line and reason; the others are written.
 */
export async function importOfficialGazetteer(dataSource: DataSource, opts: OfficialImportOptions): Promise<OfficialImportSummary> {
  const countries = opts.countries ?? BUILT_IN_COUNTRIES;
  // Read everything before writing anything: a missing file stops the import with the database untouched.
  const groups: ImportGroup[] = [];
  const schemes: StoredCodeScheme[] = [];
  for (const country of countries) {
    const read = await readCountry(opts.dir, country);
    groups.push(...read.groups);
    if (read.scheme) schemes.push(read.scheme);
  }

  const total = groups.reduce((n, g) => n + g.records.length, 0);
  const perFile = await dataSource.transaction(async (manager) => {
    for (const scheme of schemes) {
      const problem = await saveCodeScheme(manager, scheme);
      if (problem) throw new GazetteerFileError(problem);
      registerCodeScheme(scheme);
    }
    const out: FileImportSummary[] = [];
    let offset = 0;
    for (const g of groups) {
      const base = offset;
      const result = await upsertTerritoriesWith(manager, g.records, {
        origin: g.origin,
        originDetail: g.originDetail,
        onProgress: (done) => opts.onProgress?.(base + done, total),
      });
      offset += g.records.length;
      out.push({ ...g.summary, ...result, rejected: [...g.readRejected, ...result.rejected] });
    }
    return out;
  });

  return {
    inserted: sum(perFile, (f) => f.inserted),
    updated: sum(perFile, (f) => f.updated),
    unchanged: sum(perFile, (f) => f.unchanged),
    rejected: perFile.flatMap((f) => f.rejected),
    perFile,
  };
}

function sum<T>(items: T[], of: (item: T) => number): number {
  return items.reduce((n, item) => n + of(item), 0);
}
