import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { badInput, conflict, normalizeText, requiredText, slugify } from '@cultura/service-kit';
import {
  today,
  validatePeriod,
  type ActionRecord,
  type ActionStatus,
  type ActorRecord,
  type CulturalDomain,
  type FigureInput,
  type ParticipationInput,
  type PeriodInput,
} from '@cultura/vocabulary';
import { MINISTRY_ID, PROGRAM_ID } from '../data/facts';
import { actionExists, insertAction } from '../store/actions';
import { conflictOnDuplicate } from './conflicts';
import { optionalText, pastOrPresentDate, unique } from './input';
import type { Ctx } from './context';

/** What culture points do: activities, funding awards and network meetings, each recorded once. */

/** The culture points named by a write, in order; an unknown id is refused naming its position. */
async function culturePoints(ctx: Ctx, ids: string[], field: string): Promise<ActorRecord[]> {
  const actors = await ctx.loaders.vocabulary.actor.loadMany(ids);
  return actors.map((a, i) => {
    if (a instanceof Error) throw a;
    if (!a || a.kind !== 'CULTURE_POINT' || a.programId !== PROGRAM_ID)
      throw badInput(`Unknown culture point "${ids[i]}"`, `${field}[${i}]`);
    return a;
  });
}

function datedPeriod(p: PeriodInput, field: string) {
  const period = validatePeriod(p, field);
  if (!period.start && !period.year) throw badInput(`${field} needs a start date or a year`, field);
  // Planned actions may lie ahead; the callers refuse a future action recorded as done.
  return { period, future: (period.start ?? `${period.year}-01-01`) > today() };
}

function shortHash(...parts: (string | number | null)[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 12);
}

/**
 * Writes an action whose id is derived from what makes it unique, once: an existing id (or a concurrent
 * write of the same one) is a CONFLICT naming `field`.
 */
function recordOnce(
  ctx: Ctx,
  id: string,
  field: string,
  what: string,
  write: (tx: EntityManager) => Promise<ActionRecord>,
): Promise<ActionRecord> {
  const message = `${what} is already recorded (${id})`;
  return conflictOnDuplicate(
    () =>
      ctx.dataSource.transaction(async (tx) => {
        if (await actionExists(tx, id)) throw conflict(message, field, { existingId: id });
        return write(tx);
      }),
    field,
    message,
  );
}

interface FigureFields {
  figures?: FigureInput[] | null;
}

export interface RecordActivityInput extends FigureFields {
  kind: 'COMMUNITY_ACTIVITY' | 'PARTICIPATORY_PROJECT' | 'TRAINING' | 'WORKSHOP';
  title: string;
  culturePointIds: string[];
  period: PeriodInput;
  territoryIds?: string[] | null;
  status?: ActionStatus | null;
  domains?: CulturalDomain[] | null;
  description?: string | null;
}

function checkStatusAgainstDates(status: ActionStatus, future: boolean, field: string): void {
  if (future && (status === 'COMPLETED' || status === 'IN_PROGRESS')) {
    throw badInput(
      `${field} starts in the future, so it cannot be ${status.toLowerCase().replace('_', ' ')}: record it as PLANNED`,
      `${field}.start`,
    );
  }
}

export async function recordActivity(ctx: Ctx, input: RecordActivityInput): Promise<ActionRecord> {
  const title = requiredText(input.title, 'input.title', 300);
  const ids = unique(input.culturePointIds);
  if (!ids.length) throw badInput('Name at least one culture point', 'input.culturePointIds');
  const { period, future } = datedPeriod(input.period, 'input.period');
  const status = input.status ?? 'COMPLETED';
  checkStatusAgainstDates(status, future, 'input.period');
  const points = await culturePoints(ctx, ids, 'input.culturePointIds');
  const territoryIds = input.territoryIds?.length
    ? unique(input.territoryIds)
    : unique(points.map((p) => p.territoryId).filter((t): t is string => t !== null));
  if (input.territoryIds?.length) await ctx.loaders.territories.assertKnown(territoryIds, 'input.territoryIds');
  const training = input.kind === 'TRAINING' || input.kind === 'WORKSHOP';
  // Trainings and workshops are the ministry's, for the points; activities and projects are the points' own.
  const participants: ParticipationInput[] = training
    ? [{ actorId: MINISTRY_ID, role: 'ORGANISER' }, ...points.map((p) => ({ actorId: p.id, role: 'PARTICIPANT' as const }))]
    : points.map((p) => ({ actorId: p.id, role: 'ORGANISER' as const }));
  const id = `${PROGRAM_ID}:activity:${shortHash(input.kind, normalizeText(title), period.start, period.year, [...ids].sort().join(','))}`;
  return recordOnce(ctx, id, 'input.title', `"${title}" with these points and dates`, (tx) =>
    insertAction(
      tx,
      {
        id,
        programId: PROGRAM_ID,
        kind: input.kind,
        lineCode: training ? 'STRENGTHENING' : null,
        title,
        status,
        period,
        territoryIds,
        domains: unique(input.domains),
        description: optionalText(input.description, 'input.description'),
        origin: 'USER',
        source: `api:${ctx.auth.subject ?? 'unknown'}`,
      },
      participants,
      input.figures ?? [],
    ),
  );
}

export interface RecordAwardInput {
  culturePointId: string;
  competition: string;
  amount: number;
  currency: string;
  year: number;
  awardedOn?: string | null;
  title?: string | null;
  domains?: CulturalDomain[] | null;
  description?: string | null;
}

export async function recordFundingAward(ctx: Ctx, input: RecordAwardInput): Promise<ActionRecord> {
  const competition = requiredText(input.competition, 'input.competition', 300);
  if (!Number.isFinite(input.amount) || input.amount <= 0)
    throw badInput(`input.amount must be more than 0, got ${input.amount}`, 'input.amount');
  const currency = input.currency.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency))
    throw badInput(`input.currency must be an ISO 4217 code (PEN, USD), got "${input.currency}"`, 'input.currency');
  const thisYear = Number(today().slice(0, 4));
  if (!Number.isInteger(input.year) || input.year < 1900 || input.year > thisYear) {
    throw badInput(`input.year must be a year between 1900 and ${thisYear}, got ${input.year}`, 'input.year');
  }
  const awardedOn = input.awardedOn ? pastOrPresentDate(input.awardedOn, 'input.awardedOn') : null;
  if (awardedOn && Number(awardedOn.slice(0, 4)) !== input.year) {
    throw badInput(`input.awardedOn (${awardedOn}) is not in input.year (${input.year})`, 'input.awardedOn');
  }
  const [point] = await culturePoints(ctx, [input.culturePointId], 'input.culturePointId');
  const detail = await ctx.loaders.point.load(point.id);
  if (detail?.status !== 'RECOGNISED') {
    throw badInput(
      `${point.name} is ${detail?.status ?? 'not in the registry'}; only recognised culture points receive awards`,
      'input.culturePointId',
    );
  }
  const id = `${PROGRAM_ID}:award:${point.id.slice(`${PROGRAM_ID}:point:`.length)}:${input.year}:${slugify(competition)}`;
  return recordOnce(ctx, id, 'input.competition', `An award of "${competition}" ${input.year} to ${point.name}`, (tx) =>
    insertAction(
      tx,
      {
        id,
        programId: PROGRAM_ID,
        kind: 'FUNDING_AWARD',
        lineCode: 'STRENGTHENING',
        title: optionalText(input.title, 'input.title', 300) ?? `${competition}: award to ${point.name}`,
        status: 'COMPLETED',
        period: { start: awardedOn, end: awardedOn, year: input.year },
        territoryIds: point.territoryId ? [point.territoryId] : [],
        domains: input.domains?.length ? unique(input.domains) : point.domains,
        description: optionalText(input.description, 'input.description'),
        details: { culturePointId: point.id, competition, amount: input.amount, currency },
        origin: 'USER',
        source: `api:${ctx.auth.subject ?? 'unknown'}`,
      },
      [
        { actorId: MINISTRY_ID, role: 'FUNDER' },
        { actorId: point.id, role: 'BENEFICIARY' },
      ],
      [{ metric: 'FUNDING', value: input.amount, qualifier: 'EXACT', unit: currency, currency, period: { year: input.year } }],
    ),
  );
}

export interface RecordMeetingInput extends FigureFields {
  title: string;
  scope: 'NATIONAL' | 'REGIONAL' | 'LOCAL';
  period: PeriodInput;
  territoryIds: string[];
  culturePointIds: string[];
  agreements?: string[] | null;
  domains?: CulturalDomain[] | null;
  description?: string | null;
}

export async function recordNetworkMeeting(ctx: Ctx, input: RecordMeetingInput): Promise<ActionRecord> {
  const title = requiredText(input.title, 'input.title', 300);
  const { period, future } = datedPeriod(input.period, 'input.period');
  const territoryIds = unique(input.territoryIds);
  if (!territoryIds.length) throw badInput('Say where the meeting takes place', 'input.territoryIds');
  const ids = unique(input.culturePointIds);
  const agreements = (input.agreements ?? []).map((a, i) => requiredText(a, `input.agreements[${i}]`, 2000));
  if (future && agreements.length) throw badInput('A meeting that has not happened yet has no agreements', 'input.agreements');
  const points = await culturePoints(ctx, ids, 'input.culturePointIds');
  await ctx.loaders.territories.assertKnown(territoryIds, 'input.territoryIds');
  const id = `${PROGRAM_ID}:meeting:${period.start ?? period.year}:${slugify(title)}`;
  return recordOnce(ctx, id, 'input.title', `The meeting "${title}" on ${period.start ?? period.year}`, (tx) =>
    insertAction(
      tx,
      {
        id,
        programId: PROGRAM_ID,
        kind: 'NETWORK_MEETING',
        lineCode: 'NETWORK',
        title,
        status: future ? 'PLANNED' : 'COMPLETED',
        period,
        territoryIds,
        domains: unique(input.domains),
        description: optionalText(input.description, 'input.description'),
        details: { scope: input.scope, agreements },
        origin: 'USER',
        source: `api:${ctx.auth.subject ?? 'unknown'}`,
      },
      [{ actorId: MINISTRY_ID, role: 'COORDINATOR' }, ...points.map((p) => ({ actorId: p.id, role: 'PARTICIPANT' as const }))],
      input.figures ?? [],
    ),
  );
}
