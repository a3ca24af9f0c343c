import type { AlternateCode, TerritoryLevel } from '../entities/Territory';
import { normalizeText } from '@cultura/service-kit';
import { territoryAreas } from '@cultura/vocabulary';
import { RowProblem, digits, point, present, readCsv, toFile, type OfficialFile } from './csv';

/** Where each built-in country's files come from, recorded as the origin detail of the rows they create. */
export const BUILT_IN_SOURCES = {
  CL: 'CUT 2018, piperubio/clregions',
  PE: 'INEI ubigeo, jmcastagnetto/ubigeo-peru-aumentado',
} as const;

// ---------------------------------------------------------------------------------------------
// Chile: Código Único Territorial (CUT 2018), files of piperubio/clregions.

/** Reads `cl/csv_regions.csv`, `cl/csv_provinces.csv` and `cl/csv_communes.csv` below `dir`. */
export async function readChileGazetteer(dir: string): Promise<OfficialFile[]> {
  const regions = await readCsv(dir, 'cl/csv_regions.csv', ['id', 'name', 'short_name', 'iso_code']);
  const provinces = await readCsv(dir, 'cl/csv_provinces.csv', ['id', 'name', 'region_id']);
  const communes = await readCsv(dir, 'cl/csv_communes.csv', ['id', 'name', 'province_id']);
  return [
    toFile(regions, 'CL', 'FIRST_LEVEL', BUILT_IN_SOURCES.CL, (v) => {
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
    toFile(provinces, 'CL', 'SECOND_LEVEL', BUILT_IN_SOURCES.CL, (v) => {
      const code = digits(v.id, 3, 'id');
      const region = digits(v.region_id, 2, 'region_id');
      if (!code.startsWith(region)) {
        return `province ${code} is not in region ${region} (a CUT province code starts with its region's)`;
      }
      const name = present(v.name);
      if (!name) return 'the province has no name';
      return { ...chileBase(code, name, 'SECOND_LEVEL'), kind: 'PROVINCE', localKind: 'provincia', parentId: `CL:${region}` };
    }),
    toFile(communes, 'CL', 'THIRD_LEVEL', BUILT_IN_SOURCES.CL, (v) => {
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
    toFile(departments, 'PE', 'FIRST_LEVEL', BUILT_IN_SOURCES.PE, (v) => {
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
    toFile(provinces, 'PE', 'SECOND_LEVEL', BUILT_IN_SOURCES.PE, (v) => {
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
    toFile(districts, 'PE', 'THIRD_LEVEL', BUILT_IN_SOURCES.PE, (v) => {
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
