/**
 * The network team's writes. Each validates everything it can before opening a transaction (the
 * territories service is asked outside it), then writes in one transaction: on any error nothing is kept.
 */
import { badInput, conflict, normalizeText, notFound, requiredText, slugify } from '@cultura/service-kit';
import {
  ActionRecord,
  ActorRecord,
  ReportedFigureRecord,
  actorRecord,
  figureRecord,
  parseIsoDate,
  saveAction,
  today,
  validatePeriod,
  type ActionKind,
  type CulturalDomain,
  type FigureInput,
  type ParticipationInput,
  type PeriodInput,
} from '@cultura/vocabulary';
import type { EntityManager } from 'typeorm';
import { lockSessionForAttendance, planAttendance, writeAttendance, type AttendanceEntryInput, type Provenance } from '../attendance';
import { importAttendanceCsv } from '../attendance-import';
import {
  KIND_RULES,
  PROGRAM_ID,
  SESSION_KINDS,
  misplacedKind,
  type GovernmentEntityKind,
  type NetworkRole,
  type SessionModality,
} from '../domain';
import { RedEntityRecord, SessionRecord, TrainingProgrammeRecord } from '../entities';
import { author, type Ctx } from './context';

interface RegisterEntityInput {
  name: string;
  entityKind: GovernmentEntityKind;
  territoryId: string;
  acronym?: string | null;
  networkRole?: NetworkRole | null;
  memberSince?: string | null;
  domains?: CulturalDomain[] | null;
  source?: string | null;
}

interface SessionInput {
  title: string;
  topic?: string | null;
  modality?: SessionModality | null;
  period: PeriodInput;
  organiserId?: string | null;
  domains?: CulturalDomain[] | null;
  description?: string | null;
  source?: string | null;
}

interface ScheduleWorkshopInput extends SessionInput {
  territoryIds?: string[] | null;
  trainingProgrammeId?: string | null;
}

interface ScheduleTechnicalAssistanceInput extends SessionInput {
  recipientId: string;
}

interface CloseWorkshopInput {
  sessionId: string;
  outcome?: 'COMPLETED' | 'CANCELLED' | null;
  endedOn?: string | null;
  figures?: FigureInput[] | null;
  source?: string | null;
}

/**
 * Attendance lists longer than this are sent in parts (importAttendance has the same bound): each list is
 * written in single statements, which PostgreSQL caps at 65,535 parameters.
 */
const MAX_ENTRIES = 5000;

function optionalText(value: string | null | undefined, field: string, max: number): string | null {
  return value?.trim() ? requiredText(value, field, max) : null;
}

function userProvenance(ctx: Ctx, source: string | null | undefined): Provenance {
  return { origin: 'USER', source: source?.trim() || author(ctx) };
}

/** A readable id; the territory, then a date, then a random tail keep two records with one name apart. */
async function freeId(tx: EntityManager, table: typeof ActorRecord | typeof ActionRecord, base: string, tails: string[]): Promise<string> {
  const candidates = [base, ...tails.map((t) => `${base}-${slugify(t)}`), `${base}-${Math.random().toString(36).slice(2, 8)}`];
  const taken = new Set((await tx.getRepository(table).findBy(candidates.map((id) => ({ id })))).map((r) => r.id));
  const id = candidates.find((c) => !taken.has(c));
  if (!id) throw conflict(`Every id for "${base}" is taken; try again`, 'input');
  return id;
}

/** A named member entity of the network, for a reference in an input. */
async function memberEntity(tx: EntityManager, id: string, field: string): Promise<ActorRecord> {
  const actor = await tx.getRepository(ActorRecord).findOneBy({ id, programId: PROGRAM_ID });
  const facts = await tx.getRepository(RedEntityRecord).findOneBy({ actorId: id });
  if (!actor || !facts?.networkRole) throw badInput(`No RED government entity "${id}"`, field);
  return actor;
}

async function coordinator(tx: EntityManager): Promise<ActorRecord> {
  const facts = await tx.getRepository(RedEntityRecord).findOne({ where: { networkRole: 'COORDINATOR' }, order: { actorId: 'ASC' } });
  const actor = facts && (await tx.getRepository(ActorRecord).findOneBy({ id: facts.actorId }));
  if (!actor) throw badInput('The network has no coordinator to organise the session: give organiserId', 'input.organiserId');
  return actor;
}

/** The checks both kinds of session share; returns what `saveAction` needs. */
function checkSession(input: SessionInput) {
  const title = requiredText(input.title, 'input.title', 300);
  const period = validatePeriod(input.period, 'input.period');
  if (!period.start && !period.year) throw badInput('input.period needs a start date (or at least a year)', 'input.period.start');
  return {
    title,
    period,
    topic: optionalText(input.topic, 'input.topic', 300),
    description: optionalText(input.description, 'input.description', 5000),
  };
}

/** The same session twice: same kind, same title (case and accents aside), same start or year. */
async function assertNewSession(tx: EntityManager, kind: ActionKind, title: string, period: { start: string | null; year: number | null }) {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`red-gestion:session:${normalizeText(title)}`]);
  const qb = tx
    .getRepository(ActionRecord)
    .createQueryBuilder('a')
    .where('a.program_id = :program AND a.kind = :kind', { program: PROGRAM_ID, kind });
  if (period.start) qb.andWhere('a.period_start = :start', { start: period.start });
  else qb.andWhere('a.period_start IS NULL AND a.period_year = :year', { year: period.year });
  const twin = (await qb.getMany()).find((a) => normalizeText(a.title) === normalizeText(title));
  if (twin)
    throw conflict(`"${twin.title}" is already scheduled for ${period.start ?? period.year} (${twin.id})`, 'input.title', {
      existingId: twin.id,
    });
}

async function insertSession(
  tx: EntityManager,
  ctx: Ctx,
  kind: ActionKind,
  input: SessionInput,
  checked: ReturnType<typeof checkSession>,
  extra: { territoryIds: string[]; participants: ParticipationInput[]; session: Partial<SessionRecord> },
): Promise<ActionRecord> {
  await assertNewSession(tx, kind, checked.title, checked.period);
  const id = await freeId(tx, ActionRecord, `${PROGRAM_ID}:action:${slugify(checked.title).slice(0, 80)}`, [
    String(checked.period.start ?? checked.period.year),
  ]);
  const saved = await saveAction(
    tx,
    {
      id,
      programId: PROGRAM_ID,
      kind,
      title: checked.title,
      status: 'PLANNED',
      period: checked.period,
      territoryIds: extra.territoryIds,
      domains: input.domains ?? [],
      description: checked.description,
      ...userProvenance(ctx, input.source),
    },
    extra.participants,
  );
  await tx.getRepository(SessionRecord).insert({
    actionId: id,
    topic: checked.topic,
    modality: input.modality ?? 'UNKNOWN',
    programmeId: null,
    recipientId: null,
    closedAt: null,
    note: null,
    ...extra.session,
  });
  return saved;
}

export const MutationResolvers = {
  Mutation: {
    registerEntity: async (_: unknown, { input }: { input: RegisterEntityInput }, ctx: Ctx) => {
      const name = requiredText(input.name, 'input.name', 200);
      const misplaced = misplacedKind(input.entityKind, input.territoryId);
      if (misplaced) {
        throw badInput(
          `A ${input.entityKind.toLowerCase().replace(/_/g, ' ')} is based in ${misplaced}; "${input.territoryId}" is not one`,
          'input.territoryId',
        );
      }
      const acronym = optionalText(input.acronym, 'input.acronym', 20);
      const memberSince = input.memberSince ? parseIsoDate(input.memberSince, 'input.memberSince') : null;
      if (memberSince && memberSince > today()) throw badInput(`input.memberSince ${memberSince} is in the future`, 'input.memberSince');
      const role = input.networkRole ?? 'MEMBER';
      await ctx.loaders.territories.assertKnown([input.territoryId], 'input.territoryId');

      return ctx.dataSource.transaction(async (tx) => {
        const sortName = normalizeText(name);
        // Two editors registering the same entity at once: the second waits, then sees the first.
        await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`red-gestion:entity:${sortName}`]);
        const twin = await tx.getRepository(ActorRecord).findOneBy({ programId: PROGRAM_ID, sortName, territoryId: input.territoryId });
        if (twin)
          throw conflict(`${twin.name} is already registered in ${input.territoryId} (${twin.id})`, 'input.name', { existingId: twin.id });
        if (role === 'COORDINATOR') {
          const current = await tx.getRepository(RedEntityRecord).findOneBy({ networkRole: 'COORDINATOR' });
          if (current)
            throw conflict(`The network already has a coordinator (${current.actorId})`, 'input.networkRole', {
              existingId: current.actorId,
            });
        }
        const id = await freeId(tx, ActorRecord, `${PROGRAM_ID}:entity:${slugify(name).slice(0, 80)}`, [input.territoryId]);
        const rule = KIND_RULES[input.entityKind];
        const actors = tx.getRepository(ActorRecord);
        await actors.save(
          actors.create(
            actorRecord({
              id,
              programId: PROGRAM_ID,
              kind: rule.actorKind,
              governmentLevel: rule.level,
              name,
              territoryId: input.territoryId,
              domains: input.domains ?? [],
              details: { form: 'ENTITY' },
              ...userProvenance(ctx, input.source),
            }),
          ),
        );
        await tx
          .getRepository(RedEntityRecord)
          .insert({ actorId: id, entityKind: input.entityKind, networkRole: role, acronym, memberSince });
        return tx.getRepository(ActorRecord).findOneByOrFail({ id });
      });
    },

    scheduleWorkshop: async (_: unknown, { input }: { input: ScheduleWorkshopInput }, ctx: Ctx) => {
      const checked = checkSession(input);
      const territoryIds = [...new Set(input.territoryIds ?? [])];
      const foreign = (input.territoryIds ?? []).findIndex((t) => t !== 'PE' && !t.startsWith('PE:'));
      if (foreign >= 0) throw badInput(`"${input.territoryIds?.[foreign]}" is not in Peru`, `input.territoryIds[${foreign}]`);
      await ctx.loaders.territories.assertKnown(territoryIds, 'input.territoryIds');

      return ctx.dataSource.transaction(async (tx) => {
        const organiser = input.organiserId ? await memberEntity(tx, input.organiserId, 'input.organiserId') : await coordinator(tx);
        let programmeId: string | null = null;
        if (input.trainingProgrammeId) {
          const programme = await tx.getRepository(TrainingProgrammeRecord).findOneBy({ id: input.trainingProgrammeId });
          if (!programme) throw badInput(`No training programme "${input.trainingProgrammeId}"`, 'input.trainingProgrammeId');
          const year = checked.period.year;
          if (programme.periodYear !== null && year !== null && year !== programme.periodYear) {
            throw badInput(
              `${programme.title} is the programme of ${programme.periodYear}; the workshop is in ${year}`,
              'input.period.start',
            );
          }
          programmeId = programme.id;
        }
        return insertSession(tx, ctx, 'WORKSHOP', input, checked, {
          territoryIds,
          participants: [{ actorId: organiser.id, role: 'ORGANISER' }],
          session: { programmeId },
        });
      });
    },

    scheduleTechnicalAssistance: async (_: unknown, { input }: { input: ScheduleTechnicalAssistanceInput }, ctx: Ctx) => {
      const checked = checkSession(input);
      return ctx.dataSource.transaction(async (tx) => {
        const recipient = await memberEntity(tx, input.recipientId, 'input.recipientId');
        const organiser = input.organiserId ? await memberEntity(tx, input.organiserId, 'input.organiserId') : await coordinator(tx);
        if (organiser.id === recipient.id) throw badInput(`${recipient.name} cannot assist itself`, 'input.recipientId');
        return insertSession(tx, ctx, 'TECHNICAL_ASSISTANCE', input, checked, {
          territoryIds: recipient.territoryId ? [recipient.territoryId] : [],
          participants: [
            { actorId: organiser.id, role: 'ORGANISER' },
            { actorId: recipient.id, role: 'BENEFICIARY' },
          ],
          session: { recipientId: recipient.id },
        });
      });
    },

    recordAttendance: async (
      _: unknown,
      { input }: { input: { sessionId: string; entries: AttendanceEntryInput[]; source?: string | null } },
      ctx: Ctx,
    ) => {
      if (!input.entries.length) throw badInput('entries must list at least one entity', 'input.entries');
      if (input.entries.length > MAX_ENTRIES) throw badInput(`At most ${MAX_ENTRIES} entries at a time`, 'input.entries');
      const named = input.entries.reduce((n, e) => n + (e.servants?.length ?? 0), 0);
      if (named > MAX_ENTRIES) throw badInput(`At most ${MAX_ENTRIES} named servants at a time`, 'input.entries');
      const provenance = userProvenance(ctx, input.source);
      return ctx.dataSource.transaction(async (tx) => {
        const session = await lockSessionForAttendance(tx, input.sessionId, 'input.sessionId');
        const plan = await planAttendance(tx, session, input.entries, 'input.entries', provenance);
        if (plan.problems.length) throw plan.problems[0].error;
        await writeAttendance(tx, plan, provenance);
        return { action: await tx.getRepository(ActionRecord).findOneByOrFail({ id: session.id }) };
      });
    },

    closeWorkshop: async (_: unknown, { input }: { input: CloseWorkshopInput }, ctx: Ctx) => {
      const outcome = input.outcome ?? 'COMPLETED';
      const endedOn = input.endedOn ? parseIsoDate(input.endedOn, 'input.endedOn') : null;
      const figures = input.figures ?? [];
      if (outcome === 'CANCELLED' && figures.length) throw badInput('A cancelled session has no figures to report', 'input.figures');
      if (endedOn && endedOn > today())
        throw badInput(`input.endedOn ${endedOn} is in the future: close a session once it is over`, 'input.endedOn');
      const metrics = figures.map((f) => f.metric);
      const repeated = metrics.findIndex((m, i) => metrics.indexOf(m) !== i);
      if (repeated >= 0) throw conflict(`${metrics[repeated]} is reported twice`, `input.figures[${repeated}].metric`);
      const provenance = userProvenance(ctx, input.source);

      return ctx.dataSource.transaction(async (tx) => {
        const session = await tx
          .getRepository(ActionRecord)
          .findOne({ where: { id: input.sessionId, programId: PROGRAM_ID }, lock: { mode: 'pessimistic_write' } });
        if (!session || !SESSION_KINDS.includes(session.kind))
          throw notFound(`No RED workshop or technical-assistance session "${input.sessionId}"`, 'input.sessionId');
        if (session.status === 'COMPLETED' || session.status === 'CANCELLED') {
          throw conflict(`"${session.title}" is already closed (${session.status})`, 'input.sessionId', { status: session.status });
        }
        if (outcome === 'COMPLETED' && session.periodStart && session.periodStart > today()) {
          throw badInput(`"${session.title}" starts on ${session.periodStart}: it cannot have been held yet`, 'input.outcome');
        }
        if (endedOn && session.periodStart && endedOn < session.periodStart) {
          throw badInput(`input.endedOn ${endedOn} is before the session started (${session.periodStart})`, 'input.endedOn');
        }
        const rows = figures.map((f, i) => figureRecord('ACTION', session.id, f, { ...provenance, locator: null }, `input.figures[${i}]`));
        await tx
          .getRepository(ActionRecord)
          .update({ id: session.id }, { status: outcome, periodEnd: endedOn ?? session.periodEnd, updatedAt: new Date() });
        await tx.getRepository(SessionRecord).update({ actionId: session.id }, { closedAt: new Date() });
        if (rows.length) await tx.getRepository(ReportedFigureRecord).insert(rows);
        return tx.getRepository(ActionRecord).findOneByOrFail({ id: session.id });
      });
    },

    importAttendance: (
      _: unknown,
      { input }: { input: { sessionId: string; csv: string; keepValidRows?: boolean | null; source?: string | null } },
      ctx: Ctx,
    ) =>
      importAttendanceCsv(ctx.dataSource, {
        sessionId: input.sessionId,
        csv: input.csv,
        keepValidRows: input.keepValidRows ?? false,
        provenance: { origin: 'IMPORT', source: input.source?.trim() || `csv posted by ${author(ctx)}` },
        fields: { csv: 'input.csv', sessionId: 'input.sessionId' },
      }),
  },
};
