/**
 * `npm run bench:index [-- --actors 100000 --actions 1000000 --runs 15]`
 *
 * Loads a large synthetic dataset into a fresh index through the feed's own apply path (`applyChanges`,
 * in batches, as the consumers write it, so the rollups are kept by the same triggers), starts the real
 * atlas and territories services on it, and prints, through GraphQL and next to the equivalent plain SQL
 * on the same database: the p50 and p95 of a unified listing page, and the median of a national report
 * (per country, program and year) and of a report by first level for one country. A benchmark, not a
 * test: it asserts nothing. Uses BENCH_DATABASE_URL (an admin connection) when set, otherwise an
 * embedded PostgreSQL.
 */
import { mkdtempSync, chmodSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { ensureDatabase, dropDatabase, startEmbeddedPostgres } from '@cultura/db';
import { parseEnv, startService, subgraphEnvSpec } from '@cultura/service-kit';
import type { ActionSnapshot, ActorSnapshot, FigureSnapshot } from '@cultura/vocabulary';
import { territoriesService } from '@cultura/territories';
import { applyChanges, atlasService, type FeedChange } from '@cultura/atlas';

const { values } = parseArgs({ options: { actors: { type: 'string' }, actions: { type: 'string' }, runs: { type: 'string' } } });
const ACTORS = Number(values.actors ?? 100_000);
const ACTIONS = Number(values.actions ?? 1_000_000);
const RUNS = Number(values.runs ?? 15);
const BATCH = 5000;

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
  ...Array.from({ length: 16 * 20 }, (_, i) => `CL:${String(1 + Math.floor(i / 20)).padStart(2, '0')}1${String(1 + (i % 20)).padStart(2, '0')}`),
  ...Array.from({ length: 25 * 14 }, (_, i) => `PE:${String(1 + Math.floor(i / 14)).padStart(2, '0')}01${String(1 + (i % 14)).padStart(2, '0')}`),
];
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

/** Action g: mostly one place; one in 20 over three neighbouring places; one in 20 undated; one in 10 over two years. */
function actionSnapshot(g: number): ActionSnapshot {
  const place = PLACES[(g * 7) % PLACES.length];
  const territoryIds = g % 20 === 0 ? [place, PLACES[(g * 7 + 1) % PLACES.length], PLACES[(g * 7 + 15) % PLACES.length]] : [place];
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
    domains: g % 11 === 0 ? [DOMAINS[g % 4], DOMAINS[(g + 1) % 4]] : [DOMAINS[g % 4]],
    origin: g % 10 === 0 ? 'SOURCE_DOCUMENT' : 'SYNTHETIC',
    actorIds: [`bench:actor:${1 + (g % ACTORS)}`],
    figures: [figure(g, 'PARTICIPANTS', 5 + (g % 200), 'people'), ...(g % 5 === 0 ? [figure(g, 'BUDGET', 1000 * (1 + (g % 50)), 'USD', 'USD')] : [])],
  };
}

function actorSnapshot(g: number): ActorSnapshot {
  const place = PLACES[g % PLACES.length];
  return {
    id: `bench:actor:${g}`,
    programId: programOf(place, g),
    typeName: 'RedCulturaActor',
    kind: ['MUNICIPALITY', 'CULTURAL_CENTRE', 'CULTURE_POINT', 'GOVERNMENT_ENTITY'][g % 4],
    governmentLevel: 'LOCAL',
    name: `Actor ${g}`,
    territoryId: place,
    domains: [DOMAINS[g % 3]],
    origin: 'SYNTHETIC',
    figures: [],
  };
}

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), 'cultura-bench-'));
  chmodSync(dir, 0o755);
  const adminUrl = process.env.BENCH_DATABASE_URL;
  const pg = adminUrl ? null : await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: 54399 });
  const admin = adminUrl ?? pg!.adminUrl;
  const stamp = Date.now();
  const databases = { atlas: `bench_index_${stamp}`, territories: `bench_territories_${stamp}` };
  const urlOf = (db: string) => Object.assign(new URL(admin), { pathname: `/${db}` }).toString();
  for (const db of Object.values(databases)) await ensureDatabase(admin, db);
  const envFor = (db: string) => parseEnv(subgraphEnvSpec({ port: 0, embeddedPostgresPort: 0 }), { PORT: '0', LOG_LEVEL: 'error', DATABASE_URL: urlOf(db) });
  const territories = await startService(territoriesService, envFor(databases.territories), { background: false });
  const service = await startService(
    atlasService({ feeds: [], territories: territories.url, consumer: { pollMs: 1000, batchSize: 500, timeoutMs: 5000 } }),
    envFor(databases.atlas),
    { background: false },
  );
  const sql = new Client({ connectionString: urlOf(databases.atlas) });
  await sql.connect();
  try {
    console.log(`loading ${ACTORS.toLocaleString('en')} actors and ${ACTIONS.toLocaleString('en')} actions through the feed's apply path, ${BATCH.toLocaleString('en')} per transaction…`);
    const loadStart = Date.now();
    let cursor = 0;
    const load = async (count: number, change: (g: number) => FeedChange) => {
      for (let first = 1; first <= count; first += BATCH) {
        const batch = Array.from({ length: Math.min(BATCH, count - first + 1) }, (_, i) => change(first + i));
        await service.dataSource.transaction((tx) => applyChanges(tx, batch));
      }
    };
    const now = new Date().toISOString();
    await load(ACTORS, (g) => {
      const snapshot = actorSnapshot(g);
      return { feed: snapshot.programId, change: { cursor: `${++cursor}.1`, entity: 'actor', id: snapshot.id, changedAt: now, snapshot } };
    });
    await load(ACTIONS, (g) => {
      const snapshot = actionSnapshot(g);
      return { feed: snapshot.programId, change: { cursor: `${++cursor}.1`, entity: 'action', id: snapshot.id, changedAt: now, snapshot } };
    });
    await sql.query('ANALYZE');
    const [{ cells }] = (await sql.query(`SELECT count(*)::int AS cells FROM action_rollup`)).rows;
    console.log(`loaded in ${((Date.now() - loadStart) / 1000).toFixed(1)} s (the rollups hold ${cells.toLocaleString('en')} cells)\n`);

    const gql = async (query: string) => {
      const res = await fetch(service.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
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
                     SELECT sum((f->>'value')::numeric) AS v, min(f->>'qualifier') AS q FROM jsonb_array_elements(a.figures) f WHERE f->>'metric' = 'PARTICIPANTS'
                   ) p GROUP BY 1, 2, 3, 4`,
          },
          {
            name: 'over the rollups',
            text: `SELECT a.countries, a.program_id, a.year, a.year_end, sum(a.actions), sum(f.value)
                   FROM action_rollup a LEFT JOIN action_figure_rollup f USING (program_id, kind, status, origin, year, year_end, countries, first_levels, regions, territory_levels, domains)
                   GROUP BY 1, 2, 3, 4`,
          },
        ],
      },
      {
        name: 'report of Peru by first level, with every figure',
        graphql: `{ report(groupBy: [FIRST_LEVEL], filter: { countries: ["PE"] }, includeSynthetic: true) { rows { firstLevel { id } spans { values } actions figures { metric value qualifier } } total { actions } } }`,
        sql: [
          {
            name: 'over the actions',
            text: `SELECT a.first_levels, f->>'metric', count(DISTINCT a.id), sum((f->>'value')::numeric)
                   FROM indexed_action a CROSS JOIN LATERAL jsonb_array_elements(a.figures) f WHERE a.countries && ARRAY['PE'] GROUP BY 1, 2`,
          },
        ],
      },
    ];
    console.log(`${RUNS} runs after one warm-up; milliseconds`);
    console.log(['case'.padEnd(74), 'GraphQL p50'.padStart(12), 'p95'.padStart(8), 'plain SQL p50'.padStart(14), 'p95'.padStart(8), 'ratio'.padStart(8), '  plain SQL'].join(''));
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
    await sql.end();
    await service.stop();
    await territories.stop();
    for (const db of Object.values(databases)) await dropDatabase(admin, db);
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
