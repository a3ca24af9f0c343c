import type { CulturalDomain, FigureInput, NewActor, ProgramLine } from '@cultura/vocabulary';
import type { FindingKind } from '../domain';

/**
 * Every fact of the program's source document (shared/seeds/002, the UNESCO 2005 Convention periodic
 * report entry "Culture Points"), written down as data. Nothing here is invented: the document names no
 * culture point, so the registry starts empty and only the synthetic demo data (marked SYNTHETIC) fills it.
 * Sections the document leaves empty (partners, Convention goals, transversal priorities) give no records.
 */
export const PROGRAM_ID = 'puntos-cultura';
export const SEED = 'seed 002: UNESCO 2005 Convention periodic report — Culture Points';
const doc = (section: string) => ({ origin: 'SOURCE_DOCUMENT' as const, source: SEED, locator: section });

const FEATURES = 'Main features of the policy/measure';
const RESULTS = 'Results achieved so far';
const RESOURCES = 'Financial resources allocated to the policy/measure';
const EVALUATION = 'Main conclusions/recommendations of the evaluation';
const DOMAINS = 'Cultural Domain(s)';

export const LINES: ProgramLine[] = [
  {
    code: 'RECOGNITION',
    name: 'Recognition of culture points',
    objective: 'Recognise non-profit organisations that work with their communities from the arts and cultures (Law No. 30487).',
  },
  {
    code: 'NETWORK',
    name: 'National Culture Points Network',
    objective:
      'Coordinate the recognised experiences in a National Network, promoting a cooperative and transformative culture based on community organisation.',
  },
  {
    code: 'STRENGTHENING',
    name: 'Strengthening of culture points',
    objective: 'Enhance the experiences of culture points and the capacity building of community organisations.',
  },
];

export const PROGRAM = {
  id: PROGRAM_ID,
  name: 'Puntos de Cultura (Culture Points)',
  acronym: null,
  countryId: 'PE',
  agency: 'Ministry of Culture',
  description:
    'The Culture Points are non-profit organizations, recognized by the Ministry of Culture given that they work with their communities from the arts and cultures, contributing to the construction of a more fair, democratic and solidary society that recognizes and values its diversity, memories and creativity. ' +
    'Culture Points seek to expand the exercise of cultural rights at the community level, with special emphasis on children, youths and other populations in vulnerable situations, by promoting inclusion, empowerment and intercultural citizenship. ' +
    'This initiative aims to recognize, coordinate and enhance these experiences in a National Network, promoting a cooperative and transformative culture based on community organization.',
  legalBasis: 'Law No. 30487',
  lines: LINES,
  ...doc(FEATURES),
};

export const MINISTRY_ID = `${PROGRAM_ID}:actor:ministry-of-culture`;

/** The one organisation the document names: the ministry that recognises culture points. */
export const MINISTRY: NewActor = {
  id: MINISTRY_ID,
  programId: PROGRAM_ID,
  kind: 'MINISTRY_OFFICE',
  governmentLevel: 'NATIONAL',
  name: 'Ministry of Culture',
  territoryId: 'PE',
  ...doc(FEATURES),
};

/**
 * What certainly holds the source's "85 … organizations from Lima and Callao": the department of Lima
 * (PE:15, which contains Lima Metropolitana and Lima Provincias) and Callao (PE:07). The source does not
 * say whether its "Lima" is Lima Metropolitana, so the figure is not narrowed to PE:LMA.
 */
export const LIMA_AND_CALLAO: readonly string[] = ['PE:15', 'PE:07'];

/** Peru's departments as INEI counts them (Callao included): 01 to 25. */
const PERU_DEPARTMENTS = Array.from({ length: 25 }, (_, i) => `PE:${String(i + 1).padStart(2, '0')}`);

/** The source's "other regions of Peru": the 23 departments other than Lima and Callao, listed. */
export const OTHER_REGIONS: readonly string[] = PERU_DEPARTMENTS.filter((id) => !LIMA_AND_CALLAO.includes(id));

/**
 * A program figure of the document. Label, scope, period and locator live in the shared figure row (so
 * the change feed carries them); `key` and `note` are this program's own (table `figure_annotation`).
 */
export interface SeedFigure {
  key: string;
  /** How this service reads the source where it had to interpret it. */
  note: string | null;
  figure: FigureInput & { label: string; locator: string };
}

const STOCK =
  'Currently, there are already 169 culture points in 22 regions, of which 85 are organizations from Lima and Callao, and 84 are organizations from other regions of Peru.';
/** "Currently" names no date: the figures are undated, with the source's word kept. */
const CURRENTLY = { text: 'Currently' };

/**
 * Scope null: the whole program, Peru (the shared row's convention for a program figure). Every figure
 * is EXACT except the budget, which the source gives as "Approximately".
 */
export const FIGURES: SeedFigure[] = [
  {
    key: 'culture-points',
    note: null,
    figure: {
      metric: 'ORGANISATIONS',
      value: 169,
      qualifier: 'EXACT',
      unit: 'culture points',
      label: 'Culture points recognised',
      scopeTerritoryIds: null,
      period: CURRENTLY,
      sourceText: STOCK,
      locator: RESULTS,
    },
  },
  {
    key: 'regions',
    note: 'The source does not say how it counts regions (whether Lima Metropolitana and the rest of the department of Lima are one region or two).',
    figure: {
      metric: 'TERRITORIES',
      value: 22,
      qualifier: 'EXACT',
      unit: 'regions',
      label: 'Regions with culture points',
      scopeTerritoryIds: null,
      period: CURRENTLY,
      sourceText: STOCK,
      locator: RESULTS,
    },
  },
  {
    key: 'culture-points-lima-callao',
    note:
      'The source says "Lima and Callao", not "Lima Metropolitana": the scope is what certainly holds these 85 points, the department of Lima (PE:15, ' +
      'which contains Lima Metropolitana and Lima Provincias) and Callao (PE:07). How they divide between Lima and Callao is unknown.',
    figure: {
      metric: 'ORGANISATIONS',
      value: 85,
      qualifier: 'EXACT',
      unit: 'culture points',
      label: 'Culture points in Lima and Callao',
      scopeTerritoryIds: [...LIMA_AND_CALLAO],
      period: CURRENTLY,
      sourceText: STOCK,
      locator: RESULTS,
    },
  },
  {
    key: 'culture-points-other-regions',
    note: 'Every department of Peru except Lima (PE:15) and Callao (PE:07). The source does not say which of them hold these 84 points, nor how many each.',
    figure: {
      metric: 'ORGANISATIONS',
      value: 84,
      qualifier: 'EXACT',
      unit: 'culture points',
      label: 'Culture points in the other regions of Peru',
      scopeTerritoryIds: [...OTHER_REGIONS],
      period: CURRENTLY,
      sourceText: STOCK,
      locator: RESULTS,
    },
  },
  {
    key: 'yearly-budget',
    note: 'An annual amount; the source does not say of which year.',
    figure: {
      metric: 'BUDGET',
      value: 125000,
      qualifier: 'APPROXIMATELY',
      unit: 'USD',
      currency: 'USD',
      label: 'Financial resources allocated per year',
      scopeTerritoryIds: null,
      period: { text: 'per year' },
      sourceText: 'Approximately USD 125,000.00 per year',
      locator: RESOURCES,
    },
  },
];

export interface SeedFinding {
  id: string;
  kind: FindingKind;
  position: number;
  text: string;
  locator: string;
}

const RESULT_TEXTS = [
  'Alternatives for integral development have been generated, especially for children and youths.',
  'Actions were developed to directly affect the improvement of health, education and public safety.',
  'The emergence of economic and social ventures that improve the quality of life of the communities was encouraged.',
  'The transmission of values such as solidarity, respect and appreciation of cultural diversity, as well as the active exercise of democracy were encouraged.',
];

const EVALUATION_TEXTS: [FindingKind, string][] = [
  [
    'EVALUATION_CONCLUSION',
    'Culture points are spaces that promote citizen participation, from cultural activities to public policy advocacy initiatives.',
  ],
  [
    'EVALUATION_RECOMMENDATION',
    'It is necessary to expand the number of organizations that are part of the National Culture Points Network, taking into account the decentralization criterion.',
  ],
  [
    'EVALUATION_RECOMMENDATION',
    "It is necessary to strengthen the culture points' sustainability strategies on the basis of financing through competitions, training activities and coordination with public and private institutions.",
  ],
  [
    'EVALUATION_RECOMMENDATION',
    'It is necessary to increase the budget to strengthen, in a decentralized manner, the mechanisms for promoting the culture points established in Law No. 30487.',
  ],
];

export const FINDINGS: SeedFinding[] = [
  ...RESULT_TEXTS.map((text, i) => ({
    id: `${PROGRAM_ID}:result:${i + 1}`,
    kind: 'RESULT' as const,
    position: i + 1,
    text,
    locator: RESULTS,
  })),
  ...EVALUATION_TEXTS.map(([kind, text], i) => ({
    id: `${PROGRAM_ID}:evaluation:${i + 1}`,
    kind,
    position: i + 1,
    text,
    locator: EVALUATION,
  })),
];

/** The document's cultural domains, mapped to the UNESCO Framework for Cultural Statistics (2009). */
export const DOMAIN_MAPPING: { sourceName: string; domain: CulturalDomain }[] = [
  { sourceName: 'Cinema/ Audiovisual Arts', domain: 'AUDIOVISUAL_AND_INTERACTIVE_MEDIA' },
  { sourceName: 'Performing Arts', domain: 'PERFORMANCE_AND_CELEBRATION' },
  { sourceName: 'Visual Arts', domain: 'VISUAL_ARTS_AND_CRAFTS' },
];
export const DOMAINS_LOCATOR = DOMAINS;
export const sourceDocument = doc;
