import path from 'node:path';
import { startTestService, type TestService } from '@cultura/testkit';
import { territoriesService } from '../src/index';
import { importOfficialGazetteer } from '../src/gazetteer/official';

/**
 * People type names with or without accents, in any case, and the official files write them either way:
 * INEI's district names come in capitals without accents ("SAN MARTIN DE PORRES"), while the default
 * gazetteer keeps "Tarapacá". A search must meet both halfway, whichever side carries the accent.
 */
const GAZETTEERS = path.resolve(__dirname, '../../../../shared/data/gazetteers');
let svc: TestService;

beforeAll(async () => {
  svc = await startTestService(territoriesService);
  await importOfficialGazetteer(svc.dataSource, { dir: GAZETTEERS, countries: ['PE'] });
});
afterAll(async () => {
  await svc?.stop();
});

const search = async (text: string, extra = '') =>
  (await svc.client.data(`query($s: String!) { territories(search: $s ${extra}, first: 50) { nodes { id name } } }`, { s: text }))
    .territories.nodes;

describe('territory search folds accents and case on both sides', () => {
  it.each([['Tarapacá'], ['TARAPACÁ'], ['tarapaca'], ['TARAPACA'], ['Tarapaca\u0301'], ['  tarapacá ']])(
    '%j finds the region written "Tarapacá"',
    async (text) => {
      expect(await search(text, ', level: FIRST_LEVEL')).toEqual([{ id: 'CL:01', name: 'Tarapacá' }]);
    },
  );

  it('finds a district INEI writes without its accent, typed with it', async () => {
    const plain = await search('san martin de porres', ', country: PE, level: THIRD_LEVEL');
    expect(plain).toEqual([{ id: 'PE:150135', name: 'San Martin de Porres' }]);
    expect(await search('San Martín de Porres', ', country: PE, level: THIRD_LEVEL')).toEqual(plain);
    expect(await search('SAN MARTÍN DE PORRES', ', country: PE, level: THIRD_LEVEL')).toEqual(plain);
  });

  it('finds Peru’s accented departments typed either way', async () => {
    for (const text of ['Junín', 'junin', 'JUNIN', 'Áncash', 'ancash']) {
      expect((await search(text, ', country: PE, level: FIRST_LEVEL')).map((n: { id: string }) => n.id)).toEqual([
        text.toLowerCase().startsWith('j') ? 'PE:12' : 'PE:02',
      ]);
    }
  });
});

describe('territory search reads the other names a territory goes by', () => {
  it('finds a region by its full official name, however typed', async () => {
    for (const text of ['Región de Tarapacá', 'region de tarapaca', 'REGION METROPOLITANA']) {
      const ids = (await search(text, ', level: FIRST_LEVEL')).map((n: { id: string }) => n.id);
      expect(ids).toEqual([text.toLowerCase().includes('metropolitana') ? 'CL:13' : 'CL:01']);
    }
  });

  it('finds a department by a name documents use for it, listing it once under its own name', async () => {
    expect(await search('Cuzco', ', country: PE')).toEqual([{ id: 'PE:08', name: 'Cusco' }]);
    expect(await search('municipalidad metropolitana')).toEqual([{ id: 'PE:LMA', name: 'Lima Metropolitana' }]);
  });
});
