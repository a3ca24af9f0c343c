import type { FigureInput, NewActor, ProgramRecord } from '@cultura/vocabulary';
import { AGICM_AREAS, COUNTRY_ID, PROGRAM_ID, type AdvisoryArea } from '../domain';

/**
 * Every fact of the program's source document (shared/seeds/000), written down as data, each with its
 * locator (`<line> §<paragraph>`, counting paragraphs below each line's heading). Nothing here is
 * invented: where the document is silent (dates, stages, names of centres) the record leaves the field
 * unknown or says so in its text. The actions are in seed-actions.ts.
 */
export const SEED = 'seed 000: Red Cultura, región de Tarapacá';
export const doc = (paragraph: string) => ({ origin: 'SOURCE_DOCUMENT' as const, source: SEED, locator: paragraph });

export const PROGRAM: Omit<ProgramRecord, 'createdAt'> = {
  id: PROGRAM_ID,
  name: 'Red Cultura',
  acronym: null,
  countryId: COUNTRY_ID,
  agency: 'Consejo Regional de la Cultura y las Artes de Tarapacá (CRCA)',
  description:
    'Contribuir a un mejoramiento del acceso y participación de la población al arte y la cultura mediante el fomento a la descentralización de la oferta artística y cultural del país, a través del fortalecimiento de la gestión cultural municipal y la participación ciudadana.',
  legalBasis: null,
  lines: [
    {
      code: 'FDCL',
      name: 'Fomento al Desarrollo Cultural Local',
      objective:
        'Contribuir al fortalecimiento de la participación ciudadana y su identidad cultural, a través de la generación de espacios de intercambio artístico, formativo y de planificación.',
    },
    {
      code: 'FGCM',
      name: 'Fortalecimiento de la Gestión Cultural Municipal',
      objective:
        'Aportar en la formación del personal municipal encargado del área de cultura, y desarrollar herramientas que refuercen el rol de la cultura como eje de desarrollo en el territorio.',
    },
    {
      code: 'AGICM',
      name: 'Apoyo a la Gestión de la Infraestructura Cultural Municipal',
      objective:
        'Apoyar el perfeccionamiento y profesionalización de la gestión de los Centros Culturales Municipales, siempre bajo el principio de cogestión.',
    },
  ],
  ...doc('§1'),
};

export const CONTEXTS = [
  { code: 'COMMUNITY', name: 'Con la comunidad', description: 'Trabajo con la comunidad y la participación ciudadana.' },
  { code: 'MUNICIPALITIES', name: 'Con las municipalidades', description: 'Fortalecimiento de la gestión cultural municipal.' },
  {
    code: 'CULTURAL_INFRASTRUCTURE',
    name: 'Con la infraestructura cultural comunal',
    description: 'Gestión de los centros culturales municipales.',
  },
];

export const COMUNAS = {
  iquique: 'CL:01101',
  altoHospicio: 'CL:01107',
  pozoAlmonte: 'CL:01401',
  huara: 'CL:01404',
  pica: 'CL:01405',
} as const;
/** The localities the document names below a comuna. */
export const LOCALITIES = {
  laTirana: 'CL:01401:la-tirana',
  pozoAlmonte: 'CL:01401:pozo-almonte',
  pisagua: 'CL:01404:pisagua',
} as const;

const municipality = (key: string, name: string, comuna: string, paragraph: string): NewActor => ({
  id: `${PROGRAM_ID}:actor:municipalidad-${key}`,
  programId: PROGRAM_ID,
  kind: 'MUNICIPALITY',
  governmentLevel: 'LOCAL',
  name: `Municipalidad de ${name}`,
  territoryId: comuna,
  ...doc(paragraph),
});

const centre = (key: string, name: string, comuna: string): NewActor => ({
  id: `${PROGRAM_ID}:actor:centro-cultural-${key}`,
  programId: PROGRAM_ID,
  kind: 'CULTURAL_CENTRE',
  governmentLevel: 'LOCAL',
  // The document does not name the centres: they are the municipal cultural centre of each comuna.
  name: `Centro cultural municipal de ${name}`,
  territoryId: comuna,
  details: { municipalityId: `${PROGRAM_ID}:actor:municipalidad-${key}` },
  ...doc('AGICM §2'),
});

export const CRCA_ID = `${PROGRAM_ID}:actor:crca-tarapaca`;

export const ACTORS: NewActor[] = [
  {
    id: CRCA_ID,
    programId: PROGRAM_ID,
    kind: 'REGIONAL_COUNCIL',
    governmentLevel: 'REGIONAL',
    name: 'Consejo Regional de la Cultura y las Artes de Tarapacá (CRCA)',
    territoryId: 'CL:01',
    ...doc('AGICM §2'),
  },
  municipality('alto-hospicio', 'Alto Hospicio', COMUNAS.altoHospicio, 'FGCM §2'),
  municipality('iquique', 'Iquique', COMUNAS.iquique, 'AGICM §2'),
  municipality('pozo-almonte', 'Pozo Almonte', COMUNAS.pozoAlmonte, 'FGCM §2'),
  municipality('pica', 'Pica', COMUNAS.pica, 'FGCM §2'),
  municipality('huara', 'Huara', COMUNAS.huara, 'FGCM §2'),
  centre('iquique', 'Iquique', COMUNAS.iquique),
  centre('alto-hospicio', 'Alto Hospicio', COMUNAS.altoHospicio),
  centre('pozo-almonte', 'Pozo Almonte', COMUNAS.pozoAlmonte),
  centre('huara', 'Huara', COMUNAS.huara),
  {
    id: `${PROGRAM_ID}:actor:servicio-pais-cultura`,
    programId: PROGRAM_ID,
    kind: 'PROGRAM_TEAM',
    governmentLevel: 'NONE',
    name: 'Programa Servicio País Cultura',
    territoryId: 'CL:01',
    ...doc('FDCL §2'),
  },
  {
    id: `${PROGRAM_ID}:actor:barrios-emergencia-alto-hospicio`,
    programId: PROGRAM_ID,
    kind: 'NEIGHBOURHOOD',
    governmentLevel: 'NONE',
    name: 'Barrios de emergencia de Alto Hospicio',
    territoryId: COMUNAS.altoHospicio,
    ...doc('FDCL §2'),
  },
  {
    id: `${PROGRAM_ID}:actor:barrios-emergencia-iquique`,
    programId: PROGRAM_ID,
    kind: 'NEIGHBOURHOOD',
    governmentLevel: 'NONE',
    name: 'Barrios de emergencia de Iquique',
    territoryId: COMUNAS.iquique,
    ...doc('FDCL §2'),
  },
];

/** What the document says of a line as a whole, beyond its name and objective. */
export interface LineFacts {
  code: string;
  /** Where the document gives the line's objective. */
  locator: string;
  /** The advisory the line gives, stated for the line as a whole and for no one centre in particular. */
  advisory: {
    advisedActorKind: 'CULTURAL_CENTRE';
    areas: AdvisoryArea[];
    coManaged: boolean;
    sourceText: string;
    locator: string;
  } | null;
}

export const LINE_FACTS: LineFacts[] = [
  { code: 'FDCL', locator: 'FDCL §1', advisory: null },
  { code: 'FGCM', locator: 'FGCM §1', advisory: null },
  {
    code: 'AGICM',
    locator: 'AGICM §1',
    advisory: {
      advisedActorKind: 'CULTURAL_CENTRE',
      areas: [...AGICM_AREAS],
      coManaged: true,
      sourceText:
        'El propósito del AGICM es apoyar el perfeccionamiento y profesionalización de la gestión de los Centros Culturales Municipales, mediante el asesoramiento en: desarrollo de estrategias de comunicación, difusión, financiamiento, vínculos con la comunidad, organización institucional, planificación, mediación, formación de audiencias y de programación artística, siempre bajo el principio de cogestión.',
      locator: 'AGICM §1',
    },
  },
];

/** The source's own words for "when": the document itself is undated, so these stay UNDATED periods. */
export const NOW_PLANS = 'Actualmente';
export const NOW_ALLIANCES = 'En la actualidad';

/**
 * The program's figures, as the document gives them: it lists the plans and the allied centres by comuna,
 * so their counts are exact, for those comunas only, and undated.
 */
export const PROGRAM_FIGURES: (FigureInput & { locator: string })[] = [
  {
    metric: 'ACTIONS',
    value: 4,
    qualifier: 'EXACT',
    unit: 'municipal culture plans',
    label: 'Municipal culture plans under development',
    period: { precision: 'UNDATED', text: NOW_PLANS },
    sourceText: 'Actualmente se trabaja en el desarrollo de los PMC de las comunas de Alto Hospicio, Pozo Almonte, Pica y Huara.',
    scopeTerritoryIds: [COMUNAS.altoHospicio, COMUNAS.pozoAlmonte, COMUNAS.pica, COMUNAS.huara],
    locator: 'FGCM §2',
  },
  {
    metric: 'ORGANISATIONS',
    value: 4,
    qualifier: 'EXACT',
    unit: 'municipal cultural centres',
    label: 'Municipal cultural centres allied with the CRCA',
    period: { precision: 'UNDATED', text: NOW_ALLIANCES },
    sourceText:
      'En la actualidad el CRCA ha establecido alianzas con los centros culturales municipales de las comunas de Iquique, Alto Hospicio, Pozo Almonte y Huara.',
    scopeTerritoryIds: [COMUNAS.iquique, COMUNAS.altoHospicio, COMUNAS.pozoAlmonte, COMUNAS.huara],
    locator: 'AGICM §2',
  },
];
