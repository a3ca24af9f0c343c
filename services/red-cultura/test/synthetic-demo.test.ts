import { startTestService, startWithTerritories, type TestService, type WithTerritories } from '@cultura/testkit';
import { redCulturaService } from '../src/index';
import { fetchComunas, loadSyntheticDemo, removeSyntheticDemo } from '../src/data/synthetic';

let stack: WithTerritories;
let territories: TestService;
let svc: TestService;

beforeAll(async () => {
  stack = await startWithTerritories((territoriesUrl) => redCulturaService({ territoriesUrl }), { gazetteers: ['CL'] });
  ({ territories, service: svc } = stack);
});
afterAll(async () => {
  await stack?.stop();
});

const COUNT = `query($o: [RecordOrigin!]) { redCultura { actions(filter: { origins: $o }) { totalCount } actors(filter: { origins: $o }) { totalCount } } }`;

describe('synthetic demo set', () => {
  it('spreads over every Chilean comuna, marked SYNTHETIC, and loads once', async () => {
    const seedOnly = (await svc.client.data(COUNT)).redCultura;
    const comunas = await fetchComunas(territories.url);
    expect(comunas).toHaveLength(346);
    const first = await loadSyntheticDemo(svc.dataSource, comunas);
    expect(first.actors).toBeGreaterThanOrEqual(346);
    expect(first.actions).toBeGreaterThanOrEqual(346);
    expect(await loadSyntheticDemo(svc.dataSource, comunas)).toEqual({ actors: 0, actions: 0 });

    const synthetic = (await svc.client.data(COUNT, { o: ['SYNTHETIC'] })).redCultura;
    const real = (await svc.client.data(COUNT, { o: ['SOURCE_DOCUMENT', 'IMPORT', 'USER'] })).redCultura;
    expect(synthetic.actions.totalCount).toBe(first.actions);
    expect(real).toEqual(seedOnly);

    const regions = await svc.client.data(`{ redCultura { actions(filter: { within: "CL:13", origins: [SYNTHETIC] }) { totalCount } } }`);
    expect(regions.redCultura.actions.totalCount).toBeGreaterThan(0);
  });

  it('leaves the demo set out of a territory’s plan, lists and counts when `origins` asks for real data only', async () => {
    const view = `plan { id } centres { id } municipalities { id } actionsByLine { count } actions(first: 0) { totalCount }`;
    const data = await svc.client.data(`{ _entities(representations: [
        { __typename: "Territory", id: "CL:01107" }, { __typename: "Territory", id: "CL:01" }, { __typename: "Territory", id: "CL:13101" }
      ]) { ... on Territory { id
        all: redCultura { ${view} }
        real: redCultura(origins: [SOURCE_DOCUMENT, IMPORT, USER]) { ${view} }
        demo: redCultura(origins: [SYNTHETIC]) { ${view} }
        narrowed: redCultura(origins: [SYNTHETIC]) { actions(filter: { origins: [SOURCE_DOCUMENT] }) { totalCount } }
    } } }`);
    type View = {
      plan: { id: string } | null;
      centres: unknown[];
      municipalities: unknown[];
      actionsByLine: { count: number }[];
      actions: { totalCount: number };
    };
    const lines = (v: View) => v.actionsByLine.reduce((n, l) => n + l.count, 0);
    for (const t of data._entities as { id: string; all: View; real: View; demo: View; narrowed: { actions: { totalCount: number } } }[]) {
      expect(t.real.actions.totalCount + t.demo.actions.totalCount).toBe(t.all.actions.totalCount);
      expect(lines(t.real) + lines(t.demo)).toBe(lines(t.all));
      expect(t.real.municipalities.length + t.demo.municipalities.length).toBe(t.all.municipalities.length);
      expect(t.real.centres.length + t.demo.centres.length).toBe(t.all.centres.length);
      expect(t.demo.actions.totalCount).toBeGreaterThan(0);
      // A list's own origins are used instead of the view's.
      expect(t.narrowed.actions.totalCount).toBe(t.real.actions.totalCount);
    }
    const [hospicio, tarapaca, santiago] = data._entities;
    expect(hospicio.real).toMatchObject({
      plan: { id: 'red-cultura:action:pmc-alto-hospicio' },
      centres: [{ id: 'red-cultura:actor:centro-cultural-alto-hospicio' }],
      municipalities: [{ id: 'red-cultura:actor:municipalidad-alto-hospicio' }],
      actions: { totalCount: 4 },
    });
    expect(hospicio.demo).toMatchObject({
      plan: null,
      centres: [{ id: 'red-cultura:actor:demo-centro-01107' }],
      actions: { totalCount: 4 },
    });
    expect(tarapaca.real.actions.totalCount).toBe(15);
    expect(santiago.real).toMatchObject({ plan: null, centres: [], municipalities: [], actions: { totalCount: 0 } });

    // A comuna whose only plan is a demo one shows it with the demo data, and none for real data only.
    const [demoPlan] = await svc.dataSource.query(
      `SELECT p.comuna_id AS comuna, p.action_id AS id FROM municipal_culture_plan p JOIN action a ON a.id = p.action_id
        WHERE a.origin = 'SYNTHETIC' ORDER BY 1 LIMIT 1`,
    );
    const plans = await svc.client.data(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Territory {
        all: redCultura { plan { id } } real: redCultura(origins: [SOURCE_DOCUMENT]) { plan { id } } demo: redCultura(origins: [SYNTHETIC]) { plan { id } }
      } } }`,
      { r: [{ __typename: 'Territory', id: demoPlan.comuna }] },
    );
    expect(plans._entities[0]).toEqual({ all: { plan: { id: demoPlan.id } }, real: { plan: null }, demo: { plan: { id: demoPlan.id } } });
  });

  it('has periods of every precision, figures with mixed qualifiers and actions spanning several comunas, the same on every run', async () => {
    const shape = async (ds: typeof svc.dataSource) => {
      const [row] = await ds.query(`
        SELECT (SELECT jsonb_object_agg(period_precision, n) FROM (SELECT period_precision, count(*)::int AS n FROM action WHERE origin = 'SYNTHETIC' GROUP BY 1) p) AS precisions,
               (SELECT count(*)::int FROM action WHERE origin = 'SYNTHETIC' AND cardinality(territory_ids) > 1) AS spanning,
               (SELECT array_agg(DISTINCT qualifier ORDER BY qualifier) FROM reported_figure WHERE origin = 'SYNTHETIC' AND metric = 'PARTICIPANTS') AS qualifiers,
               (SELECT count(DISTINCT period_year)::int FROM action WHERE origin = 'SYNTHETIC') AS years,
               (SELECT count(*)::int FROM municipal_culture_plan p JOIN action a ON a.id = p.action_id WHERE a.origin = 'SYNTHETIC' AND p.stage IS NULL) AS unknown_stages,
               (SELECT md5(string_agg(id || period_precision || COALESCE(period_start::text, '') || COALESCE(period_year::text, '') || array_to_string(territory_ids, ','), '|' ORDER BY id))
                  FROM action WHERE origin = 'SYNTHETIC') AS fingerprint`);
      return row;
    };
    const demo = await shape(svc.dataSource);
    for (const precision of ['DAY', 'MONTH', 'YEAR', 'UNDATED']) expect(demo.precisions[precision]).toBeGreaterThan(20);
    expect(demo.spanning).toBeGreaterThanOrEqual(40); // one per province with two comunas or more
    expect(demo.qualifiers).toEqual(['APPROXIMATELY', 'AT_LEAST', 'EXACT', 'MORE_THAN']);
    expect(demo.years).toBeGreaterThanOrEqual(4);
    expect(demo.unknown_stages).toBeGreaterThan(0);
    // Deterministic: another database loaded from the same comunas holds the very same records.
    const again = await startTestService(redCulturaService({ territoriesUrl: territories.url }));
    try {
      await loadSyntheticDemo(again.dataSource, await fetchComunas(territories.url));
      expect((await shape(again.dataSource)).fingerprint).toBe(demo.fingerprint);
    } finally {
      await again.stop();
    }
  });

  it('removes only synthetic records', async () => {
    const seedOnly = (await svc.client.data(COUNT, { o: ['SOURCE_DOCUMENT', 'IMPORT', 'USER'] })).redCultura;
    await removeSyntheticDemo(svc.dataSource);
    expect((await svc.client.data(COUNT)).redCultura).toEqual(seedOnly);
  });
});
