import { badInput, conflict, notFound, requiredText } from '@cultura/service-kit';
import type { ActorRecord } from '@cultura/vocabulary';
import { insertStatusChange, lastStatusChange, lockPoint, updatePoint } from '../store/points';
import { conflictOnDuplicate } from './conflicts';
import { pastOrPresentDate } from './input';
import type { Ctx } from './context';
import { assertNewResolution, insertResolution } from './decide-application';

/** A recognition that lapses, or is revoked by a resolution; the point keeps its history. */

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
        const point = await lockPoint(tx, actor.id);
        if (point.status !== 'RECOGNISED') {
          const verb = kind === 'LAPSE' ? 'lapse' : 'be revoked';
          throw conflict(
            `${actor.name} is not recognised (it is ${point.status}); only a recognition in force can ${verb}`,
            'input.culturePointId',
          );
        }
        const last = await lastStatusChange(tx, actor.id);
        if (last?.date && date < last.date) {
          throw badInput(`input.date (${date}) is before the point's last change of status (${last.status} on ${last.date})`, 'input.date');
        }
        if (number) {
          await assertNewResolution(tx, number, 'input.resolutionNumber');
          await insertResolution(tx, { number, kind, date, applicationId: null, culturePointId: actor.id, reasons: [reason] }, ctx);
        }
        await updatePoint(tx, actor.id, { status });
        await insertStatusChange(tx, {
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
