import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateRedCultura1763800100000 implements MigrationInterface {
  name = 'CreateRedCultura1763800100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE municipal_culture_plan (
        action_id text PRIMARY KEY REFERENCES action (id) ON DELETE CASCADE,
        municipality_id text NOT NULL REFERENCES actor (id),
        comuna_id text NOT NULL UNIQUE,
        stage text NOT NULL CHECK (stage IN ('DIAGNOSIS', 'PARTICIPATORY_FORMULATION', 'APPROVAL', 'PLADECO_INTEGRATION', 'IMPLEMENTATION', 'EVALUATION')),
        participation_processes text[] NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX municipal_culture_plan_municipality_idx ON municipal_culture_plan (municipality_id)`);
    await q.query(`
      CREATE TABLE plan_stage_change (
        id serial PRIMARY KEY,
        plan_id text NOT NULL REFERENCES municipal_culture_plan (action_id) ON DELETE CASCADE,
        from_stage text,
        to_stage text NOT NULL,
        changed_on date,
        changed_by text,
        note text
      )`);
    await q.query(`CREATE INDEX plan_stage_change_plan_idx ON plan_stage_change (plan_id, id)`);
    await q.query(`CREATE INDEX action_centre_idx ON action ((details ->> 'centreId')) WHERE details ? 'centreId'`);
    await q.query(`CREATE INDEX actor_municipality_idx ON actor ((details ->> 'municipalityId')) WHERE details ? 'municipalityId'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX actor_municipality_idx`);
    await q.query(`DROP INDEX action_centre_idx`);
    await q.query(`DROP TABLE plan_stage_change, municipal_culture_plan`);
  }
}
