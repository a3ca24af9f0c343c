import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { DataSource } from 'typeorm';
import type { AlternateCode, CountryCode, TerritoryLevel, TerritoryOrigin } from '../entities/Territory';
import { DEFAULT_ORIGIN_DETAIL, defaultGazetteerRecords } from './default';
import { normalizeText } from '@cultura/service-kit';
import { territoryAreas } from '@cultura/vocabulary';
import { upsertTerritoriesWith, type RejectedRow, type TerritoryRecord, type UpsertSummary } from './records';

/** One official file, read and checked, ready to write. */
export interface OfficialFile {
  /** Path below the gazetteer folder, as reports show it: `pe/ubigeo_distrito.csv`. */
  file: string;
  country: CountryCode;
  level: TerritoryLevel;
  /** Data rows in the file. */
  rows: number;
  records: TerritoryRecord[];
  /** Rows that failed validation while reading, with `file:line` and the reason. */
  rejected: RejectedRow[];
}

export interface OfficialImportOptions {
  /** Folder holding `cl/` and `pe/` in the layout of `shared/data/gazetteers`. */
  dir: string;
  /** Countries to import; both when omitted. */
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

/** A file the import cannot read at all (missing, or without the columns it needs). */
export class GazetteerFileError extends Error {
  override name = 'GazetteerFileError';
}

const ALL_COUNTRIES: readonly CountryCode[] = ['CL', 'PE'];

/** Where each country's files come from, recorded as the origin detail of the rows they create. */
const SOURCES: Record<CountryCode, string> = {
  CL: 'CUT 2018, piperubio/clregions',
  PE: 'INEI ubigeo, jmcastagnetto/ubigeo-peru-aumentado',
};

function originDetailOf(file: string, country: CountryCode): string {
  return `${file} (${SOURCES[country]})`;
}

/** One upsert of the import's transaction: the default records of a country, or one file. */
interface ImportGroup {
  summary: Omit<FileImportSummary, keyof UpsertSummary>;
  records: TerritoryRecord[];
  readRejected: RejectedRow[];
  origin: TerritoryOrigin;
  originDetail: string;
}

/**
 * Imports the official gazetteers of `countries` from `dir` in one transaction: the default records
 * of those countries first (the files' rows hang below them), then each file from the top level down.
 * Rows that fail validation are reported with file, line and reason; the others are written.
 */
export async function importOfficialGazetteer(dataSource: DataSource, opts: OfficialImportOptions): Promise<OfficialImportSummary> {
  const countries = ALL_COUNTRIES.filter((c) => !opts.countries || opts.countries.includes(c));
  // Read everything before writing anything: a missing file stops the import with the database untouched.
  const groups: ImportGroup[] = [];
  for (const country of countries) {
    const defaults = defaultGazetteerRecords([country]);
    groups.push({
      summary: { file: DEFAULT_ORIGIN_DETAIL, country, level: null, rows: defaults.length },
      records: defaults,
      readRejected: [],
      origin: 'DEFAULT_GAZETTEER',
      originDetail: DEFAULT_ORIGIN_DETAIL,
    });
    const files = country === 'CL' ? await readChileGazetteer(opts.dir) : await readPeruGazetteer(opts.dir);
    for (const f of files) {
      groups.push({
        summary: { file: f.file, country: f.country, level: f.level, rows: f.rows },
        records: f.records,
        readRejected: f.rejected,
        origin: 'OFFICIAL_IMPORT',
        originDetail: originDetailOf(f.file, f.country),
      });
    }
  }

  const total = groups.reduce((n, g) => n + g.records.length, 0);
  const perFile = await dataSource.transaction(async (manager) => {
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

// ---------------------------------------------------------------------------------------------
// Chile: Código Único Territorial (CUT 2018), files of piperubio/clregions.

/** Reads `cl/csv_regions.csv`, `cl/csv_provinces.csv` and `cl/csv_communes.csv` below `dir`. */
export async function readChileGazetteer(dir: string): Promise<OfficialFile[]> {
  const regions = await readCsv(dir, 'cl/csv_regions.csv', ['id', 'name', 'short_name', 'iso_code']);
  const provinces = await readCsv(dir, 'cl/csv_provinces.csv', ['id', 'name', 'region_id']);
  const communes = await readCsv(dir, 'cl/csv_communes.csv', ['id', 'name', 'province_id']);
  return [
    toFile(regions, 'CL', 'FIRST_LEVEL', (v) => {
      const code = digits(v.id, 2, 'id');
      const fullName = present(v.name);
      const name = present(v.short_name) ?? fullName;
      if (!name) return 'the region has no name';
      const iso = present(v.iso_code);
      if (iso !== null && !/^CL-[A-Z]{2}$/.test(iso)) return `iso_code "${iso}" is not an ISO 3166-2:CL code`;
      return {
        ...chileBase(code, name, 'FIRST_LEVEL'),
        kind: 'REGION',
        localKind: 'región',
        parentId: 'CL',
        isoCode: iso,
        alternateNames: fullName && fullName !== name ? [fullName] : [],
      };
    }),
    toFile(provinces, 'CL', 'SECOND_LEVEL', (v) => {
      const code = digits(v.id, 3, 'id');
      const region = digits(v.region_id, 2, 'region_id');
      if (!code.startsWith(region)) {
        return `province ${code} is not in region ${region} (a CUT province code starts with its region's)`;
      }
      const name = present(v.name);
      if (!name) return 'the province has no name';
      return { ...chileBase(code, name, 'SECOND_LEVEL'), kind: 'PROVINCE', localKind: 'provincia', parentId: `CL:${region}` };
    }),
    toFile(communes, 'CL', 'THIRD_LEVEL', (v) => {
      const code = digits(v.id, 5, 'id');
      const province = digits(v.province_id, 3, 'province_id');
      if (!code.startsWith(province)) {
        return `comuna ${code} is not in province ${province} (a CUT comuna code starts with its province's)`;
      }
      const name = present(v.name);
      if (!name) return 'the comuna has no name';
      return { ...chileBase(code, name, 'THIRD_LEVEL'), kind: 'COMMUNE', localKind: 'comuna', parentId: `CL:${province}` };
    }),
  ];
}

function chileBase(code: string, name: string, level: TerritoryLevel) {
  return {
    id: `CL:${code}`,
    country: 'CL' as const,
    level,
    name,
    officialCode: code,
    codeScheme: 'CUT' as const,
    isoCode: null,
    alternateCodes: [],
    alternateNames: [],
    latitude: null,
    longitude: null,
  };
}

// ---------------------------------------------------------------------------------------------
// Peru: INEI ubigeo (the key) with the RENIEC ubigeo as an alias, files of jmcastagnetto/ubigeo-peru-aumentado.

/** Reads `pe/ubigeo_departamento.csv`, `pe/ubigeo_provincia.csv` and `pe/ubigeo_distrito.csv` below `dir`. */
export async function readPeruGazetteer(dir: string): Promise<OfficialFile[]> {
  const departments = await readCsv(dir, 'pe/ubigeo_departamento.csv', ['inei', 'reniec', 'departamento', 'iso_3166_2']);
  const provinces = await readCsv(dir, 'pe/ubigeo_provincia.csv', [
    'inei',
    'reniec',
    'provincia',
    'region',
    'capital',
    'latitude',
    'longitude',
  ]);
  const districts = await readCsv(dir, 'pe/ubigeo_distrito.csv', ['inei', 'reniec', 'distrito', 'capital', 'latitude', 'longitude']);
  return [
    toFile(departments, 'PE', 'FIRST_LEVEL', (v) => {
      const code = ubigeo(v.inei, 2, 'inei');
      const name = present(v.departamento);
      if (!name) return 'the department has no name';
      const iso = present(v.iso_3166_2);
      if (iso !== null && !/^PE-[A-Z]{3}$/.test(iso)) return `iso_3166_2 "${iso}" is not an ISO 3166-2:PE code`;
      // The file's points are the capitals', not the departments' centroids: none is taken.
      return {
        ...peruBase(code, spanishName(name, null), 'FIRST_LEVEL', reniecAlias(v.reniec, 2)),
        kind: 'DEPARTMENT',
        localKind: 'departamento',
        parentId: 'PE',
        // The file gives department 15 PE-LIM, which ISO 3166-2 gives Lima Provincias (the department
        // without Lima Metropolitana, PE-LMA): the department as a whole has no code of its own.
        isoCode: code === '15' ? null : iso,
      };
    }),
    toFile(provinces, 'PE', 'SECOND_LEVEL', (v) => {
      const code = ubigeo(v.inei, 4, 'inei');
      const name = present(v.provincia);
      if (!name) return 'the province has no name';
      // Every province hangs under its department, Lima's (1501) included. The file's `region` column
      // names the regional-government areas; the stored ones follow from the code, so the two must agree.
      const fileArea = FILE_AREAS[v.region] ?? null;
      const codeArea = territoryAreas(`PE:${code}`)[0] ?? null;
      if (fileArea !== codeArea) {
        return `region "${v.region}" puts province ${code} in ${fileArea ?? 'no area'}, its code in ${codeArea ?? 'no area'}`;
      }
      return {
        ...peruBase(code, spanishName(name, present(v.capital)), 'SECOND_LEVEL', reniecAlias(v.reniec, 4)),
        ...point(v),
        kind: 'PROVINCE',
        localKind: 'provincia',
        parentId: `PE:${code.slice(0, 2)}`,
      };
    }),
    toFile(districts, 'PE', 'THIRD_LEVEL', (v) => {
      if (present(v.inei) === null) {
        const district = `RENIEC ${v.reniec}, ${v.distrito}`;
        return `no INEI code (inei = NA; ${district}): the INEI code is the key, so the district cannot be placed`;
      }
      const code = ubigeo(v.inei, 6, 'inei');
      const name = present(v.distrito);
      if (!name) return 'the district has no name';
      return {
        ...peruBase(code, spanishName(name, present(v.capital)), 'THIRD_LEVEL', reniecAlias(v.reniec, 6)),
        ...point(v),
        kind: 'DISTRICT',
        localKind: 'distrito',
        parentId: `PE:${code.slice(0, 4)}`,
      };
    }),
  ];
}

/** The `region` values of the province file that name an area rather than a department. */
const FILE_AREAS: Record<string, string> = { 'LIMA PROVINCIA': 'PE:LMA', 'LIMA REGION': 'PE:LIM' };

function peruBase(code: string, name: string, level: TerritoryLevel, alternateCodes: AlternateCode[]) {
  return {
    id: `PE:${code}`,
    country: 'PE' as const,
    level,
    name,
    officialCode: code,
    codeScheme: 'UBIGEO_INEI' as const,
    isoCode: null,
    alternateCodes,
    alternateNames: [],
    latitude: null,
    longitude: null,
  };
}

/**
 * A ubigeo of `length` significant digits from the file's six-digit form: `150000` is department
 * `15`, `150100` province `1501`, `150101` district `150101`.
 */
function ubigeo(raw: string | undefined, length: 2 | 4 | 6, column: string): string {
  const value = digits(raw, 6, column);
  const code = value.slice(0, length);
  const what = `${column} ${value} is not a ${LEVEL_OF_LENGTH[length]} ubigeo`;
  if (value.slice(length) !== '0'.repeat(6 - length)) throw new RowProblem(`${what} (expected ${length} digits, then zeros)`);
  if (code.slice(-2) === '00') throw new RowProblem(`${what} (its last part is 00)`);
  return code;
}

const LEVEL_OF_LENGTH = { 2: 'department', 4: 'province', 6: 'district' } as const;

/** The RENIEC ubigeo, shortened like the INEI one; a missing one (NA) is simply absent. */
function reniecAlias(raw: string | undefined, length: 2 | 4 | 6): AlternateCode[] {
  if (present(raw) === null) return [];
  return [{ scheme: 'UBIGEO_RENIEC', code: ubigeo(raw, length, 'reniec') }];
}

/** The file's latitude/longitude, or no centroid when either is missing (NA). */
function point(v: Record<string, string>): { latitude: number | null; longitude: number | null } {
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

/**
 * The name to give a new Peruvian territory. The files write names in capitals without accents; the
 * capital's name, when it is the same name, keeps its accents (`CAMANA`, capital `Camaná`).
 */
function spanishName(fileName: string, capital: string | null): string {
  const source = capital !== null && normalizeText(capital) === normalizeText(fileName) ? capital : fileName;
  return titleCaseSpanish(source);
}

const PARTICLES = new Set(['de', 'del', 'la', 'las', 'los', 'y', 'e']);

/**
 * Title case with Spanish particles in lower case except at the start:
 * `SAN JUAN DE LURIGANCHO` → `San Juan de Lurigancho`, `ANCO-HUALLO` → `Anco-Huallo`.
 */
export function titleCaseSpanish(name: string): string {
  return name
    .trim()
    .split(/\s+/)
    .map((word, i) => {
      const lower = word.toLocaleLowerCase('es');
      if (i > 0 && PARTICLES.has(lower)) return lower;
      return lower.replace(/(^|[-(/])(\p{L})/gu, (_, before: string, letter: string) => before + letter.toLocaleUpperCase('es'));
    })
    .join(' ');
}

// ---------------------------------------------------------------------------------------------
// CSV reading shared by both countries.

interface CsvRow {
  /** Line where the row starts (a quoted field may span lines). */
  line: number;
  values: Record<string, string>;
}

interface CsvFile {
  file: string;
  rows: CsvRow[];
}

/** Thrown by a row's checks; the row is rejected with the message, the file goes on. */
class RowProblem extends Error {}

async function readCsv(dir: string, file: string, required: string[]): Promise<CsvFile> {
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

type RowRecord = Omit<TerritoryRecord, 'origin' | 'originDetail' | 'sourceRow'>;

/** Turns each row into a record with `build`, which returns a reason (or throws RowProblem) to reject it. */
function toFile(
  csv: CsvFile,
  country: CountryCode,
  level: TerritoryLevel,
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
    else records.push({ ...built, origin: 'OFFICIAL_IMPORT', originDetail: originDetailOf(csv.file, country), sourceRow: row });
  }
  return { file: csv.file, country, level, rows: csv.rows.length, records, rejected };
}

/** The value, or null when the file says it is missing (`NA` or empty). */
function present(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  const value = raw.replace(/\s+/g, ' ').trim();
  return value === '' || value === 'NA' ? null : value;
}

/** A zero-padded code of exactly `length` digits. */
function digits(raw: string | undefined, length: number, column: string): string {
  const value = present(raw);
  if (value === null) throw new RowProblem(`${column} is missing`);
  if (!new RegExp(`^\\d{${length}}$`).test(value)) {
    throw new RowProblem(`${column} "${value}" is not a ${length}-digit code (codes are zero-padded text)`);
  }
  return value;
}
