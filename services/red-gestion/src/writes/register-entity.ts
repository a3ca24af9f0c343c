import { badInput, conflict, normalizeText, requiredText, slugify } from '@cultura/service-kit';
import { ActorRecord, actorRecord, parseIsoDate, today, type CulturalDomain } from '@cultura/vocabulary';
import { KIND_RULES, PROGRAM_ID, misplacedKind, type GovernmentEntityKind, type NetworkRole } from '../domain';
import type { Ctx } from '../resolvers/context';
import { lockKey } from '../store/locks';
import { findCoordinator, findEntityNamed, insertEntity } from '../store/network';
import { freeId } from './free-id';
import { optionalText, userProvenance } from './input';

export interface RegisterEntityInput {
  name: string;
  entityKind: GovernmentEntityKind;
  territoryId: string;
  acronym?: string | null;
  networkRole?: NetworkRole | null;
  memberSince?: string | null;
  domains?: CulturalDomain[] | null;
  source?: string | null;
}

/** A government entity joins the network, in the place its kind is based, with at most one coordinator. */
export async function registerEntity(ctx: Ctx, input: RegisterEntityInput): Promise<ActorRecord> {
  const name = requiredText(input.name, 'input.name', 200);
  const misplaced = misplacedKind(input.entityKind, input.territoryId);
  if (misplaced) {
    throw badInput(
      `A ${input.entityKind.toLowerCase().replace(/_/g, ' ')} is based in ${misplaced}; "${input.territoryId}" is not one`,
      'input.territoryId',
    );
  }
  const acronym = optionalText(input.acronym, 'input.acronym', 20);
  const memberSince = input.memberSince ? parseIsoDate(input.memberSince, 'input.memberSince') : null;
  if (memberSince && memberSince > today()) throw badInput(`input.memberSince ${memberSince} is in the future`, 'input.memberSince');
  const role = input.networkRole ?? 'MEMBER';
  await ctx.loaders.territories.assertKnown([input.territoryId], 'input.territoryId');

  return ctx.dataSource.transaction(async (tx) => {
    const sortName = normalizeText(name);
    // Two editors registering the same entity at once: the second waits, then sees the first.
    await lockKey(tx, `red-gestion:entity:${sortName}`);
    const twin = await findEntityNamed(tx, sortName, input.territoryId);
    if (twin)
      throw conflict(`${twin.name} is already registered in ${input.territoryId} (${twin.id})`, 'input.name', { existingId: twin.id });
    if (role === 'COORDINATOR') {
      const current = await findCoordinator(tx);
      if (current)
        throw conflict(`The network already has a coordinator (${current.actorId})`, 'input.networkRole', {
          existingId: current.actorId,
        });
    }
    const id = await freeId(tx, ActorRecord, `${PROGRAM_ID}:entity:${slugify(name).slice(0, 80)}`, [input.territoryId]);
    const rule = KIND_RULES[input.entityKind];
    return insertEntity(
      tx,
      actorRecord({
        id,
        programId: PROGRAM_ID,
        kind: rule.actorKind,
        governmentLevel: rule.level,
        name,
        territoryId: input.territoryId,
        domains: input.domains ?? [],
        details: { form: 'ENTITY' },
        ...userProvenance(ctx, input.source),
      }),
      { entityKind: input.entityKind, networkRole: role, acronym, memberSince },
    );
  });
}
