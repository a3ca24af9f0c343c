import type { EntityManager } from 'typeorm';
import { badInput, conflict, normalizeText, requiredText, slugify } from '@cultura/service-kit';
import {
  ActionRecord,
  validatePeriod,
  type ActionKind,
  type ActorRecord,
  type CulturalDomain,
  type ParticipationInput,
  type PeriodInput,
} from '@cultura/vocabulary';
import { PROGRAM_ID, type SessionModality } from '../domain';
import type { SessionRecord } from '../entities';
import type { Ctx } from '../resolvers/context';
import { lockKey } from '../store/locks';
import { findActor, findCoordinator, findEntity, findTrainingProgramme } from '../store/network';
import { insertSession, sessionsStarting } from '../store/sessions';
import { freeId } from './free-id';
import { optionalText, userProvenance } from './input';

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

export interface ScheduleWorkshopInput extends SessionInput {
  territoryIds?: string[] | null;
  trainingProgrammeId?: string | null;
}

export interface ScheduleTechnicalAssistanceInput extends SessionInput {
  recipientId: string;
}

/** A named member entity of the network, for a reference in an input. */
async function memberEntity(tx: EntityManager, id: string, field: string): Promise<ActorRecord> {
  const { actor, facts } = await findEntity(tx, id);
  if (!actor || !facts?.networkRole) throw badInput(`No RED government entity "${id}"`, field);
  return actor;
}

async function coordinator(tx: EntityManager): Promise<ActorRecord> {
  const facts = await findCoordinator(tx);
  const actor = facts && (await findActor(tx, facts.actorId));
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
  await lockKey(tx, `red-gestion:session:${normalizeText(title)}`);
  const twin = (await sessionsStarting(tx, kind, period)).find((a) => normalizeText(a.title) === normalizeText(title));
  if (twin)
    throw conflict(`"${twin.title}" is already scheduled for ${period.start ?? period.year} (${twin.id})`, 'input.title', {
      existingId: twin.id,
    });
}

async function scheduleSession(
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
  return insertSession(
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
    [],
    {
      actionId: id,
      topic: checked.topic,
      modality: input.modality ?? 'UNKNOWN',
      programmeId: null,
      recipientId: null,
      closedAt: null,
      note: null,
      ...extra.session,
    },
  );
}

/** A workshop the network plans, organised by a member (the coordinator unless another is named). */
export async function scheduleWorkshop(ctx: Ctx, input: ScheduleWorkshopInput): Promise<ActionRecord> {
  const checked = checkSession(input);
  const territoryIds = [...new Set(input.territoryIds ?? [])];
  const foreign = (input.territoryIds ?? []).findIndex((t) => t !== 'PE' && !t.startsWith('PE:'));
  if (foreign >= 0) throw badInput(`"${input.territoryIds?.[foreign]}" is not in Peru`, `input.territoryIds[${foreign}]`);
  await ctx.loaders.territories.assertKnown(territoryIds, 'input.territoryIds');

  return ctx.dataSource.transaction(async (tx) => {
    const organiser = input.organiserId ? await memberEntity(tx, input.organiserId, 'input.organiserId') : await coordinator(tx);
    let programmeId: string | null = null;
    if (input.trainingProgrammeId) {
      const programme = await findTrainingProgramme(tx, input.trainingProgrammeId);
      if (!programme) throw badInput(`No training programme "${input.trainingProgrammeId}"`, 'input.trainingProgrammeId');
      const year = checked.period.year;
      if (programme.periodYear !== null && year !== null && year !== programme.periodYear) {
        throw badInput(`${programme.title} is the programme of ${programme.periodYear}; the workshop is in ${year}`, 'input.period.start');
      }
      programmeId = programme.id;
    }
    return scheduleSession(tx, ctx, 'WORKSHOP', input, checked, {
      territoryIds,
      participants: [{ actorId: organiser.id, role: 'ORGANISER' }],
      session: { programmeId },
    });
  });
}

/** Technical assistance one member gives another, in the recipient's territory. */
export async function scheduleTechnicalAssistance(ctx: Ctx, input: ScheduleTechnicalAssistanceInput): Promise<ActionRecord> {
  const checked = checkSession(input);
  return ctx.dataSource.transaction(async (tx) => {
    const recipient = await memberEntity(tx, input.recipientId, 'input.recipientId');
    const organiser = input.organiserId ? await memberEntity(tx, input.organiserId, 'input.organiserId') : await coordinator(tx);
    if (organiser.id === recipient.id) throw badInput(`${recipient.name} cannot assist itself`, 'input.recipientId');
    return scheduleSession(tx, ctx, 'TECHNICAL_ASSISTANCE', input, checked, {
      territoryIds: recipient.territoryId ? [recipient.territoryId] : [],
      participants: [
        { actorId: organiser.id, role: 'ORGANISER' },
        { actorId: recipient.id, role: 'BENEFICIARY' },
      ],
      session: { recipientId: recipient.id },
    });
  });
}
