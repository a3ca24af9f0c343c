import { createLogger } from '@cultura/service-kit';
import { createTestDatabase, signToken, startTestService, type TestDatabase, type TestService } from '@cultura/testkit';
import { territoriesService } from '@cultura/territories';
import { redCulturaService } from '@cultura/red-cultura';
import type { ChangePage } from '@cultura/vocabulary';
import { loadSyntheticDemo, removeSyntheticDemo } from '@cultura/red-cultura';
import { atlasService, FeedConsumer, applyPage } from '../src/index';

const log = createLogger('atlas-test', 'silent');
let territories: TestService;
let redCulturaDb: TestDatabase;
let redCultura: TestService;
let atlas: TestService;
const editor = signToken({ scopes: ['red-cultura:write'] });

const feeds = () => [{ name: 'red-cultura', baseUrl: redCultura.url.replace(/\/graphql$/, '') }];
const consumer = (batchSize = 500) => new FeedConsumer(atlas.dataSource, feeds(), { pollMs: 50, batchSize, timeoutMs: 5000, log });

async function sourceIds(): Promise<string[]> {
  const rows: { id: string }[] = await redCultura.dataSource.query(`SELECT id FROM action UNION ALL SELECT id FROM actor ORDER BY 1`);
  return rows.map((r) => r.id);
}
async function indexIds(): Promise<string[]> {
  const rows: { id: string }[] = await atlas.dataSource.query(
    `SELECT id FROM indexed_action UNION ALL SELECT id FROM indexed_actor ORDER BY 1`,
  );
  return rows.map((r) => r.id);
}
async function recordActivity(title: string): Promise<string> {
  const data = await redCultura.client.data(
    `mutation($t: String!) { recordActivity(input: { kind: TRAINING, title: $t, territoryIds: ["CL:01405"], period: { start: "2026-06-01" } }) { id } }`,
    { t: title },
    { token: editor },
  );
  return data.recordActivity.id;
}

beforeAll(async () => {
  territories = await startTestService(territoriesService);
  redCulturaDb = await createTestDatabase('red_cultura_feed');
  redCultura = await startTestService(redCulturaService({ territoriesUrl: territories.url }), { database: redCulturaDb });
  atlas = await startTestService(
    atlasService({ feeds: [], territories: territories.url, consumer: { pollMs: 50, batchSize: 500, timeoutMs: 5000 } }),
    { background: false },
  );
});
afterAll(async () => {
  await atlas?.stop();
  await redCultura?.stop();
  await redCulturaDb?.drop();
  await territories?.stop();
});

describe('the index follows the program services’ change feeds', () => {
  it('indexes every action and actor of a program from its feed', async () => {
    await consumer().drain();
    expect(await indexIds()).toEqual(await sourceIds());
    const [state] = await atlas.dataSource.query(`SELECT pending, cursor FROM feed_state WHERE feed = 'red-cultura'`);
    expect(state.pending).toBe(0);
  });

  it('a report over the seed data matches the document, counted by hand', async () => {
    const data = await atlas.client.data(
      `{ report(groupBy: [PROGRAM, KIND]) { rows { program kind unknown actions reportedFigures { value } } total { actions } } }`,
    );
    const rows: { kind: string | null; unknown: string[]; actions: number; reportedFigures: { value: number }[] }[] = data.report.rows;
    const byKind = Object.fromEntries(rows.filter((r) => r.kind).map((r) => [r.kind, r.actions]));
    // The program's own figures (4 plans under way, 4 allied centres) are of no action kind: a row of their own.
    expect(rows.filter((r) => !r.kind)).toEqual([
      { program: 'red-cultura', kind: null, unknown: ['KIND'], actions: 0, reportedFigures: [{ value: 4 }, { value: 4 }] },
    ]);
    // Seed 000: 2 Servicio País Cultura interventions; projects in Alto Hospicio, Iquique, Pozo Almonte and
    // Pisagua; 1 staff training; plans in 4 comunas; alliances with 4 centres (advisory is the AGICM line's
    // method, not a record per centre).
    expect(byKind).toEqual({ INTERVENTION: 2, PARTICIPATORY_PROJECT: 4, TRAINING: 1, MUNICIPAL_CULTURE_PLAN: 4, ALLIANCE: 4 });
    expect(data.report.total.actions).toBe(15);
  });

  it('leaves synthetic demo data out of reports unless asked, and keeps its qualifiers honest', async () => {
    const REPORT = `query($s: Boolean) { report(groupBy: [PROGRAM], includeSynthetic: $s) { total { actions participants { value qualifier } } } }`;
    const before = (await atlas.client.data(REPORT)).report.total;
    const demo = await loadSyntheticDemo(redCultura.dataSource, [
      { id: 'CL:01405', name: 'Pica' },
      { id: 'CL:01402', name: 'Camiña' },
    ]);
    await consumer().drain();
    expect((await atlas.client.data(REPORT)).report.total).toEqual(before);
    const withDemo = (await atlas.client.data(REPORT, { s: true })).report.total;
    expect(withDemo.actions).toBe(before.actions + demo.actions);
    const qualifiers: string[] = (
      await redCultura.dataSource.query(
        `SELECT DISTINCT qualifier FROM reported_figure WHERE origin = 'SYNTHETIC' AND metric = 'PARTICIPANTS'`,
      )
    ).map((r: { qualifier: string }) => r.qualifier);
    // The seeded demo draws exact, approximate and lower-bound counts for these two comunas: one "about" makes the sum "about".
    expect(qualifiers.sort()).toEqual(['APPROXIMATELY', 'EXACT', 'MORE_THAN']);
    expect(withDemo.participants.qualifier).toBe('APPROXIMATELY');
    await removeSyntheticDemo(redCultura.dataSource);
    await consumer().drain();
    expect((await atlas.client.data(REPORT, { s: true })).report.total).toEqual(before);
  });

  it('shows a change in a program service within seconds, and its lag while behind', async () => {
    const running = consumer();
    running.start();
    try {
      const id = await recordActivity('Taller de gestión cultural en Pica');
      const deadline = Date.now() + 5000;
      let found = false;
      while (!found && Date.now() < deadline) {
        const data = await atlas.client.data(`{ actions(filter: { search: "gestion cultural en pica" }) { nodes { id } } }`);
        found = data.actions.nodes.some((n: { id: string }) => n.id === id);
        if (!found) await new Promise((r) => setTimeout(r, 50));
      }
      expect(found).toBe(true);
    } finally {
      await running.stop();
    }
    const status = await atlas.client.data(`{ indexStatus { feed pending lagSeconds lastError } }`);
    expect(status.indexStatus).toEqual([{ feed: 'red-cultura', pending: 0, lagSeconds: 0, lastError: null }]);
  });

  it('loses nothing when the index stops, the program keeps writing, and the index restarts', async () => {
    const written = [
      await recordActivity('Escrito mientras el índice estaba detenido 1'),
      await recordActivity('Escrito mientras el índice estaba detenido 2'),
    ];
    const restarted = consumer();
    await restarted.drain();
    const ids = await indexIds();
    expect(ids).toEqual(expect.arrayContaining(written));
    expect(ids).toEqual(await sourceIds());
  });

  it('duplicates nothing when a program service dies mid-feed and comes back', async () => {
    for (let i = 0; i < 6; i++) await recordActivity(`Actividad ${i} antes de la caída`);
    const small = consumer(2);
    const [feed] = feeds();
    await small.pollOnce(feed);
    await redCultura.stop();
    await expect(small.pollOnce(feed)).rejects.toThrow();
    const [state] = await atlas.dataSource.query(`SELECT last_error FROM feed_state WHERE feed = 'red-cultura'`);
    expect(state.last_error).toBeTruthy();
    redCultura = await startTestService(redCulturaService({ territoriesUrl: territories.url }), { database: redCulturaDb });
    await consumer(2).drain();
    const ids = await indexIds();
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(await sourceIds());
  });

  it('ignores a page read from a position the index has already passed', async () => {
    const res = await fetch(`${feeds()[0].baseUrl}/changes?limit=5`);
    const page = (await res.json()) as ChangePage;
    expect(await applyPage(atlas.dataSource, 'red-cultura', null, page)).toBe(0);
    expect(await indexIds()).toEqual(await sourceIds());
  });

  it('rebuilds from zero to the same index', async () => {
    // The rows, the figures reported for the program, and the rollups kept from the rows.
    const dump = () =>
      atlas.dataSource.query(`
        SELECT to_jsonb(a) - 'indexed_at' AS row FROM indexed_action a UNION ALL SELECT to_jsonb(b) - 'indexed_at' FROM indexed_actor b
        UNION ALL SELECT to_jsonb(f) FROM indexed_figure f UNION ALL SELECT to_jsonb(r) FROM action_rollup r
        UNION ALL SELECT to_jsonb(r) FROM action_figure_rollup r UNION ALL SELECT to_jsonb(r) FROM action_rollup_national r ORDER BY 1`);
    const before = await dump();
    expect(before.filter((r: { row: Record<string, unknown> }) => r.row.subject_type === 'PROGRAM')).toHaveLength(2);
    await atlas.dataSource.query(`TRUNCATE indexed_action, indexed_actor, indexed_program, indexed_figure, feed_state`);
    await consumer(7).drain();
    expect(await dump()).toEqual(before);
  });

  it('refuses a cursor it did not issue', async () => {
    const res = await fetch(`${feeds()[0].baseUrl}/changes?after=nonsense`);
    expect(res.status).toBe(400);
    expect((await fetch(`${feeds()[0].baseUrl}/changes?limit=0`)).status).toBe(400);
  });
});

describe('the index in the background', () => {
  it('consumes feeds by itself and exposes their lag as Prometheus metrics', async () => {
    const live = await startTestService(
      atlasService({ feeds: feeds(), territories: territories.url, consumer: { pollMs: 50, batchSize: 500, timeoutMs: 5000 } }),
    );
    try {
      const deadline = Date.now() + 10_000;
      let indexed = 0;
      const expected = (await sourceIds()).length;
      while (indexed < expected && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
        indexed = (
          await live.dataSource.query(`SELECT (SELECT count(*) FROM indexed_action) + (SELECT count(*) FROM indexed_actor) AS n`)
        )[0].n;
      }
      expect(Number(indexed)).toBe(expected);
      const metrics = await (await fetch(live.url.replace(/\/graphql$/, '/metrics'))).text();
      expect(metrics).toMatch(/cultura_feed_pending_changes\{[^}]*feed="red-cultura"[^}]*\} 0/);
      expect(metrics).toMatch(/cultura_feed_lag_seconds\{[^}]*feed="red-cultura"[^}]*\} 0/);
    } finally {
      await live.stop();
    }
  });
});
