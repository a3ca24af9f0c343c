import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIndex1763800300000 implements MigrationInterface {
  name = 'CreateIndex1763800300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE indexed_action (
        id text PRIMARY KEY,
        feed text NOT NULL,
        program_id text NOT NULL,
        type_name text NOT NULL,
        kind text NOT NULL,
        line_code text,
        title text NOT NULL,
        sort_title text NOT NULL,
        status text NOT NULL,
        period_start date,
        period_end date,
        year integer,
        sort_at timestamptz NOT NULL,
        countries text[] NOT NULL,
        first_levels text[] NOT NULL,
        territory_ids text[] NOT NULL,
        territory_lineage text[] NOT NULL,
        domains text[] NOT NULL,
        origin text NOT NULL,
        actor_ids text[] NOT NULL,
        figures jsonb NOT NULL,
        indexed_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX indexed_action_sort_idx ON indexed_action (sort_at DESC, id DESC)`);
    await q.query(`CREATE INDEX indexed_action_lineage_idx ON indexed_action USING gin (territory_lineage)`);
    await q.query(`CREATE INDEX indexed_action_program_idx ON indexed_action (program_id, kind)`);
    await q.query(`CREATE INDEX indexed_action_year_idx ON indexed_action (year)`);
    await q.query(`
      CREATE TABLE indexed_actor (
        id text PRIMARY KEY,
        feed text NOT NULL,
        program_id text NOT NULL,
        type_name text NOT NULL,
        kind text NOT NULL,
        government_level text NOT NULL,
        name text NOT NULL,
        sort_name text NOT NULL,
        territory_id text,
        territory_lineage text[] NOT NULL,
        country text,
        first_level text,
        domains text[] NOT NULL,
        origin text NOT NULL,
        indexed_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX indexed_actor_sort_idx ON indexed_actor (sort_name, id)`);
    await q.query(`CREATE INDEX indexed_actor_lineage_idx ON indexed_actor USING gin (territory_lineage)`);
    await q.query(`
      CREATE TABLE indexed_program (
        id text PRIMARY KEY,
        feed text NOT NULL,
        name text NOT NULL,
        country_id text NOT NULL,
        origin text NOT NULL,
        figures jsonb NOT NULL,
        indexed_at timestamptz NOT NULL
      )`);
    // The level of a territory from its id (see the territories service's id scheme).
    await q.query(`
      CREATE FUNCTION territory_level(id text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE
          WHEN id !~ ':' THEN 'COUNTRY'
          WHEN id ~ '^[A-Z]{2}:[^:]+:' THEN 'LOCAL'
          WHEN id ~ '^PE:LMA$' OR id ~ '^[A-Z]{2}:[0-9]{2}$' THEN 'FIRST_LEVEL'
          WHEN id ~ '^CL:[0-9]{3}$' OR id ~ '^PE:[0-9]{4}$' THEN 'SECOND_LEVEL'
          WHEN id ~ '^CL:[0-9]{5}$' OR id ~ '^PE:[0-9]{6}$' THEN 'THIRD_LEVEL'
          ELSE 'UNKNOWN'
        END
      $$`);
    await q.query(`
      CREATE TABLE feed_state (
        feed text PRIMARY KEY,
        cursor text,
        pending integer NOT NULL DEFAULT 0,
        oldest_pending_at timestamptz,
        applied_changes bigint NOT NULL DEFAULT 0,
        last_polled_at timestamptz,
        last_applied_at timestamptz,
        last_error text
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE feed_state, indexed_program, indexed_actor, indexed_action`);
    await q.query(`DROP FUNCTION territory_level(text)`);
  }
}
