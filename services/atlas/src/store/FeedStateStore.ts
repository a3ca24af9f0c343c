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
