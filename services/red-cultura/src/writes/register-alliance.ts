import { conflict } from '@cultura/service-kit';
import { parseIsoDate, saveAction, type ActionRecord } from '@cultura/vocabulary';
import { LINE_OF_KIND, PROGRAM_ID } from '../domain';
import { CRCA_ID } from '../data/facts';
import { findActiveAlliance } from '../store/actions';
import type { Ctx } from '../resolvers/context';
import { author, loadActorOfKind, newId } from './shared';

export interface RegisterAllianceInput {
  centreId: string;
  since?: string | null;
  note?: string | null;
}

/** Records the CRCA's alliance with a cultural centre; a centre has one alliance unless it was cancelled. */
export async function registerAlliance(ctx: Ctx, input: RegisterAllianceInput): Promise<ActionRecord> {
  const since = input.since ? parseIsoDate(input.since, 'input.since') : null;
  return ctx.dataSource.transaction(async (tx) => {
    const centre = await loadActorOfKind(tx, input.centreId, 'CULTURAL_CENTRE', 'input.centreId');
    const existing = await findActiveAlliance(tx, centre.id);
    if (existing)
      throw conflict(`${centre.name} already has an alliance with the CRCA (${existing.id})`, 'input.centreId', {
        existingId: existing.id,
      });
    const title = `Alianza CRCA – ${centre.name}`;
    return saveAction(
      tx,
      {
        id: newId('action', title),
        programId: PROGRAM_ID,
        kind: 'ALLIANCE',
        lineCode: LINE_OF_KIND.ALLIANCE,
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
}
