import { badInput, conflict, notFound } from '@cultura/service-kit';
import { figureRecord, parseIsoDate, today, type ActionRecord, type FigureInput } from '@cultura/vocabulary';
import { SESSION_KINDS } from '../domain';
import type { Ctx } from '../resolvers/context';
import { closeSession, lockProgramAction } from '../store/sessions';
import { userProvenance } from './input';

export interface CloseWorkshopInput {
  sessionId: string;
  outcome?: 'COMPLETED' | 'CANCELLED' | null;
  endedOn?: string | null;
  figures?: FigureInput[] | null;
  source?: string | null;
}

/** A session ends once: held (with what it reports) or cancelled (with nothing to report). */
export async function closeWorkshop(ctx: Ctx, input: CloseWorkshopInput): Promise<ActionRecord> {
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
    const session = await lockProgramAction(tx, input.sessionId);
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
    return closeSession(tx, session.id, { status: outcome, periodEnd: endedOn ?? session.periodEnd }, rows);
  });
}
