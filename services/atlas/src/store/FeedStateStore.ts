import type { DataSource } from 'typeorm';
import { FeedState } from '../entities';

/**
 * The index's head: where it stands in every program's feed and how many changes it has applied. It
 * moves exactly when the index's answers may change, which is what a cache in front of it needs to know.
 */
export async function indexHead(ds: DataSource): Promise<string | null> {
  const states = await ds.getRepository(FeedState).find({ order: { feed: 'ASC' } });
  if (!states.length) return null;
  return states.map((s) => `${s.feed}@${s.cursor ?? ''}#${s.appliedChanges}`).join(',');
}

/** How far the index is behind one feed, as `indexStatus` and the lag metrics report it. */
export interface FeedStatusView {
  feed: string;
  cursor: string | null;
  /** Whether the last try to read the feed succeeded. */
  reachable: boolean;
  /** Changes the index has not applied yet; null (unknown) while the feed cannot be read. */
  pending: number | null;
  /**
   * Seconds since the oldest change known to be unapplied; while the feed cannot be read, since the
   * last successful read if nothing was known pending then (it grows). Null before any successful read.
   */
  lagSeconds: number | null;
  appliedChanges: number;
  lastPolledAt: Date | null;
  lastSucceededAt: Date | null;
  lastAppliedAt: Date | null;
  lastError: string | null;
}

export async function feedStatuses(ds: DataSource, now = Date.now()): Promise<FeedStatusView[]> {
  const states = await ds.getRepository(FeedState).find({ order: { feed: 'ASC' } });
  return states.map((s) => {
    const reachable = s.lastError === null && s.lastSucceededAt !== null;
    const oldestPending = s.pending > 0 ? s.oldestPendingAt : null;
    const behindSince = reachable ? oldestPending : (oldestPending ?? s.lastSucceededAt);
    return {
      feed: s.feed,
      cursor: s.cursor,
      reachable,
      pending: reachable ? s.pending : null,
      lagSeconds: s.lastSucceededAt === null ? null : behindSince ? Math.max(0, (now - behindSince.getTime()) / 1000) : 0,
      appliedChanges: Number(s.appliedChanges),
      lastPolledAt: s.lastPolledAt,
      lastSucceededAt: s.lastSucceededAt,
      lastAppliedAt: s.lastAppliedAt,
      lastError: s.lastError,
    };
  });
}
