import { startTestGateway, startTestService, type TestGateway, type TestService } from '@cultura/testkit';
import { territoriesService } from '@cultura/territories';
import { atlasService } from '../src/index';
import { applyChanges, type FeedChange } from '../src/feed/apply';
import { action, deletion, figure, FIXTURE, program } from './fixture';

/**
 * Reports over a hand-made index (test/fixture.ts). Every expected value here was worked out by hand from
 * the fixture: a figure reported for several groups is never copied into each, rows add up to the total,
 * and qualifiers say what is really known.
 */
let territories: TestService;
let atlas: TestService;

const apply = (changes: FeedChange[]) => atlas.dataSource.transaction((tx) => applyChanges(tx, changes));

beforeAll(async () => {
  territories = await startTestService(territoriesService);
  atlas = await startTestService(
    atlasService({ feeds: [], territories: territories.url, consumer: { pollMs: 50, batchSize: 500, timeoutMs: 5000 } }),
    {
      background: false,
    },
  );
  await apply(FIXTURE);
});
afterAll(async () => {
  await atlas?.stop();
  await territories?.stop();
});

const ROW = `spans { dimension values } unknown actions
  participants { value qualifier unit figureCount actionsReporting }
  figures { metric value qualifier unit currency figureCount actionsReporting }
  reportedFigures { label value qualifier unit currency programWide scope { id } provenance { origin source } period { precision } }`;

async function report(groupBy: string, args = '') {
  const data = await atlas.client.data(`{ report(groupBy: [${groupBy}] ${args}) {
    rows { country { id } firstLevel { id } region { id } territoryLevel territory { id } program kind domain year ${ROW} }
    total { ${ROW} } partlyOutside { ${ROW} } undatedLeftOut note } }`);
  return data.report;
}

type Row = { actions: number; figures: { metric: string; unit: string; currency: string | null; value: number }[] };
/** The invariant every report keeps: each column summed over the rows equals the total, never more. */
function expectRowsAddUp(r: { rows: Row[]; total: Row }) {
  expect(r.rows.reduce((n, row) => n + row.actions, 0)).toBe(r.total.actions);
  for (const t of r.total.figures) {
    const same = (f: Row['figures'][number]) => f.metric === t.metric && f.unit === t.unit && f.currency === t.currency;
    expect(r.rows.reduce((n, row) => n + row.figures.filter(same).reduce((m, f) => m + f.value, 0), 0)).toBeCloseTo(t.value, 6);
  }
  // Overlapping counts (territories, organisations) are shown only singly, so a row may hold one the total cannot add up.
  const rowFigures = r.rows.flatMap((row) => row.figures).filter((f) => !['TERRITORIES', 'ORGANISATIONS'].includes(f.metric));
  expect(
    rowFigures.every((f) => r.total.figures.some((t) => t.metric === f.metric && t.unit === f.unit && t.currency === f.currency)),
  ).toBe(true);
}

describe('a report by first level attributes every figure to the scope it was reported for', () => {
  it('puts a workshop over three departments in one row that spans them, and program figures where their scope lies', async () => {
    const r = await report('FIRST_LEVEL');
    expect(
      r.rows.map(
        (row: { firstLevel: { id: string } | null; spans: { values: string[] }[] }) => row.firstLevel?.id ?? row.spans[0].values.join('+'),
      ),
    ).toEqual(['CL:01', 'PE:15', 'CL:01+CL:05', 'PE', 'PE:01+PE:07+PE:15', 'PE:07+PE:15']);
    const [tarapaca, lima, twoRegions, peru, threeDepartments, limaCallao] = r.rows;
    expect(tarapaca).toMatchObject({
      actions: 2,
      spans: [],
      unknown: [],
      participants: { value: 30, qualifier: 'MORE_THAN', unit: 'people', figureCount: 2, actionsReporting: 2 },
      reportedFigures: [
        { label: 'Plans under way', value: 4, qualifier: 'EXACT', programWide: false, scope: [{ id: 'CL:01107' }, { id: 'CL:01401' }] },
      ],
    });
    expect(lima).toMatchObject({
      actions: 1,
      participants: { value: 5, qualifier: 'EXACT', unit: 'public servants' },
      reportedFigures: [],
    });
    expect(twoRegions).toMatchObject({
      actions: 1,
      spans: [{ dimension: 'FIRST_LEVEL', values: ['CL:01', 'CL:05'] }],
      participants: { value: 30, qualifier: 'APPROXIMATELY' },
      figures: [
        { metric: 'BUDGET', value: 1000, qualifier: 'EXACT', currency: 'CLP' },
        { metric: 'PARTICIPANTS', value: 30, qualifier: 'APPROXIMATELY', unit: 'people' },
      ],
    });
    // "169 points" and the yearly budget are the whole program's: Peru, not any one department.
    expect(peru).toMatchObject({ actions: 0, participants: null, figures: [] });
    expect(
      peru.reportedFigures.map((f: { label: string; value: number; qualifier: string; programWide: boolean }) => [
        f.label,
        f.value,
        f.qualifier,
        f.programWide,
      ]),
    ).toEqual([
      ['Points', 169, 'EXACT', true],
      ['Budget per year', 125000, 'APPROXIMATELY', true],
    ]);
    expect(threeDepartments).toMatchObject({ actions: 1, participants: { value: 60, qualifier: 'MORE_THAN', unit: 'public servants' } });
    expect(limaCallao).toMatchObject({ actions: 0, reportedFigures: [{ label: 'Points in Lima and Callao', value: 85 }] });
    // No row but the spanning one claims "more than 60".
    expect(r.rows.filter((row: Row) => row.figures.some((f) => f.value === 60))).toHaveLength(1);
  });

  it('totals every action once, keeping the qualifier each sum allows, and lists every program figure', async () => {
    const r = await report('FIRST_LEVEL');
    expect(r.total).toMatchObject({
      actions: 5,
      figures: [
        { metric: 'BUDGET', value: 1000, qualifier: 'EXACT', unit: 'CLP', currency: 'CLP', figureCount: 1 },
        { metric: 'PARTICIPANTS', value: 60, qualifier: 'APPROXIMATELY', unit: 'people', figureCount: 3, actionsReporting: 3 },
        { metric: 'PARTICIPANTS', value: 65, qualifier: 'MORE_THAN', unit: 'public servants', figureCount: 2, actionsReporting: 2 },
      ],
      participants: { value: 125, qualifier: 'APPROXIMATELY', unit: 'people (people, public servants)' },
    });
    expect(r.total.reportedFigures.map((f: { value: number }) => f.value).sort((a: number, b: number) => a - b)).toEqual([
      4, 85, 169, 125000,
    ]);
    expect(r.partlyOutside).toBeNull();
    expectRowsAddUp(r);
  });

  it('filtered to Amazonas, has Amazonas’ row only and claims none of the workshop’s "more than 60"', async () => {
    const r = await report('FIRST_LEVEL', 'filter: { within: ["PE:01"] }');
    expect(r.rows).toEqual([
      expect.objectContaining({ firstLevel: { id: 'PE:01' }, actions: 1, participants: null, figures: [], reportedFigures: [] }),
    ]);
    expect(r.total).toMatchObject({ actions: 1, participants: null, figures: [], reportedFigures: [] });
    expect(r.partlyOutside).toMatchObject({ actions: 1, participants: { value: 60, qualifier: 'MORE_THAN', unit: 'public servants' } });
    expect(r.partlyOutside.reportedFigures.map((f: { label: string }) => f.label)).toEqual(['Points', 'Budget per year']);
    expect(r.note).toMatch(/partlyOutside/);
    expectRowsAddUp(r);
  });

  it('filtered to the department of Lima, includes Lima Metropolitana and the part of the workshop held there', async () => {
    const r = await report('FIRST_LEVEL', 'filter: { within: ["PE:15"] }');
    expect(r.rows).toEqual([
      expect.objectContaining({
        firstLevel: { id: 'PE:15' },
        actions: 2,
        participants: expect.objectContaining({ value: 5, qualifier: 'EXACT' }),
      }),
    ]);
    expect(r.total).toMatchObject({ actions: 2, participants: { value: 5, qualifier: 'EXACT' } });
    expect(r.partlyOutside).toMatchObject({ actions: 1, participants: { value: 60, qualifier: 'MORE_THAN' } });
    expect(r.partlyOutside.reportedFigures.map((f: { label: string }) => f.label)).toEqual([
      'Points',
      'Points in Lima and Callao',
      'Budget per year',
    ]);
    expectRowsAddUp(r);
  });
});

describe('other dimensions', () => {
  it('groups by regional-government area, with Lima Metropolitana as a region of its own', async () => {
    const r = await report('REGION');
    expect(
      r.rows.map((row: { region: { id: string } | null; spans: { values: string[] }[]; actions: number }) => [
        row.region?.id ?? row.spans[0].values.join('+'),
        row.actions,
      ]),
    ).toEqual([
      ['CL:01', 2],
      ['PE:LMA', 1],
      ['CL:01+CL:05', 1],
      ['PE', 0],
      ['PE:01+PE:07+PE:LMA', 1],
      ['PE:07+PE:15', 0],
    ]);
    expectRowsAddUp(r);
  });

  it('groups by year: an action over two years spans them, an undated one is unknown, never guessed', async () => {
    const r = await report('YEAR');
    expect(
      r.rows.map((row: { year: number | null; spans: { values: string[] }[]; unknown: string[]; actions: number }) => [
        row.year,
        row.spans.map((s) => s.values),
        row.unknown,
        row.actions,
      ]),
    ).toEqual([
      [2024, [], [], 2],
      [2025, [], [], 1],
      [null, [['2024', '2025']], [], 1],
      [null, [], ['YEAR'], 1],
    ]);
    expect(r.rows[3].reportedFigures).toHaveLength(4);
    expectRowsAddUp(r);
  });

  it('filtered to a year, keeps dated actions that overlap it and says how many undated ones it left out', async () => {
    const r = await report('YEAR', 'filter: { year: 2024 }');
    expect(r.rows.map((row: { year: number | null; actions: number }) => [row.year, row.actions])).toEqual([
      [2024, 2],
      [null, 1],
    ]);
    expect(r.undatedLeftOut).toBe(1);
    expect(r.total.reportedFigures).toEqual([]);
    expectRowsAddUp(r);
  });

  it('groups by domain: two domains span, no domain is unknown', async () => {
    const r = await report('DOMAIN');
    expect(
      r.rows.map((row: { domain: string | null; spans: { values: string[] }[]; unknown: string[]; actions: number }) => [
        row.domain,
        row.spans.map((s) => s.values),
        row.unknown,
        row.actions,
      ]),
    ).toEqual([
      ['EDUCATION_AND_TRAINING', [], [], 1],
      ['PERFORMANCE_AND_CELEBRATION', [], [], 1],
      [null, [['EDUCATION_AND_TRAINING', 'PERFORMANCE_AND_CELEBRATION']], [], 1],
      [null, [], ['DOMAIN'], 2],
    ]);
    expectRowsAddUp(r);
  });

  it('leaves synthetic data out unless asked for', async () => {
    const without = await report('FIRST_LEVEL');
    const withSynthetic = await report('FIRST_LEVEL', 'includeSynthetic: true');
    expect(without.rows[0]).toMatchObject({ actions: 2, participants: { value: 30 } });
    expect(withSynthetic.rows[0]).toMatchObject({ actions: 3, participants: { value: 130, qualifier: 'MORE_THAN' } });
    expectRowsAddUp(withSynthetic);
  });

  it('answers from the rollups what it answers from the actions themselves, on every dimension and pair', async () => {
    const dims = ['COUNTRY', 'FIRST_LEVEL', 'REGION', 'TERRITORY_LEVEL', 'PROGRAM', 'KIND', 'DOMAIN', 'YEAR'];
    const sets = [...dims.map((d) => [d]), ['COUNTRY', 'PROGRAM'], ['FIRST_LEVEL', 'YEAR'], ['REGION', 'DOMAIN', 'KIND']];
    for (const set of sets) {
      // No territory filter: the rollups answer. Within both countries: every action's own rows answer.
      const fromRollup = await report(set.join(', '), 'includeSynthetic: true');
      const fromActions = await report(set.join(', '), 'includeSynthetic: true, filter: { within: ["CL", "PE"] }');
      expect({ set, rows: fromActions.rows }).toEqual({ set, rows: fromRollup.rows });
      expect(fromActions.total).toEqual(fromRollup.total);
      expectRowsAddUp(fromRollup);
    }
  });
});

type Line = [string | null, string[], string[], number, string[], string[]];
/** A report's rows as one line each: the group, spans, unknowns, actions, figures and program figures' labels. */
function lines(r: { rows: Record<string, unknown>[] }, key: (row: Record<string, unknown>) => string | null): Line[] {
  return r.rows.map((row) => {
    const spans = (row.spans as { values: string[] }[]).map((s) => s.values.join('+'));
    const figures = (row.figures as { metric: string; value: number; qualifier: string; unit: string }[]).map(
      (f) => `${f.metric} ${f.value} ${f.qualifier} ${f.unit}`,
    );
    return [
      key(row),
      spans,
      row.unknown as string[],
      row.actions as number,
      figures,
      (row.reportedFigures as { label: string }[]).map((f) => f.label),
    ];
  });
}
const TOTAL_FIGURES = ['BUDGET 1000 EXACT CLP', 'PARTICIPANTS 60 APPROXIMATELY people', 'PARTICIPANTS 65 MORE_THAN public servants'];
const totalLine = (r: { total: Record<string, unknown> }) => lines({ rows: [r.total] }, () => null)[0][4];

describe('every dimension, worked out by hand', () => {
  it('groups by country and by program: 10 exact + more than 20 + about 30 people is about 60; more than 60 + 5 servants is more than 65', async () => {
    for (const [dimension, key, ids] of [
      ['COUNTRY', (row: Record<string, unknown>) => (row.country as { id: string } | null)?.id ?? null, ['CL', 'PE']],
      ['PROGRAM', (row: Record<string, unknown>) => row.program as string | null, ['prog-a', 'prog-b']],
    ] as const) {
      const r = await report(dimension);
      expect(lines(r, key)).toEqual([
        [ids[0], [], [], 3, ['BUDGET 1000 EXACT CLP', 'PARTICIPANTS 60 APPROXIMATELY people'], ['Plans under way']],
        [ids[1], [], [], 2, ['PARTICIPANTS 65 MORE_THAN public servants'], ['Points', 'Points in Lima and Callao', 'Budget per year']],
      ]);
      expect(totalLine(r)).toEqual(TOTAL_FIGURES);
      expectRowsAddUp(r);
    }
  });

  it('groups by kind: program figures belong to no kind, so their kind is unknown', async () => {
    const r = await report('KIND');
    expect(lines(r, (row) => row.kind as string | null)).toEqual([
      ['TRAINING', [], [], 1, ['BUDGET 1000 EXACT CLP', 'PARTICIPANTS 30 APPROXIMATELY people'], []],
      ['WORKSHOP', [], [], 4, ['PARTICIPANTS 30 MORE_THAN people', 'PARTICIPANTS 65 MORE_THAN public servants'], []],
      [null, [], ['KIND'], 0, [], ['Plans under way', 'Points', 'Points in Lima and Callao', 'Budget per year']],
    ]);
    expect(totalLine(r)).toEqual(TOTAL_FIGURES);
    expectRowsAddUp(r);
  });

  it('groups by territory: each figure stays with the territories it was reported for, alone or together', async () => {
    const r = await report('TERRITORY');
    expect(lines(r, (row) => (row.territory as { id: string } | null)?.id ?? null)).toEqual([
      ['CL:01101', [], [], 1, ['PARTICIPANTS 20 MORE_THAN people'], []],
      ['CL:01107', [], [], 1, ['PARTICIPANTS 10 EXACT people'], []],
      ['PE', [], [], 0, [], ['Points', 'Budget per year']],
      ['PE:150101', [], [], 1, ['PARTICIPANTS 5 EXACT public servants'], []],
      [null, ['CL:01107+CL:01401'], [], 0, [], ['Plans under way']],
      [null, ['CL:01107+CL:05'], [], 1, ['BUDGET 1000 EXACT CLP', 'PARTICIPANTS 30 APPROXIMATELY people'], []],
      [null, ['PE:01+PE:07+PE:LMA'], [], 1, ['PARTICIPANTS 60 MORE_THAN public servants'], []],
      [null, ['PE:07+PE:15'], [], 0, [], ['Points in Lima and Callao']],
    ]);
    expect(totalLine(r)).toEqual(TOTAL_FIGURES);
    expectRowsAddUp(r);
  });
});

describe('program figures under every filter and grouping', () => {
  // A program whose two figures are dated: a year, and a season across two years.
  const DATED = program({
    id: 'prog-d',
    name: 'Program D',
    countryId: 'CL',
    origin: 'SOURCE_DOCUMENT',
    figures: [
      figure(
        {
          metric: 'ACTIONS',
          value: 12,
          qualifier: 'EXACT',
          unit: 'festivals',
          label: 'Festivals in 2024',
          scopeTerritoryIds: ['CL:05'],
          period: { start: null, end: null, year: 2024, precision: 'YEAR', text: null },
        },
        'prog-d',
      ),
      figure(
        {
          metric: 'PARTICIPANTS',
          value: 900,
          qualifier: 'MORE_THAN',
          unit: 'people',
          label: 'Summer audience',
          scopeTerritoryIds: ['CL:05'],
          period: { start: '2024-11-01', end: '2025-02-28', year: null, precision: 'DAY', text: null },
        },
        'prog-d',
      ),
    ],
  });
  beforeAll(() => apply([DATED]));
  afterAll(() => apply([deletion('program', 'prog-d', 'prog-d')]));

  type Listed = { program: string; actions: number; reportedFigures: { label: string }[] };
  const byProgram = async (filter: string) => {
    const r = await report('PROGRAM', `filter: ${filter}`);
    return {
      rows: r.rows.map((row: Listed) => [row.program, row.actions, row.reportedFigures.map((f) => f.label)]),
      total: [r.total.actions, r.total.reportedFigures.map((f: { label: string }) => f.label)],
      undatedLeftOut: r.undatedLeftOut,
    };
  };

  it.each([
    // A program figure has no kind, status or domain: a filter on them leaves every one out.
    [
      '{ kinds: [WORKSHOP] }',
      [
        ['prog-a', 2, []],
        ['prog-b', 2, []],
      ],
      [4, []],
      0,
    ],
    [
      '{ statuses: [COMPLETED] }',
      [
        ['prog-a', 3, []],
        ['prog-b', 2, []],
      ],
      [5, []],
      0,
    ],
    [
      '{ domains: [EDUCATION_AND_TRAINING] }',
      [
        ['prog-a', 1, []],
        ['prog-b', 1, []],
      ],
      [2, []],
      0,
    ],
    // A title search reads figures' labels.
    ['{ search: "points" }', [['prog-b', 0, ['Points', 'Points in Lima and Callao']]], [0, ['Points', 'Points in Lima and Callao']], 0],
    // Periods: the season overlaps 2024 and 2025, the festivals only 2024; undated figures are never in a period.
    [
      '{ year: 2024 }',
      [
        ['prog-a', 2, []],
        ['prog-b', 1, []],
        ['prog-d', 0, ['Festivals in 2024', 'Summer audience']],
      ],
      [3, ['Festivals in 2024', 'Summer audience']],
      1,
    ],
    [
      '{ year: 2025 }',
      [
        ['prog-a', 1, []],
        ['prog-b', 1, []],
        ['prog-d', 0, ['Summer audience']],
      ],
      [2, ['Summer audience']],
      1,
    ],
    [
      '{ from: "2025-01-01" }',
      [
        ['prog-a', 1, []],
        ['prog-b', 1, []],
        ['prog-d', 0, ['Summer audience']],
      ],
      [2, ['Summer audience']],
      1,
    ],
    [
      '{ to: "2024-06-30" }',
      [
        ['prog-a', 2, []],
        ['prog-d', 0, ['Festivals in 2024']],
      ],
      [2, ['Festivals in 2024']],
      1,
    ],
  ])('filtered by %s, lists only the figures the filter allows', async (filter, rows, total, undatedLeftOut) => {
    expect(await byProgram(filter)).toEqual({ rows, total, undatedLeftOut });
  });

  it('filtered to one country, keeps that country’s programs and says nothing lies partly outside', async () => {
    const r = await report('PROGRAM', 'filter: { countries: ["CL"] }');
    expect(r.rows.map((row: Listed) => [row.program, row.actions, row.reportedFigures.map((f) => f.label)])).toEqual([
      ['prog-a', 3, ['Plans under way']],
      ['prog-d', 0, ['Festivals in 2024', 'Summer audience']],
    ]);
    expect(r.partlyOutside).toMatchObject({ actions: 0, reportedFigures: [] });
  });

  it('places dated figures in their years, undated ones and those with no domain as unknown', async () => {
    const byYear = await report('YEAR');
    expect(
      byYear.rows.map(
        (row: {
          year: number | null;
          spans: { values: string[] }[];
          unknown: string[];
          actions: number;
          reportedFigures: { label: string }[];
        }) => [row.year, row.spans.map((x) => x.values.join('+')), row.unknown, row.actions, row.reportedFigures.map((f) => f.label)],
      ),
    ).toEqual([
      [2024, [], [], 2, ['Festivals in 2024']],
      [2025, [], [], 1, []],
      [null, ['2024+2025'], [], 1, ['Summer audience']],
      [null, [], ['YEAR'], 1, ['Plans under way', 'Points', 'Points in Lima and Callao', 'Budget per year']],
    ]);
    const byDomain = await report('DOMAIN');
    expect(byDomain.rows.at(-1)).toMatchObject({ unknown: ['DOMAIN'], actions: 2 });
    expect(byDomain.rows.at(-1).reportedFigures.map((f: { label: string }) => f.label)).toEqual([
      'Plans under way',
      'Points',
      'Points in Lima and Callao',
      'Budget per year',
      'Festivals in 2024',
      'Summer audience',
    ]);
  });

  it('orders rows by each dimension in turn, a group’s unknown last', async () => {
    const r = await report('COUNTRY, KIND');
    expect(
      r.rows.map((row: { country: { id: string }; kind: string | null; actions: number; reportedFigures: { label: string }[] }) => [
        row.country.id,
        row.kind,
        row.actions,
        row.reportedFigures.map((f) => f.label),
      ]),
    ).toEqual([
      ['CL', 'TRAINING', 1, []],
      ['CL', 'WORKSHOP', 2, []],
      ['CL', null, 0, ['Plans under way', 'Festivals in 2024', 'Summer audience']],
      ['PE', 'WORKSHOP', 2, []],
      ['PE', null, 0, ['Points', 'Points in Lima and Callao', 'Budget per year']],
    ]);
  });

  it.each([
    ['[]', 'groupBy needs at least one dimension'],
    ['[COUNTRY, FIRST_LEVEL, REGION, PROGRAM, KIND]', 'group by at most 4 dimensions'],
  ])('refuses groupBy: %s as bad input on groupBy', async (groupBy, message) => {
    const res = await atlas.client.error(
      'BAD_USER_INPUT',
      `{ report(groupBy: ${groupBy}) { total { actions } } }`,
      {},
      { field: 'groupBy' },
    );
    expect(res.errors?.[0].message).toBe(message);
  });
});

describe('money', () => {
  it('sums each currency on its own, never one into another, with the qualifier the sum allows', async () => {
    const budget = (value: number, qualifier: string, currency: string) =>
      figure({ metric: 'BUDGET', value, qualifier, unit: currency, currency }, 'prog-m');
    const people = (value: number, qualifier: string) => figure({ metric: 'PARTICIPANTS', value, qualifier, unit: 'people' }, 'prog-m');
    await apply([
      program({ id: 'prog-m', name: 'Program M', countryId: 'CL', origin: 'SOURCE_DOCUMENT', figures: [] }),
      action({
        id: 'm1',
        programId: 'prog-m',
        territoryIds: ['CL:05'],
        figures: [budget(500, 'APPROXIMATELY', 'USD'), people(12, 'EXACT')],
      }),
      action({
        id: 'm2',
        programId: 'prog-m',
        territoryIds: ['CL:05'],
        figures: [budget(300, 'EXACT', 'USD'), budget(2000000, 'EXACT', 'CLP')],
      }),
      action({
        id: 'm3',
        programId: 'prog-m',
        territoryIds: ['CL:01101'],
        kind: 'TRAINING',
        figures: [budget(700, 'LESS_THAN', 'PEN'), people(8, 'AT_LEAST')],
      }),
      action({ id: 'm4', programId: 'prog-m', territoryIds: ['CL:01101'], kind: 'TRAINING', figures: [budget(100, 'MORE_THAN', 'PEN')] }),
    ]);
    try {
      const r = await report('KIND', 'filter: { programs: ["prog-m"] }');
      expect(lines(r, (row) => row.kind as string | null)).toEqual([
        // Less than 700 plus more than 100: somewhere near 800, bounded on neither side.
        ['TRAINING', [], [], 2, ['BUDGET 800 APPROXIMATELY PEN', 'PARTICIPANTS 8 AT_LEAST people'], []],
        ['WORKSHOP', [], [], 2, ['BUDGET 2000000 EXACT CLP', 'BUDGET 800 APPROXIMATELY USD', 'PARTICIPANTS 12 EXACT people'], []],
      ]);
      expect(r.total.figures).toEqual([
        { metric: 'BUDGET', value: 2000000, qualifier: 'EXACT', unit: 'CLP', currency: 'CLP', figureCount: 1, actionsReporting: 1 },
        { metric: 'BUDGET', value: 800, qualifier: 'APPROXIMATELY', unit: 'PEN', currency: 'PEN', figureCount: 2, actionsReporting: 2 },
        { metric: 'BUDGET', value: 800, qualifier: 'APPROXIMATELY', unit: 'USD', currency: 'USD', figureCount: 2, actionsReporting: 2 },
        { metric: 'PARTICIPANTS', value: 20, qualifier: 'AT_LEAST', unit: 'people', currency: null, figureCount: 2, actionsReporting: 2 },
      ]);
      expectRowsAddUp(r);
    } finally {
      await apply([...['m1', 'm2', 'm3', 'm4'].map((id) => deletion('action', id, 'prog-m')), deletion('program', 'prog-m', 'prog-m')]);
    }
  });
});

describe('the rollups follow every change in the same transaction', () => {
  it('after updates and deletions, still equal the actions they sum', async () => {
    const b1 = FIXTURE.find((c) => c.change.id === 'b1')!;
    await apply([
      deletion('action', 'a1', 'prog-a'),
      action({
        id: 'a2',
        programId: 'prog-a',
        territoryIds: ['CL:01101'],
        periodStart: '2024-05-01',
        figures: [figure({ metric: 'PARTICIPANTS', value: 25, qualifier: 'EXACT', unit: 'people' })],
      }),
      action({
        id: 'b1',
        programId: 'prog-b',
        territoryIds: ['PE:01'],
        figures: b1.change.snapshot && 'figures' in b1.change.snapshot ? b1.change.snapshot.figures : [],
      }),
    ]);
    const r = await report('FIRST_LEVEL');
    expect(
      r.rows
        .slice(0, 3)
        .map((row: { firstLevel: { id: string }; actions: number; participants: { value: number; qualifier: string } }) => [
          row.firstLevel.id,
          row.actions,
          row.participants,
        ]),
    ).toEqual([
      ['CL:01', 1, expect.objectContaining({ value: 25, qualifier: 'EXACT' })],
      ['PE:01', 1, expect.objectContaining({ value: 60, qualifier: 'MORE_THAN' })],
      ['PE:15', 1, expect.objectContaining({ value: 5, qualifier: 'EXACT' })],
    ]);
    const base = await report('FIRST_LEVEL', 'filter: { within: ["CL", "PE"] }');
    expect(base.rows).toEqual(r.rows);
    const [{ empty }] = await atlas.dataSource.query(
      `SELECT (SELECT count(*) FROM action_rollup WHERE actions = 0) + (SELECT count(*) FROM action_figure_rollup WHERE figures = 0) AS empty`,
    );
    expect(Number(empty)).toBe(0);
    await apply(
      FIXTURE.filter((c) => ['a1', 'a2', 'b1'].includes(c.change.id)).map((c) => ({
        ...c,
        change: { ...c.change, cursor: `${9000 + Number(c.change.cursor.split('.')[0])}.1` },
      })),
    );
    expect((await report('FIRST_LEVEL')).rows).toEqual((await report('FIRST_LEVEL', 'filter: { within: ["CL", "PE"] }')).rows);
  });
});

describe('text written into the index', () => {
  it('keeps units and titles with commas, quotes, braces, backslashes and spaces intact', async () => {
    const unit = 'people, "young" {and} \\ adults';
    await apply([
      action({
        id: 'odd',
        programId: 'prog-x',
        origin: 'SYNTHETIC',
        territoryIds: ['CL:05'],
        title: 'Taller "NULL", {a,b}',
        figures: [figure({ metric: 'PARTICIPANTS', value: 3, qualifier: 'EXACT', unit })],
      }),
    ]);
    const r = await report('PROGRAM', 'includeSynthetic: true, filter: { search: "taller \\"null\\"" }');
    expect(r.rows).toEqual([
      expect.objectContaining({ program: 'prog-x', actions: 1, figures: [expect.objectContaining({ unit, value: 3 })] }),
    ]);
    await apply([deletion('action', 'odd', 'prog-x')]);
  });
});

describe('counts that can overlap', () => {
  it('never adds up two actions’ "17 regions" and "5 regions", but shows each where it stands alone', async () => {
    const regions = (value: number) => figure({ metric: 'TERRITORIES', value, qualifier: 'EXACT', unit: 'regions' });
    await apply([
      program({ id: 'prog-x', name: 'Program X', countryId: 'CL', origin: 'SYNTHETIC', figures: [] }),
      action({ id: 'r1', programId: 'prog-x', origin: 'SYNTHETIC', territoryIds: ['CL:05'], figures: [regions(17)] }),
      action({ id: 'r2', programId: 'prog-x', origin: 'SYNTHETIC', territoryIds: ['CL:05'], kind: 'TRAINING', figures: [regions(5)] }),
    ]);
    const byProgram = await report('PROGRAM', 'includeSynthetic: true, filter: { programs: ["prog-x"] }');
    expect(byProgram.rows).toEqual([expect.objectContaining({ program: 'prog-x', actions: 2, figures: [] })]);
    const byKind = await report('KIND', 'includeSynthetic: true, filter: { programs: ["prog-x"] }');
    expect(byKind.rows.map((row: { kind: string; figures: { value: number }[] }) => [row.kind, row.figures.map((f) => f.value)])).toEqual([
      ['TRAINING', [5]],
      ['WORKSHOP', [17]],
    ]);
    expect(byKind.total.figures).toEqual([]);
    await apply([deletion('action', 'r1', 'prog-x'), deletion('action', 'r2', 'prog-x'), deletion('program', 'prog-x', 'prog-x')]);
  });
});

describe('filters name what exists', () => {
  it.each([
    ['{ within: ["CL:99"] }', 'filter.within[0]', /Unknown territory "CL:99"/],
    ['{ within: ["Tarapacá"] }', 'filter.within[0]', /"Tarapacá" is not a territory id .*did you mean "CL:01" \(Tarapacá\)\?/],
    ['{ countries: ["Chile"] }', 'filter.countries[0]', /"Chile" is not a country id.*did you mean "CL" \(Chile\)\?/],
    ['{ countries: ["AR"] }', 'filter.countries[0]', /"AR" is not a country id/],
    ['{ programs: ["prog-c"] }', 'filter.programs[0]', /Unknown program "prog-c"; did you mean "prog-a"\?/],
  ])('refuses %s naming the field and the value', async (filter, field, message) => {
    for (const query of [
      `{ report(groupBy: [COUNTRY], filter: ${filter}) { rows { actions } } }`,
      `{ actions(filter: ${filter}) { nodes { id } } }`,
    ]) {
      const res = await atlas.client.error('BAD_USER_INPUT', query, {}, { field });
      expect(res.errors?.[0].message).toMatch(message);
    }
  });
});

describe('the unified listing', () => {
  const page = async (order: string, after: string | null) =>
    (
      await atlas.client.data(
        `query($after: String) { actions(orderBy: ${order}, first: 2, after: $after) { nodes { id } pageInfo { endCursor hasNextPage } } }`,
        { after },
      )
    ).actions;

  it.each([
    ['NEWEST_FIRST', ['a3', 'b2', 's1', 'a2', 'a1', 'b1']],
    ['OLDEST_FIRST', ['a1', 'a2', 's1', 'b2', 'a3', 'b1']],
  ])('pages %s with undated actions last', async (order, expected) => {
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const p: { nodes: { id: string }[]; pageInfo: { endCursor: string; hasNextPage: boolean } } = await page(order, after);
      seen.push(...p.nodes.map((n) => n.id));
      if (!p.pageInfo.hasNextPage) break;
      after = p.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);
  });

  it('refuses a cursor from another order or a forged one as bad input, never a database error', async () => {
    const newest = (await page('NEWEST_FIRST', null)).pageInfo.endCursor;
    await atlas.client.error(
      'BAD_USER_INPUT',
      `query($a: String) { actions(orderBy: TITLE, after: $a) { nodes { id } } }`,
      { a: newest },
      { field: 'after' },
    );
    const title = (await atlas.client.data(`{ actions(orderBy: TITLE, first: 1) { pageInfo { endCursor } } }`)).actions.pageInfo.endCursor;
    await atlas.client.error(
      'BAD_USER_INPUT',
      `query($a: String) { actions(after: $a) { nodes { id } } }`,
      { a: title },
      { field: 'after' },
    );
    const forged = Buffer.from(JSON.stringify(['yesterday', 'a1', 'atlas.actions NEWEST_FIRST'])).toString('base64url');
    await atlas.client.error(
      'BAD_USER_INPUT',
      `query($a: String) { actions(after: $a) { nodes { id } } }`,
      { a: forged },
      { field: 'after' },
    );
    await atlas.client.error(
      'BAD_USER_INPUT',
      `query($a: String) { actors(after: $a) { nodes { id } } }`,
      { a: newest },
      { field: 'after' },
    );
  });
});

describe('search ignores case and accents on both sides', () => {
  let actorCursor = 9500;
  const actor = (id: string, name: string | null): FeedChange => ({
    feed: 'prog-a',
    change: {
      cursor: `${++actorCursor}.1`,
      entity: 'actor',
      id,
      changedAt: new Date().toISOString(),
      snapshot:
        name === null
          ? null
          : {
              id,
              programId: 'prog-a',
              typeName: 'CulturalCentre',
              kind: 'ORGANISATION',
              governmentLevel: 'LOCAL',
              name,
              territoryId: 'CL:01101',
              domains: [],
              origin: 'SOURCE_DOCUMENT',
              figures: [],
            },
    },
  });
  const SEARCH = `query($s: String!) {
    actions(filter: { search: $s }, orderBy: TITLE) { nodes { id } }
    actors(filter: { search: $s }) { nodes { id } }
    report(groupBy: [PROGRAM], filter: { search: $s }) { total { actions } } }`;

  it.each([['Tarapacá'], ['tarapaca'], ['TARAPACÁ'], ['Tarapaca\u0301'], ['  taller   en TARAPACA ']])(
    'finds titles and names written with and without accents for %j',
    async (needle) => {
      await apply([
        action({ id: 't1', programId: 'prog-a', territoryIds: ['CL:01101'], title: 'TALLER EN TARAPACA' }),
        action({ id: 't2', programId: 'prog-a', territoryIds: ['CL:01101'], title: 'Taller en Tarapacá' }),
        actor('c1', 'Centro Cultural de Tarapacá'),
        actor('c2', 'CENTRO CULTURAL TARAPACA'),
      ]);
      try {
        const data = await atlas.client.data(SEARCH, { s: needle });
        if (needle.includes('taller')) {
          expect(data.actions.nodes.map((n: { id: string }) => n.id).sort()).toEqual(['t1', 't2']);
          expect(data.actors.nodes).toEqual([]);
        } else {
          expect(data.actions.nodes.map((n: { id: string }) => n.id).sort()).toEqual(['t1', 't2']);
          expect(data.actors.nodes.map((n: { id: string }) => n.id).sort()).toEqual(['c1', 'c2']);
        }
        expect(data.report.total.actions).toBe(2);
      } finally {
        await apply([deletion('action', 't1', 'prog-a'), deletion('action', 't2', 'prog-a'), actor('c1', null), actor('c2', null)]);
      }
    },
  );
});

describe('a territory’s cross-program view', () => {
  const view = async (id: string) =>
    (
      await atlas.client.data(`{ _entities(representations: [{ __typename: "Territory", id: "${id}" }]) { ... on Territory { crossProgram {
        actions byProgram { program actions actionsPartlyElsewhere figures { metric value qualifier unit }
          reportedFigures { label programWide } widerFigures { label programWide } } } } } }`)
    )._entities[0].crossProgram;

  it('shows Amazonas the workshop it took part in, but not its "more than 60", and the national figures only as wider context', async () => {
    expect(await view('PE:01')).toEqual({
      actions: 1,
      byProgram: [
        {
          program: 'prog-b',
          actions: 1,
          actionsPartlyElsewhere: 1,
          figures: [],
          reportedFigures: [],
          widerFigures: [
            { label: 'Points', programWide: true },
            { label: 'Budget per year', programWide: true },
          ],
        },
      ],
    });
  });

  it('gives Peru its own figures, program-wide ones flagged', async () => {
    const peru = await view('PE');
    expect(peru.byProgram[0]).toMatchObject({
      program: 'prog-b',
      actions: 2,
      actionsPartlyElsewhere: 0,
      figures: [{ metric: 'PARTICIPANTS', value: 65, qualifier: 'MORE_THAN', unit: 'public servants' }],
      reportedFigures: [
        { label: 'Points', programWide: true },
        { label: 'Points in Lima and Callao', programWide: false },
        { label: 'Budget per year', programWide: true },
      ],
      widerFigures: [],
    });
  });
});

describe('the report as CSV, through the gateway', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway([
      { name: 'territories', url: territories.url },
      { name: 'atlas', url: atlas.url },
    ]);
  });
  afterAll(() => gateway?.stop());

  /** RFC 4180 lines into cells (quotes doubled inside quoted cells). */
  function parseCsv(text: string): string[][] {
    const rows: string[][] = [];
    let row: string[] = [];
    let cell = '';
    let quoted = false;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (quoted) {
        if (ch === '"' && text[i + 1] === '"') {
          cell += '"';
          i++;
        } else if (ch === '"') quoted = false;
        else cell += ch;
      } else if (ch === '"') quoted = true;
      else if (ch === ',') {
        row.push(cell);
        cell = '';
      } else if (ch === '\r' && text[i + 1] === '\n') {
        row.push(cell);
        rows.push(row);
        row = [];
        cell = '';
        i++;
      } else cell += ch;
    }
    return rows;
  }

  it('opens right in a spreadsheet: BOM, a file name, a column group per metric, the total, each program figure and the note', async () => {
    const res = await fetch(`${gateway.baseUrl}/reports.csv?groupBy=FIRST_LEVEL`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="cultura-report_first-level.csv"');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...lines] = parseCsv(new TextDecoder().decode(bytes.slice(3)));
    expect(header).toEqual([
      'row',
      'first_level_id',
      'first_level_name',
      'spans',
      'unknown',
      'actions',
      'budget',
      'budget_qualifier',
      'budget_currency',
      'participants_people',
      'participants_people_qualifier',
      'participants_people_unit',
      'participants_public_servants',
      'participants_public_servants_qualifier',
      'participants_public_servants_unit',
      'reported_label',
      'reported_value',
      'reported_qualifier',
      'reported_unit',
      'reported_scope',
      'reported_source',
      'note',
    ]);
    const rows = lines.map((l) => Object.fromEntries(header.map((h, i) => [h, l[i]])));
    expect(rows.map((r) => r.row)).toEqual([
      'group',
      'group',
      'spanning group',
      'spanning group',
      'spanning group',
      'spanning group',
      'total',
      'reported figure',
      'reported figure',
      'reported figure',
      'reported figure',
      'note',
    ]);
    expect(rows[0]).toMatchObject({
      first_level_id: 'CL:01',
      first_level_name: 'Tarapacá',
      actions: '2',
      participants_people: '30',
      participants_people_qualifier: 'MORE_THAN',
      participants_people_unit: 'people',
    });
    expect(rows[2]).toMatchObject({
      spans: 'FIRST_LEVEL: Tarapacá (CL:01) + Valparaíso (CL:05)',
      budget: '1000',
      budget_qualifier: 'EXACT',
      budget_currency: 'CLP',
    });
    expect(rows[6]).toMatchObject({
      actions: '5',
      budget: '1000',
      participants_people: '60',
      participants_people_qualifier: 'APPROXIMATELY',
      participants_public_servants: '65',
      participants_public_servants_qualifier: 'MORE_THAN',
    });
    // Summed down the column, the groups give the total, as in a spreadsheet.
    const groups = rows.filter((r) => r.row.endsWith('group'));
    for (const column of ['actions', 'budget', 'participants_people', 'participants_public_servants']) {
      expect(groups.reduce((n, r) => n + Number(r[column] || 0), 0)).toBe(Number(rows[6][column]));
    }
    expect(
      rows
        .filter((r) => r.row === 'reported figure')
        .map((r) => [r.first_level_id, r.spans, r.reported_label, r.reported_value, r.reported_qualifier, r.reported_unit]),
    ).toEqual([
      ['CL:01', '', 'Plans under way', '4', 'EXACT', 'plans'],
      ['', 'FIRST_LEVEL: Perú (PE)', 'Points', '169', 'EXACT', 'points'],
      ['', 'FIRST_LEVEL: Perú (PE)', 'Budget per year', '125000', 'APPROXIMATELY', 'USD'],
      ['', 'FIRST_LEVEL: Callao (PE:07) + Lima (PE:15)', 'Points in Lima and Callao', '85', 'EXACT', 'points'],
    ]);
    expect(rows[11].note).toMatch(/counted once/);
  });

  it.each([
    ['groupBy=COUNTRY&format=xlsx', /unknown parameter "format"; accepted: groupBy, countries, within, programs/],
    ['groupBy=COUNTRY&program=prog-a', /unknown parameter "program"/],
    ['groupBy=COUNTRY&year=20x6', /year must be a four-digit year, got "20x6"/],
    ['groupBy=NATION', /"NATION" is not a dimension; dimensions: COUNTRY, FIRST_LEVEL, REGION/],
    ['groupBy=COUNTRY&includeSynthetic=maybe', /includeSynthetic must be true or false/],
    ['groupBy=COUNTRY&year=2024&year=2025', /year must be given once/],
    ['', /groupBy is required/],
    ['groupBy=COUNTRY&programs=prog-c', /BAD_USER_INPUT \(filter.programs\[0\]\): Unknown program "prog-c"; did you mean "prog-a"\?/],
    ['groupBy=COUNTRY&within=CL:99', /BAD_USER_INPUT \(filter.within\[0\]\): Unknown territory "CL:99"/],
  ])('refuses ?%s with a 400 that says why', async (query, message) => {
    const res = await fetch(`${gateway.baseUrl}/reports.csv?${query}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(message);
  });
});
