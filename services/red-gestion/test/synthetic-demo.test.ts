import { loadSyntheticData } from '../src/data/synthetic';
import { snapshot, startServices, type Services } from './helpers';

let s: Services;

beforeAll(async () => {
  s = await startServices({ LOAD_SYNTHETIC_DATA: 'true' });
});
afterAll(async () => {
  await s?.stop();
});

describe('the synthetic demo set (LOAD_SYNTHETIC_DATA=true)', () => {
  it('marks every demo record SYNTHETIC, and the origins filter leaves it out of reports', async () => {
    const data = await s.red.client.data(`{ redGestion {
      all: entities(first: 50) { totalCount nodes { name provenance { origin } } }
      real: entities(filter: { origins: [SOURCE_DOCUMENT, IMPORT, USER] }) { totalCount }
      demoActions: actions(filter: { origins: [SYNTHETIC] }, first: 50) { totalCount nodes { title provenance { origin } } }
      realActions: actions(filter: { origins: [SOURCE_DOCUMENT, IMPORT, USER] }) { totalCount }
    } }`);
    const { all, real, demoActions, realActions } = data.redGestion;
    expect(real.totalCount).toBe(1);
    expect(all.totalCount).toBe(12);
    for (const e of all.nodes.filter((n: { name: string }) => n.name.startsWith('Demo'))) expect(e.provenance.origin).toBe('SYNTHETIC');
    expect(demoActions.totalCount).toBe(9);
    for (const a of demoActions.nodes)
      expect(a).toMatchObject({ title: expect.stringMatching(/^Demo — /), provenance: { origin: 'SYNTHETIC' } });
    expect(realActions.totalCount).toBe(1);
  });

  it('dates its sessions to the day, the month or the year, leaves a few undated (last), and mixes qualifiers', async () => {
    const data = await s.red.client.data(`{ redGestion { actions(filter: { origins: [SYNTHETIC] }, first: 50) { nodes {
      id period { start end year precision text } figures { metric value qualifier }
    } } } }`);
    const nodes: {
      id: string;
      period: { start: string | null; end: string | null; year: number | null; precision: string; text: string | null };
      figures: { qualifier: string }[];
    }[] = data.redGestion.actions.nodes;
    // Newest first, undated last.
    expect(nodes.map((n) => [n.id.replace('red-gestion:action:demo-', ''), n.period.precision, n.period.start ?? n.period.year])).toEqual([
      ['taller-financiamiento', 'DAY', '2025-06-16'],
      ['asistencia-piura', 'DAY', '2025-04-02'],
      ['taller-gestion-local', 'DAY', '2025-03-10'],
      ['taller-espacios-publicos', 'MONTH', '2025-02-01'],
      ['taller-mediacion', 'MONTH', '2024-09-01'],
      ['asistencia-callao', 'YEAR', 2024],
      ['taller-patrimonio', 'YEAR', 2023],
      ['taller-industrias', 'UNDATED', null],
      ['taller-audiencias', 'UNDATED', null],
    ]);
    expect(nodes.find((n) => n.id.endsWith('taller-mediacion'))?.period).toEqual({
      start: '2024-09-01',
      end: '2024-09-30',
      year: 2024,
      precision: 'MONTH',
      text: null,
    });
    expect(nodes.find((n) => n.id.endsWith('taller-audiencias'))?.period).toEqual({
      start: null,
      end: null,
      year: null,
      precision: 'UNDATED',
      text: 'por programar (demo)',
    });
    expect(new Set(nodes.flatMap((n) => n.figures.map((f) => f.qualifier)))).toEqual(new Set(['EXACT', 'MORE_THAN', 'APPROXIMATELY']));
  });

  it('gives reports by year material in three years, undated sessions in none', async () => {
    const data = await s.red.client.data(`{ redGestion {
      y2025: actions(filter: { origins: [SYNTHETIC], year: 2025 }) { totalCount }
      y2024: actions(filter: { origins: [SYNTHETIC], year: 2024 }) { totalCount }
      y2023: actions(filter: { origins: [SYNTHETIC], year: 2023 }) { totalCount }
      y2022: actions(filter: { origins: [SYNTHETIC], year: 2022 }) { totalCount }
    } }`);
    expect(data.redGestion).toEqual({
      y2025: { totalCount: 4 },
      y2024: { totalCount: 2 },
      y2023: { totalCount: 1 },
      y2022: { totalCount: 0 },
    });
  });

  it('gives dashboards breakdowns by region and level from itemised attendance, each region only what was recorded for it', async () => {
    const data = await s.red.client.data(`{ redGestion {
      regions(ids: ["PE:08", "PE:20", "PE:LMA", "PE:LIM", "PE:04", "PE:07"]) {
        territory { id } memberEntities workshopsAttended servantsTrained { value qualifier sessionsWithoutBreakdown }
      }
      workshop(id: "red-gestion:action:demo-taller-gestion-local") { attendance { servants { value qualifier } byLevel { level servants { value qualifier } } } }
    } }`);
    const region = (
      id: string,
      memberEntities: number,
      workshopsAttended: number,
      value: number,
      qualifier: string,
      sessionsWithoutBreakdown: number,
    ) => ({
      territory: { id },
      memberEntities,
      workshopsAttended,
      servantsTrained: { value, qualifier, sessionsWithoutBreakdown },
    });
    expect(data.redGestion.regions).toEqual([
      // 9 on a complete list, 5 on a list short of "more than 40", and the seed's "more than 0".
      region('PE:08', 3, 3, 14, 'MORE_THAN', 1),
      // 8 on a complete list, 4 in technical assistance, and "more than 0" from the seed and from a session without breakdown.
      region('PE:20', 2, 4, 12, 'MORE_THAN', 2),
      // 1 in Lima's district, a session held wholly in Lima Metropolitana (its own 12), and the seed's "more than 0".
      region('PE:LMA', 2, 3, 13, 'MORE_THAN', 1),
      // At least 11 of "about 25", and "more than 0" from the session without breakdown: never its "more than 30".
      region('PE:LIM', 2, 2, 11, 'MORE_THAN', 1),
      region('PE:04', 1, 3, 10, 'MORE_THAN', 2),
      // "About 2" in technical assistance makes the sum approximate.
      region('PE:07', 1, 3, 5, 'APPROXIMATELY', 1),
    ]);
    expect(data.redGestion.workshop.attendance).toEqual({
      servants: { value: 18, qualifier: 'EXACT' },
      byLevel: [
        { level: 'NATIONAL', servants: { value: 3, qualifier: 'EXACT' } },
        { level: 'REGIONAL', servants: { value: 9, qualifier: 'EXACT' } },
        { level: 'LOCAL', servants: { value: 6, qualifier: 'EXACT' } },
      ],
    });
  });

  it('leaves the demo set out of a territory’s counts and lists when `origins` asks for real data only', async () => {
    const view = `memberEntities workshopsAttended servantsTrained { value qualifier sessionsWithoutBreakdown }
      entities(first: 50) { totalCount } workshops(first: 50) { totalCount nodes { provenance { origin } } }`;
    const data = await s.red.client.data(`{
      _entities(representations: [{ __typename: "Territory", id: "PE:08" }, { __typename: "Territory", id: "PE" }]) { ... on Territory {
        all: redGestion { ${view} }
        real: redGestion(origins: [SOURCE_DOCUMENT, IMPORT, USER]) { ${view} }
        demo: redGestion(origins: [SYNTHETIC]) { ${view} }
        narrowed: redGestion(origins: [SYNTHETIC]) { workshops(filter: { origins: [SOURCE_DOCUMENT] }) { totalCount } }
      } }
      redGestion {
        real: regions(origins: [SOURCE_DOCUMENT, IMPORT, USER]) { territory { id } }
        demo: regions(origins: [SYNTHETIC]) { territory { id } }
        every: regions { territory { id } }
      }
    }`);
    const [cusco, peru] = data._entities;
    expect(cusco.all).toMatchObject({ memberEntities: 3, workshopsAttended: 3, servantsTrained: { value: 14, qualifier: 'MORE_THAN' } });
    // The seed's one session for 17 regions, with a national total only: "more than 0" here, never a share.
    expect(cusco.real).toMatchObject({
      memberEntities: 0,
      workshopsAttended: 1,
      servantsTrained: { value: 0, qualifier: 'MORE_THAN', sessionsWithoutBreakdown: 1 },
      entities: { totalCount: 0 },
    });
    expect(cusco.demo).toMatchObject({ memberEntities: 3, workshopsAttended: 2 });
    expect(cusco.demo.servantsTrained.value).toBe(14);
    for (const v of [cusco, peru]) {
      expect(v.real.memberEntities + v.demo.memberEntities).toBe(v.all.memberEntities);
      expect(v.real.workshopsAttended + v.demo.workshopsAttended).toBe(v.all.workshopsAttended);
      expect(v.real.workshops.totalCount + v.demo.workshops.totalCount).toBe(v.all.workshops.totalCount);
      expect(new Set(v.real.workshops.nodes.map((n: { provenance: { origin: string } }) => n.provenance.origin))).toEqual(
        new Set(['SOURCE_DOCUMENT']),
      );
      expect(new Set(v.demo.workshops.nodes.map((n: { provenance: { origin: string } }) => n.provenance.origin))).toEqual(
        new Set(['SYNTHETIC']),
      );
      // A list's own origins are used instead of the view's.
      expect(v.narrowed.workshops.totalCount).toBe(v.real.workshops.totalCount);
    }
    expect(peru.real.entities.totalCount).toBe(peru.real.memberEntities);
    const ids = (rows: { territory: { id: string } }[]) => rows.map((r) => r.territory.id);
    expect(ids(data.redGestion.real).length).toBeLessThan(ids(data.redGestion.every).length);
    expect(ids(data.redGestion.demo).every((id: string) => ids(data.redGestion.every).includes(id))).toBe(true);
  });

  it('keeps the demo programme’s counts to its own records', async () => {
    const data = await s.red.client.data(`{ redGestion { trainingProgramme(id: "red-gestion:programme:demo-2025") {
      period { year precision } announced { value } held planned workshops { id }
    } } }`);
    expect(data.redGestion.trainingProgramme).toEqual({
      period: { year: 2025, precision: 'YEAR' },
      announced: { value: 2 },
      held: 2,
      planned: 1,
      workshops: [
        { id: 'red-gestion:action:demo-taller-espacios-publicos' },
        { id: 'red-gestion:action:demo-taller-gestion-local' },
        { id: 'red-gestion:action:demo-taller-financiamiento' },
      ],
    });
  });

  it('loads again without adding anything', async () => {
    const before = await snapshot(s.red);
    expect(await loadSyntheticData(s.red.dataSource)).toEqual({ inserted: 0 });
    expect(await snapshot(s.red)).toEqual(before);
  });
});
