/**
 * A small synthetic demo set (LOAD_SYNTHETIC_DATA=true), deterministic, so dashboards and reports by year
 * and by region have material the seed cannot give: named entities in seven regions (Lima Metropolitana
 * and Lima Provincias among them), workshops and technical assistance dated to the day, the month or the
 * year and a few undated, attendance by entity with named servants, and participant figures that are
 * exact, "more than" and "approximately". Everything is marked SYNTHETIC and named "Demo"; leave it out of
 * reports with `origins: [SOURCE_DOCUMENT, IMPORT, USER]`.
 */
import type { DataSource } from 'typeorm';
import { ActionRecord, type FigureInput, type PeriodInput } from '@cultura/vocabulary';
import { PROGRAM_ID, type GovernmentEntityKind } from '../domain';
import { existingIds } from '../store/ids';
import { lockKey } from '../store/locks';
import { insertTrainingProgrammeIfMissing } from '../store/network';
import { findAction } from '../store/sessions';
import { planAttendance, type AttendanceEntryInput } from '../writes/plan-attendance';
import { writeAttendance } from '../writes/record-attendance';
import { DGIA_ID, type ActorFact, type SessionFact } from './facts';
import { insertMissingActors, insertMissingSessions } from './load';

const ORIGIN = 'SYNTHETIC' as const;
const SOURCE = 'synthetic demo set (red-gestion)';
const PROGRAMME_ID = `${PROGRAM_ID}:programme:demo-2025`;

const KINDS: Record<GovernmentEntityKind, { kind: ActorFact['actor']['kind']; level: ActorFact['actor']['governmentLevel'] }> = {
  MINISTRY_DIRECTORATE: { kind: 'MINISTRY_OFFICE', level: 'NATIONAL' },
  DECONCENTRATED_CULTURE_OFFICE: { kind: 'MINISTRY_OFFICE', level: 'NATIONAL' },
  REGIONAL_GOVERNMENT: { kind: 'REGIONAL_GOVERNMENT', level: 'REGIONAL' },
  PROVINCIAL_MUNICIPALITY: { kind: 'MUNICIPALITY', level: 'LOCAL' },
  DISTRICT_MUNICIPALITY: { kind: 'MUNICIPALITY', level: 'LOCAL' },
};

function entity(slug: string, name: string, entityKind: GovernmentEntityKind, territoryId: string): ActorFact {
  return {
    actor: {
      id: `${PROGRAM_ID}:entity:demo-${slug}`,
      programId: PROGRAM_ID,
      kind: KINDS[entityKind].kind,
      governmentLevel: KINDS[entityKind].level,
      name: `Demo — ${name}`,
      territoryId,
      details: { form: 'ENTITY', note: 'Synthetic demo record.' },
      origin: ORIGIN,
      source: SOURCE,
    },
    entityKind,
    networkRole: 'MEMBER',
    acronym: null,
  };
}

export const SYNTHETIC_ENTITIES: ActorFact[] = [
  entity('ddc-cusco', 'Dirección Desconcentrada de Cultura (Cusco)', 'DECONCENTRATED_CULTURE_OFFICE', 'PE:08'),
  entity('gr-cusco', 'Gobierno Regional (Cusco)', 'REGIONAL_GOVERNMENT', 'PE:08'),
  entity('mp-cusco', 'Municipalidad Provincial (Cusco)', 'PROVINCIAL_MUNICIPALITY', 'PE:0801'),
  entity('gr-piura', 'Gobierno Regional (Piura)', 'REGIONAL_GOVERNMENT', 'PE:20'),
  entity('mp-piura', 'Municipalidad Provincial (Piura)', 'PROVINCIAL_MUNICIPALITY', 'PE:2001'),
  entity('md-lima', 'Municipalidad Distrital (Lima)', 'DISTRICT_MUNICIPALITY', 'PE:150101'),
  entity('mm-lima', 'Municipalidad Metropolitana (Lima)', 'PROVINCIAL_MUNICIPALITY', 'PE:1501'),
  entity('gr-lima', 'Gobierno Regional (Lima Provincias)', 'REGIONAL_GOVERNMENT', 'PE:LIM'),
  entity('mp-huaura', 'Municipalidad Provincial (Huaura)', 'PROVINCIAL_MUNICIPALITY', 'PE:1508'),
  entity('gr-arequipa', 'Gobierno Regional (Arequipa)', 'REGIONAL_GOVERNMENT', 'PE:04'),
  entity('gr-callao', 'Gobierno Regional (Callao)', 'REGIONAL_GOVERNMENT', 'PE:07'),
];

const id = (slug: string) => `${PROGRAM_ID}:entity:demo-${slug}`;
const servants = (slug: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({ name: `Demo ${slug} ${i + 1}`, email: `demo.${slug}.${i + 1}@example.org` }));

interface DemoSession extends SessionFact {
  attendance: AttendanceEntryInput[];
}

interface SessionExtras {
  /** In the demo programme of 2025. */
  programme?: boolean;
  recipientId?: string;
  /** Regions the session names without a breakdown. */
  territoryIds?: string[];
  attendance?: AttendanceEntryInput[];
  figures?: FigureInput[];
}

const session = (
  slug: string,
  kind: 'WORKSHOP' | 'TECHNICAL_ASSISTANCE',
  title: string,
  status: 'COMPLETED' | 'PLANNED',
  period: PeriodInput,
  extra: SessionExtras = {},
): DemoSession => ({
  action: {
    id: `${PROGRAM_ID}:action:demo-${slug}`,
    programId: PROGRAM_ID,
    kind,
    title: `Demo — ${title}`,
    status,
    period,
    territoryIds: extra.territoryIds ?? [],
    domains: ['EDUCATION_AND_TRAINING'],
    origin: ORIGIN,
    source: SOURCE,
  },
  participants: [
    { actorId: DGIA_ID, role: 'ORGANISER' },
    ...(extra.recipientId ? [{ actorId: extra.recipientId, role: 'BENEFICIARY' as const }] : []),
  ],
  figures: (extra.figures ?? []).map((figure) => ({ figure, locator: 'demo' })),
  session: {
    topic: title,
    modality: 'VIRTUAL',
    programmeId: extra.programme ? PROGRAMME_ID : null,
    recipientId: extra.recipientId ?? null,
    note: 'Synthetic demo record.',
  },
  attendance: extra.attendance ?? [],
});

const servantsFigure = (value: number, qualifier: FigureInput['qualifier'], sourceText: string): FigureInput => ({
  metric: 'PARTICIPANTS',
  value,
  qualifier,
  unit: 'public servants',
  label: 'Public servants who took part',
  sourceText,
});

const day = (date: string): PeriodInput => ({ start: date, end: date });
const month = (first: string): PeriodInput => ({ start: first, precision: 'MONTH' });
const year = (y: number): PeriodInput => ({ year: y });
const undated = (text: string): PeriodInput => ({ precision: 'UNDATED', text });

export const SYNTHETIC_SESSIONS: DemoSession[] = [
  // Exact, with a complete list: every region gets its own exact count.
  session('taller-gestion-local', 'WORKSHOP', 'Gestión cultural local', 'COMPLETED', day('2025-03-10'), {
    programme: true,
    figures: [servantsFigure(18, 'EXACT', '18 servidores (demo)')],
    attendance: [
      { entityId: id('ddc-cusco'), servantCount: 3, servants: servants('ddc-cusco', 2) },
      { entityId: id('gr-cusco'), servantCount: 4 },
      { entityId: id('mp-cusco'), servants: servants('mp-cusco', 2) },
      { entityId: id('gr-piura'), servantCount: 5 },
      { entityId: id('mp-piura'), servantCount: 3 },
      { entityId: id('md-lima'), servants: servants('md-lima', 1) },
    ],
  }),
  session(
    'asistencia-piura',
    'TECHNICAL_ASSISTANCE',
    'Asistencia técnica en programación cultural (Piura)',
    'COMPLETED',
    day('2025-04-02'),
    {
      recipientId: id('gr-piura'),
      attendance: [{ entityId: id('gr-piura'), servantCount: 4 }],
    },
  ),
  session('taller-financiamiento', 'WORKSHOP', 'Financiamiento de las artes', 'PLANNED', day('2025-06-16'), { programme: true }),
  // A month, all of it in Lima Metropolitana.
  session('taller-espacios-publicos', 'WORKSHOP', 'Espacios públicos para las artes', 'COMPLETED', month('2025-02-01'), {
    programme: true,
    figures: [servantsFigure(12, 'EXACT', '12 servidores (demo)')],
    attendance: [
      { entityId: id('mm-lima'), servantCount: 8 },
      { entityId: id('md-lima'), servantCount: 4 },
    ],
  }),
  // "About 25": the list cannot be complete, so each region's sum is a lower bound.
  session('taller-mediacion', 'WORKSHOP', 'Mediación cultural', 'COMPLETED', month('2024-09-01'), {
    figures: [servantsFigure(25, 'APPROXIMATELY', 'alrededor de 25 servidores (demo)')],
    attendance: [
      { entityId: id('gr-arequipa'), servantCount: 10 },
      { entityId: id('gr-lima'), servantCount: 6 },
      { entityId: id('mp-huaura'), servantCount: 5 },
    ],
  }),
  session('taller-patrimonio', 'WORKSHOP', 'Gestión del patrimonio local', 'COMPLETED', year(2023), {
    figures: [servantsFigure(40, 'MORE_THAN', 'más de 40 servidores (demo)')],
    attendance: [
      { entityId: id('gr-callao'), servantCount: 3 },
      { entityId: id('gr-cusco'), servantCount: 5 },
    ],
  }),
  session('asistencia-callao', 'TECHNICAL_ASSISTANCE', 'Asistencia técnica en gestión de públicos (Callao)', 'COMPLETED', year(2024), {
    recipientId: id('gr-callao'),
    attendance: [{ entityId: id('gr-callao'), servantCount: 2, qualifier: 'APPROXIMATELY' }],
  }),
  // Like the seed: regions named, one total for all of them, no date.
  session('taller-industrias', 'WORKSHOP', 'Industrias culturales en las regiones', 'COMPLETED', undated('fecha no registrada (demo)'), {
    territoryIds: ['PE:04', 'PE:20', 'PE:LIM'],
    figures: [
      servantsFigure(30, 'MORE_THAN', 'más de 30 servidores de 3 regiones (demo)'),
      {
        metric: 'TERRITORIES',
        value: 3,
        qualifier: 'EXACT',
        unit: 'regions',
        label: 'Regions the participants came from',
        sourceText: '3 regiones (demo)',
      },
    ],
  }),
  session('taller-audiencias', 'WORKSHOP', 'Desarrollo de audiencias', 'PLANNED', undated('por programar (demo)')),
];

/** Loads the demo set, adding only what is missing (like the source document's facts). */
export async function loadSyntheticData(ds: DataSource): Promise<{ inserted: number }> {
  return ds.transaction(async (tx) => {
    await lockKey(tx, 'red-gestion:synthetic');
    let inserted = 0;
    const programme = await insertTrainingProgrammeIfMissing(tx, {
      id: PROGRAMME_ID,
      title: 'Demo — Programación formativa 2025',
      periodYear: 2025,
      periodText: null,
      announcedWorkshops: 2,
      announcedQualifier: 'EXACT',
      announcedSourceText: null,
      note: 'Synthetic demo record.',
      origin: ORIGIN,
      source: SOURCE,
      locator: null,
    });
    if (programme) inserted++;
    inserted += await insertMissingActors(tx, SYNTHETIC_ENTITIES);
    const have = await existingIds(
      tx,
      ActionRecord,
      SYNTHETIC_SESSIONS.map((s) => s.action.id),
    );
    const fresh = SYNTHETIC_SESSIONS.filter((s) => !have.has(s.action.id));
    inserted += await insertMissingSessions(tx, fresh);
    for (const s of fresh) {
      if (!s.attendance.length) continue;
      const action = await findAction(tx, s.action.id);
      const plan = await planAttendance(tx, action, s.attendance, 'attendance', { origin: ORIGIN, source: SOURCE });
      if (plan.problems.length) throw plan.problems[0].error;
      await writeAttendance(tx, plan, { origin: ORIGIN, source: SOURCE });
    }
    return { inserted };
  });
}
