import type { FigureInput, NewAction, NewActor, ParticipationInput } from '@cultura/vocabulary';
import type { PlanStage } from '../entities/Plan';

/**
 * Every fact of the program's source document (shared/seeds/000), written down as data. Nothing here
 * is invented: where the document is silent (dates, names of centres) the record says so in its text.
 */
export const PROGRAM_ID = 'red-cultura';
export const SEED = 'seed 000: Red Cultura, región de Tarapacá';
const doc = (paragraph: string) => ({ origin: 'SOURCE_DOCUMENT' as const, source: SEED, locator: paragraph });

export const PROGRAM = {
  id: PROGRAM_ID,
  name: 'Red Cultura',
  acronym: null,
  countryId: 'CL',
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
const LA_TIRANA = 'CL:01401:la-tirana';
const PISAGUA = 'CL:01404:pisagua';

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

const UNDATED = { text: 'En curso según el documento fuente, sin fecha' };

export interface SeedAction {
  action: NewAction;
  participants: ParticipationInput[];
  figures?: FigureInput[];
  plan?: { municipalityId: string; comunaId: string; stage: PlanStage };
}

const activity = (
  key: string,
  kind: 'INTERVENTION' | 'PARTICIPATORY_PROJECT' | 'TRAINING',
  line: string,
  title: string,
  territoryIds: string[],
  participants: ParticipationInput[],
  paragraph: string,
): SeedAction => ({
  action: {
    id: `${PROGRAM_ID}:action:${key}`,
    programId: PROGRAM_ID,
    kind,
    lineCode: line,
    title,
    status: 'IN_PROGRESS',
    period: UNDATED,
    territoryIds,
    ...doc(paragraph),
  },
  participants,
});

const SPC = `${PROGRAM_ID}:actor:servicio-pais-cultura`;
const crcaCoordinates: ParticipationInput = { actorId: CRCA_ID, role: 'COORDINATOR' };

const plan = (key: string, name: string, comuna: string): SeedAction => ({
  action: {
    id: `${PROGRAM_ID}:action:pmc-${key}`,
    programId: PROGRAM_ID,
    kind: 'MUNICIPAL_CULTURE_PLAN',
    lineCode: 'FGCM',
    title: `Plan Municipal de Cultura de ${name}`,
    status: 'IN_PROGRESS',
    period: UNDATED,
    territoryIds: [comuna],
    description:
      'En desarrollo con participación ciudadana; se integrará al PLADECO. El documento dice "se trabaja en el desarrollo": la etapa de formulación participativa es la que esa frase describe.',
    ...doc('FGCM §2'),
  },
  participants: [
    { actorId: `${PROGRAM_ID}:actor:municipalidad-${key}`, role: 'ORGANISER' },
    { actorId: CRCA_ID, role: 'ADVISOR' },
  ],
  plan: { municipalityId: `${PROGRAM_ID}:actor:municipalidad-${key}`, comunaId: comuna, stage: 'PARTICIPATORY_FORMULATION' },
});

export const AGICM_AREAS = [
  'COMMUNICATION',
  'DISSEMINATION',
  'FINANCING',
  'COMMUNITY_LINKS',
  'INSTITUTIONAL_ORGANISATION',
  'PLANNING',
  'MEDIATION',
  'AUDIENCE_DEVELOPMENT',
  'ARTISTIC_PROGRAMMING',
] as const;
export type AdvisoryArea = (typeof AGICM_AREAS)[number];

const allianceAndAdvisory = (key: string, name: string, comuna: string): SeedAction[] => {
  const centreId = `${PROGRAM_ID}:actor:centro-cultural-${key}`;
  const parties = [
    { actorId: CRCA_ID, role: 'PARTNER' as const },
    { actorId: centreId, role: 'PARTNER' as const },
  ];
  return [
    {
      action: {
        id: `${PROGRAM_ID}:action:alianza-${key}`,
        programId: PROGRAM_ID,
        kind: 'ALLIANCE',
        lineCode: 'AGICM',
        title: `Alianza CRCA – Centro cultural municipal de ${name}`,
        status: 'IN_PROGRESS',
        period: { text: 'Vigente según el documento fuente ("en la actualidad"), sin fecha de inicio' },
        territoryIds: [comuna],
        details: { centreId, councilId: CRCA_ID },
        ...doc('AGICM §2'),
      },
      participants: parties,
    },
    {
      action: {
        id: `${PROGRAM_ID}:action:asesoria-${key}`,
        programId: PROGRAM_ID,
        kind: 'ADVISORY',
        lineCode: 'AGICM',
        title: `Asesoría en gestión al Centro cultural municipal de ${name}`,
        status: 'IN_PROGRESS',
        period: UNDATED,
        territoryIds: [comuna],
        description: 'Las áreas son las que el documento fija para la asesoría del AGICM a los centros aliados.',
        details: { centreId, areas: [...AGICM_AREAS], coManaged: true },
        ...doc('AGICM §1'),
      },
      participants: [
        { actorId: CRCA_ID, role: 'ADVISOR' },
        { actorId: centreId, role: 'BENEFICIARY' },
      ],
    },
  ];
};

export const ACTIONS: SeedAction[] = [
  activity('spc-alto-hospicio', 'INTERVENTION', 'FDCL', 'Intervención Servicio País Cultura en Alto Hospicio', [COMUNAS.altoHospicio], [{ actorId: SPC, role: 'ORGANISER' }, crcaCoordinates], 'FDCL §2'),
  activity('spc-la-tirana', 'INTERVENTION', 'FDCL', 'Intervención Servicio País Cultura en La Tirana', [LA_TIRANA], [{ actorId: SPC, role: 'ORGANISER' }, crcaCoordinates], 'FDCL §2'),
  activity(
    'proyectos-barrios-alto-hospicio',
    'PARTICIPATORY_PROJECT',
    'FDCL',
    'Proyectos culturales participativos en barrios de emergencia de Alto Hospicio',
    [COMUNAS.altoHospicio],
    [{ actorId: `${PROGRAM_ID}:actor:barrios-emergencia-alto-hospicio`, role: 'BENEFICIARY' }, crcaCoordinates],
    'FDCL §2',
  ),
  activity(
    'proyectos-barrios-iquique',
    'PARTICIPATORY_PROJECT',
    'FDCL',
    'Proyectos culturales participativos en barrios de emergencia de Iquique',
    [COMUNAS.iquique],
    [{ actorId: `${PROGRAM_ID}:actor:barrios-emergencia-iquique`, role: 'BENEFICIARY' }, crcaCoordinates],
    'FDCL §2',
  ),
  activity('proyectos-pozo-almonte', 'PARTICIPATORY_PROJECT', 'FDCL', 'Proyectos culturales participativos en Pozo Almonte', [COMUNAS.pozoAlmonte], [crcaCoordinates], 'FDCL §2'),
  activity('proyectos-pisagua', 'PARTICIPATORY_PROJECT', 'FDCL', 'Proyectos culturales participativos en Pisagua (Huara)', [PISAGUA], [crcaCoordinates], 'FDCL §2'),
  activity(
    'formacion-personal-municipal',
    'TRAINING',
    'FGCM',
    'Formación del personal municipal encargado del área de cultura',
    ['CL:01'],
    [crcaCoordinates],
    'FGCM §1',
  ),
  plan('alto-hospicio', 'Alto Hospicio', COMUNAS.altoHospicio),
  plan('pozo-almonte', 'Pozo Almonte', COMUNAS.pozoAlmonte),
  plan('pica', 'Pica', COMUNAS.pica),
  plan('huara', 'Huara', COMUNAS.huara),
  ...allianceAndAdvisory('iquique', 'Iquique', COMUNAS.iquique),
  ...allianceAndAdvisory('alto-hospicio', 'Alto Hospicio', COMUNAS.altoHospicio),
  ...allianceAndAdvisory('pozo-almonte', 'Pozo Almonte', COMUNAS.pozoAlmonte),
  ...allianceAndAdvisory('huara', 'Huara', COMUNAS.huara),
];
