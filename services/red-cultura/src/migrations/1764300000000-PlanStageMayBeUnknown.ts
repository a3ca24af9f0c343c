import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A plan's stage may be unknown: the source document says the plans are "in development" without
 * naming a stage, and a stage nobody stated must not be filled in.
 */
export class PlanStageMayBeUnknown1764300000000 implements MigrationInterface {
  name = 'PlanStageMayBeUnknown1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE municipal_culture_plan ALTER COLUMN stage DROP NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    const [{ unknown }] = await q.query(`SELECT count(*)::int AS unknown FROM municipal_culture_plan WHERE stage IS NULL`);
    // Reverting would have to invent a stage for each of them.
    if (unknown > 0) throw new Error(`${unknown} plan(s) have no known stage; record their stage before reverting PlanStageMayBeUnknown`);
    await q.query(`ALTER TABLE municipal_culture_plan ALTER COLUMN stage SET NOT NULL`);
  }
}
