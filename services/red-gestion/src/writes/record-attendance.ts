/** Recording an attendance list that passed its checks, in a number of SQL statements that does not depend on its length. */
import type { EntityManager } from 'typeorm';
import { badInput } from '@cultura/service-kit';
import { territoryLineage, type ActionRecord } from '@cultura/vocabulary';
import type { Ctx } from '../resolvers/context';
import { insertAttendance } from '../store/attendance';
import { findAction } from '../store/sessions';
import { userProvenance, type Provenance } from './input';
import { lockSessionForAttendance, planAttendance, type AttendanceEntryInput, type AttendancePlan } from './plan-attendance';

/**
 * Attendance lists longer than this are sent in parts (importAttendance has the same bound): each list is
 * written in single statements, which PostgreSQL caps at 65,535 parameters.
 */
const MAX_ENTRIES = 5000;

export interface RecordAttendanceInput {
  sessionId: string;
  entries: AttendanceEntryInput[];
  source?: string | null;
}

/** Records which entities attended a session, and how many of their servants; the first problem refuses the whole list. */
export async function recordAttendance(ctx: Ctx, input: RecordAttendanceInput): Promise<{ action: ActionRecord }> {
  if (!input.entries.length) throw badInput('entries must list at least one entity', 'input.entries');
  if (input.entries.length > MAX_ENTRIES) throw badInput(`At most ${MAX_ENTRIES} entries at a time`, 'input.entries');
  const named = input.entries.reduce((n, e) => n + (e.servants?.length ?? 0), 0);
  if (named > MAX_ENTRIES) throw badInput(`At most ${MAX_ENTRIES} named servants at a time`, 'input.entries');
  const provenance = userProvenance(ctx, input.source);
  return ctx.dataSource.transaction(async (tx) => {
    const session = await lockSessionForAttendance(tx, input.sessionId, 'input.sessionId');
    const plan = await planAttendance(tx, session, input.entries, 'input.entries', provenance);
    if (plan.problems.length) throw plan.problems[0].error;
    await writeAttendance(tx, plan, provenance);
    return { action: await findAction(tx, session.id) };
  });
}

/**
 * Writes a planned attendance list in the caller's transaction: at most five statements, whatever its
 * length. Each entity also becomes a PARTICIPANT of the action (the shared vocabulary's view), and its
 * territory joins the action's territories when the action does not reach it yet.
 */
export async function writeAttendance(
  tx: EntityManager,
  plan: AttendancePlan,
  provenance: Provenance,
): Promise<{ entities: number; servants: number }> {
  const { session, entries } = plan;
  if (!entries.length) return { entities: 0, servants: 0 };
  const presences = entries.flatMap((e) => e.servants.map((s) => ({ actionId: session.id, servantId: s.id, entityId: e.entity.id })));

  const lineage = new Set(session.territoryLineage);
  const added: string[] = [];
  for (const e of entries) {
    const t = e.entity.territoryId;
    if (t && !lineage.has(t)) {
      added.push(t);
      for (const id of territoryLineage(t) ?? [t]) lineage.add(id);
    }
  }
  await insertAttendance(tx, session.id, {
    attendance: entries.map((e) => ({
      actionId: session.id,
      entityId: e.entity.id,
      servantCount: e.servantCount,
      qualifier: e.qualifier,
      note: e.note,
      origin: provenance.origin,
      source: provenance.source,
      locator: e.locator,
    })),
    servants: entries.flatMap((e) => e.servants.flatMap((s) => (s.record ? [s.record] : []))),
    presences,
    participants: entries.map((e) => e.entity.id),
    territories: added.length ? { territoryIds: [...session.territoryIds, ...added], territoryLineage: [...lineage] } : null,
  });
  return { entities: entries.length, servants: presences.length };
}
