import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When each feed was last read successfully, so that while a feed cannot be read the index reports its
 * pending count as unknown and its lag as growing since then, instead of the last figures it saw.
 */
export class FeedReachability1765100000000 implements MigrationInterface {
  name = 'FeedReachability1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE feed_state ADD COLUMN last_succeeded_at timestamptz`);
    await q.query(`UPDATE feed_state SET last_succeeded_at = last_polled_at WHERE last_error IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE feed_state DROP COLUMN last_succeeded_at`);
  }
}
