import { parse } from 'csv-parse/sync';
import { normalizeText } from '@cultura/service-kit';

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

/** The file as a whole cannot be read: not CSV, or without the columns a row needs. */
export class RegistryFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegistryFileError';
  }
}

/** A value of a row that cannot be used; the import reports it against its column. */
export class RowProblem extends Error {}

export type Field =
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

export interface CsvRow {
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

/** A row's problem as the import reports it: its line, the name it gives, the column at fault. */
export function problemOf(row: CsvRow, field: Field | null, reason: string): ImportProblem {
  return { line: row.line, name: row.values.name ?? null, column: field && COLUMN_NAMES[field], reason };
}
