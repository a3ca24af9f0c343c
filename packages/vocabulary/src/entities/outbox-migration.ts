import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The change outbox: triggers record every change to actors, actions, their participations and figures
 * (and the program) in the same transaction as the change, so no write can be lost between the service
 * and the index. `txid` lets the feed hand out rows only once every older transaction has ended.
 */
export class AddChangeOutbox1763800200000 implements MigrationInterface {
  name = 'AddChangeOutbox1763800200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE change_outbox (
        position bigserial PRIMARY KEY,
        txid xid8 NOT NULL DEFAULT pg_current_xact_id(),
        entity text NOT NULL CHECK (entity IN ('program', 'actor', 'action')),
        entity_id text NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX change_outbox_txid_position_idx ON change_outbox (txid, position)`);
    await q.query(`
      CREATE FUNCTION record_change() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        row_data record;
      BEGIN
        IF TG_OP = 'DELETE' THEN row_data := OLD; ELSE row_data := NEW; END IF;
        IF TG_TABLE_NAME = 'participation' THEN
          INSERT INTO change_outbox (entity, entity_id) VALUES ('action', row_data.action_id);
        ELSIF TG_TABLE_NAME = 'reported_figure' THEN
          INSERT INTO change_outbox (entity, entity_id) VALUES (lower(row_data.subject_type), row_data.subject_id);
        ELSE
          INSERT INTO change_outbox (entity, entity_id) VALUES (TG_ARGV[0], row_data.id);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER program_changes AFTER INSERT OR UPDATE OR DELETE ON program FOR EACH ROW EXECUTE FUNCTION record_change('program')`,
    );
    await q.query(
      `CREATE TRIGGER actor_changes AFTER INSERT OR UPDATE OR DELETE ON actor FOR EACH ROW EXECUTE FUNCTION record_change('actor')`,
    );
    await q.query(
      `CREATE TRIGGER action_changes AFTER INSERT OR UPDATE OR DELETE ON action FOR EACH ROW EXECUTE FUNCTION record_change('action')`,
    );
    await q.query(
      `CREATE TRIGGER participation_changes AFTER INSERT OR UPDATE OR DELETE ON participation FOR EACH ROW EXECUTE FUNCTION record_change()`,
    );
    await q.query(
      `CREATE TRIGGER reported_figure_changes AFTER INSERT OR UPDATE OR DELETE ON reported_figure FOR EACH ROW EXECUTE FUNCTION record_change()`,
    );
    // Records written before this migration reach the index too.
    await q.query(`
      INSERT INTO change_outbox (entity, entity_id)
      SELECT 'program', id FROM program UNION ALL SELECT 'actor', id FROM actor UNION ALL SELECT 'action', id FROM action`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['program', 'actor', 'action', 'participation', 'reported_figure']) {
      await q.query(`DROP TRIGGER ${t}_changes ON ${t}`);
    }
    await q.query(`DROP FUNCTION record_change()`);
    await q.query(`DROP TABLE change_outbox`);
  }
}
