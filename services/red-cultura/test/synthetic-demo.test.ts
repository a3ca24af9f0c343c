import path from 'node:path';
import { startTestService, type TestService } from '@cultura/testkit';
import { territoriesService } from '@cultura/territories';
import { importOfficialGazetteer } from '@cultura/territories/src/gazetteer/official';
import { redCulturaService } from '../src/index';
import { fetchComunas, loadSyntheticDemo, removeSyntheticDemo } from '../src/data/synthetic';

const GAZETTEERS = path.resolve(__dirname, '../../../../shared/data/gazetteers');

let territories: TestService;
let svc: TestService;

beforeAll(async () => {
  territories = await startTestService(territoriesService);
  await importOfficialGazetteer(territories.dataSource, { dir: GAZETTEERS, countries: ['CL'] });
  svc = await startTestService(redCulturaService({ territoriesUrl: territories.url }));
});
afterAll(async () => {
  await svc?.stop();
  await territories?.stop();
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

  it('removes only synthetic records', async () => {
    const seedOnly = (await svc.client.data(COUNT, { o: ['SOURCE_DOCUMENT', 'IMPORT', 'USER'] })).redCultura;
    await removeSyntheticDemo(svc.dataSource);
    expect((await svc.client.data(COUNT)).redCultura).toEqual(seedOnly);
  });
});
