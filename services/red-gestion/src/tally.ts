/**
 * Counting servants without inventing precision. Sources report attendance either by entity (a list) or
 * only as a total for a whole session ("más de 60 servidores … de 17 regiones"). A count for a region or
 * a level of government takes what the source allows and says how sure it is:
 *
 * - the session lies wholly inside the slice (every participant's territory, or level): its total;
 * - the slice has entities on the session's list: their sum, a lower bound (AT_LEAST) unless the list
 *   adds up exactly to the reported total;
 * - the source names the slice (a region participants came from, a level present) but gives no number:
 *   "more than 0".
 */
import { describeFigure, qualifierOfSum, territoryLineage, type FigureQualifier, type GovernmentLevel } from '@cultura/vocabulary';

export interface Count {
  value: number;
  qualifier: FigureQualifier;
}

export interface ServantCount extends Count {
  text: string;
  sessions: number;
  sessionsWithoutBreakdown: number;
}

export interface AttendanceRow {
  entityId: string;
  /** The entity's territory and its ancestors. */
  lineage: string[];
  level: GovernmentLevel;
  count: Count;
}

/** A session as the counts see it. */
export interface SessionAttendance {
  id: string;
  /** The PARTICIPANTS figure reported for the whole session, if any. */
  reported: Count | null;
  rows: AttendanceRow[];
  /** Where participants came from (the action's territories). */
  territoryIds: string[];
  territoryLineage: string[];
  /** Levels of the groups a source reports without names. */
  groupLevels: GovernmentLevel[];
}

/** A region (with everything below it) or a level of government. */
export interface Slice {
  contains(row: AttendanceRow): boolean;
  /** The source says participants came from this slice. */
  named(s: SessionAttendance): boolean;
  /** Every participant of the session is in this slice. */
  coversAll(s: SessionAttendance): boolean;
}

export function territorySlice(territoryId: string): Slice {
  const contains = (row: AttendanceRow) => row.lineage.includes(territoryId);
  return {
    contains,
    named: (s) => s.territoryLineage.includes(territoryId),
    coversAll: (s) =>
      s.territoryIds.length > 0 &&
      s.territoryIds.every((t) => territoryLineage(t)?.includes(territoryId) ?? false) &&
      s.rows.every(contains),
  };
}

export function levelSlice(level: GovernmentLevel): Slice {
  const contains = (row: AttendanceRow) => row.level === level;
  return {
    contains,
    named: (s) => s.groupLevels.includes(level),
    coversAll: (s) => (s.rows.length > 0 || s.groupLevels.length > 0) && s.rows.every(contains) && s.groupLevels.every((l) => l === level),
  };
}

export function sumCounts(counts: Count[]): Count {
  return { value: counts.reduce((n, c) => n + c.value, 0), qualifier: qualifierOfSum(counts.map((c) => c.qualifier)) };
}

/** Everything known about a session's servants: its reported figure, else the sum of its list. */
export function sessionTotal(s: SessionAttendance): Count | null {
  if (s.reported) return s.reported;
  return s.rows.length ? sumCounts(s.rows.map((r) => r.count)) : null;
}

/** The list by entity accounts for every servant of the session. */
function listIsComplete(s: SessionAttendance): boolean {
  if (!s.rows.length) return false;
  if (!s.reported) return true;
  const listed = sumCounts(s.rows.map((r) => r.count));
  return s.reported.qualifier === 'EXACT' && listed.qualifier === 'EXACT' && listed.value === s.reported.value;
}

interface Contribution extends Count {
  withoutBreakdown: boolean;
}

function contribution(s: SessionAttendance, slice: Slice): Contribution | null {
  const inside = s.rows.filter(slice.contains);
  if (!inside.length && !slice.named(s)) return null;
  if (slice.coversAll(s)) {
    const total = sessionTotal(s);
    return total ? { ...total, withoutBreakdown: false } : { value: 0, qualifier: 'MORE_THAN', withoutBreakdown: true };
  }
  if (!inside.length) return { value: 0, qualifier: 'MORE_THAN', withoutBreakdown: true };
  const sum = sumCounts(inside.map((r) => r.count));
  return { ...sum, qualifier: listIsComplete(s) ? sum.qualifier : qualifierOfSum([sum.qualifier, 'AT_LEAST']), withoutBreakdown: false };
}

export function describeServants(c: Count): string {
  return describeFigure({ value: c.value, qualifier: c.qualifier, unit: 'public servants' });
}

function servantCount(c: Count, sessions: number, sessionsWithoutBreakdown: number): ServantCount {
  return { value: c.value, qualifier: c.qualifier, text: describeServants(c), sessions, sessionsWithoutBreakdown };
}

/** Servants of a slice across sessions; zero sessions give an exact 0. */
export function countServants(sessions: SessionAttendance[], slice: Slice): ServantCount {
  const parts = sessions.map((s) => contribution(s, slice)).filter((c): c is Contribution => c !== null);
  return servantCount(sumCounts(parts), parts.length, parts.filter((p) => p.withoutBreakdown).length);
}

/** Sessions of the list with participants in the slice. */
export function sessionsIn(sessions: SessionAttendance[], slice: Slice): number {
  return sessions.filter((s) => s.rows.some(slice.contains) || slice.named(s)).length;
}

/** A whole session's servants, or null when nothing is known. */
export function sessionServants(s: SessionAttendance): ServantCount | null {
  const total = sessionTotal(s);
  return total && servantCount(total, 1, 0);
}
