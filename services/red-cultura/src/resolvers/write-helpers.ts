import { badInput, notFound, slugify } from '@cultura/service-kit';
import { ActorRecord, actorRecord, type ParticipationInput } from '@cultura/vocabulary';
import type { EntityManager } from 'typeorm';
import { PROGRAM_ID } from '../data/facts';
import type { Ctx } from './context';

/** Validation and lookups the write resolvers share. */

const COMUNA_ID = /^CL:\d{5}$/;

/** Refuses anything but a comuna id (`CL:` and a 5-digit CUT code), naming the field. */
export function assertComunaId(id: string, field: string): void {
  if (!COMUNA_ID.test(id)) throw badInput(`"${id}" is not a Chilean comuna id (CL: followed by its 5-digit CUT code)`, field);
}

/** Titles, names and other short texts of Red Cultura's inputs are at most this long. */
export const MAX_TEXT = 300;

/** Ids are readable and stable; a short random tail keeps two records of the same title apart. */
export function newId(kind: 'action' | 'actor', title: string): string {
  return `${PROGRAM_ID}:${kind}:${slugify(title).slice(0, 60)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** A Red Cultura actor of the given kind; NOT_FOUND or BAD_USER_INPUT naming the field otherwise. */
export async function loadActorOfKind(tx: EntityManager, id: string, kind: ActorRecord['kind'], field: string): Promise<ActorRecord> {
  const actor = await tx.getRepository(ActorRecord).findOneBy({ id, programId: PROGRAM_ID });
  if (!actor) throw notFound(`No Red Cultura actor "${id}"`, field);
  if (actor.kind !== kind) throw badInput(`"${id}" is a ${actor.kind.toLowerCase()}, not a ${kind.toLowerCase()}`, field);
  return actor;
}

/** Refuses the first participant whose actor does not exist, naming its index. */
export async function assertActorsExist(tx: EntityManager, participants: ParticipationInput[], field: string): Promise<void> {
  const ids = [...new Set(participants.map((p) => p.actorId))];
  if (!ids.length) return;
  const found = new Set((await tx.getRepository(ActorRecord).findBy(ids.map((id) => ({ id })))).map((a) => a.id));
  const i = participants.findIndex((p) => !found.has(p.actorId));
  if (i >= 0) throw badInput(`No Red Cultura actor "${participants[i].actorId}"`, `${field}[${i}].actorId`);
}

/** The municipality of a comuna, created on first need: every comuna the program works with has one. */
export async function municipalityOf(tx: EntityManager, comunaId: string, comunaName: string | null, by: string): Promise<ActorRecord> {
  const existing = await tx.getRepository(ActorRecord).findOneBy({ programId: PROGRAM_ID, kind: 'MUNICIPALITY', territoryId: comunaId });
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
  return tx.getRepository(ActorRecord).save(tx.getRepository(ActorRecord).create(record));
}

/** Who made a write, as provenance and history record it. */
export const author = (ctx: Ctx) => `api:${ctx.auth.subject ?? 'unknown'}`;
