import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { badInput, conflict, normalizeText, notFound, requiredText, slugify, type ServiceContext } from '@cultura/service-kit';
import {
  ActionRecord,
  ActorRecord,
  ParticipationRecord,
  parseIsoDate,
  saveAction,
  territoryLineage,
  today,
  validatePeriod,
  type ActionStatus,
  type CulturalDomain,
  type FigureInput,
  type ParticipationInput,
  type PeriodInput,
} from '@cultura/vocabulary';
import { ApplicationRecord, CulturePointRecord, ResolutionRecord, StatusChangeRecord, type Evidence } from './entities';
import {
  checkEligibility,
  type AreaOfWork,
  type EvidenceKind,
  type OrganisationForm,
  type Population,
  type ResolutionKind,
} from './domain';
import { MINISTRY_ID, PROGRAM_ID } from './data/facts';
import { culturePointId, insertCulturePoints, recognitionAction } from './registry/points';
import type { PuntosCulturaLoaders } from './loaders';
import {
  RESOLUTION_KEY_SQL,
  conflictOnDuplicate,
  districtId,
  email,
  httpUrl,
  optionalText,
  pastOrPresentDate,
  phone,
  resolutionKey,
  taxId,
  unique,
} from './validation';

type Ctx = ServiceContext<PuntosCulturaLoaders>;

/**
 * The program's writes. Each validates everything it can before opening its transaction (the
 * territories service included), then checks duplicates and writes inside one transaction, so a
 * refused request leaves the database as it was.
 */

export interface SubmitApplicationInput {
  organisationName: string;
  organisationForm: OrganisationForm;
  nonProfit: boolean;
  legalPersonality?: boolean | null;
  taxId?: string | null;
  continuousWorkSince: string;
  members: number;
  districtId: string;
  areasOfWork: AreaOfWork[];
  domains: CulturalDomain[];
  artisticExpressions?: string[] | null;
  populationsServed?: Population[] | null;
  communityWork: string;
  evidence: { kind: EvidenceKind; description: string; url?: string | null; date?: string | null }[];
  contact: { name: string; email?: string | null; phone?: string | null };
  submittedOn?: string | null;
}

function membersCount(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 1 || value > 100_000)
    throw badInput(`${field} must be a whole number of people, at least 1, got ${value}`, field);
  return value;
}

async function nextApplicationId(tx: EntityManager): Promise<string> {
  const [{ n }] = (await tx.query(`SELECT nextval('application_number_seq')::int AS n`)) as { n: number }[];
  return `${PROGRAM_ID}:application:${n}`;
}

export async function submitApplication(ctx: Ctx, input: SubmitApplicationInput): Promise<ApplicationRecord> {
  const name = requiredText(input.organisationName, 'input.organisationName', 200);
  const submittedOn = input.submittedOn ? pastOrPresentDate(input.submittedOn, 'input.submittedOn') : today();
  const since = parseIsoDate(input.continuousWorkSince.trim(), 'input.continuousWorkSince');
  if (since > submittedOn) {
    throw badInput(`input.continuousWorkSince (${since}) is after the submission date (${submittedOn})`, 'input.continuousWorkSince');
  }
  if (since < '1900-01-01') throw badInput(`input.continuousWorkSince (${since}) is before 1900`, 'input.continuousWorkSince');
  const members = membersCount(input.members, 'input.members');
  const district = districtId(input.districtId, 'input.districtId');
  const ruc = taxId(input.taxId, 'input.taxId');
  const communityWork = requiredText(input.communityWork, 'input.communityWork', 5000);
  if (!input.evidence.length)
    throw badInput('An application needs at least one piece of evidence of the work it describes', 'input.evidence');
  const evidence: Evidence[] = input.evidence.map((e, i) => ({
    kind: e.kind,
    description: requiredText(e.description, `input.evidence[${i}].description`, 2000),
    url: httpUrl(e.url, `input.evidence[${i}].url`),
    date: e.date ? pastOrPresentDate(e.date, `input.evidence[${i}].date`) : null,
  }));
  const contact = {
    name: requiredText(input.contact.name, 'input.contact.name', 200),
    email: email(input.contact.email, 'input.contact.email'),
    phone: phone(input.contact.phone, 'input.contact.phone'),
  };
  const expressions = unique((input.artisticExpressions ?? []).map((e, i) => requiredText(e, `input.artisticExpressions[${i}]`, 100)));
  const areasOfWork = unique(input.areasOfWork);
  const domains = unique(input.domains);
  await ctx.loaders.territories.assertKnown([district], 'input.districtId');

  const eligibility = checkEligibility(
    { nonProfit: input.nonProfit, continuousWorkSince: since, members, areasOfWork, domains },
    submittedOn,
  );
  const sortName = normalizeText(name);
  const duplicate = `${name} already has an application under review in ${district}`;

  return conflictOnDuplicate(
    () =>
      ctx.dataSource.transaction(async (tx) => {
        const pending = await tx
          .getRepository(ApplicationRecord)
          .createQueryBuilder('ap')
          .where(`ap.status = 'UNDER_REVIEW'`)
          .andWhere('((ap.sort_name = :sortName AND ap.district_id = :district) OR ap.tax_id = :ruc)', { sortName, district, ruc })
          .getOne();
        if (pending) {
          const field = pending.taxId !== null && pending.taxId === ruc ? 'input.taxId' : 'input.organisationName';
          throw conflict(`${pending.organisationName} already has an application under review (${pending.id})`, field, {
            existingId: pending.id,
          });
        }
        // An organisation already in the registry renews its entry (if it lapsed or was revoked) rather than getting a second one.
        const sameId = culturePointId(district, name);
        const existing = await tx
          .getRepository(CulturePointRecord)
          .createQueryBuilder('cp')
          .where('cp.actor_id = :sameId OR cp.tax_id = :ruc', { sameId, ruc })
          .getOne();
        if (existing?.status === 'RECOGNISED') {
          const field = existing.actorId === sameId ? 'input.organisationName' : 'input.taxId';
          throw conflict(`This organisation is already a recognised culture point (${existing.actorId})`, field, {
            existingId: existing.actorId,
          });
        }
        const repo = tx.getRepository(ApplicationRecord);
        const id = await nextApplicationId(tx);
        await repo.insert(
          repo.create({
            id,
            organisationName: name,
            sortName,
            organisationForm: input.organisationForm,
            nonProfit: input.nonProfit,
            legalPersonality: input.legalPersonality ?? false,
            taxId: ruc,
            continuousWorkSince: since,
            members,
            districtId: district,
            territoryLineage: territoryLineage(district) ?? [district],
            areasOfWork,
            domains,
            artisticExpressions: expressions,
            populations: unique(input.populationsServed),
            communityWork,
            evidence,
            submittedOn,
            status: 'UNDER_REVIEW',
            eligible: eligibility.eligible,
            eligibility,
            contactName: contact.name,
            contactEmail: contact.email,
            contactPhone: contact.phone,
            resolutionNumber: null,
            culturePointId: existing?.actorId ?? null,
            origin: 'USER',
            source: `api:${ctx.auth.subject ?? 'unknown'}`,
            locator: null,
          }),
        );
        return repo.findOneByOrFail({ id });
      }),
    'input.organisationName',
    duplicate,
  );
}

/** Refuses a resolution number already used by any resolution this service knows of. */
async function assertNewResolution(tx: EntityManager, number: string, field: string): Promise<void> {
  const key = resolutionKey(number);
  const taken = await tx.getRepository(ResolutionRecord).createQueryBuilder('r').where('r.number_key = :key', { key }).getOne();
  const inHistory = taken
    ? null
    : await tx
        .getRepository(StatusChangeRecord)
        .createQueryBuilder('h')
        .where(`${RESOLUTION_KEY_SQL('h.resolution_number')} = :key`, { key })
        .getOne();
  if (taken || inHistory) {
    throw conflict(`Resolution ${number} is already recorded (${taken ? taken.kind.toLowerCase() : 'registry history'})`, field);
  }
}

async function insertResolution(
  tx: EntityManager,
  r: { number: string; kind: ResolutionKind; date: string; applicationId: string | null; culturePointId: string | null; reasons: string[] },
  ctx: Ctx,
): Promise<void> {
  await tx.getRepository(ResolutionRecord).insert({ ...r, numberKey: resolutionKey(r.number), recordedBy: ctx.auth.subject });
}

export interface DecideInput {
  applicationId: string;
  decision: 'RECOGNISE' | 'DENY';
  resolutionNumber: string;
  resolutionDate: string;
  reasons?: string[] | null;
  networkMember?: boolean | null;
}

export async function decideApplication(ctx: Ctx, input: DecideInput): Promise<ApplicationRecord> {
  const app = await ctx.loaders.application.load(input.applicationId);
  if (!app) throw notFound(`No application ${input.applicationId}`, 'input.applicationId');
  const number = requiredText(input.resolutionNumber, 'input.resolutionNumber', 100);
  if (!resolutionKey(number)) throw badInput('input.resolutionNumber must contain letters or digits', 'input.resolutionNumber');
  const date = pastOrPresentDate(input.resolutionDate, 'input.resolutionDate');
  if (date < app.submittedOn) {
    throw badInput(`input.resolutionDate (${date}) is before the application was submitted (${app.submittedOn})`, 'input.resolutionDate');
  }
  const reasons = (input.reasons ?? []).map((r, i) => requiredText(r, `input.reasons[${i}]`, 2000));
  if (input.decision === 'DENY' && !reasons.length) throw badInput('A denial must give its reasons', 'input.reasons');
  if (input.decision === 'RECOGNISE' && !app.eligible) {
    const unmet = app.eligibility.rules.filter((r) => !r.met);
    throw badInput(
      `The application does not meet the law's rules, so it cannot be recognised: ${unmet.map((r) => r.explanation).join(' ')}`,
      'input.decision',
      { unmetRules: unmet.map((r) => r.rule) },
    );
  }

  return conflictOnDuplicate(
    () =>
      ctx.dataSource.transaction(async (tx) => {
        // Re-read under a row lock: two reviewers deciding the same application at once get one decision.
        const current = await tx
          .getRepository(ApplicationRecord)
          .createQueryBuilder('ap')
          .setLock('pessimistic_write')
          .where('ap.id = :id', { id: app.id })
          .getOneOrFail();
        if (current.status !== 'UNDER_REVIEW') {
          throw conflict(
            `Application ${app.id} was already decided (${current.status}, resolution ${current.resolutionNumber})`,
            'input.applicationId',
          );
        }
        await assertNewResolution(tx, number, 'input.resolutionNumber');
        let pointId = current.culturePointId;
        if (input.decision === 'RECOGNISE')
          pointId = await recognise(tx, current, { number, date, networkMember: input.networkMember ?? true });
        await insertResolution(
          tx,
          {
            number,
            kind: input.decision === 'RECOGNISE' ? 'RECOGNITION' : 'DENIAL',
            date,
            applicationId: app.id,
            culturePointId: pointId,
            reasons,
          },
          ctx,
        );
        await tx
          .getRepository(ApplicationRecord)
          .update(
            { id: app.id },
            { status: input.decision === 'RECOGNISE' ? 'RECOGNISED' : 'DENIED', resolutionNumber: number, culturePointId: pointId },
          );
        return tx.getRepository(ApplicationRecord).findOneByOrFail({ id: app.id });
      }),
    'input.resolutionNumber',
    `Resolution ${number}, or this organisation's registry entry, was recorded by another write meanwhile`,
  );
}

/** Puts the applicant in the registry, or renews its lapsed or revoked entry with the application's facts. */
async function recognise(
  tx: EntityManager,
  app: ApplicationRecord,
  r: { number: string; date: string; networkMember: boolean },
): Promise<string> {
  const facts = {
    name: app.organisationName,
    districtId: app.districtId,
    domains: app.domains,
    recognition: { date: r.date, resolutionNumber: r.number, applicationId: app.id },
    origin: 'USER' as const,
    source: app.source,
    locator: app.id,
  };
  if (!app.culturePointId) {
    // The submission found no entry; one may have been imported since.
    const planned = culturePointId(app.districtId, app.organisationName);
    if (await tx.getRepository(ActorRecord).existsBy({ id: planned })) {
      throw conflict(
        `${app.organisationName} entered the registry after applying (${planned}); apply again to renew that entry`,
        'input.applicationId',
      );
    }
    const [id] = await insertCulturePoints(tx, [
      {
        ...facts,
        organisationForm: app.organisationForm,
        legalPersonality: app.legalPersonality,
        taxId: app.taxId,
        foundedOn: app.continuousWorkSince,
        foundingYear: null,
        members: app.members,
        areasOfWork: app.areasOfWork,
        populations: app.populations,
        artisticExpressions: app.artisticExpressions,
        activities: app.communityWork,
        networkMember: r.networkMember,
      },
    ]);
    return id;
  }
  const id = app.culturePointId;
  const point = await tx
    .getRepository(CulturePointRecord)
    .createQueryBuilder('cp')
    .setLock('pessimistic_write')
    .where('cp.actor_id = :id', { id })
    .getOneOrFail();
  if (point.status === 'RECOGNISED')
    throw conflict(`${app.organisationName} is already a recognised culture point (${id})`, 'input.applicationId');
  await tx.getRepository(CulturePointRecord).update(
    { actorId: id },
    {
      status: 'RECOGNISED',
      members: app.members,
      areasOfWork: app.areasOfWork,
      populations: app.populations,
      artisticExpressions: app.artisticExpressions,
      networkMember: r.networkMember,
      legalPersonality: app.legalPersonality,
      taxId: app.taxId ?? point.taxId,
    },
  );
  await tx.getRepository(ActorRecord).update({ id }, { domains: app.domains });
  await tx.getRepository(StatusChangeRecord).insert({
    culturePointId: id,
    status: 'RECOGNISED',
    date: r.date,
    resolutionNumber: r.number,
    reason: 'Recognition renewed on a new application',
    origin: 'USER',
    source: app.source,
    locator: app.id,
  });
  const { record, participants } = recognitionAction(id, facts);
  if (await tx.getRepository(ActionRecord).existsBy({ id: record.id })) {
    throw conflict(`${app.organisationName} already has a recognition dated ${r.date}`, 'input.resolutionDate');
  }
  await tx.getRepository(ActionRecord).save(tx.getRepository(ActionRecord).create(record));
  await tx.getRepository(ParticipationRecord).insert(participants);
  return id;
}

export interface EndRecognitionInput {
  culturePointId: string;
  date: string;
  reason: string;
  resolutionNumber?: string | null;
}

/** Lapse or revocation: the point stays in the registry with its new status; the history keeps the rest. */
export async function endRecognition(ctx: Ctx, input: EndRecognitionInput, kind: 'LAPSE' | 'REVOCATION'): Promise<ActorRecord> {
  const actor = await ctx.loaders.vocabulary.actor.load(input.culturePointId);
  if (!actor || actor.kind !== 'CULTURE_POINT') throw notFound(`No culture point ${input.culturePointId}`, 'input.culturePointId');
  const date = pastOrPresentDate(input.date, 'input.date');
  const reason = requiredText(input.reason, 'input.reason', 2000);
  const number = input.resolutionNumber?.trim() ? requiredText(input.resolutionNumber, 'input.resolutionNumber', 100) : null;
  if (kind === 'REVOCATION' && !number) throw badInput('A revocation is made by a resolution: give its number', 'input.resolutionNumber');
  const status = kind === 'LAPSE' ? 'LAPSED' : 'REVOKED';

  return conflictOnDuplicate(
    () =>
      ctx.dataSource.transaction(async (tx) => {
        const point = await tx
          .getRepository(CulturePointRecord)
          .createQueryBuilder('cp')
          .setLock('pessimistic_write')
          .where('cp.actor_id = :id', { id: actor.id })
          .getOneOrFail();
        if (point.status !== 'RECOGNISED') {
          const verb = kind === 'LAPSE' ? 'lapse' : 'be revoked';
          throw conflict(
            `${actor.name} is not recognised (it is ${point.status}); only a recognition in force can ${verb}`,
            'input.culturePointId',
          );
        }
        const last = await tx.getRepository(StatusChangeRecord).findOne({ where: { culturePointId: actor.id }, order: { id: 'DESC' } });
        if (last?.date && date < last.date) {
          throw badInput(`input.date (${date}) is before the point's last change of status (${last.status} on ${last.date})`, 'input.date');
        }
        if (number) {
          await assertNewResolution(tx, number, 'input.resolutionNumber');
          await insertResolution(tx, { number, kind, date, applicationId: null, culturePointId: actor.id, reasons: [reason] }, ctx);
        }
        await tx.getRepository(CulturePointRecord).update({ actorId: actor.id }, { status });
        await tx.getRepository(StatusChangeRecord).insert({
          culturePointId: actor.id,
          status,
          date,
          resolutionNumber: number,
          reason,
          origin: 'USER',
          source: `api:${ctx.auth.subject ?? 'unknown'}`,
          locator: null,
        });
        return actor;
      }),
    'input.resolutionNumber',
    `Resolution ${number ?? ''} is already recorded`,
  );
}

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
        if (await tx.getRepository(ActionRecord).existsBy({ id })) throw conflict(message, field, { existingId: id });
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
    saveAction(
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
    saveAction(
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
    saveAction(
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
