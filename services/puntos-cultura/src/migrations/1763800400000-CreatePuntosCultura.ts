import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The registry, the recognition workflow and the program facts the shared tables have no room for. */
export class CreatePuntosCultura1763800400000 implements MigrationInterface {
  name = 'CreatePuntosCultura1763800400000';

  async up(q: QueryRunner): Promise<void> {
    const origin = `origin text NOT NULL CHECK (origin IN ('SOURCE_DOCUMENT', 'IMPORT', 'USER', 'SYNTHETIC'))`;
    await q.query(`
      CREATE TABLE culture_point (
        actor_id text PRIMARY KEY REFERENCES actor (id) ON DELETE CASCADE,
        organisation_form text NOT NULL,
        legal_personality boolean NOT NULL DEFAULT false,
        tax_id text UNIQUE CHECK (tax_id ~ '^[0-9]{11}$'),
        founded_on date,
        founding_year integer CHECK (founding_year BETWEEN 1900 AND 2100),
        members integer CHECK (members >= 0),
        areas_of_work text[] NOT NULL DEFAULT '{}',
        populations text[] NOT NULL DEFAULT '{}',
        artistic_expressions text[] NOT NULL DEFAULT '{}',
        activities text,
        network_member boolean NOT NULL DEFAULT true,
        status text NOT NULL CHECK (status IN ('RECOGNISED', 'LAPSED', 'REVOKED'))
      )`);
    await q.query(`CREATE INDEX culture_point_status_idx ON culture_point (status)`);
    await q.query(`
      CREATE TABLE culture_point_status_change (
        id serial PRIMARY KEY,
        culture_point_id text NOT NULL REFERENCES culture_point (actor_id) ON DELETE CASCADE,
        status text NOT NULL CHECK (status IN ('RECOGNISED', 'LAPSED', 'REVOKED')),
        date date,
        resolution_number text,
        reason text,
        ${origin},
        source text,
        locator text,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX status_change_point_idx ON culture_point_status_change (culture_point_id, id)`);
    await q.query(`CREATE SEQUENCE application_number_seq`);
    await q.query(`
      CREATE TABLE application (
        id text PRIMARY KEY,
        organisation_name text NOT NULL CHECK (length(btrim(organisation_name)) > 0),
        sort_name text NOT NULL,
        organisation_form text NOT NULL,
        non_profit boolean NOT NULL,
        legal_personality boolean NOT NULL,
        tax_id text CHECK (tax_id ~ '^[0-9]{11}$'),
        continuous_work_since date NOT NULL,
        members integer NOT NULL CHECK (members >= 1),
        district_id text NOT NULL,
        territory_lineage text[] NOT NULL,
        areas_of_work text[] NOT NULL DEFAULT '{}',
        domains text[] NOT NULL DEFAULT '{}',
        artistic_expressions text[] NOT NULL DEFAULT '{}',
        populations text[] NOT NULL DEFAULT '{}',
        community_work text NOT NULL,
        evidence jsonb NOT NULL,
        submitted_on date NOT NULL,
        status text NOT NULL CHECK (status IN ('UNDER_REVIEW', 'RECOGNISED', 'DENIED')),
        eligible boolean NOT NULL,
        eligibility jsonb NOT NULL,
        contact_name text NOT NULL,
        contact_email text,
        contact_phone text,
        resolution_number text,
        culture_point_id text REFERENCES culture_point (actor_id),
        ${origin},
        source text,
        locator text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (continuous_work_since <= submitted_on)
      )`);
    // One open application per organisation and district: a second one is a duplicate, not a new case.
    await q.query(`CREATE UNIQUE INDEX application_pending_uq ON application (sort_name, district_id) WHERE status = 'UNDER_REVIEW'`);
    await q.query(`CREATE INDEX application_submitted_idx ON application (submitted_on DESC, id DESC)`);
    await q.query(`CREATE INDEX application_lineage_idx ON application USING gin (territory_lineage)`);
    await q.query(`CREATE INDEX application_point_idx ON application (culture_point_id)`);
    await q.query(`
      CREATE TABLE resolution (
        number text PRIMARY KEY,
        number_key text NOT NULL UNIQUE,
        kind text NOT NULL CHECK (kind IN ('RECOGNITION', 'DENIAL', 'LAPSE', 'REVOCATION')),
        date date NOT NULL,
        application_id text REFERENCES application (id),
        culture_point_id text REFERENCES culture_point (actor_id),
        reasons text[] NOT NULL DEFAULT '{}',
        recorded_by text,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE figure_annotation (
        figure_id integer PRIMARY KEY REFERENCES reported_figure (id) ON DELETE CASCADE,
        key text NOT NULL UNIQUE,
        label text NOT NULL,
        territory_ids text[] NOT NULL DEFAULT '{}',
        note text
      )`);
    await q.query(`
      CREATE TABLE program_finding (
        id text PRIMARY KEY,
        program_id text NOT NULL REFERENCES program (id),
        kind text NOT NULL CHECK (kind IN ('RESULT', 'EVALUATION_CONCLUSION', 'EVALUATION_RECOMMENDATION')),
        position integer NOT NULL,
        text text NOT NULL,
        ${origin},
        source text,
        locator text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE program_domain (
        program_id text NOT NULL REFERENCES program (id),
        source_name text NOT NULL,
        position integer NOT NULL,
        domain text NOT NULL,
        ${origin},
        source text,
        locator text,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (program_id, source_name)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DROP TABLE program_domain, program_finding, figure_annotation, resolution, application, culture_point_status_change, culture_point`,
    );
    await q.query(`DROP SEQUENCE application_number_seq`);
  }
}
