import { badInput, conflict, notFound, slugify } from '@cultura/service-kit';
import {
  ActionRecord,
  ActorRecord,
  actorRecord,
  parseIsoDate,
  periodColumns,
  saveAction,
  validatePeriod,
  type ActionStatus,
  type CulturalDomain,
  type FigureInput,
  type ParticipationInput,
  type PeriodInput,
} from '@cultura/vocabulary';
import type { EntityManager } from 'typeorm';
import { PLAN_STAGES, PlanRecord, PlanStageChangeRecord, type PlanStage } from '../entities/Plan';
import { AGICM_AREAS, CRCA_ID, PROGRAM_ID, type AdvisoryArea } from '../data/facts';
import type { Ctx } from './context';

const COMUNA_ID = /^CL:\d{5}$/;

function assertComunaId(id: string, field: string): void {
  if (!COMUNA_ID.test(id)) throw badInput(`"${id}" is not a Chilean comuna id (CL: followed by its 5-digit CUT code)`, field);
}

function requiredText(value: string | null | undefined, field: string, max = 300): string {
  const text = value?.trim().replace(/\s+/g, ' ') ?? '';
  if (!text) throw badInput(`${field} must not be empty`, field);
  if (text.length > max) throw badInput(`${field} must be at most ${max} characters`, field);
  return text;
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Ids are readable and stable; a short random tail keeps two records of the same title apart. */
function newId(kind: 'action' | 'actor', title: string): string {
  return `${PROGRAM_ID}:${kind}:${slugify(title).slice(0, 60)}-${Math.random().toString(36).slice(2, 8)}`;
}

async function loadActorOfKind(tx: EntityManager, id: string, kind: ActorRecord['kind'], field: string): Promise<ActorRecord> {
  const actor = await tx.getRepository(ActorRecord).findOneBy({ id, programId: PROGRAM_ID });
  if (!actor) throw notFound(`No Red Cultura actor "${id}"`, field);
  if (actor.kind !== kind) throw badInput(`"${id}" is a ${actor.kind.toLowerCase()}, not a ${kind.toLowerCase()}`, field);
  return actor;
}

async function assertActorsExist(tx: EntityManager, participants: ParticipationInput[], field: string): Promise<void> {
  const ids = [...new Set(participants.map((p) => p.actorId))];
  if (!ids.length) return;
  const found = new Set((await tx.getRepository(ActorRecord).findBy(ids.map((id) => ({ id })))).map((a) => a.id));
  const i = participants.findIndex((p) => !found.has(p.actorId));
  if (i >= 0) throw badInput(`No Red Cultura actor "${participants[i].actorId}"`, `${field}[${i}].actorId`);
}

/** The municipality of a comuna, created on first need: every comuna the program works with has one. */
async function municipalityOf(tx: EntityManager, comunaId: string, comunaName: string | null, by: string): Promise<ActorRecord> {
  const existing = await tx
    .getRepository(ActorRecord)
    .findOneBy({ programId: PROGRAM_ID, kind: 'MUNICIPALITY', territoryId: comunaId });
  if (existing) return existing;
  const record = actorRecord({
    id: `${PROGRAM_ID}:actor:municipalidad-${comunaId.slice(3)}`,
    programId: PROGRAM_ID,
    kind: 'MUNICIPALITY',
    governmentLevel: 'LOCAL',
    name: `Municipalidad de ${comunaName ?? comunaId}`,
    territoryId: comunaId,
    origin: 'USER',
    source: by,
  });
  return tx.getRepository(ActorRecord).save(tx.getRepository(ActorRecord).create(record));
}

interface CreatePlanInput {
  comunaId: string;
  title?: string | null;
  stage?: PlanStage | null;
  period?: PeriodInput | null;
  participationProcesses?: string[] | null;
  description?: string | null;
  figures?: FigureInput[] | null;
}

interface RecordActivityInput {
  kind: 'INTERVENTION' | 'PARTICIPATORY_PROJECT' | 'TRAINING';
  title: string;
  territoryIds: string[];
  status?: ActionStatus | null;
  period?: PeriodInput | null;
  domains?: CulturalDomain[] | null;
  participants?: ParticipationInput[] | null;
  figures?: FigureInput[] | null;
  description?: string | null;
}

const LINE_OF_ACTIVITY: Record<RecordActivityInput['kind'], string> = {
  INTERVENTION: 'FDCL',
  PARTICIPATORY_PROJECT: 'FDCL',
  TRAINING: 'FGCM',
};

const author = (ctx: Ctx) => `api:${ctx.auth.subject ?? 'unknown'}`;

export const MutationResolvers = {
  Mutation: {
    createMunicipalCulturePlan: async (_: unknown, { input }: { input: CreatePlanInput }, ctx: Ctx) => {
      assertComunaId(input.comunaId, 'input.comunaId');
      const stage = input.stage ?? 'DIAGNOSIS';
      const period = validatePeriod(input.period, 'input.period');
      await ctx.loaders.territories.assertKnown([input.comunaId], 'input.comunaId');
      return ctx.dataSource.transaction(async (tx) => {
        const clash = await tx.getRepository(PlanRecord).findOneBy({ comunaId: input.comunaId });
        if (clash) throw conflict(`${input.comunaId} already has a Plan Municipal de Cultura (${clash.actionId})`, 'input.comunaId', { existingId: clash.actionId });
        const municipality = await municipalityOf(tx, input.comunaId, null, author(ctx));
        const title = input.title ? requiredText(input.title, 'input.title') : `Plan Municipal de Cultura de ${municipality.name.replace(/^Municipalidad de /, '')}`;
        const id = newId('action', title);
        const saved = await saveAction(
          tx,
          {
            id,
            programId: PROGRAM_ID,
            kind: 'MUNICIPAL_CULTURE_PLAN',
            lineCode: 'FGCM',
            title,
            status: 'IN_PROGRESS',
            period,
            territoryIds: [input.comunaId],
            description: input.description ?? null,
            origin: 'USER',
            source: author(ctx),
          },
          [
            { actorId: municipality.id, role: 'ORGANISER' },
            { actorId: CRCA_ID, role: 'ADVISOR' },
          ],
          input.figures ?? [],
        );
        await tx.getRepository(PlanRecord).insert({
          actionId: id,
          municipalityId: municipality.id,
          comunaId: input.comunaId,
          stage,
          participationProcesses: (input.participationProcesses ?? []).map((p, i) => requiredText(p, `input.participationProcesses[${i}]`)),
        });
        await tx.getRepository(PlanStageChangeRecord).insert({ planId: id, fromStage: null, toStage: stage, changedOn: today(), changedBy: author(ctx), note: 'Plan creado' });
        return saved;
      });
    },

    updateMunicipalCulturePlan: async (
      _: unknown,
      { id, input }: { id: string; input: { title?: string | null; period?: PeriodInput | null; participationProcesses?: string[] | null; description?: string | null } },
      ctx: Ctx,
    ) =>
      ctx.dataSource.transaction(async (tx) => {
        const plan = await tx.getRepository(PlanRecord).findOneBy({ actionId: id });
        if (!plan) throw notFound(`No Plan Municipal de Cultura "${id}"`, 'id');
        const action = await tx.getRepository(ActionRecord).findOneByOrFail({ id });
        if (input.title !== undefined && input.title !== null) action.title = requiredText(input.title, 'input.title');
        if (input.description !== undefined) action.description = input.description?.trim() || null;
        if (input.period) Object.assign(action, periodColumns(input.period, 'input.period'));
        if (input.participationProcesses) {
          plan.participationProcesses = input.participationProcesses.map((p, i) => requiredText(p, `input.participationProcesses[${i}]`));
          await tx.getRepository(PlanRecord).save(plan);
        }
        return tx.getRepository(ActionRecord).save(action);
      }),

    advanceMunicipalCulturePlan: async (_: unknown, { id, input }: { id: string; input: { to: PlanStage; date?: string | null; note?: string | null } }, ctx: Ctx) => {
      const date = input.date ? parseIsoDate(input.date, 'input.date') : today();
      return ctx.dataSource.transaction(async (tx) => {
        // Row lock: two editors advancing the same plan at once must not both succeed.
        const plan = await tx.getRepository(PlanRecord).findOne({ where: { actionId: id }, lock: { mode: 'pessimistic_write' } });
        if (!plan) throw notFound(`No Plan Municipal de Cultura "${id}"`, 'id');
        const current = PLAN_STAGES.indexOf(plan.stage);
        const target = PLAN_STAGES.indexOf(input.to);
        if (target <= current) {
          throw badInput(`The plan is already at ${plan.stage}; stages cannot be repeated or undone (asked for ${input.to})`, 'input.to', {
            currentStage: plan.stage,
          });
        }
        if (target > current + 1) {
          throw badInput(`From ${plan.stage} the next stage is ${PLAN_STAGES[current + 1]}; ${input.to} would skip ${PLAN_STAGES.slice(current + 1, target).join(', ')}`, 'input.to', {
            currentStage: plan.stage,
            nextStage: PLAN_STAGES[current + 1],
          });
        }
        const history = await tx.getRepository(PlanStageChangeRecord).find({ where: { planId: id }, order: { id: 'DESC' }, take: 1 });
        const last = history[0]?.changedOn;
        if (last && date < last) throw badInput(`input.date ${date} is before the previous stage change (${last})`, 'input.date');
        await tx.getRepository(PlanStageChangeRecord).insert({ planId: id, fromStage: plan.stage, toStage: input.to, changedOn: date, changedBy: author(ctx), note: input.note?.trim() || null });
        plan.stage = input.to;
        await tx.getRepository(PlanRecord).save(plan);
        const action = await tx.getRepository(ActionRecord).findOneByOrFail({ id });
        action.updatedAt = new Date();
        return tx.getRepository(ActionRecord).save(action);
      });
    },

    recordActivity: async (_: unknown, { input }: { input: RecordActivityInput }, ctx: Ctx) => {
      const title = requiredText(input.title, 'input.title');
      if (!input.territoryIds.length) throw badInput('input.territoryIds needs at least one territory', 'input.territoryIds');
      if (input.territoryIds.some((t) => !t.startsWith('CL'))) throw badInput('Red Cultura works in Chile: every territory must be Chilean', 'input.territoryIds');
      validatePeriod(input.period, 'input.period');
      await ctx.loaders.territories.assertKnown(input.territoryIds, 'input.territoryIds');
      return ctx.dataSource.transaction(async (tx) => {
        const participants = input.participants ?? [];
        await assertActorsExist(tx, participants, 'input.participants');
        return saveAction(
          tx,
          {
            id: newId('action', title),
            programId: PROGRAM_ID,
            kind: input.kind,
            lineCode: LINE_OF_ACTIVITY[input.kind],
            title,
            status: input.status ?? 'IN_PROGRESS',
            period: input.period,
            territoryIds: input.territoryIds,
            domains: input.domains ?? [],
            description: input.description ?? null,
            origin: 'USER',
            source: author(ctx),
          },
          participants,
          input.figures ?? [],
        );
      });
    },

    recordAdvisorySession: async (
      _: unknown,
      { input }: { input: { centreId: string; areas: AdvisoryArea[]; date: string; title?: string | null; note?: string | null; figures?: FigureInput[] | null } },
      ctx: Ctx,
    ) => {
      const date = parseIsoDate(input.date, 'input.date');
      const areas = [...new Set(input.areas)];
      if (!areas.length) throw badInput('input.areas needs at least one advisory area', 'input.areas');
      if (areas.some((a) => !AGICM_AREAS.includes(a))) throw badInput('input.areas has an unknown area', 'input.areas');
      return ctx.dataSource.transaction(async (tx) => {
        const centre = await loadActorOfKind(tx, input.centreId, 'CULTURAL_CENTRE', 'input.centreId');
        const title = input.title ? requiredText(input.title, 'input.title') : `Asesoría a ${centre.name} (${date})`;
        return saveAction(
          tx,
          {
            id: newId('action', title),
            programId: PROGRAM_ID,
            kind: 'ADVISORY',
            lineCode: 'AGICM',
            title,
            status: 'COMPLETED',
            period: { start: date, end: date },
            territoryIds: centre.territoryId ? [centre.territoryId] : [],
            description: input.note?.trim() || null,
            details: { centreId: centre.id, areas, coManaged: true },
            origin: 'USER',
            source: author(ctx),
          },
          [
            { actorId: CRCA_ID, role: 'ADVISOR' },
            { actorId: centre.id, role: 'BENEFICIARY' },
          ],
          input.figures ?? [],
        );
      });
    },

    registerCulturalCentre: async (_: unknown, { input }: { input: { name: string; comunaId: string; domains?: CulturalDomain[] | null } }, ctx: Ctx) => {
      const name = requiredText(input.name, 'input.name');
      assertComunaId(input.comunaId, 'input.comunaId');
      await ctx.loaders.territories.assertKnown([input.comunaId], 'input.comunaId');
      return ctx.dataSource.transaction(async (tx) => {
        const record = actorRecord({
          id: `${PROGRAM_ID}:actor:${slugify(name)}`,
          programId: PROGRAM_ID,
          kind: 'CULTURAL_CENTRE',
          governmentLevel: 'LOCAL',
          name,
          territoryId: input.comunaId,
          domains: input.domains ?? [],
          origin: 'USER',
          source: author(ctx),
        });
        const clash = await tx
          .getRepository(ActorRecord)
          .createQueryBuilder('a')
          .where('a.id = :id OR (a.kind = :kind AND a.territory_id = :territory AND a.sort_name = :sortName)', {
            id: record.id,
            kind: 'CULTURAL_CENTRE',
            territory: input.comunaId,
            sortName: record.sortName,
          })
          .getOne();
        if (clash) throw conflict(`A cultural centre "${clash.name}" is already registered (${clash.id})`, 'input.name', { existingId: clash.id });
        const municipality = await municipalityOf(tx, input.comunaId, null, author(ctx));
        record.details = { municipalityId: municipality.id };
        return tx.getRepository(ActorRecord).save(tx.getRepository(ActorRecord).create(record));
      });
    },

    registerAlliance: async (_: unknown, { input }: { input: { centreId: string; since?: string | null; note?: string | null } }, ctx: Ctx) => {
      const since = input.since ? parseIsoDate(input.since, 'input.since') : null;
      return ctx.dataSource.transaction(async (tx) => {
        const centre = await loadActorOfKind(tx, input.centreId, 'CULTURAL_CENTRE', 'input.centreId');
        const existing = await tx
          .getRepository(ActionRecord)
          .createQueryBuilder('a')
          .where(`a.kind = 'ALLIANCE' AND a.details ->> 'centreId' = :centre AND a.status <> 'CANCELLED'`, { centre: centre.id })
          .getOne();
        if (existing) throw conflict(`${centre.name} already has an alliance with the CRCA (${existing.id})`, 'input.centreId', { existingId: existing.id });
        const title = `Alianza CRCA – ${centre.name}`;
        return saveAction(
          tx,
          {
            id: newId('action', title),
            programId: PROGRAM_ID,
            kind: 'ALLIANCE',
            lineCode: 'AGICM',
            title,
            status: 'IN_PROGRESS',
            period: since ? { start: since } : null,
            territoryIds: centre.territoryId ? [centre.territoryId] : [],
            description: input.note?.trim() || null,
            details: { centreId: centre.id, councilId: CRCA_ID },
            origin: 'USER',
            source: author(ctx),
          },
          [
            { actorId: CRCA_ID, role: 'PARTNER' },
            { actorId: centre.id, role: 'PARTNER' },
          ],
        );
      });
    },
  },
};
