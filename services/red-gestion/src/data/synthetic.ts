/**
 * A small synthetic demo set (LOAD_SYNTHETIC_DATA=true): named entities in three regions, a held workshop
 * with attendance by entity and named servants, a technical-assistance session and a planned workshop,
 * so dashboards have breakdowns to draw. Everything is marked SYNTHETIC and named "Demo"; leave it out of
 * reports with `origins: [SOURCE_DOCUMENT, IMPORT, USER]`.
 */
import type { DataSource } from 'typeorm';
import { ActionRecord } from '@cultura/vocabulary';
import { planAttendance, writeAttendance, type AttendanceEntryInput } from '../attendance';
import { PROGRAM_ID, type GovernmentEntityKind } from '../domain';
import { TrainingProgrammeRecord } from '../entities';
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
];

const id = (slug: string) => `${PROGRAM_ID}:entity:demo-${slug}`;
const servants = (slug: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({ name: `Demo ${slug} ${i + 1}`, email: `demo.${slug}.${i + 1}@example.org` }));

interface DemoSession extends SessionFact {
  attendance: AttendanceEntryInput[];
}

const session = (
  slug: string,
  kind: 'WORKSHOP' | 'TECHNICAL_ASSISTANCE',
  title: string,
  status: 'COMPLETED' | 'PLANNED',
  start: string,
  extra: { recipientId?: string; attendance?: AttendanceEntryInput[]; participants?: number } = {},
): DemoSession => ({
  action: {
    id: `${PROGRAM_ID}:action:demo-${slug}`,
    programId: PROGRAM_ID,
    kind,
    title: `Demo — ${title}`,
    status,
    period: { start, end: start },
    territoryIds: [],
    domains: ['EDUCATION_AND_TRAINING'],
    origin: ORIGIN,
    source: SOURCE,
  },
  participants: [{ actorId: DGIA_ID, role: 'ORGANISER' }, ...(extra.recipientId ? [{ actorId: extra.recipientId, role: 'BENEFICIARY' as const }] : [])],
  figures:
    extra.participants === undefined
      ? []
      : [{ figure: { metric: 'PARTICIPANTS', value: extra.participants, qualifier: 'EXACT', unit: 'public servants' }, locator: 'demo' }],
  session: {
    topic: title,
    modality: 'VIRTUAL',
    programmeId: kind === 'WORKSHOP' ? PROGRAMME_ID : null,
    recipientId: extra.recipientId ?? null,
    note: 'Synthetic demo record.',
  },
  attendance: extra.attendance ?? [],
});

export const SYNTHETIC_SESSIONS: DemoSession[] = [
  session('taller-gestion-local', 'WORKSHOP', 'Gestión cultural local', 'COMPLETED', '2025-03-10', {
    participants: 18,
    attendance: [
      { entityId: id('ddc-cusco'), servantCount: 3, servants: servants('ddc-cusco', 2) },
      { entityId: id('gr-cusco'), servantCount: 4 },
      { entityId: id('mp-cusco'), servants: servants('mp-cusco', 2) },
      { entityId: id('gr-piura'), servantCount: 5 },
      { entityId: id('mp-piura'), servantCount: 3 },
      { entityId: id('md-lima'), servants: servants('md-lima', 1) },
    ],
  }),
  session('asistencia-piura', 'TECHNICAL_ASSISTANCE', 'Asistencia técnica en programación cultural (Piura)', 'COMPLETED', '2025-04-02', {
    recipientId: id('gr-piura'),
    attendance: [{ entityId: id('gr-piura'), servantCount: 4 }],
  }),
  session('taller-financiamiento', 'WORKSHOP', 'Financiamiento de las artes', 'PLANNED', '2025-06-16'),
];

/** Loads the demo set, adding only what is missing (like the source document's facts). */
export async function loadSyntheticData(ds: DataSource): Promise<{ inserted: number }> {
  return ds.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('red-gestion:synthetic'))`);
    let inserted = 0;
    if (!(await tx.getRepository(TrainingProgrammeRecord).existsBy({ id: PROGRAMME_ID }))) {
      await tx.getRepository(TrainingProgrammeRecord).insert({
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
      inserted++;
    }
    inserted += await insertMissingActors(tx, SYNTHETIC_ENTITIES);
    const have = new Set((await tx.getRepository(ActionRecord).findBy(SYNTHETIC_SESSIONS.map((s) => ({ id: s.action.id })))).map((a) => a.id));
    const fresh = SYNTHETIC_SESSIONS.filter((s) => !have.has(s.action.id));
    inserted += await insertMissingSessions(tx, fresh);
    for (const s of fresh) {
      if (!s.attendance.length) continue;
      const action = await tx.getRepository(ActionRecord).findOneByOrFail({ id: s.action.id });
      const plan = await planAttendance(tx, action, s.attendance, 'attendance', { origin: ORIGIN, source: SOURCE });
      if (plan.problems.length) throw plan.problems[0].error;
      await writeAttendance(tx, plan, { origin: ORIGIN, source: SOURCE });
    }
    return { inserted };
  });
}

