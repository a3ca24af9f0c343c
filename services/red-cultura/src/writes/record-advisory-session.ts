import { badInput, requiredText } from '@cultura/service-kit';
import { parseIsoDate, saveAction, type ActionRecord, type FigureInput } from '@cultura/vocabulary';
import { AGICM_AREAS, LINE_OF_KIND, MAX_TEXT, PROGRAM_ID, type AdvisoryArea } from '../domain';
import { CRCA_ID } from '../data/facts';
import type { Ctx } from '../resolvers/context';
import { author, loadActorOfKind, newId } from './shared';

export interface RecordAdvisoryInput {
  centreId: string;
  areas: AdvisoryArea[];
  date: string;
  title?: string | null;
  note?: string | null;
  figures?: FigureInput[] | null;
}

/** Records one day's advisory of the CRCA to a cultural centre, in some of the AGICM areas. */
export async function recordAdvisorySession(ctx: Ctx, input: RecordAdvisoryInput): Promise<ActionRecord> {
  const date = parseIsoDate(input.date, 'input.date');
  const areas = [...new Set(input.areas)];
  if (!areas.length) throw badInput('input.areas needs at least one advisory area', 'input.areas');
  if (areas.some((a) => !AGICM_AREAS.includes(a))) throw badInput('input.areas has an unknown area', 'input.areas');
  return ctx.dataSource.transaction(async (tx) => {
    const centre = await loadActorOfKind(tx, input.centreId, 'CULTURAL_CENTRE', 'input.centreId');
    const title = input.title ? requiredText(input.title, 'input.title', MAX_TEXT) : `Asesoría a ${centre.name} (${date})`;
    return saveAction(
      tx,
      {
        id: newId('action', title),
        programId: PROGRAM_ID,
        kind: 'ADVISORY',
        lineCode: LINE_OF_KIND.ADVISORY,
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
}
