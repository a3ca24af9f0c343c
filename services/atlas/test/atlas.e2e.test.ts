import { createLogger } from '@cultura/service-kit';
import { startTestGateway, startTestService, type TestGateway, type TestService } from '@cultura/testkit';
import { territoriesService } from '@cultura/territories';
import { loadSyntheticDemo, redCulturaService } from '@cultura/red-cultura';
import { loadSyntheticData, redGestionService } from '@cultura/red-gestion';
import { loadDefaultData, puntosCulturaService } from '@cultura/puntos-cultura';
import { atlasService, FeedConsumer } from '../src/index';

/**
 * The cross-program layer over the three seeds, through the gateway: what an integrator publishing a
 * cross-country report sees. Counts are the seeds' own, worked out by hand from shared/seeds.
 */
let territories: TestService;
let programs: TestService[] = [];
let atlas: TestService;
let gateway: TestGateway;

const drain = () =>
  new FeedConsumer(
    atlas.dataSource,
    programs.map((p) => ({ name: p.name, baseUrl: p.url.replace(/\/graphql$/, '') })),
    { pollMs: 50, batchSize: 500, timeoutMs: 5000, log: createLogger('atlas-test', 'silent') },
  ).drain();

beforeAll(async () => {
  territories = await startTestService(territoriesService);
  const territoriesUrl = territories.url;
  programs = await Promise.all([
    startTestService(redCulturaService({ territoriesUrl })),
    startTestService(redGestionService({ territoriesUrl })),
    startTestService(puntosCulturaService({ territoriesUrl })),
  ]);
  atlas = await startTestService(
    atlasService({ feeds: [], territories: territoriesUrl, consumer: { pollMs: 50, batchSize: 500, timeoutMs: 5000 } }),
    {
      background: false,
    },
  );
  await drain();
  gateway = await startTestGateway([
    { name: 'territories', url: territories.url },
    ...programs.map((p) => ({ name: p.name, url: p.url })),
    { name: 'atlas', url: atlas.url },
  ]);
});
afterAll(async () => {
  await gateway?.stop();
  await atlas?.stop();
  await Promise.all(programs.map((p) => p.stop()));
  await territories?.stop();
});

const FIGURE = `label value qualifier unit currency programWide sourceText scope { id } provenance { origin source locator }`;

describe('cross-program queries through the gateway', () => {
  it('lists every program’s actions in Tarapacá and Lima together, each with its program-specific fields', async () => {
    const data = await gateway.client.data(`{
      actions(filter: { within: ["CL:01", "PE:15"] }, first: 50) {
        totalCount
        nodes {
          __typename id title kind program { id } period { precision } territories { name firstLevel { name } }
          ... on MunicipalCulturePlan { stage municipality { name } }
          ... on Workshop { attendance { servants { value qualifier } levelsPresent } }
        }
      }
    }`);
    const { nodes, totalCount } = data.actions;
    // Seed 000: 15 Red Cultura actions in Tarapacá; seed 001: the RED workshop, attended from Lima
    // Metropolitana, which lies in department 15 as INEI counts it.
    expect(totalCount).toBe(16);
    expect(nodes).toHaveLength(16);
    const workshop = nodes.find((n: { __typename: string }) => n.__typename === 'Workshop');
    expect(workshop).toMatchObject({ program: { id: 'red-gestion' }, attendance: { servants: { value: 60, qualifier: 'MORE_THAN' } } });
    expect(workshop.territories).toHaveLength(17);
    const plan = nodes.find((n: { id: string }) => n.id === 'red-cultura:action:pmc-pica');
    // "Actualmente se trabaja en el desarrollo de los PMC": in development, at no stage the seed names.
    expect(plan).toMatchObject({
      __typename: 'MunicipalCulturePlan',
      stage: null,
      municipality: { name: 'Municipalidad de Pica' },
      territories: [{ name: 'Pica', firstLevel: { name: 'Tarapacá' } }],
    });
    // No seed fact is dated: every period says so.
    expect(new Set(nodes.map((n: { period: { precision: string } }) => n.period.precision))).toEqual(new Set(['UNDATED']));
  });

  it('pages through the unified list with cursors, and refuses one from another order', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 10; i++) {
      const data: { actions: { nodes: { id: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } =
        await gateway.client.data(
          `query($after: String) { actions(first: 4, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }`,
          { after },
        );
      seen.push(...data.actions.nodes.map((n) => n.id));
      if (!data.actions.pageInfo.hasNextPage) break;
      after = data.actions.pageInfo.endCursor;
    }
    // 15 Red Cultura actions and the RED's one workshop; the five it announces are a figure, not actions.
    expect(new Set(seen).size).toBe(16);
    await gateway.client.error(
      'BAD_USER_INPUT',
      `query($a: String) { actions(orderBy: TITLE, after: $a) { nodes { id } } }`,
      { a: after },
      { field: 'after' },
    );
  });

  it('reports actions per country and program, as GraphQL and as the same CSV', async () => {
    const data = await gateway.client.data(
      `{ report(groupBy: [COUNTRY, PROGRAM]) { rows { country { id name } program actions participants { value qualifier } } total { actions } } }`,
    );
    // Puntos de Cultura's seed names no action, only figures: its row has none.
    expect(data.report.rows).toEqual([
      { country: { id: 'CL', name: 'Chile' }, program: 'red-cultura', actions: 15, participants: null },
      { country: { id: 'PE', name: 'Perú' }, program: 'puntos-cultura', actions: 0, participants: null },
      { country: { id: 'PE', name: 'Perú' }, program: 'red-gestion', actions: 1, participants: { value: 60, qualifier: 'MORE_THAN' } },
    ]);
    expect(data.report.total.actions).toBe(16);
    const res = await fetch(`${gateway.baseUrl}/reports.csv?groupBy=PROGRAM,COUNTRY`);
    expect(res.status).toBe(200);
    const [header, ...lines] = (await res.text()).replace(/^\uFEFF/, '').split('\r\n');
    expect(header.split(',').slice(0, 9)).toEqual([
      'row',
      'country_id',
      'country_name',
      'program',
      'spans',
      'unknown',
      'actions',
      'participants',
      'participants_qualifier',
    ]);
    // Rows follow the order of groupBy: program first.
    expect(lines.slice(0, 4).map((l) => l.split(',').slice(0, 9))).toEqual([
      ['group', 'PE', 'Perú', 'puntos-cultura', '', '', '0', '', ''],
      ['group', 'CL', 'Chile', 'red-cultura', '', '', '15', '', ''],
      ['group', 'PE', 'Perú', 'red-gestion', '', '', '1', '60', 'MORE_THAN'],
      ['total', '', '', '', '', '', '16', '60', 'MORE_THAN'],
    ]);
  });

  it('refuses a CSV request without dimensions or with a bad filter, saying why', async () => {
    expect((await fetch(`${gateway.baseUrl}/reports.csv`)).status).toBe(400);
    const bad = await fetch(`${gateway.baseUrl}/reports.csv?groupBy=COUNTRY&within=Lima`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(
      /BAD_USER_INPUT \(filter.within\[0\]\): "Lima" is not a territory id .*did you mean "PE:(15|1501)" \(Lima\)/,
    );
  });
});

describe('issue 10: cross-country answers an integrator can publish', () => {
  it('filtered to Amazonas, a report by first level has Amazonas’ row only, without the workshop’s "more than 60"', async () => {
    const data = await gateway.client.data(`{ report(groupBy: [FIRST_LEVEL], filter: { within: ["PE:01"] }) {
      rows { firstLevel { id name } spans { values } actions participants { value qualifier } figures { value } }
      total { actions participants { value } }
      partlyOutside { actions participants { value qualifier unit } reportedFigures { value programWide } } } }`);
    expect(data.report.rows).toEqual([
      { firstLevel: { id: 'PE:01', name: 'Amazonas' }, spans: [], actions: 1, participants: null, figures: [] },
    ]);
    expect(data.report.total).toEqual({ actions: 1, participants: null });
    // The figure was reported for the 17 regions together: it is shown apart, as not Amazonas' own.
    expect(data.report.partlyOutside.participants).toEqual({ value: 60, qualifier: 'MORE_THAN', unit: 'public servants' });
    // So are the program figures that cover Amazonas among other places: the RED's 5 planned workshops and
    // Puntos de Cultura's national ones, and its 84 points "in other regions" (23 departments, Amazonas one).
    expect(
      data.report.partlyOutside.reportedFigures.map((f: { value: number; programWide: boolean }) => [f.value, f.programWide]).sort(),
    ).toEqual([
      [125000, true],
      [169, true],
      [22, true],
      [5, true],
      [84, false],
    ]);
  });

  it('Peru’s first-level rows add up to the total, and the workshop of 17 regions is one row that spans them', async () => {
    const data = await gateway.client.data(`{ report(groupBy: [FIRST_LEVEL], filter: { countries: ["PE"] }) {
      rows { firstLevel { id } spans { values territories { name } } actions participants { value qualifier } reportedFigures { label } }
      total { actions participants { value qualifier } } } }`);
    const rows = data.report.rows;
    expect(rows.reduce((n: number, r: { actions: number }) => n + r.actions, 0)).toBe(data.report.total.actions);
    expect(rows.filter((r: { participants: unknown }) => r.participants)).toEqual([
      expect.objectContaining({
        firstLevel: null,
        spans: [expect.objectContaining({ values: expect.arrayContaining(['PE:01', 'PE:15', 'PE:23']) })],
        actions: 1,
        participants: { value: 60, qualifier: 'MORE_THAN' },
      }),
    ]);
    // Lima Metropolitana counts in department 15: the 17 regions of the seed are 17 departments.
    const workshop = rows.find((r: { participants: unknown }) => r.participants);
    expect(workshop.spans[0].values).toHaveLength(17);
    expect(workshop.spans[0].values).not.toContain('PE:LMA');
  });

  it('one report lists every program’s figures side by side, each with its qualifier and source', async () => {
    const data = await gateway.client.data(`{ report(groupBy: [PROGRAM]) { rows { program actions
      participants { value qualifier unit } reportedFigures { ${FIGURE} } } } }`);
    const byProgram = Object.fromEntries(data.report.rows.map((r: { program: string }) => [r.program, r]));
    const listed = (program: string) =>
      byProgram[program].reportedFigures.map(
        (f: { label: string; value: number; qualifier: string; unit: string; provenance: { source: string } }) => [
          f.value,
          f.qualifier,
          f.unit,
          f.provenance.source.slice(0, 8),
        ],
      );
    expect(listed('puntos-cultura')).toEqual(
      expect.arrayContaining([
        [169, 'EXACT', 'culture points', 'seed 002'],
        [22, 'EXACT', 'regions', 'seed 002'],
        [85, 'EXACT', 'culture points', 'seed 002'],
        [84, 'EXACT', 'culture points', 'seed 002'],
        [125000, 'APPROXIMATELY', 'USD', 'seed 002'],
      ]),
    );
    expect(byProgram['red-gestion'].participants).toEqual({ value: 60, qualifier: 'MORE_THAN', unit: 'public servants' });
    expect(listed('red-gestion')).toEqual([[5, 'EXACT', 'planned workshops', 'seed 001']]);
    expect(listed('red-cultura')).toEqual([
      [4, 'EXACT', expect.any(String), 'seed 000'],
      [4, 'EXACT', expect.any(String), 'seed 000'],
    ]);
    for (const row of data.report.rows) {
      for (const f of row.reportedFigures) {
        expect(f.provenance).toMatchObject({ origin: 'SOURCE_DOCUMENT', locator: expect.any(String) });
        expect(f.sourceText).toBeTruthy();
      }
    }
    // The 169 and the budget are the program's as a whole; the 85 and 84 were reported for parts of Peru.
    const puntos = byProgram['puntos-cultura'].reportedFigures;
    expect(puntos.find((f: { value: number }) => f.value === 169).programWide).toBe(true);
    expect(puntos.find((f: { value: number }) => f.value === 85)).toMatchObject({
      programWide: false,
      scope: [{ id: 'PE:07' }, { id: 'PE:15' }],
    });
  });

  it('within the department of Lima includes the RED workshop held with Lima Metropolitana; Peru has 25 departments', async () => {
    const data = await gateway.client.data(`{
      actions(filter: { within: ["PE:15"] }) { nodes { id } }
      territories(country: PE, level: FIRST_LEVEL, first: 100) { totalCount }
    }`);
    expect(data.actions.nodes.map((n: { id: string }) => n.id)).toEqual(['red-gestion:action:taller-eventos-publicos']);
    expect(data.territories.totalCount).toBe(25);
  });

  it('counts every program under a territory, and says which figures are wider than it', async () => {
    const data = await gateway.client.data(`{
      tarapaca: territory(id: "CL:01") { crossProgram { actions byProgram { program actions reportedFigures { value } } } }
      lima: territory(id: "PE:15") { crossProgram { actions byProgram { program actions actionsPartlyElsewhere figures { value }
        reportedFigures { value } widerFigures { value programWide } } } }
    }`);
    expect(data.tarapaca.crossProgram).toEqual({
      actions: 15,
      byProgram: [{ program: 'red-cultura', actions: 15, reportedFigures: [{ value: 4 }, { value: 4 }] }],
    });
    const lima = Object.fromEntries(data.lima.crossProgram.byProgram.map((p: { program: string }) => [p.program, p]));
    expect(lima['red-gestion']).toMatchObject({ actions: 1, actionsPartlyElsewhere: 1, figures: [], reportedFigures: [] });
    // Nothing of Puntos de Cultura is Lima's own: "85 in Lima and Callao" covers Callao too.
    expect(lima['puntos-cultura']).toMatchObject({ actions: 0, reportedFigures: [] });
    expect(
      lima['puntos-cultura'].widerFigures.map((f: { value: number; programWide: boolean }) => [f.value, f.programWide]).sort(),
    ).toEqual([
      [125000, true],
      [169, true],
      [22, true],
      [85, false],
    ]);
  });
});

describe('with the synthetic demo sets', () => {
  beforeAll(async () => {
    const comunas = (await territories.client.data(`{ territories(country: CL, level: THIRD_LEVEL, first: 1000) { nodes { id name } } }`))
      .territories.nodes;
    await loadSyntheticDemo(programs[0].dataSource, comunas);
    await loadSyntheticData(programs[1].dataSource);
    await loadDefaultData(programs[2].dataSource, { synthetic: true });
    await drain();
  });

  it('reports by year have dated rows, and the undated seed facts are one row that says so', async () => {
    const data = await gateway.client.data(
      `{ report(groupBy: [YEAR], includeSynthetic: true) { rows { year unknown spans { values } actions } total { actions } } }`,
    );
    const dated = data.report.rows.filter((r: { year: number | null }) => r.year !== null);
    expect(dated.length).toBeGreaterThan(1);
    const undated = data.report.rows.filter((r: { unknown: string[] }) => r.unknown.includes('YEAR'));
    expect(undated).toHaveLength(1);
    expect(undated[0].actions).toBeGreaterThanOrEqual(16);
    expect(data.report.rows.at(-1)).toBe(undated[0]);
  });

  it.each([
    ['COUNTRY'],
    ['FIRST_LEVEL'],
    ['REGION'],
    ['TERRITORY_LEVEL'],
    ['TERRITORY'],
    ['PROGRAM'],
    ['KIND'],
    ['DOMAIN'],
    ['YEAR'],
    ['COUNTRY, PROGRAM, YEAR'],
  ])('by %s, every column summed over the rows equals the total, seed and synthetic data alike', async (groupBy) => {
    for (const args of [
      'includeSynthetic: true',
      'includeSynthetic: false',
      'includeSynthetic: true, filter: { within: ["CL:011", "PE:15"] }',
    ]) {
      const data = await gateway.client.data(`{ report(groupBy: [${groupBy}], ${args}) {
        rows { actions figures { metric unit currency value qualifier } }
        total { actions figures { metric unit currency value qualifier } } } }`);
      const { rows, total } = data.report;
      expect(rows.reduce((n: number, r: { actions: number }) => n + r.actions, 0)).toBe(total.actions);
      type Sum = { metric: string; unit: string; currency: string | null; value: number; qualifier: string };
      for (const t of total.figures as Sum[]) {
        const parts = rows.flatMap((r: { figures: Sum[] }) =>
          r.figures.filter((f) => f.metric === t.metric && f.unit === t.unit && f.currency === t.currency),
        );
        expect(parts.reduce((n: number, f: Sum) => n + f.value, 0)).toBeCloseTo(t.value, 6);
        // A total is exact only if every part is; one "more than" part makes it at least "more than".
        if (parts.some((p: Sum) => p.qualifier !== 'EXACT')) expect(t.qualifier).not.toBe('EXACT');
        else expect(t.qualifier).toBe('EXACT');
      }
    }
  });
});
