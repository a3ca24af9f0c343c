import type { FigureInput, NewAction, ParticipationInput, PeriodInput } from '@cultura/vocabulary';
import { PROGRAM_ID } from '../domain';
import { COMUNAS, CRCA_ID, LOCALITIES, NOW_ALLIANCES, NOW_PLANS, doc } from './facts';

/**
 * The actions the source document states, one record per thing it names and nothing more: no advisory
 * session to any one centre (it gives the AGICM advisory areas for the line as a whole, see LINE_FACTS),
 * no plan stage (it says the plans are in development), no date (the document has none), and no cultural
 * domain except where the action's kind makes one certain.
 */
export interface SeedAction {
  action: NewAction;
  participants: ParticipationInput[];
  figures?: FigureInput[];
  /** A municipal culture plan; its stage is unknown until a program editor records it. */
  plan?: { municipalityId: string; comunaId: string };
}

/** A paragraph that says nothing of when: undated, with no words of its own to keep. */
const NO_DATE: PeriodInput = { precision: 'UNDATED' };

const activity = (
  key: string,
  kind: 'INTERVENTION' | 'PARTICIPATORY_PROJECT' | 'TRAINING',
  line: string,
  title: string,
  territoryIds: string[],
  participants: ParticipationInput[],
  paragraph: string,
  extra: Pick<NewAction, 'domains' | 'description'> = {},
): SeedAction => ({
  action: {
    id: `${PROGRAM_ID}:action:${key}`,
    programId: PROGRAM_ID,
    kind,
    lineCode: line,
    title,
    // The document describes the program's work as under way, in the present tense ("se operacionaliza …").
    status: 'IN_PROGRESS',
    period: NO_DATE,
    territoryIds,
    ...extra,
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
    // "Actualmente se trabaja en el desarrollo de los PMC": work on it is under way, at a stage not stated.
    status: 'IN_PROGRESS',
    period: { precision: 'UNDATED', text: NOW_PLANS },
    territoryIds: [comuna],
    description:
      'Plan en desarrollo ("Actualmente se trabaja en el desarrollo de los PMC"), con participación ciudadana, para integrarse al PLADECO. El documento fuente no indica en qué etapa está.',
    ...doc('FGCM §2'),
  },
  participants: [
    { actorId: `${PROGRAM_ID}:actor:municipalidad-${key}`, role: 'ORGANISER' },
    { actorId: CRCA_ID, role: 'ADVISOR' },
  ],
  plan: { municipalityId: `${PROGRAM_ID}:actor:municipalidad-${key}`, comunaId: comuna },
});

const alliance = (key: string, name: string, comuna: string): SeedAction => {
  const centreId = `${PROGRAM_ID}:actor:centro-cultural-${key}`;
  return {
    action: {
      id: `${PROGRAM_ID}:action:alianza-${key}`,
      programId: PROGRAM_ID,
      kind: 'ALLIANCE',
      lineCode: 'AGICM',
      title: `Alianza CRCA – Centro cultural municipal de ${name}`,
      status: 'IN_PROGRESS',
      period: { precision: 'UNDATED', text: NOW_ALLIANCES },
      territoryIds: [comuna],
      details: { centreId, councilId: CRCA_ID },
      ...doc('AGICM §2'),
    },
    participants: [
      { actorId: CRCA_ID, role: 'PARTNER' },
      { actorId: centreId, role: 'PARTNER' },
    ],
  };
};

export const ACTIONS: SeedAction[] = [
  activity(
    'spc-alto-hospicio',
    'INTERVENTION',
    'FDCL',
    'Intervención Servicio País Cultura en Alto Hospicio',
    [COMUNAS.altoHospicio],
    [{ actorId: SPC, role: 'ORGANISER' }, crcaCoordinates],
    'FDCL §2',
  ),
  activity(
    'spc-la-tirana',
    'INTERVENTION',
    'FDCL',
    'Intervención Servicio País Cultura en La Tirana',
    [LOCALITIES.laTirana],
    [{ actorId: SPC, role: 'ORGANISER' }, crcaCoordinates],
    'FDCL §2',
  ),
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
  // "las localidades de Pozo Almonte y Pisagua en Huara": the locality, not the comuna of the same name.
  activity(
    'proyectos-pozo-almonte',
    'PARTICIPATORY_PROJECT',
    'FDCL',
    'Proyectos culturales participativos en Pozo Almonte',
    [LOCALITIES.pozoAlmonte],
    [crcaCoordinates],
    'FDCL §2',
  ),
  activity(
    'proyectos-pisagua',
    'PARTICIPATORY_PROJECT',
    'FDCL',
    'Proyectos culturales participativos en Pisagua (Huara)',
    [LOCALITIES.pisagua],
    [crcaCoordinates],
    'FDCL §2',
  ),
  activity(
    'formacion-personal-municipal',
    'TRAINING',
    'FGCM',
    'Formación del personal municipal encargado del área de cultura',
    ['CL:01'],
    [crcaCoordinates],
    'FGCM §1',
    {
      // The one domain the kind makes certain; the document itself names no domain for any action.
      domains: ['EDUCATION_AND_TRAINING'],
      description:
        'El documento fuente no indica dominios culturales. El proyecto clasificó esta acción en EDUCATION_AND_TRAINING (dominio transversal "educación y formación" del Marco de Estadísticas Culturales de la UNESCO, 2009) a partir de su tipo: la formación del personal municipal de cultura.',
    },
  ),
  plan('alto-hospicio', 'Alto Hospicio', COMUNAS.altoHospicio),
  plan('pozo-almonte', 'Pozo Almonte', COMUNAS.pozoAlmonte),
  plan('pica', 'Pica', COMUNAS.pica),
  plan('huara', 'Huara', COMUNAS.huara),
  alliance('iquique', 'Iquique', COMUNAS.iquique),
  alliance('alto-hospicio', 'Alto Hospicio', COMUNAS.altoHospicio),
  alliance('pozo-almonte', 'Pozo Almonte', COMUNAS.pozoAlmonte),
  alliance('huara', 'Huara', COMUNAS.huara),
];
