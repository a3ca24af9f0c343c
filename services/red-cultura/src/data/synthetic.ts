import type { DataSource, EntityManager } from 'typeorm';
import { seededRandom } from '@cultura/service-kit';
import {
  actorRecord,
  saveAction,
  CULTURAL_DOMAINS,
  type ActionStatus,
  type CulturalDomain,
  type FigureInput,
  type FigureQualifier,
  type PeriodInput,
} from '@cultura/vocabulary';
import { AGICM_AREAS, LINE_OF_KIND, PLAN_STAGES, PROGRAM_ID } from '../domain';
import { actionIdsOfOrigin } from '../store/actions';
import { existingActorIds, saveActors } from '../store/actors';
import { insertPlan, insertStageChange, planExistsInComuna } from '../store/plans';
import { deleteSyntheticRecords } from '../store/synthetic';
import { CRCA_ID } from './facts';

export interface Comuna {
  id: string;
  name: string;
}

const SOURCE = 'synthetic demo set (npm run demo-data)';

type Draw = () => number;

interface DemoPeriod {
  period: PeriodInput;
  /** The year for titles and status; null when undated. */
  year: number | null;
}

const iso = (d: Date) => d.toISOString().slice(0, 10);

/**
 * A period of varied precision, as real records come: exact dates, a month, a year, or undated. Always
 * five draws, whichever branch, so one record's shape never shifts the draws of the next.
 */
function demoPeriod(rnd: Draw): DemoPeriod {
  const [shape, yearDraw, monthDraw, dayDraw, lengthDraw] = [rnd(), rnd(), rnd(), rnd(), rnd()];
  const year = 2023 + Math.floor(yearDraw * 4);
  const month = Math.floor(monthDraw * 12);
  if (shape < 0.45) {
    const start = new Date(Date.UTC(year, month, 1 + Math.floor(dayDraw * 28)));
    const end = new Date(start.getTime() + Math.floor(lengthDraw * 90) * 86_400_000);
    return { period: { start: iso(start), end: iso(end), precision: 'DAY' }, year };
  }
  if (shape < 0.7) return { period: { start: iso(new Date(Date.UTC(year, month, 1))), precision: 'MONTH' }, year };
  if (shape < 0.9) return { period: { year, precision: 'YEAR' }, year };
  return { period: { precision: 'UNDATED', text: 'sin fecha (demo)' }, year: null };
}

function statusOf(year: number | null, rnd: Draw): ActionStatus {
  const draw = rnd();
  if (year === null) return draw < 0.5 ? 'IN_PROGRESS' : 'UNKNOWN';
  if (year < 2026) return 'COMPLETED';
  return draw < 0.5 ? 'PLANNED' : 'IN_PROGRESS';
}

const ACTIVITY_TITLES = {
  ADVISORY: 'Asesoría',
  TRAINING: 'Capacitación municipal',
  INTERVENTION: 'Intervención',
  PARTICIPATORY_PROJECT: 'Proyecto participativo',
} as const;

const participantsFigure = (value: number, qualifier: FigureQualifier): FigureInput => ({
  metric: 'PARTICIPANTS',
  value,
  qualifier,
  unit: 'people',
  label: 'Participants (demo)',
  source: SOURCE,
});

/**
 * Loads a synthetic demo set across the given comunas for dashboards: a municipality per comuna, some
 * cultural centres, plans at every stage (some unknown), activities and advisory with participant figures
 * of mixed qualifiers, periods of every precision (day, month, year, undated), and per province an action
 * spanning several of its comunas. Every record is marked SYNTHETIC, so reports can leave it out.
 * Deterministic and idempotent: the same comunas and seed give the same records, ids derived from them.
 */
export async function loadSyntheticDemo(ds: DataSource, comunas: Comuna[], seed = 2026): Promise<{ actors: number; actions: number }> {
  const rnd = seededRandom(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rnd() * items.length)];
  return ds.transaction(async (tx) => {
    const existing = await actionIdsOfOrigin(tx, 'SYNTHETIC');
    const existingActors = await existingActorIds(
      tx,
      comunas.map((c) => `${PROGRAM_ID}:actor:demo-municipalidad-${c.id.slice(3)}`),
    );
    let actors = 0;
    let actions = 0;
    for (const comuna of comunas) {
      const code = comuna.id.slice(3);
      const municipalityId = `${PROGRAM_ID}:actor:demo-municipalidad-${code}`;
      const centreId = `${PROGRAM_ID}:actor:demo-centro-${code}`;
      const hasCentre = rnd() < 0.4;
      const domains = [pick(CULTURAL_DOMAINS), pick(CULTURAL_DOMAINS)].filter((d, i, all) => all.indexOf(d) === i) as CulturalDomain[];
      if (!existingActors.has(municipalityId)) {
        const records = [
          actorRecord({
            id: municipalityId,
            programId: PROGRAM_ID,
            kind: 'MUNICIPALITY',
            governmentLevel: 'LOCAL',
            name: `Municipalidad de ${comuna.name} (demo)`,
            territoryId: comuna.id,
            origin: 'SYNTHETIC',
            source: SOURCE,
          }),
          ...(hasCentre
            ? [
                actorRecord({
                  id: centreId,
                  programId: PROGRAM_ID,
                  kind: 'CULTURAL_CENTRE',
                  governmentLevel: 'LOCAL',
                  name: `Centro cultural de ${comuna.name} (demo)`,
                  territoryId: comuna.id,
                  domains,
                  details: { municipalityId },
                  origin: 'SYNTHETIC',
                  source: SOURCE,
                }),
              ]
            : []),
        ];
        await saveActors(tx, records);
        actors += records.length;
      }
      const count = 1 + Math.floor(rnd() * 5);
      for (let i = 0; i < count; i++) {
        const id = `${PROGRAM_ID}:action:demo-${code}-${i}`;
        const kind = pick(['INTERVENTION', 'PARTICIPATORY_PROJECT', 'TRAINING', ...(hasCentre ? (['ADVISORY'] as const) : [])] as const);
        const { period, year } = demoPeriod(rnd);
        const status = statusOf(year, rnd);
        const qualifier: FigureQualifier = pick(['EXACT', 'EXACT', 'APPROXIMATELY', 'MORE_THAN'] as const);
        const participants = 10 + Math.floor(rnd() * 300);
        const areas = [pick(AGICM_AREAS), pick(AGICM_AREAS)].filter((a, j, all) => all.indexOf(a) === j);
        // Every random draw happens before this skip, so a second run replays the same sequence.
        if (existing.has(id)) continue;
        await saveAction(
          tx,
          {
            id,
            programId: PROGRAM_ID,
            kind,
            lineCode: LINE_OF_KIND[kind],
            title: `${ACTIVITY_TITLES[kind]} en ${comuna.name}${year === null ? '' : ` ${year}`} (demo)`,
            status,
            period,
            territoryIds: [comuna.id],
            domains,
            details: kind === 'ADVISORY' ? { centreId, areas, coManaged: true } : {},
            origin: 'SYNTHETIC',
            source: SOURCE,
          },
          [
            { actorId: municipalityId, role: 'PARTNER' },
            ...(kind === 'ADVISORY'
              ? [{ actorId: centreId, role: 'BENEFICIARY' as const }]
              : [{ actorId: CRCA_ID, role: 'COORDINATOR' as const }]),
          ],
          [participantsFigure(participants, qualifier)],
        );
        actions++;
      }
      const planId = `${PROGRAM_ID}:action:demo-pmc-${code}`;
      const wantsPlan = rnd() < 0.3;
      // Some plans at a stage nobody has recorded yet, as in the source document.
      const stage = pick([...PLAN_STAGES, null]);
      const { period: planPeriod } = demoPeriod(rnd);
      if (wantsPlan && !existing.has(planId) && !(await planExistsInComuna(tx, comuna.id))) {
        await saveAction(
          tx,
          {
            id: planId,
            programId: PROGRAM_ID,
            kind: 'MUNICIPAL_CULTURE_PLAN',
            lineCode: LINE_OF_KIND.MUNICIPAL_CULTURE_PLAN,
            title: `Plan Municipal de Cultura de ${comuna.name} (demo)`,
            status: 'IN_PROGRESS',
            period: planPeriod,
            territoryIds: [comuna.id],
            origin: 'SYNTHETIC',
            source: SOURCE,
          },
          [{ actorId: municipalityId, role: 'ORGANISER' }],
        );
        await insertPlan(tx, { actionId: planId, municipalityId, comunaId: comuna.id, stage, participationProcesses: [] });
        if (stage) await insertStageChange(tx, { planId, fromStage: null, toStage: stage, changedOn: null, changedBy: null, note: 'demo' });
        actions++;
      }
    }
    actions += await loadProvincialActions(tx, comunas, rnd, existing);
    return { actors, actions };
  });
}

/**
 * One action per province spanning up to three of its comunas, with one participant figure for all of
 * them together: material for reports that must not split such a figure between comunas.
 */
async function loadProvincialActions(tx: EntityManager, comunas: Comuna[], rnd: Draw, existing: Set<string>): Promise<number> {
  const byProvince = new Map<string, Comuna[]>();
  // A comuna id is the province id plus two digits (CL:01107 lies in CL:011).
  for (const c of comunas) byProvince.set(c.id.slice(0, 6), [...(byProvince.get(c.id.slice(0, 6)) ?? []), c]);
  let actions = 0;
  for (const [province, members] of [...byProvince.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    if (members.length < 2) continue;
    const spanned = members.slice(0, 3);
    const kind = (['INTERVENTION', 'PARTICIPATORY_PROJECT', 'TRAINING'] as const)[Math.floor(rnd() * 3)];
    const { period, year } = demoPeriod(rnd);
    const status = statusOf(year, rnd);
    const qualifier = (['EXACT', 'APPROXIMATELY', 'MORE_THAN', 'AT_LEAST'] as const)[Math.floor(rnd() * 4)];
    const participants = 50 + Math.floor(rnd() * 500);
    const id = `${PROGRAM_ID}:action:demo-provincia-${province.slice(3)}`;
    if (existing.has(id)) continue;
    await saveAction(
      tx,
      {
        id,
        programId: PROGRAM_ID,
        kind,
        lineCode: LINE_OF_KIND[kind],
        title: `${ACTIVITY_TITLES[kind]} intercomunal: ${spanned.map((c) => c.name).join(', ')}${year === null ? '' : ` ${year}`} (demo)`,
        status,
        period,
        territoryIds: spanned.map((c) => c.id),
        origin: 'SYNTHETIC',
        source: SOURCE,
      },
      [
        { actorId: CRCA_ID, role: 'COORDINATOR' },
        ...spanned.map((c) => ({ actorId: `${PROGRAM_ID}:actor:demo-municipalidad-${c.id.slice(3)}`, role: 'PARTNER' as const })),
      ],
      [participantsFigure(participants, qualifier)],
    );
    actions++;
  }
  return actions;
}

/** Removes every synthetic record of the program (and nothing else). */
export async function removeSyntheticDemo(ds: DataSource): Promise<{ actions: number; actors: number }> {
  return ds.transaction((tx) => deleteSyntheticRecords(tx));
}

/** Every Chilean comuna known to the territories service (after the official import: all 346). */
export async function fetchComunas(territoriesUrl: string): Promise<Comuna[]> {
  const comunas: Comuna[] = [];
  let after: string | null = null;
  for (;;) {
    const res = await fetch(territoriesUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query:
          'query($after: String) { territories(country: CL, level: THIRD_LEVEL, first: 1000, after: $after) { nodes { id name } pageInfo { hasNextPage endCursor } } }',
        variables: { after },
      }),
    });
    const body = (await res.json()) as {
      data?: { territories: { nodes: Comuna[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
      errors?: { message: string }[];
    };
    if (!body.data)
      throw new Error(`territories service at ${territoriesUrl}: ${body.errors?.map((e) => e.message).join('; ') ?? res.status}`);
    comunas.push(...body.data.territories.nodes);
    if (!body.data.territories.pageInfo.hasNextPage) return comunas;
    after = body.data.territories.pageInfo.endCursor;
  }
}
