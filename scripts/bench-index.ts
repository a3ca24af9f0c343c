/**
 * `npm run bench:index [-- --actors 100000 --actions 1000000 --runs 15]`
 *
 * Loads a large synthetic dataset straight into a fresh index database (default 100,000 actors and
 * 1,000,000 actions across the three programs and both countries), starts the real atlas service on it,
 * and prints the median time of a unified listing page and of a national report through GraphQL next to
 * the equivalent plain SQL on the same database, with their ratio. A benchmark, not a test: it asserts
 * nothing. Uses BENCH_DATABASE_URL (an admin connection) when set, otherwise an embedded PostgreSQL.
 */
import { mkdtempSync, chmodSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { ensureDatabase, dropDatabase, startEmbeddedPostgres } from '@cultura/db';
import { parseEnv, startService, subgraphEnvSpec } from '@cultura/service-kit';
import { atlasService } from '../services/atlas/src/index';

const { values } = parseArgs({ options: { actors: { type: 'string' }, actions: { type: 'string' }, runs: { type: 'string' } } });
const ACTORS = Number(values.actors ?? 100_000);
const ACTIONS = Number(values.actions ?? 1_000_000);
const RUNS = Number(values.runs ?? 15);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function time(runs: number, fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return median(samples);
}

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), 'cultura-bench-'));
  chmodSync(dir, 0o755);
  const adminUrl = process.env.BENCH_DATABASE_URL;
  const pg = adminUrl ? null : await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: 54399 });
  const admin = adminUrl ?? pg!.adminUrl;
  const dbName = `bench_index_${Date.now()}`;
  await ensureDatabase(admin, dbName);
  const url = new URL(admin);
  url.pathname = `/${dbName}`;
  const env = parseEnv(subgraphEnvSpec({ port: 0, embeddedPostgresPort: 0 }), { PORT: '0', LOG_LEVEL: 'error', DATABASE_URL: url.toString() });
  const service = await startService(atlasService({ feeds: [], consumer: { pollMs: 1000, batchSize: 500, timeoutMs: 5000 } }), env, { background: false });
  const sql = new Client({ connectionString: url.toString() });
  await sql.connect();
  try {
    console.log(`loading ${ACTORS.toLocaleString('en')} actors and ${ACTIONS.toLocaleString('en')} actions…`);
    const loadStart = Date.now();
    // Territories shaped like the real ids: 16 Chilean regions with comunas, 25 Peruvian departments with districts.
    await sql.query(`
      CREATE TEMP TABLE places AS
      SELECT row_number() OVER () AS n, * FROM (
        SELECT 'CL' AS country, 'CL:' || lpad(r::text, 2, '0') AS first, 'CL:' || lpad(r::text, 2, '0') || '1' AS second,
               'CL:' || lpad(r::text, 2, '0') || '1' || lpad(c::text, 2, '0') AS third
        FROM generate_series(1, 16) r, generate_series(1, 20) c
        UNION ALL
        SELECT 'PE', 'PE:' || lpad(d::text, 2, '0'), 'PE:' || lpad(d::text, 2, '0') || '01', 'PE:' || lpad(d::text, 2, '0') || '01' || lpad(x::text, 2, '0')
        FROM generate_series(1, 25) d, generate_series(1, 14) x
      ) p`);
    const [{ places }] = (await sql.query(`SELECT count(*)::int AS places FROM places`)).rows;
    await sql.query(
      `INSERT INTO indexed_actor (id, feed, program_id, type_name, kind, government_level, name, sort_name, territory_id, territory_lineage, country, first_level, domains, origin, indexed_at)
       SELECT 'bench:actor:' || g, prog, prog, 'RedCulturaActor', (ARRAY['MUNICIPALITY','CULTURAL_CENTRE','CULTURE_POINT','GOVERNMENT_ENTITY'])[1 + g % 4], 'LOCAL',
              'Actor ' || g, 'actor ' || g, p.third, ARRAY[p.country, p.first, p.second, p.third], p.country, p.first,
              ARRAY[(ARRAY['VISUAL_ARTS_AND_CRAFTS','PERFORMANCE_AND_CELEBRATION','AUDIOVISUAL_AND_INTERACTIVE_MEDIA'])[1 + g % 3]], 'SYNTHETIC', now()
       FROM generate_series(1, $1::int) g
       JOIN places p ON p.n = 1 + g % $2::int
       CROSS JOIN LATERAL (SELECT CASE WHEN p.country = 'CL' THEN 'red-cultura' WHEN g % 2 = 0 THEN 'red-gestion' ELSE 'puntos-cultura' END AS prog) pr`,
      [ACTORS, places],
    );
    await sql.query(
      `INSERT INTO indexed_action (id, feed, program_id, type_name, kind, line_code, title, sort_title, status, period_start, period_end, year, sort_at,
                                   countries, first_levels, territory_ids, territory_lineage, domains, origin, actor_ids, figures, indexed_at)
       SELECT 'bench:action:' || g, prog, prog, 'RedCulturaActivity', (ARRAY['WORKSHOP','INTERVENTION','PARTICIPATORY_PROJECT','RECOGNITION','FUNDING_AWARD'])[1 + g % 5], NULL,
              'Action ' || g, 'action ' || g, (ARRAY['PLANNED','IN_PROGRESS','COMPLETED'])[1 + g % 3], d, d + 30, extract(year FROM d)::int, d,
              ARRAY[p.country], ARRAY[p.first], ARRAY[p.third], ARRAY[p.country, p.first, p.second, p.third],
              ARRAY[(ARRAY['VISUAL_ARTS_AND_CRAFTS','PERFORMANCE_AND_CELEBRATION','AUDIOVISUAL_AND_INTERACTIVE_MEDIA','BOOKS_AND_PRESS'])[1 + g % 4]],
              CASE WHEN g % 10 = 0 THEN 'SOURCE_DOCUMENT' ELSE 'SYNTHETIC' END, ARRAY['bench:actor:' || (1 + g % $3::int)],
              jsonb_build_array(jsonb_build_object('metric', 'PARTICIPANTS', 'value', 5 + g % 200, 'qualifier', (ARRAY['EXACT','EXACT','MORE_THAN','APPROXIMATELY'])[1 + g % 4], 'unit', 'people', 'currency', NULL, 'year', NULL)),
              now()
       FROM generate_series(1, $1::int) g
       JOIN places p ON p.n = 1 + (g * 7) % $2::int
       CROSS JOIN LATERAL (SELECT DATE '2020-01-01' + (g % 2190) AS d) dd
       CROSS JOIN LATERAL (SELECT CASE WHEN p.country = 'CL' THEN 'red-cultura' WHEN g % 2 = 0 THEN 'red-gestion' ELSE 'puntos-cultura' END AS prog) pr`,
      [ACTIONS, places, ACTORS],
    );
    await sql.query('ANALYZE');
    console.log(`loaded in ${((Date.now() - loadStart) / 1000).toFixed(1)} s\n`);

    const gql = async (query: string) => {
      const res = await fetch(service.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
      const body = (await res.json()) as { errors?: unknown };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
    };
    const cases: { name: string; graphql: string; sql: string }[] = [
      {
        name: 'listing page: Tarapacá + Lima, newest first, 50 items',
        graphql: `{ actions(filter: { within: ["CL:01", "PE:15"] }, first: 50) { nodes { id } pageInfo { endCursor } } }`,
        sql: `SELECT id, type_name, sort_at FROM indexed_action WHERE territory_lineage && ARRAY['CL:01','PE:15'] ORDER BY sort_at DESC, id DESC LIMIT 51`,
      },
      {
        name: 'listing page with total count',
        graphql: `{ actions(filter: { within: ["CL:01", "PE:15"] }, first: 50) { totalCount nodes { id } } }`,
        sql: `SELECT (SELECT count(*) FROM indexed_action WHERE territory_lineage && ARRAY['CL:01','PE:15']),
                     (SELECT array_agg(id) FROM (SELECT id FROM indexed_action WHERE territory_lineage && ARRAY['CL:01','PE:15'] ORDER BY sort_at DESC, id DESC LIMIT 51) x)`,
      },
      {
        name: 'national report: actions and participants per country, program and year',
        graphql: `{ report(groupBy: [COUNTRY, PROGRAM, YEAR], includeSynthetic: true) { rows { program year actions participants { value qualifier } } } }`,
        sql: `SELECT c, program_id, year, count(*), sum((f->>'value')::numeric), array_agg(DISTINCT f->>'qualifier')
              FROM indexed_action a CROSS JOIN LATERAL unnest(a.countries) c CROSS JOIN LATERAL jsonb_array_elements(a.figures) f
              WHERE f->>'metric' = 'PARTICIPANTS' GROUP BY 1, 2, 3`,
      },
    ];
    console.log(`median of ${RUNS} runs after one warm-up`);
    console.log(['case'.padEnd(72), 'graphql ms'.padStart(11), 'plain SQL ms'.padStart(13), 'ratio'.padStart(7)].join(' '));
    for (const c of cases) {
      const g = await time(RUNS, () => gql(c.graphql));
      const s = await time(RUNS, () => sql.query(c.sql));
      console.log([c.name.padEnd(72), g.toFixed(1).padStart(11), s.toFixed(1).padStart(13), `${(g / s).toFixed(2)}×`.padStart(7)].join(' '));
    }
    const mem = process.memoryUsage();
    console.log(`\nbenchmark process memory: rss ${(mem.rss / 2 ** 20).toFixed(0)} MiB, heap ${(mem.heapUsed / 2 ** 20).toFixed(0)} MiB`);
  } finally {
    await sql.end();
    await service.stop();
    await dropDatabase(admin, dbName);
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
