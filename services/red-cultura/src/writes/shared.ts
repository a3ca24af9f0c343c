import { badInput, notFound, slugify } from '@cultura/service-kit';
import { actorRecord, type ActorRecord, type ParticipationInput } from '@cultura/vocabulary';
import type { EntityManager } from 'typeorm';
import { isComunaId, PROGRAM_ID } from '../domain';
import { existingActorIds, findMunicipalityOf, findProgramActor, saveActor } from '../store/actors';
import type { Ctx } from '../resolvers/context';

/** Validation and lookups the writes share. */

/** Refuses anything but a comuna id (`CL:` and a 5-digit CUT code), naming the field. */
export function assertComunaId(id: string, field: string): void {
  if (!isComunaId(id)) throw badInput(`"${id}" is not a Chilean comuna id (CL: followed by its 5-digit CUT code)`, field);
}

/** Ids are readable and stable; a short random tail keeps two records of the same title apart. */
export function newId(kind: 'action' | 'actor', title: string): string {
  return `${PROGRAM_ID}:${kind}:${slugify(title).slice(0, 60)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** A Red Cultura actor of the given kind; NOT_FOUND or BAD_USER_INPUT naming the field otherwise. */
export async function loadActorOfKind(tx: EntityManager, id: string, kind: ActorRecord['kind'], field: string): Promise<ActorRecord> {
  const actor = await findProgramActor(tx, id);
  if (!actor) throw notFound(`No Red Cultura actor "${id}"`, field);
  if (actor.kind !== kind) throw badInput(`"${id}" is a ${actor.kind.toLowerCase()}, not a ${kind.toLowerCase()}`, field);
  return actor;
}

/** Refuses the first participant whose actor does not exist, naming its index. */
export async function assertActorsExist(tx: EntityManager, participants: ParticipationInput[], field: string): Promise<void> {
  const ids = [...new Set(participants.map((p) => p.actorId))];
  if (!ids.length) return;
  const found = await existingActorIds(tx, ids);
  const i = participants.findIndex((p) => !found.has(p.actorId));
  if (i >= 0) throw badInput(`No Red Cultura actor "${participants[i].actorId}"`, `${field}[${i}].actorId`);
}

/** The municipality of a comuna, created on first need: every comuna the program works with has one. */
export async function municipalityOf(tx: EntityManager, comunaId: string, comunaName: string | null, by: string): Promise<ActorRecord> {
  const existing = await findMunicipalityOf(tx, comunaId);
  if (existing) return existing;
  const record = actorRecord({
    id: `${PROGRAM_ID}:actor:municipalidad-${comunaId.slice(3)}`,
    programId: PROGRAM_ID,
    kind: 'MUNICIPALITY',
    governmentLevel: 'LOCAL',
    name: `Municipalidad de ${comunaName ?? comunaId}`,
    territoryId: comunaId,
    origin: 'USER',
    source: by,
  });
  return saveActor(tx, record);
}

/** Who made a write, as provenance and history record it. */
export const author = (ctx: Ctx) => `api:${ctx.auth.subject ?? 'unknown'}`;
