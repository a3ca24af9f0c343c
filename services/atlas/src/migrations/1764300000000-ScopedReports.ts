import type { MigrationInterface, QueryRunner } from 'typeorm';
import { QUALIFIERS } from '../domain';
import { ROLLUPS } from '../rollups';

const QUALIFIER_COLUMNS = QUALIFIERS.map((q) => q.toLowerCase());
/** Each territory of an action, one array per property, in the order of `territory_ids` (see IndexedAction). */
const PLACE_COLUMNS = ['place_lineages', 'place_countries', 'place_first_levels', 'place_regions', 'place_levels'];
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
  metric: 'text NOT NULL',
  unit: 'text NOT NULL',
  currency: 'text',
};

/**
 * A rollup cell's key as one uuid (an md5 of its columns): a unique index on it takes a new cell far
 * faster than one on eleven columns, arrays among them.
 */
function cellOf(columns: readonly string[], alias = ''): string {
  const part = (c: string) =>
    COLUMN_TYPES[c].startsWith('text[]') ? `array_to_string(${alias}${c}, ',')` : `COALESCE(${alias}${c}::text, '-')`;
  return `md5(concat_ws(chr(31), ${columns.map(part).join(', ')}))::uuid`;
}

/**
 * Adds what a delta of indexed actions (rows with a `sign` of +1 or -1) changes to every rollup and its
 * figure sums, in one statement: the delta is read twice (actions, figures; reading a transition table
 * again costs less than keeping a copy of it) and summed once at the finest grain (every rollup column),
 * then each rollup adds up those cells. An action lies in exactly one finest cell, so the number of
 * actions reporting a metric adds up across cells too. Rows are upserted in key order so that two
 * transactions touching the same cells lock them in the same order and cannot deadlock; cells that fall
 * to zero are removed after.
 */
function mergeAll(delta: string): string {
  const FINE = ALL_KEYS.join(', ');
  const upserts: [name: string, statement: string][] = ROLLUPS.flatMap((r, i) => {
    const key = r.key.join(', ');
    const changed = ['sum(value)', 'sum(figures)', 'sum(actions_reporting)', ...QUALIFIER_COLUMNS.map((c) => `sum(${c})`)]
      .map((e) => `${e} <> 0`)
      .join(' OR ');
    return [
      [
        `a${i}`,
        `INSERT INTO ${r.table} AS t (cell, ${key}, actions)
        SELECT ${cellOf(r.key)} AS cell, ${key}, sum(actions) FROM fine GROUP BY ${key} HAVING sum(actions) <> 0 ORDER BY 1
        ON CONFLICT (cell) DO UPDATE SET actions = t.actions + EXCLUDED.actions`,
      ],
      [
        `f${i}`,
        `INSERT INTO ${r.figureTable} AS t (cell, ${key}, metric, unit, currency, value, figures, actions_reporting, ${QUALIFIER_COLUMNS.join(', ')})
        SELECT ${cellOf([...r.key, 'metric', 'unit', 'currency'])} AS cell, ${key}, metric, unit, currency, sum(value), sum(figures), sum(actions_reporting),
               ${QUALIFIER_COLUMNS.map((c) => `sum(${c})`).join(', ')}
        FROM fine_figures GROUP BY ${key}, metric, unit, currency HAVING ${changed} ORDER BY 1
        ON CONFLICT (cell) DO UPDATE SET
          value = t.value + EXCLUDED.value, figures = t.figures + EXCLUDED.figures, actions_reporting = t.actions_reporting + EXCLUDED.actions_reporting,
          ${QUALIFIER_COLUMNS.map((c) => `${c} = t.${c} + EXCLUDED.${c}`).join(', ')}`,
      ],
    ];
  });
  // PL/pgSQL runs a data-modifying statement with no result: all upserts but the last are its CTEs.
  const last = upserts[upserts.length - 1][1];
  return `
    WITH fine AS MATERIALIZED (SELECT ${FINE}, sum(sign) AS actions FROM (${delta}) d GROUP BY ${FINE}),
    fine_figures AS MATERIALIZED (
      SELECT ${ALL_KEYS.map((k) => `d.${k}`).join(', ')}, e.metric, e.unit, e.currency, sum(d.sign * e.value) AS value, sum(d.sign) AS figures,
             COALESCE(sum(d.sign) FILTER (WHERE e.first), 0) AS actions_reporting,
             ${QUALIFIERS.map((q, i) => `COALESCE(sum(d.sign) FILTER (WHERE e.qualifier = '${q}'), 0) AS ${QUALIFIER_COLUMNS[i]}`).join(', ')}
      FROM (${delta}) d CROSS JOIN LATERAL unnest(d.fig_metrics, d.fig_units, d.fig_currencies, d.fig_values, d.fig_qualifiers, d.fig_first)
        AS e(metric, unit, currency, value, qualifier, first)
      GROUP BY ${ALL_KEYS.map((k) => `d.${k}`).join(', ')}, e.metric, e.unit, e.currency
    ),
    ${upserts
      .slice(0, -1)
      .map(([name, statement]) => `${name} AS (${statement})`)
      .join(',\n    ')}
    ${last};
    ${ROLLUPS.map((r) => `DELETE FROM ${r.table} WHERE actions = 0; DELETE FROM ${r.figureTable} WHERE figures = 0;`).join('\n    ')}`;
}

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
    await q.query(
      `UPDATE feed_state SET cursor = NULL, pending = 0, oldest_pending_at = NULL, applied_changes = 0, last_applied_at = NULL, last_error = NULL`,
    );

    await q.query(`
      ALTER TABLE indexed_action
        ALTER COLUMN sort_at DROP NOT NULL,
        ADD COLUMN period_precision text NOT NULL DEFAULT 'UNDATED',
        ADD COLUMN year_end integer,
        ADD COLUMN regions text[] NOT NULL DEFAULT '{}',
        ADD COLUMN territory_levels text[] NOT NULL DEFAULT '{}',
        ${PLACE_COLUMNS.map((c) => `ADD COLUMN ${c} text[] NOT NULL DEFAULT '{}'`).join(',\n        ')},
        DROP COLUMN figures,
        ADD COLUMN fig_metrics text[] NOT NULL DEFAULT '{}',
        ADD COLUMN fig_units text[] NOT NULL DEFAULT '{}',
        ADD COLUMN fig_currencies text[] NOT NULL DEFAULT '{}',
        ADD COLUMN fig_values numeric[] NOT NULL DEFAULT '{}',
        ADD COLUMN fig_qualifiers text[] NOT NULL DEFAULT '{}',
        ADD COLUMN fig_first boolean[] NOT NULL DEFAULT '{}'`);
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
      await q.query(`CREATE TABLE ${r.table} (cell uuid PRIMARY KEY, ${keyColumns}, actions bigint NOT NULL)`);
      await q.query(`
        CREATE TABLE ${r.figureTable} (cell uuid PRIMARY KEY, ${keyColumns}, metric text NOT NULL, unit text NOT NULL, currency text,
          value numeric NOT NULL, figures bigint NOT NULL, actions_reporting bigint NOT NULL,
          ${QUALIFIER_COLUMNS.map((c) => `${c} bigint NOT NULL`).join(', ')})`);
      // Cells that fall to zero are deleted after each change: these partial indexes find them at once.
      await q.query(`CREATE INDEX ${r.table}_empty_idx ON ${r.table} ((1)) WHERE actions = 0`);
      await q.query(`CREATE INDEX ${r.figureTable}_empty_idx ON ${r.figureTable} ((1)) WHERE figures = 0`);
    }

    const columns = `id, ${ALL_KEYS.join(', ')}, fig_metrics, fig_units, fig_currencies, fig_values, fig_qualifiers, fig_first`;
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
      $fn$ SET work_mem = '64MB'`);
    await q.query(
      `CREATE TRIGGER indexed_action_rollup_insert AFTER INSERT ON indexed_action REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indexed_action_rollup()`,
    );
    await q.query(
      `CREATE TRIGGER indexed_action_rollup_update AFTER UPDATE ON indexed_action REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indexed_action_rollup()`,
    );
    await q.query(
      `CREATE TRIGGER indexed_action_rollup_delete AFTER DELETE ON indexed_action REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION indexed_action_rollup()`,
    );
    await q.query(
      `CREATE TRIGGER indexed_action_rollup_truncate AFTER TRUNCATE ON indexed_action FOR EACH STATEMENT EXECUTE FUNCTION indexed_action_rollup()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER indexed_action_rollup_truncate ON indexed_action`);
    await q.query(`DROP TRIGGER indexed_action_rollup_delete ON indexed_action`);
    await q.query(`DROP TRIGGER indexed_action_rollup_update ON indexed_action`);
    await q.query(`DROP TRIGGER indexed_action_rollup_insert ON indexed_action`);
    await q.query(`DROP FUNCTION indexed_action_rollup()`);
    await q.query(`DROP TABLE ${ROLLUPS.flatMap((r) => [r.figureTable, r.table]).join(', ')}, indexed_figure`);
    await q.query(`TRUNCATE indexed_action, indexed_actor, indexed_program, indexed_deletion`);
    await q.query(
      `UPDATE feed_state SET cursor = NULL, pending = 0, oldest_pending_at = NULL, applied_changes = 0, last_applied_at = NULL, last_error = NULL`,
    );
    await q.query(`DROP INDEX indexed_action_title_idx, indexed_action_oldest_idx, indexed_action_newest_idx`);
    await q.query(`CREATE INDEX indexed_action_program_idx ON indexed_action (program_id, kind)`);
    await q.query(`CREATE INDEX indexed_action_year_idx ON indexed_action (year)`);
    await q.query(`CREATE INDEX indexed_action_sort_idx ON indexed_action (sort_at DESC, id DESC)`);
    await q.query(`
      ALTER TABLE indexed_action
        ${[...PLACE_COLUMNS, 'fig_metrics', 'fig_units', 'fig_currencies', 'fig_values', 'fig_qualifiers', 'fig_first'].map((c) => `DROP COLUMN ${c}`).join(', ')},
        DROP COLUMN territory_levels, DROP COLUMN regions, DROP COLUMN year_end, DROP COLUMN period_precision,
        ADD COLUMN figures jsonb NOT NULL DEFAULT '[]'::jsonb,
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
