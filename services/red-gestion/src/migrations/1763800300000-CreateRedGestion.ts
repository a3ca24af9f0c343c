import type { MigrationInterface, QueryRunner } from 'typeorm';

const ORIGINS = `('SOURCE_DOCUMENT', 'IMPORT', 'USER', 'SYNTHETIC')`;
const QUALIFIERS = `('EXACT', 'MORE_THAN', 'AT_LEAST', 'APPROXIMATELY', 'LESS_THAN', 'AT_MOST')`;

/** The RED's own tables, beside the shared vocabulary's (whose migration runs first). */
export class CreateRedGestion1763800300000 implements MigrationInterface {
  name = 'CreateRedGestion1763800300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE red_entity (
        actor_id text PRIMARY KEY REFERENCES actor (id) ON DELETE CASCADE,
        entity_kind text NOT NULL CHECK (entity_kind IN ('MINISTRY_DIRECTORATE', 'DECONCENTRATED_CULTURE_OFFICE', 'REGIONAL_GOVERNMENT', 'PROVINCIAL_MUNICIPALITY', 'DISTRICT_MUNICIPALITY')),
        network_role text CHECK (network_role IN ('COORDINATOR', 'MEMBER')),
        acronym text,
        member_since date
      )`);
    // The network has one coordinator (the DGIA); a unique index keeps it so under concurrent writes.
    await q.query(`CREATE UNIQUE INDEX red_entity_one_coordinator_idx ON red_entity ((true)) WHERE network_role = 'COORDINATOR'`);
    await q.query(`
      CREATE TABLE red_training_programme (
        id text PRIMARY KEY,
        title text NOT NULL CHECK (length(btrim(title)) > 0),
        period_year integer CHECK (period_year BETWEEN 1900 AND 2100),
        period_text text,
        announced_workshops integer CHECK (announced_workshops >= 0),
        announced_qualifier text CHECK (announced_qualifier IN ${QUALIFIERS}),
        announced_source_text text,
        note text,
        origin text NOT NULL CHECK (origin IN ${ORIGINS}),
        source text,
        locator text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE red_session (
        action_id text PRIMARY KEY REFERENCES action (id) ON DELETE CASCADE,
        topic text,
        modality text NOT NULL CHECK (modality IN ('IN_PERSON', 'VIRTUAL', 'HYBRID', 'UNKNOWN')),
        programme_id text REFERENCES red_training_programme (id),
        recipient_id text REFERENCES red_entity (actor_id),
        closed_at timestamptz,
        note text
      )`);
    await q.query(`CREATE INDEX red_session_programme_idx ON red_session (programme_id) WHERE programme_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE red_attendance (
        action_id text NOT NULL REFERENCES red_session (action_id) ON DELETE CASCADE,
        entity_id text NOT NULL REFERENCES red_entity (actor_id),
        servant_count integer NOT NULL CHECK (servant_count >= 0),
        qualifier text NOT NULL CHECK (qualifier IN ${QUALIFIERS}),
        note text,
        origin text NOT NULL CHECK (origin IN ${ORIGINS}),
        source text,
        locator text,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (action_id, entity_id)
      )`);
    await q.query(`CREATE INDEX red_attendance_entity_idx ON red_attendance (entity_id)`);
    await q.query(`
      CREATE TABLE red_public_servant (
        id text PRIMARY KEY,
        entity_id text NOT NULL REFERENCES red_entity (actor_id),
        full_name text NOT NULL CHECK (length(btrim(full_name)) > 0),
        sort_name text NOT NULL,
        email text,
        phone text,
        position text,
        origin text NOT NULL CHECK (origin IN ${ORIGINS}),
        source text,
        locator text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX red_public_servant_entity_idx ON red_public_servant (entity_id, sort_name)`);
    await q.query(
      `CREATE UNIQUE INDEX red_public_servant_email_idx ON red_public_servant (entity_id, lower(email)) WHERE email IS NOT NULL`,
    );
    await q.query(`
      CREATE TABLE red_servant_attendance (
        action_id text NOT NULL,
        servant_id text NOT NULL REFERENCES red_public_servant (id),
        entity_id text NOT NULL,
        PRIMARY KEY (action_id, servant_id),
        FOREIGN KEY (action_id, entity_id) REFERENCES red_attendance (action_id, entity_id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX red_servant_attendance_servant_idx ON red_servant_attendance (servant_id)`);
    await q.query(`
      CREATE TABLE red_statement (
        id text PRIMARY KEY,
        topic text NOT NULL CHECK (topic IN ('MECHANISM', 'PURPOSE', 'OBJECTIVE', 'ALIGNMENT')),
        policy text,
        text text NOT NULL CHECK (length(btrim(text)) > 0),
        origin text NOT NULL CHECK (origin IN ${ORIGINS}),
        source text,
        locator text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((topic = 'ALIGNMENT') = (policy IS NOT NULL))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DROP TABLE red_statement, red_servant_attendance, red_public_servant, red_attendance, red_session, red_training_programme, red_entity`,
    );
  }
}
