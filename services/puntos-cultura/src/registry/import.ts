import { parse } from 'csv-parse/sync';
import type { DataSource } from 'typeorm';
import { In } from 'typeorm';
import { normalizeText } from '@cultura/service-kit';
import { ActorRecord, TERRITORY_AREAS, parseIsoDate, regionalAreaOf, today, type CulturalDomain } from '@cultura/vocabulary';
import { CulturePointRecord } from '../entities';
import type { OrganisationForm, Population } from '../domain';
import { nameKey, type District, type DistrictGazetteer } from '../territories';
import { culturePointId, insertCulturePoints, type NewCulturePoint } from './points';

/**
 * Registry import from a spreadsheet exported as CSV, with the columns an official directory of culture
 * points has. Headers are matched ignoring case, accents and punctuation, in Spanish or English:
 *
 * | field            | headers accepted                                                        |
 * |------------------|-------------------------------------------------------------------------|
 * | name (required)  | nombre, nombre de la organización, organización, punto de cultura, name |
 * | ubigeo           | ubigeo, código ubigeo (INEI; leading zeros may be missing)              |
 * | district         | distrito, district                                                      |
 * | province         | provincia, province                                                     |
 * | department       | departamento, región, department, region                                |
 * | founding year    | año de fundación, año, fundación, founding year                          |
 * | members          | integrantes, número de integrantes, miembros, members                   |
 * | activities       | actividades, activities                                                 |
 * | expressions      | expresiones artísticas, disciplinas, artistic expressions               |
 * | form             | tipo de organización, tipo, organisation form                           |
 * | RUC              | ruc, tax id                                                             |
 * | resolution       | resolución, número de resolución, resolution                            |
 * | recognition date | fecha de reconocimiento, fecha de resolución, recognition date          |
 * | populations      | población, público objetivo, populations                                |
 *
 * A row needs a ubigeo or a district name; a district name shared by several districts needs the
 * province or department to tell them apart.
 */

export interface ImportProblem {
  /** Line of the file where the row starts (the header is line 1). */
  line: number;
  name: string | null;
  column: string | null;
  reason: string;
}

export interface ImportReport {
  rows: number;
  imported: number;
  unchanged: number;
  written: boolean;
  problems: ImportProblem[];
}

export interface ImportOptions {
  /** Write the good rows even when some rows are bad (otherwise nothing is written then). */
  keepValid?: boolean;
  /** Where the file comes from, kept as the provenance of every point written. */
  source: string;
}

/** The file as a whole cannot be read: not CSV, or without the columns a row needs. */
export class RegistryFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegistryFileError';
  }
}

type Field =
  | 'name'
  | 'ubigeo'
  | 'district'
  | 'province'
  | 'department'
  | 'foundingYear'
  | 'members'
  | 'activities'
  | 'expressions'
  | 'form'
  | 'taxId'
  | 'resolution'
  | 'recognitionDate'
  | 'populations';

const HEADERS: Record<Field, string[]> = {
  name: [
    'nombre',
    'nombre_de_la_organizacion',
    'nombre_organizacion',
    'organizacion',
    'punto_de_cultura',
    'nombre_del_punto_de_cultura',
    'name',
  ],
  ubigeo: ['ubigeo', 'codigo_ubigeo', 'ubigeo_inei', 'cod_ubigeo'],
  district: ['distrito', 'district'],
  province: ['provincia', 'province'],
  department: ['departamento', 'region', 'department'],
  foundingYear: [
    'ano_de_fundacion',
    'ano_fundacion',
    'anio_de_fundacion',
    'anio_fundacion',
    'ano',
    'fundacion',
    'founding_year',
    'year_founded',
  ],
  members: ['integrantes', 'numero_de_integrantes', 'n_de_integrantes', 'nro_integrantes', 'n_integrantes', 'miembros', 'members'],
  activities: ['actividades', 'activities'],
  expressions: [
    'expresiones_artisticas',
    'expresiones',
    'disciplinas',
    'disciplinas_artisticas',
    'manifestaciones_artisticas',
    'artistic_expressions',
  ],
  form: ['tipo_de_organizacion', 'tipo_organizacion', 'tipo', 'forma_de_organizacion', 'organisation_form', 'organization_form'],
  taxId: ['ruc', 'tax_id'],
  resolution: ['resolucion', 'numero_de_resolucion', 'n_resolucion', 'resolucion_de_reconocimiento', 'resolution', 'resolution_number'],
  recognitionDate: ['fecha_de_reconocimiento', 'fecha_reconocimiento', 'fecha_de_resolucion', 'fecha_resolucion', 'recognition_date'],
  populations: ['poblacion', 'poblacion_beneficiaria', 'publico_objetivo', 'publico', 'populations'],
};

const headerKey = (h: string) =>
  normalizeText(h)
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');

/** Artistic expressions as directories word them, mapped to UNESCO FCS 2009 domains (a word is enough). */
const EXPRESSION_DOMAINS: [RegExp, CulturalDomain][] = [
  [/\b(cine|audiovisual|video|radio|animacion|videojuego)/, 'AUDIOVISUAL_AND_INTERACTIVE_MEDIA'],
  [/\b(teatro|danza|baile|musica|circo|clown|titere|escenic|performance|festival|carnaval|canto|coro)/, 'PERFORMANCE_AND_CELEBRATION'],
  [
    /\b(artes? visual|artes? plastic|pintura|mural|escultura|grabado|fotografia|artesania|textil|ceramica|dibujo|grafiti|graffiti)/,
    'VISUAL_ARTS_AND_CRAFTS',
  ],
  [/\b(literatura|lectura|libro|poesia|biblioteca|editorial)/, 'BOOKS_AND_PRESS'],
  [/\b(patrimonio|museo|arqueolog)/, 'CULTURAL_AND_NATURAL_HERITAGE'],
  [/\b(diseno|moda)/, 'DESIGN_AND_CREATIVE_SERVICES'],
  [
    /\b(gastronomia|tradicion oral|narracion oral|saberes|costumbres|fiestas? tradicional|lengua originaria)/,
    'INTANGIBLE_CULTURAL_HERITAGE',
  ],
  [/\b(educacion|formacion|taller)/, 'EDUCATION_AND_TRAINING'],
];

const FORMS: [RegExp, OrganisationForm][] = [
  [/asociacion|association/, 'ASSOCIATION'],
  [/colectivo|collective/, 'COLLECTIVE'],
  [/grupo|group/, 'GROUP'],
  [/iniciativa|initiative/, 'INITIATIVE'],
];

const POPULATION_WORDS: [RegExp, Population][] = [
  [/\b(nin[oa]s?|infancia|children)/, 'CHILDREN'],
  [/\b(jovenes|juventud|adolescentes|youth)/, 'YOUTHS'],
  [/\b(adultos? mayores|tercera edad|older)/, 'OLDER_PEOPLE'],
  [/\b(mujeres|women)/, 'WOMEN'],
  [/\b(discapacidad|disabilit)/, 'PEOPLE_WITH_DISABILITIES'],
  [/\b(indigena|originari|nativ|amazonic|andin)/, 'ORIGINARY_AND_INDIGENOUS_PEOPLES'],
  [/\b(campesin)/, 'CAMPESINO_COMMUNITIES'],
  [/\b(afro)/, 'AFRO_PERUVIAN_PEOPLE'],
  [/\b(vulnerab)/, 'OTHER_VULNERABLE_POPULATIONS'],
];

const splitList = (text: string) =>
  text
    .split(/[;,|/]|\s+y\s+|\s+e\s+/)
    .map((s) => s.trim())
    .filter(Boolean);

function matchAll<T>(text: string, table: [RegExp, T][]): T[] {
  const norm = normalizeText(text);
  return [...new Set(table.filter(([re]) => re.test(norm)).map(([, v]) => v))];
}

interface CsvRow {
  line: number;
  values: Partial<Record<Field, string>>;
}

/** Reads the file: comma- or semicolon-separated (as Spanish-locale spreadsheets save it), header first. */
export function readRegistryCsv(text: string): CsvRow[] {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let headers: string[] = [];
  let previousEnd = 1;
  let previousEmpty = 0;
  let records: { line: number; cells: Record<string, string> }[];
  try {
    records = parse<{ line: number; cells: Record<string, string> }, Record<string, string>>(text, {
      delimiter,
      bom: true,
      trim: true,
      skip_empty_lines: true,
      // Spreadsheets drop trailing empty cells; a short row simply lacks those values.
      relax_column_count: true,
      columns: (header: string[]) => {
        headers = header;
        return header.map((h, i) => `${i}:${h}`);
      },
      on_record: (cells, info) => {
        // `info.lines` is where the record ends; a quoted cell may span lines, so the start is counted.
        const line = previousEnd + 1 + (info.empty_lines - previousEmpty);
        previousEnd = info.lines;
        previousEmpty = info.empty_lines;
        return { line, cells };
      },
    });
  } catch (err) {
    throw new RegistryFileError(`The file is not valid CSV: ${(err as Error).message}`);
  }
  const fieldOf = new Map<number, Field>();
  headers.forEach((h, i) => {
    const key = headerKey(h);
    const field = (Object.keys(HEADERS) as Field[]).find((f) => HEADERS[f].includes(key));
    if (field && ![...fieldOf.values()].includes(field)) fieldOf.set(i, field);
  });
  const found = new Set(fieldOf.values());
  if (!found.has('name'))
    throw new RegistryFileError(`The file has no name column (one of: ${HEADERS.name.join(', ')}); its header is: ${headers.join(', ')}`);
  if (!found.has('district') && !found.has('ubigeo')) {
    throw new RegistryFileError(`The file has neither a district nor a ubigeo column; its header is: ${headers.join(', ')}`);
  }
  return records.map(({ line, cells }) => {
    const values: Partial<Record<Field, string>> = {};
    for (const [i, field] of fieldOf) {
      const v = cells[`${i}:${headers[i]}`];
      if (v) values[field] = v;
    }
    return { line, values };
  });
}

const COLUMN_NAMES: Record<Field, string> = {
  name: 'name',
  ubigeo: 'ubigeo',
  district: 'district',
  province: 'province',
  department: 'department',
  foundingYear: 'founding year',
  members: 'members',
  activities: 'activities',
  expressions: 'artistic expressions',
  form: 'organisation form',
  taxId: 'RUC',
  resolution: 'resolution',
  recognitionDate: 'recognition date',
  populations: 'populations',
};

/** `15/03/2019` (Peruvian order) or `2019-03-15`, refusing impossible and future dates. */
function parseDate(raw: string): string {
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(raw);
  const iso = dmy ? `${dmy[3]}-${dmy[2].padStart(2, '0')}-${dmy[1].padStart(2, '0')}` : raw;
  let date: string;
  try {
    date = parseIsoDate(iso, 'date');
  } catch {
    throw new RowProblem(`"${raw}" is not a date (write it DD/MM/YYYY or YYYY-MM-DD)`);
  }
  if (date > today()) throw new RowProblem(`${date} is in the future`);
  return date;
}

class RowProblem extends Error {}

function describe(d: District): string {
  return [d.name, d.province?.name, d.firstLevel?.name].filter(Boolean).join(', ') + ` (${d.id})`;
}

/**
 * Names a department column may use for a district: its department's, and in the department of Lima the
 * regional-government area's too ("Lima Metropolitana", "Lima Provincias"), which directories also write
 * in that column. "Lima" stays a name of every district of department 15 whatever the gazetteer files
 * them under.
 */
function departmentNames(d: District): string[] {
  const first = d.firstLevel;
  if (!first) return [];
  const area = TERRITORY_AREAS.find((a) => a.id === regionalAreaOf(d.id));
  return [first.name, ...first.alternateNames, ...(area ? [area.name, 'Lima'] : [])];
}

/** Picks the one district a row means, or explains why it cannot. */
function placeByName(row: CsvRow, candidates: District[]): District {
  const name = row.values.district ?? '';
  const province = row.values.province;
  const department = row.values.department;
  if (!candidates.length) throw new RowProblem(`no district named "${name}" in Peru's gazetteer`);
  const matches = candidates.filter(
    (d) =>
      (!province ||
        (d.province !== null && [d.province.name, ...d.province.alternateNames].some((n) => nameKey(n) === nameKey(province)))) &&
      (!department || departmentNames(d).some((n) => nameKey(n) === nameKey(department))),
  );
  const where = [province && `province "${province}"`, department && `department "${department}"`].filter(Boolean).join(' and ');
  if (!matches.length) {
    throw new RowProblem(`no district named "${name}" in ${where}; the gazetteer has ${candidates.map(describe).join('; ')}`);
  }
  if (matches.length > 1) {
    const missing = [!province && 'province', !department && 'department', 'ubigeo'].filter(Boolean).join(' or ');
    throw new RowProblem(
      `"${name}" is the name of ${matches.length} districts${where ? ` in ${where}` : ''}: ${matches.map(describe).join('; ')}. ` +
        `Add the ${missing} to say which`,
    );
  }
  return matches[0];
}

interface Placed {
  row: CsvRow;
  point: NewCulturePoint;
  id: string;
}

/**
 * Reads, places and checks every row, then writes the good ones in one transaction: all of them only
 * when no row is bad, unless `keepValid`. Rows already in the registry (same district and name) are
 * left as they are, so running an import again changes nothing.
 */
export async function importRegistry(
  ds: DataSource,
  gazetteer: DistrictGazetteer,
  csv: string,
  opts: ImportOptions,
): Promise<ImportReport> {
  const rows = readRegistryCsv(csv);
  const problems: ImportProblem[] = [];
  const problem = (row: CsvRow, field: Field | null, reason: string) =>
    problems.push({ line: row.line, name: row.values.name ?? null, column: field && COLUMN_NAMES[field], reason });

  const ubigeoOf = (raw: string) => {
    const digits = raw.replace(/\s/g, '');
    if (!/^\d{5,6}$/.test(digits)) throw new RowProblem(`"${raw}" is not a district ubigeo (six digits)`);
    return `PE:${digits.padStart(6, '0')}`;
  };
  const byId = await gazetteer.districtsByIds(
    rows.flatMap((r) => {
      try {
        return r.values.ubigeo ? [ubigeoOf(r.values.ubigeo)] : [];
      } catch {
        return [];
      }
    }),
  );
  const byName = await gazetteer.districtsNamed(
    rows.filter((r) => !r.values.ubigeo && r.values.district).map((r) => r.values.district ?? ''),
  );

  const placed: Placed[] = [];
  const thisYear = Number(today().slice(0, 4));
  for (const row of rows) {
    const v = row.values;
    const before = problems.length;
    const attempt = <T>(field: Field, fn: () => T): T | null => {
      try {
        return fn();
      } catch (err) {
        if (!(err instanceof RowProblem)) throw err;
        problem(row, field, err.message);
        return null;
      }
    };
    const name = v.name?.replace(/\s+/g, ' ');
    if (!name) problem(row, 'name', 'the row has no name');
    const district = attempt(v.ubigeo ? 'ubigeo' : 'district', () => {
      if (v.ubigeo) {
        const id = ubigeoOf(v.ubigeo);
        const d = byId.get(id);
        if (!d) throw new RowProblem(`ubigeo ${id.slice(3)} is not a district of Peru's gazetteer`);
        if (v.district && ![d.name, ...d.alternateNames].some((n) => nameKey(n) === nameKey(v.district ?? ''))) {
          throw new RowProblem(`ubigeo ${id.slice(3)} is ${describe(d)}, not "${v.district}"`);
        }
        return d;
      }
      if (!v.district) throw new RowProblem('the row has neither a district nor a ubigeo');
      return placeByName(row, byName.get(v.district) ?? []);
    });
    const foundingYear = attempt('foundingYear', () => {
      if (!v.foundingYear) return null;
      const year = Number(v.foundingYear);
      if (!/^\d{4}$/.test(v.foundingYear) || year < 1900 || year > thisYear) {
        throw new RowProblem(`"${v.foundingYear}" is not a founding year (1900–${thisYear})`);
      }
      return year;
    });
    const members = attempt('members', () => {
      if (!v.members) return null;
      if (!/^\d+$/.test(v.members) || Number(v.members) < 1)
        throw new RowProblem(`"${v.members}" is not a number of members (a whole number, at least 1)`);
      return Number(v.members);
    });
    const ruc = attempt('taxId', () => {
      if (!v.taxId) return null;
      const digits = v.taxId.replace(/[\s-]/g, '');
      if (!/^\d{11}$/.test(digits)) throw new RowProblem(`"${v.taxId}" is not a RUC (11 digits)`);
      return digits;
    });
    const recognitionDate = attempt('recognitionDate', () => (v.recognitionDate ? parseDate(v.recognitionDate) : null));
    if (recognitionDate && foundingYear && Number(recognitionDate.slice(0, 4)) < foundingYear) {
      problem(row, 'recognitionDate', `recognised on ${recognitionDate}, before its founding year ${foundingYear}`);
    }
    if (problems.length > before || !name || !district) continue;

    const expressions = v.expressions ? splitList(v.expressions) : [];
    const point: NewCulturePoint = {
      name,
      districtId: district.id,
      organisationForm: v.form ? (matchAll(v.form, FORMS)[0] ?? 'ORGANISATION') : 'ORGANISATION',
      legalPersonality: ruc !== null,
      taxId: ruc,
      foundedOn: null,
      foundingYear,
      members,
      areasOfWork: [],
      populations: v.populations ? matchAll(v.populations, POPULATION_WORDS) : [],
      artisticExpressions: expressions,
      activities: v.activities ?? null,
      networkMember: true,
      domains: matchAll(expressions.join(' ; '), EXPRESSION_DOMAINS),
      recognition: { date: recognitionDate, resolutionNumber: v.resolution ?? null, applicationId: null },
      origin: 'IMPORT',
      source: opts.source,
      locator: `line ${row.line}`,
    };
    placed.push({ row, point, id: culturePointId(district.id, name) });
  }

  // Duplicates within the file, and tax ids that belong to another point already in the registry.
  const firstLine = new Map<string, number>();
  const firstRuc = new Map<string, number>();
  const distinct = placed.filter((p) => {
    const seen = firstLine.get(p.id);
    if (seen !== undefined) {
      problem(p.row, 'name', `the same organisation in the same district as line ${seen}`);
      return false;
    }
    firstLine.set(p.id, p.row.line);
    const ruc = p.point.taxId;
    if (ruc && firstRuc.has(ruc)) {
      problem(p.row, 'taxId', `RUC ${ruc} is also on line ${firstRuc.get(ruc)}`);
      return false;
    }
    if (ruc) firstRuc.set(ruc, p.row.line);
    return true;
  });
  const existing = new Set(
    (await ds.getRepository(ActorRecord).find({ select: { id: true }, where: { id: In(distinct.map((p) => p.id)) } })).map((a) => a.id),
  );
  const rucs = distinct.flatMap((p) => (p.point.taxId ? [p.point.taxId] : []));
  const rucOwners = new Map(
    (rucs.length
      ? await ds.getRepository(CulturePointRecord).find({ select: { actorId: true, taxId: true }, where: { taxId: In(rucs) } })
      : []
    ).map((r) => [r.taxId, r.actorId]),
  );
  const fresh = distinct.filter((p) => {
    if (existing.has(p.id)) return false;
    const owner = p.point.taxId ? rucOwners.get(p.point.taxId) : undefined;
    if (owner) {
      problem(p.row, 'taxId', `RUC ${p.point.taxId} belongs to ${owner}, already in the registry`);
      return false;
    }
    return true;
  });
  const unchanged = distinct.filter((p) => existing.has(p.id)).length;
  problems.sort((a, b) => a.line - b.line);

  if (problems.length && !opts.keepValid) return { rows: rows.length, imported: 0, unchanged, written: false, problems };
  if (fresh.length)
    await ds.transaction((tx) =>
      insertCulturePoints(
        tx,
        fresh.map((p) => p.point),
      ),
    );
  return { rows: rows.length, imported: fresh.length, unchanged, written: fresh.length > 0, problems };
}
