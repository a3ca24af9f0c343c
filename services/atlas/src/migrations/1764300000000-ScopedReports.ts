import type { MigrationInterface, QueryRunner } from 'typeorm';
import { QUALIFIERS } from '../domain';
import { ROLLUPS, type Rollup } from '../rollups';

const QUALIFIER_COLUMNS = QUALIFIERS.map((q) => q.toLowerCase());
/** Every column any rollup is keyed by, as the trigger reads them from the changed actions. */
const ALL_KEYS = [...new Set(ROLLUPS.flatMap((r) => r.key))];

const COLUMN_TYPES: Record<string, string> = {
  program_id: 'text NOT NULL',
  kind: 'text NOT NULL',
  status: 'text NOT NULL',
  origin: 'text NOT NULL',
  year: 'integer',
  year_end: 'integer',
  countries: 'text[] NOT NULL',
  first_levels: 'text[] NOT NULL',
  regions: 'text[] NOT NULL',
  territory_levels: 'text[] NOT NULL',
  domains: 'text[] NOT NULL',
};

/**
 * Adds what a delta of indexed actions (`d`: rows with a `sign` of +1 or -1) changes to one rollup and
 * its figure sums. Rows are upserted in key order so that two transactions touching the same cells lock
 * them in the same order and cannot deadlock; cells that fall to zero are removed.
 */
function mergeDelta(rollup: Rollup, delta: string): string {
  const KEY = rollup.key.join(', ');
  const qualifierCounts = QUALIFIERS.map((q, i) => `count(*) FILTER (WHERE e->>'qualifier' = '${q}') AS ${QUALIFIER_COLUMNS[i]}`).join(', ');
  const signed = QUALIFIER_COLUMNS.map((c) => `sum(sign * ${c}) AS ${c}`).join(', ');
  const changed = ['sum(sign * value)', 'sum(sign * figures)', 'sum(sign)', ...QUALIFIER_COLUMNS.map((c) => `sum(sign * ${c})`)].map((e) => `${e} <> 0`).join(' OR ');
  return `
    WITH d AS (${delta})
    INSERT INTO ${rollup.table} AS r (${KEY}, actions)
    SELECT ${KEY}, sum(sign) FROM d GROUP BY ${KEY} HAVING sum(sign) <> 0 ORDER BY ${KEY}
    ON CONFLICT ON CONSTRAINT ${rollup.table}_key DO UPDATE SET actions = r.actions + EXCLUDED.actions;

    WITH d AS (${delta}),
    per_action AS (
      SELECT ${KEY}, d.id, d.sign, e->>'metric' AS metric, e->>'unit' AS unit, e->>'currency' AS currency,
             sum((e->>'value')::numeric) AS value, count(*) AS figures, ${qualifierCounts}
      FROM d CROSS JOIN LATERAL jsonb_array_elements(d.figures) e
      GROUP BY ${KEY}, d.id, d.sign, e->>'metric', e->>'unit', e->>'currency'
    )
    INSERT INTO ${rollup.figureTable} AS r (${KEY}, metric, unit, currency, value, figures, actions_reporting, ${QUALIFIER_COLUMNS.join(', ')})
    SELECT ${KEY}, metric, unit, currency, sum(sign * value), sum(sign * figures), sum(sign), ${signed}
    FROM per_action GROUP BY ${KEY}, metric, unit, currency HAVING ${changed}
    ORDER BY ${KEY}, metric, unit, currency
    ON CONFLICT ON CONSTRAINT ${rollup.figureTable}_key DO UPDATE SET
      value = r.value + EXCLUDED.value, figures = r.figures + EXCLUDED.figures, actions_reporting = r.actions_reporting + EXCLUDED.actions_reporting,
      ${QUALIFIER_COLUMNS.map((c) => `${c} = r.${c} + EXCLUDED.${c}`).join(', ')};

    DELETE FROM ${rollup.table} WHERE actions = 0;
    DELETE FROM ${rollup.figureTable} WHERE figures = 0;`;
}

const mergeAll = (delta: string) => ROLLUPS.map((r) => mergeDelta(r, delta)).join('\n');

/**
 * Reports that attribute every figure to the scope its source gives it, program- and territory-level
 * figures beside action figures, periods with their precision, Peru as INEI counts it, and rollups that
 * answer national reports without reading every action.
 *
 * The index's rows change shape and the old rows lack what the feeds now carry (figure scopes, labels,
 * period precision), so the index is emptied and every feed read again from its start: the feeds keep
 * every change, and the consumers refill the index on their next poll. (With FEED_TRANSPORT=nats, run
 * `npm run index:rebuild` once after upgrading: the broker does not redeliver acknowledged changes.)
 *
 * The rollups are kept by statement-level triggers on `indexed_action`, so they change in the same
 * transaction as the rows they sum, whichever path writes them (feed apply, rebuild, a benchmark's load).
 */
export class ScopedReports1764300000000 implements MigrationInterface {
  name = 'ScopedReports1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`TRUNCATE indexed_action, indexed_actor, indexed_program, indexed_deletion`);
    await q.query(`UPDATE feed_state SET cursor = NULL, pending = 0, oldest_pending_at = NULL, applied_changes = 0, last_applied_at = NULL, last_error = NULL`);

    await q.query(`
      ALTER TABLE indexed_action
        ALTER COLUMN sort_at DROP NOT NULL,
        ADD COLUMN period_precision text NOT NULL DEFAULT 'UNDATED',
        ADD COLUMN year_end integer,
        ADD COLUMN regions text[] NOT NULL DEFAULT '{}',
        ADD COLUMN territory_levels text[] NOT NULL DEFAULT '{}',
        ADD COLUMN places jsonb NOT NULL DEFAULT '[]'::jsonb`);
    // Undated actions sort last in both directions; each order has the index its keyset pages walk.
    await q.query(`DROP INDEX indexed_action_sort_idx`);
    await q.query(`CREATE INDEX indexed_action_newest_idx ON indexed_action ((COALESCE(sort_at, '-infinity'::timestamptz)) DESC, id DESC)`);
    await q.query(`CREATE INDEX indexed_action_oldest_idx ON indexed_action ((COALESCE(sort_at, 'infinity'::timestamptz)), id)`);
    await q.query(`CREATE INDEX indexed_action_title_idx ON indexed_action (sort_title, id)`);
    await q.query(`DROP FUNCTION territory_level(text)`);
    // Filters by program, kind or year are answered by the rollups or walk the sort indexes; these two
    // only slowed every write.
    await q.query(`DROP INDEX indexed_action_program_idx, indexed_action_year_idx`);

    // Figures reported for a program or for named territories rather than for one action's territories.
    await q.query(`
      CREATE TABLE indexed_figure (
        id text PRIMARY KEY,
        feed text NOT NULL,
        program_id text NOT NULL,
        subject_type text NOT NULL CHECK (subject_type IN ('PROGRAM', 'ACTION')),
        subject_id text NOT NULL,
        kind text,
        status text,
        domains text[] NOT NULL DEFAULT '{}',
        metric text NOT NULL,
        value numeric NOT NULL,
        qualifier text NOT NULL,
        unit text NOT NULL,
        currency text,
        label text,
        source_text text,
        period_start date,
        period_end date,
        year integer,
        year_end integer,
        period_precision text NOT NULL,
        period_text text,
        scope_territory_ids text[] NOT NULL,
        program_wide boolean NOT NULL,
        lineage text[] NOT NULL,
        places jsonb NOT NULL,
        origin text NOT NULL,
        source text,
        locator text
      )`);
    await q.query(`CREATE INDEX indexed_figure_subject_idx ON indexed_figure (subject_type, subject_id)`);
    await q.query(`CREATE INDEX indexed_figure_lineage_idx ON indexed_figure USING gin (lineage)`);

    for (const r of ROLLUPS) {
      const keyColumns = r.key.map((c) => `${c} ${COLUMN_TYPES[c]}`).join(', ');
      const key = r.key.join(', ');
      await q.query(`CREATE TABLE ${r.table} (${keyColumns}, actions bigint NOT NULL, CONSTRAINT ${r.table}_key UNIQUE NULLS NOT DISTINCT (${key}))`);
      await q.query(`
        CREATE TABLE ${r.figureTable} (${keyColumns}, metric text NOT NULL, unit text NOT NULL, currency text,
          value numeric NOT NULL, figures bigint NOT NULL, actions_reporting bigint NOT NULL,
          ${QUALIFIER_COLUMNS.map((c) => `${c} bigint NOT NULL`).join(', ')},
          CONSTRAINT ${r.figureTable}_key UNIQUE NULLS NOT DISTINCT (${key}, metric, unit, currency))`);
      // Cells that fall to zero are deleted after each change: these partial indexes find them at once.
      await q.query(`CREATE INDEX ${r.table}_empty_idx ON ${r.table} ((1)) WHERE actions = 0`);
      await q.query(`CREATE INDEX ${r.figureTable}_empty_idx ON ${r.figureTable} ((1)) WHERE figures = 0`);
    }

    const columns = `id, ${ALL_KEYS.join(', ')}, figures`;
    await q.query(`
      CREATE FUNCTION indexed_action_rollup() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          ${mergeAll(`SELECT ${columns}, 1 AS sign FROM new_rows`)}
        ELSIF TG_OP = 'UPDATE' THEN
          ${mergeAll(`SELECT ${columns}, 1 AS sign FROM new_rows UNION ALL SELECT ${columns}, -1 AS sign FROM old_rows`)}
        ELSIF TG_OP = 'DELETE' THEN
          ${mergeAll(`SELECT ${columns}, -1 AS sign FROM old_rows`)}
        ELSE
          ${ROLLUPS.map((r) => `DELETE FROM ${r.table}; DELETE FROM ${r.figureTable};`).join('\n          ')}
        END IF;
        RETURN NULL;
      END
      $fn$`);
    await q.query(`CREATE TRIGGER indexed_action_rollup_insert AFTER INSERT ON indexed_action REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indexed_action_rollup()`);
    await q.query(`CREATE TRIGGER indexed_action_rollup_update AFTER UPDATE ON indexed_action REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indexed_action_rollup()`);
    await q.query(`CREATE TRIGGER indexed_action_rollup_delete AFTER DELETE ON indexed_action REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION indexed_action_rollup()`);
    await q.query(`CREATE TRIGGER indexed_action_rollup_truncate AFTER TRUNCATE ON indexed_action FOR EACH STATEMENT EXECUTE FUNCTION indexed_action_rollup()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER indexed_action_rollup_truncate ON indexed_action`);
    await q.query(`DROP TRIGGER indexed_action_rollup_delete ON indexed_action`);
    await q.query(`DROP TRIGGER indexed_action_rollup_update ON indexed_action`);
    await q.query(`DROP TRIGGER indexed_action_rollup_insert ON indexed_action`);
    await q.query(`DROP FUNCTION indexed_action_rollup()`);
    await q.query(`DROP TABLE ${ROLLUPS.flatMap((r) => [r.figureTable, r.table]).join(', ')}, indexed_figure`);
    await q.query(`TRUNCATE indexed_action, indexed_actor, indexed_program, indexed_deletion`);
    await q.query(`UPDATE feed_state SET cursor = NULL, pending = 0, oldest_pending_at = NULL, applied_changes = 0, last_applied_at = NULL, last_error = NULL`);
    await q.query(`DROP INDEX indexed_action_title_idx, indexed_action_oldest_idx, indexed_action_newest_idx`);
    await q.query(`CREATE INDEX indexed_action_program_idx ON indexed_action (program_id, kind)`);
    await q.query(`CREATE INDEX indexed_action_year_idx ON indexed_action (year)`);
    await q.query(`CREATE INDEX indexed_action_sort_idx ON indexed_action (sort_at DESC, id DESC)`);
    await q.query(`
      ALTER TABLE indexed_action
        DROP COLUMN places, DROP COLUMN territory_levels, DROP COLUMN regions, DROP COLUMN year_end, DROP COLUMN period_precision,
        ALTER COLUMN sort_at SET NOT NULL`);
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
  }
}
