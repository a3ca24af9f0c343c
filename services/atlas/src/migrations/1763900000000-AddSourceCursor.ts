import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Remembers, per indexed record, the feed cursor of the change that produced it, so a change delivered
 * again after a newer one (a broker redelivers unacknowledged messages out of order) cannot bring an
 * older state back. Deletions keep their cursor in `indexed_deletion` for the same reason.
 */
export class AddSourceCursor1763900000000 implements MigrationInterface {
  name = 'AddSourceCursor1763900000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['indexed_action', 'indexed_actor', 'indexed_program']) {
      await q.query(`ALTER TABLE ${table} ADD COLUMN source_cursor text`);
    }
    await q.query(`
      CREATE TABLE indexed_deletion (
        entity text NOT NULL,
        id text NOT NULL,
        source_cursor text NOT NULL,
        PRIMARY KEY (entity, id)
      )`);
    // Cursors are `<txid>.<position>`: compared as numbers, "10.1" follows "9.7", which text order gets wrong.
    await q.query(`
      CREATE FUNCTION feed_cursor_key(cursor text) RETURNS numeric[] LANGUAGE sql IMMUTABLE STRICT AS $$
        SELECT ARRAY[split_part(cursor, '.', 1)::numeric, split_part(cursor, '.', 2)::numeric]
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION feed_cursor_key(text)`);
    await q.query(`DROP TABLE indexed_deletion`);
    for (const table of ['indexed_action', 'indexed_actor', 'indexed_program']) {
      await q.query(`ALTER TABLE ${table} DROP COLUMN source_cursor`);
    }
  }
}
