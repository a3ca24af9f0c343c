/**
 * Every fact of the program's source document (shared/seeds/001_*.txt, a note on a RED workshop), as
 * data. Locators count the note's paragraphs from 1. Names are only those the note gives; anything the
 * project had to infer says so in a note. Only what the note states becomes a record: the one workshop
 * it reports as held is the program's only action; the five it announces ("cinco talleres más") are a
 * figure of the program, since the note names no topic, date or place of any of them. The note gives no
 * date at all, so every period here is UNDATED, with the note's wording where it has some.
 */
import type { FigureInput, NewAction, NewActor, ParticipationInput, PeriodInput, ProgramRecord } from '@cultura/vocabulary';
import { PROGRAM_ID, type GovernmentEntityKind, type NetworkRole, type RedActorDetails, type SessionModality } from '../domain';
import type { StatementTopic } from '../entities';

export const SOURCE = 'seed 001: RED workshop note';
const ORIGIN = 'SOURCE_DOCUMENT' as const;
const paragraph = (n: number) => `paragraph ${n}`;
const paragraphs = (...n: number[]) => `paragraphs ${n.join(', ')}`;

export const DGIA_ID = `${PROGRAM_ID}:entity:dgia`;
export const SEED_WORKSHOP_ID = `${PROGRAM_ID}:action:taller-eventos-publicos`;
export const SEED_PROGRAMME_ID = `${PROGRAM_ID}:programme:programacion-formativa`;

export const PROGRAM: Omit<ProgramRecord, 'createdAt'> = {
  id: PROGRAM_ID,
  name: 'Red de Gestión Pública en Industrias Culturales y Artes',
  acronym: 'RED',
  countryId: 'PE',
  agency: 'Ministerio de Cultura del Perú — Dirección General de Industrias Culturales y Artes (DGIA)',
  description:
    'La Red es un mecanismo de coordinación y cooperación entre la Dirección General de Industrias Culturales y Artes (DGIA) del ' +
    'Ministerio de Cultura y los gobiernos locales y regionales del Perú. Busca ampliar y mejorar los servicios públicos a favor de ' +
    'las industrias culturales y artes en base a la coordinación, cooperación y apoyo mutuo entre entidades de los distintos niveles de gobierno.',
  // The note ties the programme's training to the Política Nacional de Cultura al 2030 (an alignment, see
  // the network's statements) but names no law or policy the network rests on.
  legalBasis: null,
  lines: [],
  origin: ORIGIN,
  source: SOURCE,
  locator: paragraph(6),
};

export interface StatementFact {
  id: string;
  topic: StatementTopic;
  policy: string | null;
  text: string;
  locator: string;
}

export const STATEMENTS: StatementFact[] = [
  {
    id: `${PROGRAM_ID}:statement:mechanism`,
    topic: 'MECHANISM',
    policy: null,
    text:
      'La Red es un mecanismo de coordinación y cooperación entre la Dirección General de Industrias Culturales y Artes (DGIA) ' +
      'del Ministerio de Cultura y los gobiernos locales y regionales del Perú.',
    locator: paragraph(6),
  },
  {
    id: `${PROGRAM_ID}:statement:purpose`,
    topic: 'PURPOSE',
    policy: null,
    text:
      'Busca ampliar y mejorar los servicios públicos a favor de las industrias culturales y artes en base a la coordinación, ' +
      'cooperación y apoyo mutuo entre entidades de los distintos niveles de gobierno.',
    locator: paragraph(6),
  },
  {
    id: `${PROGRAM_ID}:statement:objective`,
    topic: 'OBJECTIVE',
    policy: null,
    text: 'El fortalecimiento de capacidades de los servidores públicos con funciones en cultura de los tres niveles de gobierno.',
    locator: paragraph(2),
  },
  {
    id: `${PROGRAM_ID}:statement:alignment-pnc-2030`,
    topic: 'ALIGNMENT',
    policy: 'Política Nacional de Cultura al 2030',
    text:
      'La programación formativa buscará contribuir a la gobernanza cultural y a la mejora de los servicios públicos culturales, ' +
      'dispuestos en la Política Nacional de Cultura al 2030.',
    locator: paragraph(5),
  },
];

export interface ActorFact {
  actor: NewActor & { details: RedActorDetails & Record<string, unknown> };
  entityKind: GovernmentEntityKind;
  networkRole: NetworkRole | null;
  acronym: string | null;
}

const GROUP_NOTE = 'A group as the source reports it: it names neither the entities nor their number.';

function group(
  slug: string,
  name: string,
  entityKind: GovernmentEntityKind,
  kind: NewActor['kind'],
  level: NewActor['governmentLevel'],
): ActorFact {
  return {
    actor: {
      id: `${PROGRAM_ID}:group:${slug}`,
      programId: PROGRAM_ID,
      kind,
      governmentLevel: level,
      name,
      territoryId: 'PE',
      details: { form: 'GROUP', note: GROUP_NOTE },
      origin: ORIGIN,
      source: SOURCE,
      locator: paragraph(4),
    },
    entityKind,
    networkRole: null,
    acronym: null,
  };
}

export const GROUP_DECONCENTRATED_OFFICES = `${PROGRAM_ID}:group:direcciones-desconcentradas`;
export const GROUP_REGIONAL_GOVERNMENTS = `${PROGRAM_ID}:group:gobiernos-regionales`;
export const GROUP_PROVINCIAL_MUNICIPALITIES = `${PROGRAM_ID}:group:municipalidades-provinciales`;

export const ACTORS: ActorFact[] = [
  {
    actor: {
      id: DGIA_ID,
      programId: PROGRAM_ID,
      kind: 'MINISTRY_OFFICE',
      governmentLevel: 'NATIONAL',
      name: 'Dirección General de Industrias Culturales y Artes',
      territoryId: 'PE',
      details: {
        form: 'ENTITY',
        note: 'Territory PE: a national directorate of the Ministry of Culture; the source gives no seat. Coordinator: the source calls the Red a coordination mechanism between the DGIA and regional and local governments.',
      },
      origin: ORIGIN,
      source: SOURCE,
      locator: paragraphs(1, 6),
    },
    entityKind: 'MINISTRY_DIRECTORATE',
    networkRole: 'COORDINATOR',
    acronym: 'DGIA',
  },
  group(
    'direcciones-desconcentradas',
    'Direcciones desconcentradas del Ministerio de Cultura',
    'DECONCENTRATED_CULTURE_OFFICE',
    'MINISTRY_OFFICE',
    'NATIONAL',
  ),
  group('gobiernos-regionales', 'Gobiernos regionales', 'REGIONAL_GOVERNMENT', 'REGIONAL_GOVERNMENT', 'REGIONAL'),
  group('municipalidades-provinciales', 'Municipalidades provinciales', 'PROVINCIAL_MUNICIPALITY', 'MUNICIPALITY', 'LOCAL'),
];

export const PROGRAMME = {
  id: SEED_PROGRAMME_ID,
  title: 'Programación formativa de la RED',
  periodYear: null,
  periodText: 'el presente año (año no indicado en la fuente)',
  announcedWorkshops: 5,
  announcedQualifier: 'EXACT' as const,
  announcedSourceText: 'cinco talleres más para lo que resta del presente año',
  note:
    'The held workshop is counted in this programme because the source announces "cinco talleres más" (five more) for the rest ' +
    'of the same year; the year itself is not stated.',
  origin: ORIGIN,
  source: SOURCE,
  locator: paragraph(5),
};

/**
 * What the note reports about the program as a whole. The five workshops still to come are a planned
 * figure, never actions: no count of workshops held includes them.
 */
export const PROGRAM_FIGURES: FigureInput[] = [
  {
    metric: 'ACTIONS',
    value: 5,
    qualifier: 'EXACT',
    unit: 'planned workshops',
    label: 'Workshops planned for the rest of the year',
    // "El presente año" is the year of the note, which the note does not give.
    period: { precision: 'UNDATED', text: 'para lo que resta del presente año' },
    sourceText: 'La RED ha programado el desarrollo de cinco talleres más para lo que resta del presente año.',
    locator: paragraph(5),
  },
];

/**
 * The seventeen regions exactly as the note lists them, in its order: units of Peru's regional
 * governments, so Lima Metropolitana is `PE:LMA` (an area of department 15), not the department.
 */
export const SEED_REGIONS: { name: string; id: string }[] = [
  { name: 'Amazonas', id: 'PE:01' },
  { name: 'Áncash', id: 'PE:02' },
  { name: 'Apurímac', id: 'PE:03' },
  { name: 'Arequipa', id: 'PE:04' },
  { name: 'Ayacucho', id: 'PE:05' },
  { name: 'Cajamarca', id: 'PE:06' },
  { name: 'Callao', id: 'PE:07' },
  { name: 'Cusco', id: 'PE:08' },
  { name: 'La Libertad', id: 'PE:13' },
  { name: 'Lima Metropolitana', id: 'PE:LMA' },
  { name: 'Madre de Dios', id: 'PE:17' },
  { name: 'Moquegua', id: 'PE:18' },
  { name: 'Pasco', id: 'PE:19' },
  { name: 'Piura', id: 'PE:20' },
  { name: 'Puno', id: 'PE:21' },
  { name: 'San Martín', id: 'PE:22' },
  { name: 'Tacna', id: 'PE:23' },
];

export interface SessionFact {
  action: NewAction;
  participants: ParticipationInput[];
  /** Figures with their own place in the source. */
  figures: { figure: FigureInput; locator: string }[];
  session: {
    topic: string | null;
    modality: SessionModality;
    programmeId: string | null;
    recipientId?: string | null;
    note: string | null;
  };
}

/** The note says the workshop was held, never when. */
const WORKSHOP_PERIOD: PeriodInput = { precision: 'UNDATED', text: 'fecha no indicada en la fuente' };

export const SESSIONS: SessionFact[] = [
  {
    action: {
      id: SEED_WORKSHOP_ID,
      programId: PROGRAM_ID,
      kind: 'WORKSHOP',
      title: 'Asistencia técnica para la organización y ejecución de eventos públicos culturales a nivel nacional',
      status: 'COMPLETED',
      period: WORKSHOP_PERIOD,
      territoryIds: SEED_REGIONS.map((r) => r.id),
      domains: ['EDUCATION_AND_TRAINING', 'PERFORMANCE_AND_CELEBRATION'],
      description:
        'La reunión tuvo como finalidad socializar con los participantes todas las herramientas, recomendaciones, y buenas prácticas ' +
        'desarrolladas para fomentar la reactivación de actividades artístico-culturales en espacios públicos, con énfasis en la gestión local.',
      origin: ORIGIN,
      source: SOURCE,
      locator: paragraphs(1, 2, 3, 4),
    },
    participants: [
      { actorId: DGIA_ID, role: 'ORGANISER', note: 'El Ministerio de Cultura, a través de la DGIA, realizó el taller' },
      { actorId: GROUP_DECONCENTRATED_OFFICES, role: 'PARTICIPANT', note: 'las direcciones desconcentradas del ministerio' },
      { actorId: GROUP_REGIONAL_GOVERNMENTS, role: 'PARTICIPANT', note: 'los gobiernos regionales' },
      { actorId: GROUP_PROVINCIAL_MUNICIPALITIES, role: 'PARTICIPANT', note: 'las municipalidades provinciales' },
    ],
    figures: [
      {
        // One figure for all 17 regions together: it says nothing of how many came from any one of them.
        figure: {
          metric: 'PARTICIPANTS',
          value: 60,
          qualifier: 'MORE_THAN',
          unit: 'public servants',
          label: 'Public servants who took part, from the 17 regions together',
          period: WORKSHOP_PERIOD,
          sourceText: 'más de 60 servidores públicos',
        },
        locator: paragraph(4),
      },
      {
        figure: {
          metric: 'TERRITORIES',
          value: 17,
          qualifier: 'EXACT',
          unit: 'regions',
          label: 'Regions the participants came from',
          period: WORKSHOP_PERIOD,
          sourceText: '17 regiones del país',
        },
        locator: paragraph(4),
      },
    ],
    session: {
      topic: 'Organización y ejecución de eventos públicos culturales a nivel nacional',
      modality: 'UNKNOWN',
      programmeId: SEED_PROGRAMME_ID,
      note:
        'Date and modality are not stated in the source. Topic taken from the title. Cultural domains classified by the project ' +
        '(a training on public cultural events). Counted in the programme of "el presente año": see the programme note.',
    },
  },
];
