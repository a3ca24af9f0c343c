import { normalizeText } from '@cultura/service-kit';
import { parseIsoDate, today, type CulturalDomain } from '@cultura/vocabulary';
import type { OrganisationForm, Population } from '../domain';
import type { NewCulturePoint } from '../registry';
import { problemOf, RowProblem, type CsvRow, type Field, type ImportProblem } from './registry-csv';
import { placeRow, type DistrictsOfFile } from './registry-districts';

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

/**
 * Checks every value of a row, reporting each that cannot be used against its column (so one pass tells
 * everything wrong with a row), and gives the registry entry when nothing is.
 */
export function checkRow(
  row: CsvRow,
  districts: DistrictsOfFile,
  opts: { source: string; thisYear: number },
): { problems: ImportProblem[]; point: NewCulturePoint | null } {
  const v = row.values;
  const thisYear = opts.thisYear;
  const problems: ImportProblem[] = [];
  const problem = (field: Field, reason: string) => problems.push(problemOf(row, field, reason));
  const attempt = <T>(field: Field, fn: () => T): T | null => {
    try {
      return fn();
    } catch (err) {
      if (!(err instanceof RowProblem)) throw err;
      problem(field, err.message);
      return null;
    }
  };
  const name = v.name?.replace(/\s+/g, ' ');
  if (!name) problem('name', 'the row has no name');
  const district = attempt(v.ubigeo ? 'ubigeo' : 'district', () => placeRow(row, districts));
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
    problem('recognitionDate', `recognised on ${recognitionDate}, before its founding year ${foundingYear}`);
  }
  if (problems.length || !name || !district) return { problems, point: null };

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
  return { problems, point };
}
