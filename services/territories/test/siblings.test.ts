/**
 * `siblings` under a parent whose children are of more than one level: a comuna holds localities and
 * neighbourhoods side by side, and a locality's siblings are the other localities only, `first` of them.
 */
import { signToken, startTestService, type TestService } from '@cultura/testkit';
import { territoriesService } from '../src/index';

let svc: TestService;
const ids = new Map<string, string>();

beforeAll(async () => {
  svc = await startTestService(territoriesService);
  const token = signToken({ scopes: ['territories:write'] });
  const add = `mutation($input: AddLocalTerritoryInput!) { addLocalTerritory(input: $input) { id name } }`;
  // Neighbourhoods sort before the localities, so a first page of the comuna's children holds none of them.
  for (const [name, kind] of [
    ['Barrio Alto', 'NEIGHBOURHOOD'],
    ['Barrio Bajo', 'NEIGHBOURHOOD'],
    ['Barrio Centro', 'NEIGHBOURHOOD'],
    ['Villa Norte', 'LOCALITY'],
    ['Villa Oriente', 'LOCALITY'],
    ['Villa Sur', 'LOCALITY'],
  ]) {
    const data = await svc.client.data(add, { input: { parentId: 'CL:01107', name, kind } }, { token });
    ids.set(name, data.addLocalTerritory.id);
  }
});
afterAll(async () => {
  await svc?.stop();
});

async function siblingNames(name: string, first?: number): Promise<string[]> {
  const data = await svc.client.data(`query($id: ID!, $first: Int) { territory(id: $id) { siblings(first: $first) { name level } } }`, {
    id: ids.get(name),
    first: first ?? 100,
  });
  return data.territory.siblings.map((s: { name: string }) => s.name);
}

describe('siblings of a local territory', () => {
  it('gives `first` siblings of its own level, past the other level’s territories in name order', async () => {
    expect(await siblingNames('Villa Norte', 2)).toEqual(['Villa Oriente', 'Villa Sur']);
    expect(await siblingNames('Villa Sur', 1)).toEqual(['Villa Norte']);
    expect(await siblingNames('Barrio Bajo', 2)).toEqual(['Barrio Alto', 'Barrio Centro']);
  });

  it('never includes itself or another level, and gives none for first: 0', async () => {
    expect(await siblingNames('Villa Oriente')).toEqual(['Villa Norte', 'Villa Sur']);
    expect(await siblingNames('Barrio Centro')).toEqual(['Barrio Alto', 'Barrio Bajo']);
    expect(await siblingNames('Villa Oriente', 0)).toEqual([]);
  });

  it('gives each territory its own level’s siblings when several are asked together', async () => {
    const data = await svc.client.data(`{
      a: territory(id: "${ids.get('Villa Norte')}") { siblings(first: 1) { name } }
      b: territory(id: "${ids.get('Barrio Alto')}") { siblings(first: 1) { name } }
    }`);
    expect(data).toEqual({ a: { siblings: [{ name: 'Villa Oriente' }] }, b: { siblings: [{ name: 'Barrio Bajo' }] } });
  });
});
