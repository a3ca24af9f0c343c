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
      demoActions: actions(filter: { origins: [SYNTHETIC] }) { totalCount nodes { title provenance { origin } } }
    } }`);
    const { all, real, demoActions } = data.redGestion;
    expect(real.totalCount).toBe(1);
    expect(all.totalCount).toBe(7);
    for (const e of all.nodes.filter((n: { name: string }) => n.name.startsWith('Demo'))) expect(e.provenance.origin).toBe('SYNTHETIC');
    expect(demoActions.totalCount).toBe(3);
    for (const a of demoActions.nodes) expect(a.title).toMatch(/^Demo — /);
  });

  it('gives dashboards breakdowns by region and level from itemised attendance', async () => {
    const data = await s.red.client.data(`{ redGestion {
      regions(ids: ["PE:08", "PE:20", "PE:LMA"]) { territory { id } memberEntities workshopsAttended servantsTrained { value qualifier } }
      workshop(id: "red-gestion:action:demo-taller-gestion-local") { attendance { servants { value qualifier } byLevel { level servants { value qualifier } } } }
    } }`);
    expect(data.redGestion.regions).toEqual([
      // Cusco: 9 listed in the demo workshop (a complete list), plus "more than 0" from the seed's workshop.
      { territory: { id: 'PE:08' }, memberEntities: 3, workshopsAttended: 2, servantsTrained: { value: 9, qualifier: 'MORE_THAN' } },
      // Piura: 8 in the demo workshop and 4 in the technical assistance, plus the seed's "more than 0".
      { territory: { id: 'PE:20' }, memberEntities: 2, workshopsAttended: 3, servantsTrained: { value: 12, qualifier: 'MORE_THAN' } },
      { territory: { id: 'PE:LMA' }, memberEntities: 1, workshopsAttended: 2, servantsTrained: { value: 1, qualifier: 'MORE_THAN' } },
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

  it('loads again without adding anything', async () => {
    const before = await snapshot(s.red);
    expect(await loadSyntheticData(s.red.dataSource)).toEqual({ inserted: 0 });
    expect(await snapshot(s.red)).toEqual(before);
  });
});
