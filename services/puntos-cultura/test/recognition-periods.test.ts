import { syntheticRegistry } from '../src/data/synthetic';
import { DECIDE, SUBMIT, WRITE, applicationInput, startStack, type Stack } from './helpers';

/** Recognitions dated as precisely as their source dates them, and undated ones handled as unknown. */
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ districts: true, synthetic: true });
});
afterAll(async () => {
  await stack?.stop();
});

const client = () => stack.puntos.client;

type Period = { start: string | null; end: string | null; year: number | null; precision: string };
type RecognitionNode = {
  id: string;
  period: Period;
  resolutionDate: string | null;
  culturePoint: { foundingYear: number; recognitionHistory: { date: string | null }[] };
};

async function syntheticRecognitions(): Promise<{ totalCount: number; nodes: RecognitionNode[] }> {
  const data = await client().data(`{ puntosCultura { actions(filter: { kinds: [RECOGNITION], origins: [SYNTHETIC] }, first: 200) {
    totalCount nodes { id period { start end year precision } ... on Recognition { resolutionDate culturePoint { foundingYear recognitionHistory { date } } } }
  } } }`);
  return data.puntosCultura.actions;
}

describe('the synthetic registry’s recognitions', () => {
  it('are the same on every run', () => {
    expect(syntheticRegistry()).toEqual(syntheticRegistry());
  });

  it('carry periods of every precision, mostly dated, a few undated, within the demo’s years', async () => {
    const { totalCount, nodes } = await syntheticRecognitions();
    expect(totalCount).toBe(169);
    const by = (p: string) => nodes.filter((n) => n.period.precision === p);
    const [day, month, year, undated] = ['DAY', 'MONTH', 'YEAR', 'UNDATED'].map(by);
    expect(day.length + month.length + year.length + undated.length).toBe(169);
    for (const list of [day, month, year, undated]) expect(list.length).toBeGreaterThan(0);
    expect(undated.length).toBeLessThan(30);
    expect(day.length).toBeGreaterThan(month.length + year.length);

    for (const n of day) {
      expect(n.period.start).toBe(n.period.end);
      expect(n.resolutionDate).toBe(n.period.start);
      expect(n.culturePoint.recognitionHistory[0].date).toBe(n.period.start);
    }
    for (const n of month) {
      expect(n.period.start).toMatch(/^\d{4}-\d{2}-01$/);
      expect(new Date(`${n.period.end}T00:00:00Z`).getUTCMonth()).toBe(new Date(`${n.period.start}T00:00:00Z`).getUTCMonth());
    }
    // Less than a day is not a date: neither the resolution nor the status change gets one.
    for (const n of [...month, ...year, ...undated]) {
      expect(n.resolutionDate).toBeNull();
      expect(n.culturePoint.recognitionHistory[0].date).toBeNull();
    }
    for (const n of year) expect(n.period).toMatchObject({ start: null, end: null, year: expect.any(Number) });
    for (const n of undated) expect(n.period).toEqual({ start: null, end: null, year: null, precision: 'UNDATED' });
    for (const n of [...day, ...month, ...year]) {
      const y = n.period.year ?? Number(n.period.start?.slice(0, 4));
      expect(y).toBeGreaterThanOrEqual(Math.max(2012, n.culturePoint.foundingYear + 2));
      expect(y).toBeLessThanOrEqual(2024);
    }
    // Newest first, the undated last.
    expect(nodes.slice(-undated.length).every((n) => n.period.precision === 'UNDATED')).toBe(true);
  });

  it('give a report by year material: each year counts the recognitions dated in it, whatever their precision', async () => {
    const { nodes } = await syntheticRecognitions();
    const yearOf = (p: Period) => p.year ?? (p.start ? Number(p.start.slice(0, 4)) : null);
    const years = [...new Set(nodes.map((n) => yearOf(n.period)).filter((y): y is number => y !== null))];
    expect(years.length).toBeGreaterThan(5);
    for (const year of years.slice(0, 3)) {
      const data = await client().data(
        `query($year: Int) { puntosCultura { actions(filter: { kinds: [RECOGNITION], origins: [SYNTHETIC], year: $year }) { totalCount } } }`,
        { year },
      );
      expect(data.puntosCultura.actions.totalCount).toBe(nodes.filter((n) => yearOf(n.period) === year).length);
    }
  });
});

describe('an undated recognition', () => {
  it('sorts last among a point’s actions, page after page, and is not its latest recognition', async () => {
    // Imported with a resolution number but no date: recognised, when unknown.
    const imported = await client().data(
      `mutation($input: ImportCulturePointRegistryInput!) { importCulturePointRegistry(input: $input) { imported problems { reason } } }`,
      { input: { csv: 'nombre,ubigeo,resolución\nTeatro Sin Fecha,150101,RD 0001-2016\n' } },
      { token: WRITE },
    );
    expect(imported.importCulturePointRegistry).toEqual({ imported: 1, problems: [] });
    const pointId = 'puntos-cultura:point:150101-teatro-sin-fecha';
    await client().data(
      `mutation($input: EndCulturePointRecognitionInput!) { lapseCulturePointRecognition(input: $input) { id } }`,
      { input: { culturePointId: pointId, date: '2024-12-31', reason: 'Not renewed' } },
      { token: WRITE },
    );
    const app = (
      await client().data(
        SUBMIT,
        { input: applicationInput({ organisationName: 'Teatro Sin Fecha', districtId: 'PE:150101' }) },
        { token: WRITE },
      )
    ).submitCulturePointApplication;
    await client().data(
      DECIDE,
      { input: { applicationId: app.id, decision: 'RECOGNISE', resolutionNumber: 'RD 0002-2025', resolutionDate: '2025-04-01' } },
      { token: WRITE },
    );

    const page = `query($id: ID!, $after: String) { puntosCultura { point(id: $id) {
      recognition { resolutionNumber resolutionDate }
      actions(first: 1, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id period { precision } } }
    } } }`;
    const first = (await client().data(page, { id: pointId })).puntosCultura.point;
    expect(first.recognition).toEqual({ resolutionNumber: 'RD 0002-2025', resolutionDate: '2025-04-01' });
    const precisions: string[] = first.actions.nodes.map((n: { period: { precision: string } }) => n.period.precision);
    let after = first.actions.pageInfo.hasNextPage ? first.actions.pageInfo.endCursor : null;
    while (after) {
      const next = (await client().data(page, { id: pointId, after })).puntosCultura.point.actions;
      precisions.push(...next.nodes.map((n: { period: { precision: string } }) => n.period.precision));
      after = next.pageInfo.hasNextPage ? next.pageInfo.endCursor : null;
    }
    expect(precisions).toEqual(['DAY', 'UNDATED']);
  });
});
