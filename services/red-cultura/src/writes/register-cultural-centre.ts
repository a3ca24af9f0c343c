import { conflict, requiredText, slugify } from '@cultura/service-kit';
import { actorRecord, type ActorRecord, type CulturalDomain } from '@cultura/vocabulary';
import { MAX_TEXT, PROGRAM_ID } from '../domain';
import { findCentreClash, saveActor } from '../store/actors';
import type { Ctx } from '../resolvers/context';
import { assertComunaId, author, municipalityOf } from './shared';

export interface RegisterCentreInput {
  name: string;
  comunaId: string;
  domains?: CulturalDomain[] | null;
}

/** Registers a comuna's cultural centre under its municipality; one centre of a name per comuna. */
export async function registerCulturalCentre(ctx: Ctx, input: RegisterCentreInput): Promise<ActorRecord> {
  const name = requiredText(input.name, 'input.name', MAX_TEXT);
  assertComunaId(input.comunaId, 'input.comunaId');
  await ctx.loaders.territories.assertKnown([input.comunaId], 'input.comunaId');
  return ctx.dataSource.transaction(async (tx) => {
    const record = actorRecord({
      id: `${PROGRAM_ID}:actor:${slugify(name)}`,
      programId: PROGRAM_ID,
      kind: 'CULTURAL_CENTRE',
      governmentLevel: 'LOCAL',
      name,
      territoryId: input.comunaId,
      domains: input.domains ?? [],
      origin: 'USER',
      source: author(ctx),
    });
    const clash = await findCentreClash(tx, { id: record.id, territoryId: input.comunaId, sortName: record.sortName });
    if (clash)
      throw conflict(`A cultural centre "${clash.name}" is already registered (${clash.id})`, 'input.name', { existingId: clash.id });
    const municipality = await municipalityOf(tx, input.comunaId, null, author(ctx));
    record.details = { municipalityId: municipality.id };
    return saveActor(tx, record);
  });
}
