/**
 * Checking an attendance list before it is recorded: validation that reports every problem (the CSV
 * import needs them all, the mutation the first), against what the database holds.
 */
import { randomUUID } from 'node:crypto';
import type { GraphQLError } from 'graphql';
import type { EntityManager } from 'typeorm';
import { badInput, conflict, normalizeText, notFound } from '@cultura/service-kit';
import { FIGURE_QUALIFIERS, type ActionRecord, type ActorRecord, type FigureQualifier } from '@cultura/vocabulary';
import { PROGRAM_ID, SESSION_KINDS, actorForm } from '../domain';
import type { PublicServantRecord } from '../entities';
import { readAttendanceContext } from '../store/attendance';
import { lockProgramAction } from '../store/sessions';
import type { Provenance } from './input';

export interface ServantInput {
  name: string;
  email?: string | null;
  phone?: string | null;
  position?: string | null;
  /** Where the servant's data comes from in an imported file (`line 4`). */
  locator?: string | null;
}

export interface AttendanceEntryInput {
  entityId: string;
  servantCount?: number | null;
  qualifier?: FigureQualifier | null;
  servants?: ServantInput[] | null;
  note?: string | null;
  /** Where the entry comes from in an imported file (`lines 2, 5`). */
  locator?: string | null;
}

export interface EntryProblem {
  /** Index of the entry. */
  entry: number;
  /** Index of the servant inside the entry, for a problem with one servant. */
  servant?: number;
  error: GraphQLError;
}

interface PlannedServant {
  id: string;
  /** A servant seen for the first time, to insert. */
  record: Omit<PublicServantRecord, 'createdAt'> | null;
}

interface PlannedEntry {
  index: number;
  entity: ActorRecord;
  servantCount: number;
  qualifier: FigureQualifier;
  note: string | null;
  locator: string | null;
  servants: PlannedServant[];
}

export interface AttendancePlan {
  session: ActionRecord;
  entries: PlannedEntry[];
  problems: EntryProblem[];
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ()./-]{6,20}$/;
const MAX_SERVANTS_PER_ENTITY = 100_000;

/**
 * The session whose attendance is recorded, locked for the transaction so two lists for it are recorded
 * one after the other (each sees the other's entities).
 */
export async function lockSessionForAttendance(tx: EntityManager, sessionId: string, field: string): Promise<ActionRecord> {
  const session = await lockProgramAction(tx, sessionId);
  if (!session || !SESSION_KINDS.includes(session.kind))
    throw notFound(`No RED workshop or technical-assistance session "${sessionId}"`, field);
  if (session.status === 'CANCELLED') throw badInput(`"${session.title}" was cancelled: it has no attendance to record`, field);
  return session;
}

function cleanText(value: string | null | undefined): string | null {
  const text = value?.trim().replace(/\s+/g, ' ');
  return text ? text : null;
}

/**
 * Checks an attendance list against the database (four reads, whatever its length) and says, for each
 * entry, what is wrong with it. Problems name their field under `field` (`input.entries[2].entityId`).
 */
export async function planAttendance(
  tx: EntityManager,
  session: ActionRecord,
  entries: AttendanceEntryInput[],
  field: string,
  provenance: Provenance,
): Promise<AttendancePlan> {
  const problems: EntryProblem[] = [];
  const entityIds = [...new Set(entries.map((e) => e.entityId))];
  const { actors, details, recorded, known } = await readAttendanceContext(tx, session.id, entityIds);
  const actorById = new Map(actors.map((a) => [a.id, a]));
  const memberIds = new Set(details.filter((d) => d.networkRole !== null).map((d) => d.actorId));
  const alreadyRecorded = new Set(recorded.map((r) => r.entityId));
  const knownByEmail = new Map(known.flatMap((k) => (k.email ? [[`${k.entityId}|${k.email.toLowerCase()}`, k] as const] : [])));
  const knownByName = new Map(known.flatMap((k) => (k.email ? [] : [[`${k.entityId}|${k.sortName}`, k] as const])));
  const firstIndex = new Map<string, number>();
  const planned: PlannedEntry[] = [];

  entries.forEach((entry, i) => {
    const at = `${field}[${i}]`;
    const fail = (error: GraphQLError, servant?: number) => problems.push({ entry: i, servant, error });
    const entity = actorById.get(entry.entityId);
    if (!entity || actorForm(entity.details) !== 'ENTITY' || !memberIds.has(entity.id)) {
      return fail(badInput(`No RED government entity "${entry.entityId}": register it first (registerEntity)`, `${at}.entityId`));
    }
    const twin = firstIndex.get(entry.entityId);
    if (twin !== undefined) return fail(conflict(`${entity.name} is listed twice (also ${field}[${twin}])`, `${at}.entityId`));
    firstIndex.set(entry.entityId, i);
    if (alreadyRecorded.has(entity.id)) {
      return fail(
        conflict(`The attendance of ${entity.name} at "${session.title}" is already recorded`, `${at}.entityId`, { existingId: entity.id }),
      );
    }
    const qualifier = entry.qualifier ?? 'EXACT';
    if (!FIGURE_QUALIFIERS.includes(qualifier))
      return fail(badInput(`qualifier must be one of ${FIGURE_QUALIFIERS.join(', ')}`, `${at}.qualifier`));

    const servants: PlannedServant[] = [];
    const seen = new Map<string, number>();
    let servantProblem = false;
    (entry.servants ?? []).forEach((s, j) => {
      const sat = `${at}.servants[${j}]`;
      const name = cleanText(s.name);
      const email = cleanText(s.email)?.toLowerCase() ?? null;
      const phone = cleanText(s.phone);
      let error: GraphQLError | null = null;
      if (!name) error = badInput(`A servant of ${entity.name} has no name`, `${sat}.name`);
      else if (name.length > 200) error = badInput(`A servant's name must be at most 200 characters`, `${sat}.name`);
      else if (email && !EMAIL.test(email)) error = badInput(`"${s.email}" is not an email address`, `${sat}.email`);
      else if (phone && !PHONE.test(phone)) error = badInput(`"${s.phone}" is not a phone number`, `${sat}.phone`);
      if (!error && name) {
        // The same person twice in one list: by email when given, else by name.
        const key = email ?? `name:${normalizeText(name)}`;
        const twinServant = seen.get(key);
        if (twinServant !== undefined)
          error = conflict(`${name} is named twice for ${entity.name}`, email ? `${sat}.email` : `${sat}.name`, {
            repeats: `${at}.servants[${twinServant}]`,
          });
        else seen.set(key, j);
      }
      if (error || !name) {
        servantProblem = true;
        if (error) fail(error, j);
        return;
      }
      const sortName = normalizeText(name);
      // Someone already on record for the entity is the same person: same email or, when neither has one, same name.
      const match = email ? knownByEmail.get(`${entity.id}|${email}`) : knownByName.get(`${entity.id}|${sortName}`);
      const id = match?.id ?? `${PROGRAM_ID}:servant:${randomUUID()}`;
      servants.push(
        match
          ? { id, record: null }
          : {
              id,
              record: {
                id,
                entityId: entity.id,
                fullName: name,
                sortName,
                email,
                phone,
                position: cleanText(s.position),
                origin: provenance.origin,
                source: provenance.source,
                locator: s.locator ?? entry.locator ?? null,
              },
            },
      );
    });
    if (servantProblem) return;

    const count = entry.servantCount ?? (servants.length ? servants.length : null);
    if (count === null) {
      return fail(
        badInput(`Say how many servants of ${entity.name} attended (servantCount) or name them (servants)`, `${at}.servantCount`),
      );
    }
    if (!Number.isInteger(count) || count < 0 || count > MAX_SERVANTS_PER_ENTITY) {
      return fail(
        badInput(
          `The servants of ${entity.name} must be a whole number from 0 to ${MAX_SERVANTS_PER_ENTITY}, got ${count}`,
          `${at}.servantCount`,
        ),
      );
    }
    if (count < servants.length) {
      return fail(badInput(`${count} servants of ${entity.name} attended, yet ${servants.length} are named`, `${at}.servantCount`));
    }
    planned.push({
      index: i,
      entity,
      servantCount: count,
      qualifier,
      note: cleanText(entry.note),
      locator: entry.locator ?? null,
      servants,
    });
  });
  return { session, entries: planned, problems };
}
