import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { BUILT_IN_CODE_SCHEMES, TREE_LEVELS, codeSchemeProblem, type TreeLevel } from '@cultura/vocabulary';
import type { TerritoryKind } from '../entities/Territory';
import type { SchemeLevel, StoredCodeScheme } from '../store/code-schemes';
import { GazetteerFileError, originDetailOf, point, present, readCsv, toFile, type OfficialFile } from './csv';
import type { TerritoryRecord } from './records';

/**
 * A country beyond the built-in two, in one folder named by its ISO code in lower case (`co/`):
 *
 * - `scheme.json`: `{ "country": "CO", "countryName": "Colombia", "scheme": "DIVIPOLA", "name": "…",
 *   "source": "…", "levels": [{ "level": "FIRST_LEVEL", "codeLength": 2, "kind": "DEPARTMENT",
 *   "localKind": "departamento" }, …] }`: how its official codes nest (each level's code starts with its
 *   parent's), one to three levels;
 * - `territories.csv`: columns `code` and `name`, optionally `iso_code` (ISO 3166-2, first level),
 *   `latitude` and `longitude`. The code's length says the level, its prefix the parent.
 */
export interface RegisteredGazetteer {
  scheme: StoredCodeScheme;
  /** The country itself, the root of its tree. */
  country: TerritoryRecord;
  /** One per level, from the first level down. */
  files: OfficialFile[];
}

/** The kinds an official level may have. */
const TREE_KINDS: readonly TerritoryKind[] = ['REGION', 'DEPARTMENT', 'PROVINCE', 'COMMUNE', 'DISTRICT', 'MUNICIPALITY'];

/** Reads and checks `<country>/scheme.json` and `<country>/territories.csv` below `dir`. */
export async function readRegisteredGazetteer(dir: string, country: string): Promise<RegisteredGazetteer> {
  const folder = country.toLowerCase();
  const schemeFile = `${folder}/scheme.json`;
  const json = await readJson(dir, schemeFile, country);
  const scheme = schemeOf(json, country, schemeFile);
  const csv = await readCsv(dir, `${folder}/territories.csv`, ['code', 'name']);
  const source = scheme.source ?? scheme.name;
  const files = scheme.levels.map((l, i) => {
    const parentLength = scheme.levels[i - 1]?.codeLength;
    const ofLevel = { ...csv, rows: csv.rows.filter((r) => levelOf(scheme, r.values.code) === l.level) };
    return toFile(ofLevel, country, l.level, source, (v) => {
      const code = present(v.code)!;
      const name = present(v.name);
      if (!name) return `the ${l.localKind} has no name`;
      const iso = present(v.iso_code);
      if (iso !== null && (l.level !== 'FIRST_LEVEL' || !new RegExp(`^${country}-[A-Z0-9]{1,3}$`).test(iso))) {
        return `iso_code "${iso}" is not an ISO 3166-2:${country} code of a first-level unit`;
      }
      return {
        id: `${country}:${code}`,
        country,
        level: l.level,
        kind: l.kind,
        localKind: l.localKind,
        name,
        officialCode: code,
        codeScheme: scheme.scheme,
        isoCode: iso,
        alternateCodes: [],
        alternateNames: [],
        parentId: parentLength ? `${country}:${code.slice(0, parentLength)}` : country,
        ...point(v),
      };
    });
  });
  const unplaced = csv.rows.filter((r) => levelOf(scheme, r.values.code) === null);
  const lengths = scheme.levels.map((l) => l.codeLength).join(', ');
  files[0].rejected.unshift(
    ...unplaced.map((r) => ({
      row: `${csv.file}:${r.line}`,
      reason: `code "${r.values.code ?? ''}" is not a ${scheme.scheme} code (${lengths} digits)`,
    })),
  );
  files[0].rows += unplaced.length;
  return { scheme, country: countryRecord(json, scheme, schemeFile), files };
}

function levelOf(scheme: StoredCodeScheme, raw: string | undefined): TreeLevel | null {
  const code = present(raw);
  if (code === null || !/^\d+$/.test(code)) return null;
  return scheme.levels.find((l) => l.codeLength === code.length)?.level ?? null;
}

async function readJson(dir: string, file: string, country: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path.join(dir, file), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new GazetteerFileError(`cannot read ${file}: ${(err as Error).message}`);
    const builtIn = BUILT_IN_CODE_SCHEMES.map((s) => s.country).join(' and ');
    throw new GazetteerFileError(
      `${file} not found in ${dir}: a country other than ${builtIn} needs its code scheme (${country}: see docs/program-service.md)`,
    );
  }
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch (err) {
    throw new GazetteerFileError(`${file} is not valid JSON: ${(err as Error).message}`);
  }
  throw new GazetteerFileError(`${file} must hold one JSON object`);
}

function text(json: Record<string, unknown>, key: string, file: string, required: boolean): string | null {
  const value = json[key];
  if (value === undefined || value === null) {
    if (required) throw new GazetteerFileError(`${file}: "${key}" is missing`);
    return null;
  }
  if (typeof value !== 'string' || !value.trim()) throw new GazetteerFileError(`${file}: "${key}" must be a non-empty text`);
  return value.trim();
}

function schemeOf(json: Record<string, unknown>, country: string, file: string): StoredCodeScheme {
  const declared = text(json, 'country', file, true);
  if (declared !== country) throw new GazetteerFileError(`${file}: "country" is "${declared}", but the folder is ${country}'s`);
  if (!Array.isArray(json.levels)) throw new GazetteerFileError(`${file}: "levels" must be a list`);
  const levels = json.levels.map((raw: unknown, i): SchemeLevel => {
    const where = `${file}: levels[${i}]`;
    if (typeof raw !== 'object' || raw === null) throw new GazetteerFileError(`${where} must be an object`);
    const l = raw as Record<string, unknown>;
    if (!TREE_LEVELS.includes(l.level as TreeLevel))
      throw new GazetteerFileError(`${where}.level must be one of ${TREE_LEVELS.join(', ')}`);
    if (!TREE_KINDS.includes(l.kind as TerritoryKind))
      throw new GazetteerFileError(`${where}.kind must be one of ${TREE_KINDS.join(', ')}`);
    return {
      level: l.level as TreeLevel,
      codeLength: Number(l.codeLength),
      kind: l.kind as TerritoryKind,
      localKind: text(l, 'localKind', `${where}`, true)!,
    };
  });
  const scheme: StoredCodeScheme = {
    country,
    scheme: text(json, 'scheme', file, true)!,
    name: text(json, 'name', file, true)!,
    source: text(json, 'source', file, false),
    origin: 'OFFICIAL_IMPORT',
    levels,
  };
  const problem = codeSchemeProblem(scheme);
  if (problem) throw new GazetteerFileError(`${file}: ${problem}`);
  return scheme;
}

function countryRecord(json: Record<string, unknown>, scheme: StoredCodeScheme, file: string): TerritoryRecord {
  const name = text(json, 'countryName', file, true)!;
  return {
    id: scheme.country,
    country: scheme.country,
    level: 'COUNTRY',
    kind: 'COUNTRY',
    localKind: text(json, 'countryLocalKind', file, false) ?? 'país',
    name,
    officialCode: scheme.country,
    codeScheme: 'ISO_3166_1',
    isoCode: scheme.country,
    alternateCodes: [],
    alternateNames: [],
    parentId: null,
    latitude: null,
    longitude: null,
    origin: 'OFFICIAL_IMPORT',
    originDetail: originDetailOf(file, scheme.source ?? scheme.name),
    sourceRow: file,
  };
}
