import type { EntityManager } from 'typeorm';
import { badInput, conflict, notFound, requiredText } from '@cultura/service-kit';
import type { ApplicationRecord } from '../entities';
import { type ResolutionKind } from '../domain';
import { culturePointId, recognitionAction, resolutionKey } from '../registry';
import { actionExists } from '../store/actions';
import { lockApplication, recordDecision } from '../store/applications';
import { actorExists, insertCulturePoints, insertStatusChange, lockPoint, setActorDomains, updatePoint } from '../store/points';
import { findResolutionByKey, findStatusChangeByResolutionKey, insertRecognition, insertResolutionRecord } from '../store/recognitions';
import { conflictOnDuplicate } from './conflicts';
import { pastOrPresentDate } from './input';
import type { Ctx } from './context';

/** The reviewer's decision as a resolution, recognising (or renewing) a culture point in the same transaction. */

/** Refuses a resolution number already used by any resolution this service knows of. */
export async function assertNewResolution(tx: EntityManager, number: string, field: string): Promise<void> {
  const key = resolutionKey(number);
  const taken = await findResolutionByKey(tx, key);
  const inHistory = taken ? null : await findStatusChangeByResolutionKey(tx, key);
  if (taken || inHistory) {
    throw conflict(`Resolution ${number} is already recorded (${taken ? taken.kind.toLowerCase() : 'registry history'})`, field);
  }
}

export async function insertResolution(
  tx: EntityManager,
  r: { number: string; kind: ResolutionKind; date: string; applicationId: string | null; culturePointId: string | null; reasons: string[] },
  ctx: Ctx,
): Promise<void> {
  await insertResolutionRecord(tx, { ...r, numberKey: resolutionKey(r.number), recordedBy: ctx.auth.subject });
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
        const current = await lockApplication(tx, app.id);
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
        return recordDecision(tx, app.id, {
          status: input.decision === 'RECOGNISE' ? 'RECOGNISED' : 'DENIED',
          resolutionNumber: number,
          culturePointId: pointId,
        });
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
    if (await actorExists(tx, planned)) {
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
  const point = await lockPoint(tx, id);
  if (point.status === 'RECOGNISED')
    throw conflict(`${app.organisationName} is already a recognised culture point (${id})`, 'input.applicationId');
  await updatePoint(tx, id, {
    status: 'RECOGNISED',
    members: app.members,
    areasOfWork: app.areasOfWork,
    populations: app.populations,
    artisticExpressions: app.artisticExpressions,
    networkMember: r.networkMember,
    legalPersonality: app.legalPersonality,
    taxId: app.taxId ?? point.taxId,
  });
  await setActorDomains(tx, id, app.domains);
  await insertStatusChange(tx, {
    culturePointId: id,
    status: 'RECOGNISED',
    date: r.date,
    resolutionNumber: r.number,
    reason: 'Recognition renewed on a new application',
    origin: 'USER',
    source: app.source,
    locator: app.id,
  });
  const recognition = recognitionAction(id, facts);
  if (await actionExists(tx, recognition.record.id)) {
    throw conflict(`${app.organisationName} already has a recognition dated ${r.date}`, 'input.resolutionDate');
  }
  await insertRecognition(tx, recognition);
  return id;
}
