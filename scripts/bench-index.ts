/**
 * `npm run bench:index [-- --actors 100000 --actions 1000000 --runs 15]`
 *
 * Loads a large synthetic dataset into a fresh index with set-based SQL (INSERT … SELECT over
 * generate_series, in statements of 250,000 rows; the rollups are kept by the same triggers as every feed
 * write), then checks a sample of the loaded rows against what the feed's own row builders (`actionRow`,
 * `actorRow`) write for the same changes, and stops if they differ. It measures the feed's apply path
 * itself (`applyChanges`, in pages of 500 as the consumers apply them: new actions, then changes to
 * existing ones), starts the real atlas and territories services, and prints, through GraphQL and next to
 * the equivalent plain SQL on the same database: the p50 and p95 of a unified listing page, of a national
 * report (per country, program and year) and of a report by first level for one country. A benchmark, not
 * a test: it asserts nothing about speed. Uses BENCH_DATABASE_URL (an admin connection) when set,
 * otherwise an embedded PostgreSQL.
 */
import { mkdtempSync, chmodSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isDeepStrictEqual } from 'node:util';
import { Client } from 'pg';
import { ensureDatabase, dropDatabase, startEmbeddedPostgres } from '@cultura/db';
import { parseEnv, startService, subgraphEnvSpec } from '@cultura/service-kit';
import type { ActionSnapshot, ActorSnapshot, FigureSnapshot } from '@cultura/vocabulary';
import { territoriesService } from '@cultura/territories';
import {
  ACTION_COLUMNS,
  ACTOR_COLUMNS,
  actionRow,
  actorRow,
  applyChanges,
  atlasService,
  placeOf,
  placementOf,
  type FeedChange,
} from '@cultura/atlas';

const { values } = parseArgs({ options: { actors: { type: 'string' }, actions: { type: 'string' }, runs: { type: 'string' } } });
const ACTORS = Number(values.actors ?? 100_000);
const ACTIONS = Number(values.actions ?? 1_000_000);
const RUNS = Number(values.runs ?? 15);
const LOAD_WORK_MEM = '512MB';
const BULK_LOAD_SETTINGS = { wal_buffers: '64MB', max_wal_size: '8GB', checkpoint_timeout: '30min' };

/** Rows per INSERT statement: the rollup triggers sum each statement's rows once, from memory (LOAD_WORK_MEM). */
const STATEMENT_ROWS = 100_000;
/** Rows compared with what the feed's row builders write. */
const CHECKED_ROWS = 2_000;
/** Changes per transaction on the apply path, as the feed consumers' default page. */
const PAGE = 500;
const APPLY_SAMPLE = 20_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))];

async function samples(runs: number, fn: () => Promise<unknown>): Promise<number[]> {
  await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await fn();
    out.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return out;
}

/** Territories shaped like the real ids: 16 Chilean regions with 20 comunas each, 25 Peruvian departments with 14 districts. */
const PLACES = [
  ...Array.from(
    { length: 16 * 20 },
    (_, i) => `CL:${String(1 + Math.floor(i / 20)).padStart(2, '0')}1${String(1 + (i % 20)).padStart(2, '0')}`,
  ),
  ...Array.from(
    { length: 25 * 14 },
    (_, i) => `PE:${String(1 + Math.floor(i / 14)).padStart(2, '0')}01${String(1 + (i % 14)).padStart(2, '0')}`,
  ),
];
const ACTOR_KINDS = ['MUNICIPALITY', 'CULTURAL_CENTRE', 'CULTURE_POINT', 'GOVERNMENT_ENTITY'];
const KINDS = ['WORKSHOP', 'INTERVENTION', 'PARTICIPATORY_PROJECT', 'RECOGNITION', 'FUNDING_AWARD'];
const STATUSES = ['PLANNED', 'IN_PROGRESS', 'COMPLETED'];
const DOMAINS = ['VISUAL_ARTS_AND_CRAFTS', 'PERFORMANCE_AND_CELEBRATION', 'AUDIOVISUAL_AND_INTERACTIVE_MEDIA', 'BOOKS_AND_PRESS'];
const QUALIFIERS = ['EXACT', 'EXACT', 'MORE_THAN', 'APPROXIMATELY'];
const programOf = (place: string, g: number) => (place.startsWith('CL') ? 'red-cultura' : g % 2 === 0 ? 'red-gestion' : 'puntos-cultura');

function figure(g: number, metric: string, value: number, unit: string, currency: string | null = null): FigureSnapshot {
  return {
    id: `bench:figure:${metric}:${g}`,
    metric,
    value,
    qualifier: QUALIFIERS[g % 4],
    unit,
    currency,
    label: null,
    scopeTerritoryIds: null,
    period: { start: null, end: null, year: null, precision: 'UNDATED', text: null },
    year: null,
    sourceText: null,
    origin: 'SYNTHETIC',
    source: 'bench',
    locator: null,
  };
}

/** The territories of an action whose first place is PLACES[n]: that place, or three neighbouring ones. */
const territoriesOf = (n: number, multi: boolean) =>
  multi ? [PLACES[n], PLACES[(n + 1) % PLACES.length], PLACES[(n + 15) % PLACES.length]] : [PLACES[n]];

/** The domains of an action: one, or two for one action in eleven. */
const domainsOf = (k: number, pair: boolean) => (pair ? [DOMAINS[k % 4], DOMAINS[(k + 1) % 4]] : [DOMAINS[k % 4]]);

/** Action g: mostly one place; one in 20 over three neighbouring places; one in 20 undated; one in 10 over two years. */
function actionSnapshot(g: number): ActionSnapshot {
  const place = PLACES[(g * 7) % PLACES.length];
  const territoryIds = territoriesOf((g * 7) % PLACES.length, g % 20 === 0);
  const day = new Date(Date.UTC(2020, 0, 1) + (g % 2190) * 86_400_000).toISOString().slice(0, 10);
  const undated = g % 20 === 7;
  const end = g % 10 === 3 ? `${Number(day.slice(0, 4)) + 1}-03-31` : null;
  return {
    id: `bench:action:${g}`,
    programId: programOf(place, g),
    typeName: 'Workshop',
    kind: KINDS[g % 5],
    lineCode: null,
    title: `Action ${g}`,
    status: STATUSES[g % 3],
    periodStart: undated ? null : day,
    periodEnd: undated ? null : end,
    periodYear: undated ? null : Number(day.slice(0, 4)),
    periodPrecision: undated ? 'UNDATED' : 'DAY',
    periodText: null,
    sortAt: undated ? null : `${day}T00:00:00.000Z`,
    territoryIds,
    domains: domainsOf(g, g % 11 === 0),
    origin: g % 10 === 0 ? 'SOURCE_DOCUMENT' : 'SYNTHETIC',
    actorIds: [`bench:actor:${1 + (g % ACTORS)}`],
    figures: [
      figure(g, 'PARTICIPANTS', 5 + (g % 200), 'people'),
      ...(g % 5 === 0 ? [figure(g, 'BUDGET', 1000 * (1 + (g % 50)), 'USD', 'USD')] : []),
    ],
  };
}

function actorSnapshot(g: number): ActorSnapshot {
  const place = PLACES[g % PLACES.length];
  return {
    id: `bench:actor:${g}`,
    programId: programOf(place, g),
    typeName: 'RedCulturaActor',
    kind: ACTOR_KINDS[g % 4],
    governmentLevel: 'LOCAL',
    name: `Actor ${g}`,
    territoryId: place,
    domains: [DOMAINS[g % 3]],
    origin: 'SYNTHETIC',
    figures: [],
  };
}

/**
 * What the generating statements join to: each bench place, and each set of places an action names (one
 * place, or three for one action in twenty) with what every territory dimension reads, worked out by the
 * index's own rules (`placeOf`, `placementOf`); and each action's sorted domains.
 */
async function loadLookups(sql: Client): Promise<void> {
  const places = PLACES.map((id, n) => ({ n, ...placeOf(id)! }));
  await sql.query(
    `CREATE TEMP TABLE place AS SELECT * FROM json_to_recordset($1::json)
       AS p(n int, id text, lineage text[], country text, "firstLevel" text, region text, level text)`,
    [JSON.stringify(places)],
  );
  const placements = [false, true].flatMap((multi) =>
    PLACES.map((_, n) => {
      const p = placementOf(territoriesOf(n, multi));
      return {
        n,
        multi,
        countries: p.countries,
        first_levels: p.firstLevels,
        regions: p.regions,
        levels: p.territoryLevels,
        ids: p.territoryIds,
        lineage: p.lineage,
        lineages: p.places.map((x) => x.lineage.join('|')),
        place_countries: p.places.map((x) => x.country),
        place_first_levels: p.places.map((x) => x.firstLevel),
        place_regions: p.places.map((x) => x.region),
        place_levels: p.places.map((x) => x.level),
      };
    }),
  );
  await sql.query(
    `CREATE TEMP TABLE placement AS SELECT * FROM json_to_recordset($1::json) AS p(n int, multi boolean, countries text[], first_levels text[],
       regions text[], levels text[], ids text[], lineage text[], lineages text[], place_countries text[], place_first_levels text[],
       place_regions text[], place_levels text[])`,
    [JSON.stringify(placements)],
  );
  const domains = DOMAINS.map((_, k) => ({ k, single: domainsOf(k, false), pair: [...domainsOf(k, true)].sort() }));
  await sql.query(`CREATE TEMP TABLE domain_set AS SELECT * FROM json_to_recordset($1::json) AS d(k int, single text[], pair text[])`, [
    JSON.stringify(domains),
  ]);
}

/** Actions first..last as actionSnapshot() describes them and actionRow() writes them, in one statement. */
const ACTIONS_SQL = `
  INSERT INTO indexed_action (${Object.keys(ACTION_COLUMNS).join(', ')})
  SELECT 'bench:action:' || g, prog, prog, 'Workshop', (ARRAY[${KINDS.map((k) => `'${k}'`).join(',')}])[1 + g % 5], NULL, 'Action ' || g, 'action ' || g,
         (ARRAY[${STATUSES.map((k) => `'${k}'`).join(',')}])[1 + g % 3],
         CASE WHEN undated THEN NULL ELSE day END,
         CASE WHEN undated OR g % 10 <> 3 THEN NULL ELSE make_date(extract(year FROM day)::int + 1, 3, 31) END,
         CASE WHEN undated THEN NULL ELSE extract(year FROM day)::int END,
         CASE WHEN undated THEN NULL ELSE extract(year FROM day)::int + CASE WHEN g % 10 = 3 THEN 1 ELSE 0 END END,
         CASE WHEN undated THEN 'UNDATED' ELSE 'DAY' END,
         CASE WHEN undated THEN NULL ELSE day::timestamp AT TIME ZONE 'UTC' END,
         t.countries, t.first_levels, t.regions, t.levels, t.ids, t.lineage, t.lineages, t.place_countries, t.place_first_levels, t.place_regions, t.place_levels,
         CASE WHEN g % 11 = 0 THEN ds.pair ELSE ds.single END,
         CASE WHEN g % 10 = 0 THEN 'SOURCE_DOCUMENT' ELSE 'SYNTHETIC' END,
         ARRAY['bench:actor:' || (1 + g % $3::int)],
         CASE WHEN g % 5 = 0 THEN ARRAY['PARTICIPANTS', 'BUDGET'] ELSE ARRAY['PARTICIPANTS'] END,
         CASE WHEN g % 5 = 0 THEN ARRAY['people', 'USD'] ELSE ARRAY['people'] END,
         CASE WHEN g % 5 = 0 THEN ARRAY[NULL, 'USD'] ELSE ARRAY[NULL] END::text[],
         CASE WHEN g % 5 = 0 THEN ARRAY[5 + g % 200, 1000 * (1 + g % 50)] ELSE ARRAY[5 + g % 200] END::numeric[],
         CASE WHEN g % 5 = 0 THEN ARRAY[q, q] ELSE ARRAY[q] END,
         CASE WHEN g % 5 = 0 THEN ARRAY[true, true] ELSE ARRAY[true] END,
         now(), g || '.2'
  FROM generate_series($1::int, $2::int) g
  CROSS JOIN LATERAL (SELECT DATE '2020-01-01' + g % 2190 AS day, g % 20 = 7 AS undated, (ARRAY[${QUALIFIERS.map((k) => `'${k}'`).join(',')}])[1 + g % 4] AS q) v
  JOIN placement t ON t.n = (g * 7) % ${PLACES.length} AND t.multi = (g % 20 = 0)
  JOIN domain_set ds ON ds.k = g % 4
  CROSS JOIN LATERAL (SELECT CASE WHEN t.ids[1] LIKE 'CL%' THEN 'red-cultura' WHEN g % 2 = 0 THEN 'red-gestion' ELSE 'puntos-cultura' END AS prog) p`;

const ACTORS_SQL = `
  INSERT INTO indexed_actor (${Object.keys(ACTOR_COLUMNS).join(', ')})
  SELECT 'bench:actor:' || g, prog, prog, 'RedCulturaActor', (ARRAY[${ACTOR_KINDS.map((k) => `'${k}'`).join(',')}])[1 + g % 4],
         'LOCAL', 'Actor ' || g, 'actor ' || g, x.id, x.lineage, x.country, x."firstLevel", ARRAY[(ARRAY[${DOMAINS.map((d) => `'${d}'`).join(',')}])[1 + g % 3]],
         'SYNTHETIC', now(), g || '.1'
  FROM generate_series($1::int, $2::int) g
  JOIN place x ON x.n = g % ${PLACES.length} AND $3::int > 0
  CROSS JOIN LATERAL (SELECT CASE WHEN x.id LIKE 'CL%' THEN 'red-cultura' WHEN g % 2 = 0 THEN 'red-gestion' ELSE 'puntos-cultura' END AS prog) p`;

/** Runs a generating statement over rows 1..count, STATEMENT_ROWS at a time, on two connections at once. */
async function generate(connect: () => Promise<Client>, statement: string, count: number): Promise<void> {
  const blocks = Array.from({ length: Math.ceil(count / STATEMENT_ROWS) }, (_, i) => 1 + i * STATEMENT_ROWS);
  await Promise.all(
    [0, 1].map(async (stream) => {
      const client = await connect();
      try {
        await loadLookups(client);
        // Each statement's new rows, which the rollup triggers read, stay in memory rather than spill to disk.
        await client.query(`SET work_mem = '${LOAD_WORK_MEM}'`);
        for (const first of blocks.filter((_, i) => i % 2 === stream))
          await client.query(statement, [first, Math.min(count, first + STATEMENT_ROWS - 1), ACTORS]);
      } finally {
        await client.end();
      }
    }),
  );
}

/** A column value as both sides give it, for comparison: dates as ISO strings, numbers as numbers. */
function comparable(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return null;
  if (type.endsWith('[]')) return (value as unknown[]).map((v) => comparable(v, type.slice(0, -2)));
  if (type === 'timestamptz') return new Date(value as string).toISOString();
  if (type === 'numeric' || type === 'integer') return Number(value);
  return value;
}

/** Compares sampled rows with what the feed's row builders write for the same snapshots; throws on a difference. */
async function checkAgainstBuilders(
  sql: Client,
  table: string,
  columns: Record<string, string>,
  count: number,
  expected: (g: number) => Record<string, unknown>,
  prefix: string,
) {
  const names = Object.keys(columns).filter((n) => n !== 'indexed_at');
  const sample = Array.from(
    { length: Math.min(count, CHECKED_ROWS) },
    (_, i) => 1 + Math.floor((i * count) / Math.min(count, CHECKED_ROWS)),
  );
  const { rows } = await sql.query(`SELECT ${names.map((n) => `to_jsonb(${n}) AS ${n}`).join(', ')} FROM ${table} WHERE id = ANY($1)`, [
    sample.map((g) => `${prefix}${g}`),
  ]);
  const byId = new Map(rows.map((r: Record<string, unknown>) => [r.id as string, r]));
  for (const g of sample) {
    const want = expected(g);
    const got = byId.get(`${prefix}${g}`);
    const differ = names.filter((n) => !isDeepStrictEqual(comparable(got?.[n], columns[n]), comparable(want[n], columns[n])));
    if (differ.length) {
      throw new Error(
        `${table} row ${g} differs from what the feed writes in ${differ.map((n) => `${n} (loaded ${JSON.stringify(got?.[n])}, feed ${JSON.stringify(want[n])})`).join('; ')}`,
      );
    }
  }
}

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), 'cultura-bench-'));
  chmodSync(dir, 0o755);
  const adminUrl = process.env.BENCH_DATABASE_URL;
  // WAL sized for a bulk load of a million wide rows, so checkpoints and full WAL buffers do not stall it.
  const pg = adminUrl
    ? null
    : await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: await freePort(), settings: BULK_LOAD_SETTINGS });
  const admin = adminUrl ?? pg!.adminUrl;
  const stamp = Date.now();
  const databases = { atlas: `bench_index_${stamp}`, territories: `bench_territories_${stamp}` };
  const urlOf = (db: string) => Object.assign(new URL(admin), { pathname: `/${db}` }).toString();
  for (const db of Object.values(databases)) await ensureDatabase(admin, db);
  const envFor = (db: string) =>
    parseEnv(subgraphEnvSpec({ port: 0, embeddedPostgresPort: 0 }), { PORT: '0', LOG_LEVEL: 'error', DATABASE_URL: urlOf(db) });
  const territories = await startService(territoriesService, envFor(databases.territories), { background: false });
  const service = await startService(
    atlasService({ feeds: [], territories: territories.url, consumer: { pollMs: 1000, batchSize: 500, timeoutMs: 5000 } }),
    envFor(databases.atlas),
    { background: false },
  );
  const sql = new Client({ connectionString: urlOf(databases.atlas) });
  await sql.connect();
  try {
    console.log(`loading ${ACTORS.toLocaleString('en')} actors and ${ACTIONS.toLocaleString('en')} actions with set-based SQL…`);
    const now = new Date();
    const connect = async () => {
      const client = new Client({ connectionString: urlOf(databases.atlas) });
      await client.connect();
      return client;
    };
    const loadStart = Date.now();
    await generate(connect, ACTORS_SQL, ACTORS);
    await generate(connect, ACTIONS_SQL, ACTIONS);
    await sql.query('ANALYZE');
    const [{ cells }] = (
      await sql.query(`SELECT (SELECT count(*) FROM action_rollup) + (SELECT count(*) FROM action_rollup_national) AS cells`)
    ).rows;
    console.log(
      `loaded in ${((Date.now() - loadStart) / 1000).toFixed(1)} s (the rollups hold ${Number(cells).toLocaleString('en')} cells)`,
    );
    await checkAgainstBuilders(
      sql,
      'indexed_actor',
      ACTOR_COLUMNS,
      ACTORS,
      (g) => {
        const a = actorSnapshot(g);
        return actorRow(a.programId, `${g}.1`, a, now);
      },
      'bench:actor:',
    );
    await checkAgainstBuilders(
      sql,
      'indexed_action',
      ACTION_COLUMNS,
      ACTIONS,
      (g) => {
        const a = actionSnapshot(g);
        return actionRow(a.programId, `${g}.2`, a, now);
      },
      'bench:action:',
    );
    console.log(`${CHECKED_ROWS.toLocaleString('en')} sampled rows of each table equal what the feed's row builders write`);

    // The feed's apply path, as the consumers run it: pages of 500 changes, each in one transaction.
    let cursor = ACTIONS * 10;
    const applyTimed = async (label: string, change: (i: number) => ActionSnapshot) => {
      const start = Date.now();
      for (let first = 0; first < APPLY_SAMPLE; first += PAGE) {
        const page: FeedChange[] = Array.from({ length: PAGE }, (_, i) => {
          const snapshot = change(first + i);
          return {
            feed: snapshot.programId,
            change: { cursor: `${++cursor}.1`, entity: 'action', id: snapshot.id, changedAt: now.toISOString(), snapshot },
          };
        });
        await service.dataSource.transaction((tx) => applyChanges(tx, page));
      }
      const seconds = (Date.now() - start) / 1000;
      console.log(
        `feed apply, ${label}: ${APPLY_SAMPLE.toLocaleString('en')} changes in ${seconds.toFixed(1)} s (${Math.round(APPLY_SAMPLE / seconds).toLocaleString('en')} changes/s)`,
      );
    };
    await applyTimed('new actions', (i) => actionSnapshot(ACTIONS + 1 + i));
    // The same actions again with another status, year and figure: each moves rollup cells.
    await applyTimed('changed actions', (i) => ({ ...actionSnapshot(ACTIONS + 1 + i + 7), id: `bench:action:${ACTIONS + 1 + i}` }));

    await sql.query('ANALYZE');
    console.log();

    const gql = async (query: string) => {
      const res = await fetch(service.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      });
      const body = (await res.json()) as { errors?: unknown };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
    };
    const lineage = `territory_lineage && ARRAY['CL:01','PE:15']`;
    const cases: { name: string; graphql: string; sql: { name: string; text: string }[] }[] = [
      {
        name: 'listing page: Tarapacá + Lima, newest first, 50 items',
        graphql: `{ actions(filter: { within: ["CL:01", "PE:15"] }, first: 50) { nodes { id } pageInfo { endCursor } } }`,
        sql: [
          {
            name: 'the page',
            text: `SELECT id, type_name, sort_at FROM indexed_action WHERE ${lineage}
                   ORDER BY COALESCE(sort_at, '-infinity'::timestamptz) DESC, id DESC LIMIT 51`,
          },
        ],
      },
      {
        name: 'listing page with total count',
        graphql: `{ actions(filter: { within: ["CL:01", "PE:15"] }, first: 50) { totalCount nodes { id } } }`,
        sql: [
          {
            name: 'page and count',
            text: `SELECT (SELECT count(*) FROM indexed_action WHERE ${lineage}),
                          (SELECT array_agg(id) FROM (SELECT id FROM indexed_action WHERE ${lineage}
                           ORDER BY COALESCE(sort_at, '-infinity'::timestamptz) DESC, id DESC LIMIT 51) x)`,
          },
        ],
      },
      {
        name: 'national report: actions and participants per country, program and year',
        graphql: `{ report(groupBy: [COUNTRY, PROGRAM, YEAR], includeSynthetic: true) { rows { program year spans { values } actions participants { value qualifier } } total { actions } } }`,
        sql: [
          {
            name: 'over the actions',
            text: `SELECT a.countries, a.program_id, a.year, a.year_end, count(*), sum(p.v), array_agg(DISTINCT p.q)
                   FROM indexed_action a CROSS JOIN LATERAL (
                     SELECT sum(f.value) AS v, min(f.qualifier) AS q FROM unnest(a.fig_metrics, a.fig_values, a.fig_qualifiers) AS f(metric, value, qualifier)
                     WHERE f.metric = 'PARTICIPANTS'
                   ) p GROUP BY 1, 2, 3, 4`,
          },
          {
            name: 'over the national rollup',
            text: `SELECT countries, program_id, year, year_end, sum(actions) FROM action_rollup_national GROUP BY 1, 2, 3, 4
                   UNION ALL SELECT countries, program_id, year, year_end, sum(value) FROM action_figure_rollup_national
                   WHERE metric = 'PARTICIPANTS' GROUP BY 1, 2, 3, 4`,
          },
        ],
      },
      {
        name: 'report of Peru by first level, with every figure',
        graphql: `{ report(groupBy: [FIRST_LEVEL], filter: { countries: ["PE"] }, includeSynthetic: true) { rows { firstLevel { id } spans { values } actions figures { metric value qualifier } } total { actions } } }`,
        sql: [
          {
            name: 'over the actions',
            text: `SELECT a.first_levels, f.metric, count(DISTINCT a.id), sum(f.value)
                   FROM indexed_action a CROSS JOIN LATERAL unnest(a.fig_metrics, a.fig_values) AS f(metric, value)
                   WHERE a.countries && ARRAY['PE'] GROUP BY 1, 2`,
          },
        ],
      },
    ];
    console.log(`${RUNS} runs after one warm-up; milliseconds`);
    console.log(
      [
        'case'.padEnd(74),
        'GraphQL p50'.padStart(12),
        'p95'.padStart(8),
        'plain SQL p50'.padStart(14),
        'p95'.padStart(8),
        'ratio'.padStart(8),
        '  plain SQL',
      ].join(''),
    );
    for (const c of cases) {
      const g = await samples(RUNS, () => gql(c.graphql));
      for (const [i, s] of c.sql.entries()) {
        const t = await samples(RUNS, () => sql.query(s.text));
        console.log(
          [
            (i === 0 ? c.name : '').padEnd(74),
            (i === 0 ? quantile(g, 0.5).toFixed(1) : '').padStart(12),
            (i === 0 ? quantile(g, 0.95).toFixed(1) : '').padStart(8),
            quantile(t, 0.5).toFixed(1).padStart(14),
            quantile(t, 0.95).toFixed(1).padStart(8),
            `${(quantile(g, 0.5) / quantile(t, 0.5)).toFixed(2)}×`.padStart(8),
            `  ${s.name}`,
          ].join(''),
        );
      }
    }
    const mem = process.memoryUsage();
    console.log(`\nbenchmark process memory: rss ${(mem.rss / 2 ** 20).toFixed(0)} MiB, heap ${(mem.heapUsed / 2 ** 20).toFixed(0)} MiB`);
  } finally {
    // Each step runs even if one before it fails, so no PostgreSQL is left running.
    for (const step of [
      () => sql.end(),
      () => service.stop(),
      () => territories.stop(),
      ...Object.values(databases).map((db) => () => dropDatabase(admin, db)),
      () => pg?.stop(),
    ]) {
      await step()?.catch((err: unknown) => console.error(err));
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
