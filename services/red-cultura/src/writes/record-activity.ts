import { badInput, requiredText } from '@cultura/service-kit';
import {
  saveAction,
  validatePeriod,
  type ActionRecord,
  type ActionStatus,
  type CulturalDomain,
  type FigureInput,
  type ParticipationInput,
  type PeriodInput,
} from '@cultura/vocabulary';
import { COUNTRY_ID, LINE_OF_KIND, MAX_TEXT, PROGRAM_ID } from '../domain';
import type { Ctx } from '../resolvers/context';
import { assertActorsExist, author, newId } from './shared';

export interface RecordActivityInput {
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

/** Records a Servicio País Cultura intervention, a participatory project or a staff training, in its line. */
export async function recordActivity(ctx: Ctx, input: RecordActivityInput): Promise<ActionRecord> {
  const title = requiredText(input.title, 'input.title', MAX_TEXT);
  if (!input.territoryIds.length) throw badInput('input.territoryIds needs at least one territory', 'input.territoryIds');
  if (input.territoryIds.some((t) => !t.startsWith(COUNTRY_ID)))
    throw badInput('Red Cultura works in Chile: every territory must be Chilean', 'input.territoryIds');
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
        lineCode: LINE_OF_KIND[input.kind],
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
}
