import type { DataSource } from 'typeorm';
import { In } from 'typeorm';
import { ActionRecord, ActorRecord, actorRecord, saveAction, CULTURAL_DOMAINS, type ActionStatus, type CulturalDomain, type FigureQualifier } from '@cultura/vocabulary';
import { PlanRecord, PlanStageChangeRecord, PLAN_STAGES } from '../entities/Plan';
import { AGICM_AREAS, CRCA_ID, PROGRAM_ID } from './facts';

/** Deterministic PRNG (mulberry32): the same seed gives the same demo set on every machine. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Comuna {
  id: string;
  name: string;
}

const SOURCE = 'synthetic demo set (npm run demo-data)';

/**
 * Loads a synthetic demo set across the given comunas for dashboards: a municipality per comuna, some
 * cultural centres, plans at every stage, activities and advisory with figures. Every record is marked
 * SYNTHETIC, so reports can leave it out. Idempotent: ids are derived from the comuna and the seed.
 */
export async function loadSyntheticDemo(ds: DataSource, comunas: Comuna[], seed = 2026): Promise<{ actors: number; actions: number }> {
  const rnd = random(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rnd() * items.length)];
  const date = (year: number) => `${year}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`;
  return ds.transaction(async (tx) => {
    const existing = new Set(
      (await tx.getRepository(ActionRecord).find({ select: { id: true }, where: { origin: 'SYNTHETIC', programId: PROGRAM_ID } })).map((a) => a.id),
    );
    const existingActors = new Set(
      (await tx.getRepository(ActorRecord).find({ select: { id: true }, where: { id: In(comunas.map((c) => `${PROGRAM_ID}:actor:demo-municipalidad-${c.id.slice(3)}`)) } })).map((a) => a.id),
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
          actorRecord({ id: municipalityId, programId: PROGRAM_ID, kind: 'MUNICIPALITY', governmentLevel: 'LOCAL', name: `Municipalidad de ${comuna.name} (demo)`, territoryId: comuna.id, origin: 'SYNTHETIC', source: SOURCE }),
          ...(hasCentre
            ? [actorRecord({ id: centreId, programId: PROGRAM_ID, kind: 'CULTURAL_CENTRE', governmentLevel: 'LOCAL', name: `Centro cultural de ${comuna.name} (demo)`, territoryId: comuna.id, domains, details: { municipalityId }, origin: 'SYNTHETIC', source: SOURCE })]
            : []),
        ];
        await tx.getRepository(ActorRecord).save(tx.getRepository(ActorRecord).create(records));
        actors += records.length;
      }
      const count = 1 + Math.floor(rnd() * 5);
      for (let i = 0; i < count; i++) {
        const id = `${PROGRAM_ID}:action:demo-${code}-${i}`;
        const kind = pick(['INTERVENTION', 'PARTICIPATORY_PROJECT', 'TRAINING', ...(hasCentre ? (['ADVISORY'] as const) : [])] as const);
        const year = 2023 + Math.floor(rnd() * 4);
        const start = date(year);
        const status: ActionStatus = year < 2026 ? 'COMPLETED' : pick(['PLANNED', 'IN_PROGRESS'] as const);
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
            lineCode: kind === 'TRAINING' ? 'FGCM' : kind === 'ADVISORY' ? 'AGICM' : 'FDCL',
            title: `${kind === 'ADVISORY' ? 'Asesoría' : kind === 'TRAINING' ? 'Capacitación municipal' : kind === 'INTERVENTION' ? 'Intervención' : 'Proyecto participativo'} en ${comuna.name} ${year} (demo)`,
            status,
            period: { start },
            territoryIds: [comuna.id],
            domains,
            details: kind === 'ADVISORY' ? { centreId, areas, coManaged: true } : {},
            origin: 'SYNTHETIC',
            source: SOURCE,
          },
          [
            { actorId: municipalityId, role: 'PARTNER' },
            ...(kind === 'ADVISORY' ? [{ actorId: centreId, role: 'BENEFICIARY' as const }] : [{ actorId: CRCA_ID, role: 'COORDINATOR' as const }]),
          ],
          [{ metric: 'PARTICIPANTS', value: participants, qualifier, unit: 'people', source: SOURCE }],
        );
        actions++;
      }
      const planId = `${PROGRAM_ID}:action:demo-pmc-${code}`;
      const wantsPlan = rnd() < 0.3;
      const stage = pick(PLAN_STAGES);
      const planStart = date(2025);
      if (wantsPlan && !existing.has(planId) && !(await tx.getRepository(PlanRecord).existsBy({ comunaId: comuna.id }))) {
        await saveAction(
          tx,
          { id: planId, programId: PROGRAM_ID, kind: 'MUNICIPAL_CULTURE_PLAN', lineCode: 'FGCM', title: `Plan Municipal de Cultura de ${comuna.name} (demo)`, status: 'IN_PROGRESS', period: { start: planStart }, territoryIds: [comuna.id], origin: 'SYNTHETIC', source: SOURCE },
          [{ actorId: municipalityId, role: 'ORGANISER' }],
        );
        await tx.getRepository(PlanRecord).insert({ actionId: planId, municipalityId, comunaId: comuna.id, stage, participationProcesses: [] });
        await tx.getRepository(PlanStageChangeRecord).insert({ planId, fromStage: null, toStage: stage, changedOn: null, changedBy: null, note: 'demo' });
        actions++;
      }
    }
    return { actors, actions };
  });
}

/** Removes every synthetic record of the program (and nothing else). */
export async function removeSyntheticDemo(ds: DataSource): Promise<{ actions: number; actors: number }> {
  return ds.transaction(async (tx) => {
    const actions = await tx.query(`DELETE FROM action WHERE program_id = $1 AND origin = 'SYNTHETIC'`, [PROGRAM_ID]);
    await tx.query(`DELETE FROM reported_figure WHERE origin = 'SYNTHETIC'`);
    const actors = await tx.query(`DELETE FROM actor WHERE program_id = $1 AND origin = 'SYNTHETIC'`, [PROGRAM_ID]);
    return { actions: Number(actions[1] ?? 0), actors: Number(actors[1] ?? 0) };
  });
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
        query: 'query($after: String) { territories(country: CL, level: THIRD_LEVEL, first: 1000, after: $after) { nodes { id name } pageInfo { hasNextPage endCursor } } }',
        variables: { after },
      }),
    });
    const body = (await res.json()) as {
      data?: { territories: { nodes: Comuna[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
      errors?: { message: string }[];
    };
    if (!body.data) throw new Error(`territories service at ${territoriesUrl}: ${body.errors?.map((e) => e.message).join('; ') ?? res.status}`);
    comunas.push(...body.data.territories.nodes);
    if (!body.data.territories.pageInfo.hasNextPage) return comunas;
    after = body.data.territories.pageInfo.endCursor;
  }
}
