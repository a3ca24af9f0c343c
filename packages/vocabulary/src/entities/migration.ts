import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The shared vocabulary tables; every program service lists this migration first. */
export class CreateProgramVocabulary1763800000000 implements MigrationInterface {
  name = 'CreateProgramVocabulary1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE program (
        id text PRIMARY KEY,
        name text NOT NULL,
        acronym text,
        country_id text NOT NULL,
        agency text NOT NULL,
        description text NOT NULL,
        legal_basis text,
        lines jsonb NOT NULL DEFAULT '[]'::jsonb,
        origin text NOT NULL,
        source text,
        locator text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE actor (
        id text PRIMARY KEY,
        program_id text NOT NULL REFERENCES program (id),
        kind text NOT NULL,
        government_level text NOT NULL,
        name text NOT NULL CHECK (length(btrim(name)) > 0),
        sort_name text NOT NULL,
        territory_id text,
        territory_lineage text[] NOT NULL DEFAULT '{}',
        domains text[] NOT NULL DEFAULT '{}',
        details jsonb NOT NULL DEFAULT '{}'::jsonb,
        origin text NOT NULL CHECK (origin IN ('SOURCE_DOCUMENT', 'IMPORT', 'USER', 'SYNTHETIC')),
        source text,
        locator text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX actor_program_sort_idx ON actor (program_id, sort_name, id)`);
    await q.query(`CREATE INDEX actor_lineage_idx ON actor USING gin (territory_lineage)`);
    await q.query(`CREATE INDEX actor_kind_idx ON actor (kind)`);
    await q.query(`
      CREATE TABLE action (
        id text PRIMARY KEY,
        program_id text NOT NULL REFERENCES program (id),
        kind text NOT NULL,
        line_code text,
        title text NOT NULL CHECK (length(btrim(title)) > 0),
        status text NOT NULL,
        period_start date,
        period_end date,
        period_year integer,
        period_text text,
        sort_at timestamptz NOT NULL,
        territory_ids text[] NOT NULL DEFAULT '{}',
        territory_lineage text[] NOT NULL DEFAULT '{}',
        domains text[] NOT NULL DEFAULT '{}',
        description text,
        details jsonb NOT NULL DEFAULT '{}'::jsonb,
        origin text NOT NULL CHECK (origin IN ('SOURCE_DOCUMENT', 'IMPORT', 'USER', 'SYNTHETIC')),
        source text,
        locator text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (period_start IS NULL OR period_end IS NULL OR period_start <= period_end)
      )`);
    await q.query(`CREATE INDEX action_sort_idx ON action (sort_at DESC, id DESC)`);
    await q.query(`CREATE INDEX action_lineage_idx ON action USING gin (territory_lineage)`);
    await q.query(`CREATE INDEX action_kind_line_idx ON action (kind, line_code)`);
    await q.query(`
      CREATE TABLE participation (
        action_id text NOT NULL REFERENCES action (id) ON DELETE CASCADE,
        actor_id text NOT NULL REFERENCES actor (id),
        role text NOT NULL,
        note text,
        PRIMARY KEY (action_id, actor_id, role)
      )`);
    await q.query(`CREATE INDEX participation_actor_idx ON participation (actor_id)`);
    await q.query(`
      CREATE TABLE reported_figure (
        id serial PRIMARY KEY,
        subject_type text NOT NULL CHECK (subject_type IN ('PROGRAM', 'ACTION', 'ACTOR')),
        subject_id text NOT NULL,
        metric text NOT NULL,
        value numeric NOT NULL CHECK (value >= 0),
        qualifier text NOT NULL,
        unit text NOT NULL,
        currency text,
        period_start date,
        period_end date,
        period_year integer,
        period_text text,
        source_text text,
        origin text NOT NULL CHECK (origin IN ('SOURCE_DOCUMENT', 'IMPORT', 'USER', 'SYNTHETIC')),
        source text,
        locator text,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX reported_figure_subject_idx ON reported_figure (subject_type, subject_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE reported_figure, participation, action, actor, program`);
  }
}
