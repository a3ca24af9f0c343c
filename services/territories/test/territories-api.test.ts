import path from 'node:path';
import { signToken, startTestService, type TestService } from '@cultura/testkit';
import { territoriesService } from '../src/index';
import { importOfficialGazetteer } from '../src/gazetteer/official';

const GAZETTEERS = path.resolve(__dirname, '../../../../shared/data/gazetteers');

let svc: TestService;

beforeAll(async () => {
  svc = await startTestService(territoriesService);
});
afterAll(async () => {
  await svc?.stop();
});

const countTerritories = async () =>
  Number((await svc.dataSource.query('SELECT count(*)::int AS n FROM territory'))[0].n);

describe('reading the default gazetteer', () => {
  it('walks from a comuna up to its region and country and lists its sibling comunas', async () => {
    const data = await svc.client.data(`{
      territory(id: "CL:01107") {
        name level localKind officialCode
        parent { id name }
        firstLevel { id name isoCode }
        ancestors { id name level }
        siblings { id name }
      }
    }`);
    const t = data.territory;
    expect(t).toMatchObject({ name: 'Alto Hospicio', level: 'THIRD_LEVEL', localKind: 'comuna', officialCode: '01107' });
    expect(t.parent).toEqual({ id: 'CL:011', name: 'Iquique' });
    expect(t.firstLevel).toMatchObject({ id: 'CL:01', name: 'Tarapacá', isoCode: 'CL-TA' });
    expect(t.ancestors.map((a: { id: string }) => a.id)).toEqual(['CL', 'CL:01', 'CL:011']);
    expect(t.siblings).toEqual([{ id: 'CL:01101', name: 'Iquique' }]);
  });

  it('lists a region’s comunas through its provinces, and localities below them', async () => {
    const data = await svc.client.data(`{
      territory(id: "CL:01") {
        children { totalCount nodes { id children { totalCount nodes { id name children { nodes { name kind } } } } } }
      }
    }`);
    const provinces = data.territory.children.nodes;
    expect(provinces.map((p: { id: string }) => p.id)).toEqual(['CL:011', 'CL:014']);
    const comunas = provinces.flatMap((p: { children: { nodes: { name: string }[] } }) => p.children.nodes.map((c) => c.name));
    expect(comunas.sort()).toEqual(['Alto Hospicio', 'Camiña', 'Colchane', 'Huara', 'Iquique', 'Pica', 'Pozo Almonte']);
    const localities = provinces
      .flatMap((p: { children: { nodes: { children: { nodes: { name: string; kind: string }[] } }[] } }) => p.children.nodes)
      .flatMap((c: { children: { nodes: { name: string; kind: string }[] } }) => c.children.nodes);
    expect(localities).toEqual(expect.arrayContaining([{ name: 'La Tirana', kind: 'LOCALITY' }, { name: 'Pisagua', kind: 'LOCALITY' }]));
  });

  it('finds names ignoring case and accents', async () => {
    const data = await svc.client.data(`{
      a: territories(search: "TARAPACA") { nodes { id name } }
      b: territories(search: "apurimac", country: PE) { nodes { id name } }
    }`);
    expect(data.a.nodes).toEqual([{ id: 'CL:01', name: 'Tarapacá' }]);
    expect(data.b.nodes).toEqual([expect.objectContaining({ id: 'PE:03' })]);
  });

  it('counts first-level divisions per country, Lima Metropolitana and Callao included for Peru', async () => {
    const data = await svc.client.data(`{
      cl: territories(country: CL, level: FIRST_LEVEL) { totalCount }
      pe: territories(country: PE, level: FIRST_LEVEL, first: 100) { totalCount nodes { id name kind isoCode } }
    }`);
    expect(data.cl.totalCount).toBe(16);
    expect(data.pe.totalCount).toBe(26);
    const names = data.pe.nodes.map((n: { name: string }) => n.name);
    expect(names).toEqual(expect.arrayContaining(['Lima Metropolitana', 'Callao']));
    expect(data.pe.nodes).toContainEqual({ id: 'PE:LMA', name: 'Lima Metropolitana', kind: 'METROPOLITAN_MUNICIPALITY', isoCode: 'PE-LMA' });
  });

  it('pages through a list with cursors, each item exactly once', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 20; i++) {
      const data: { territories: { nodes: { id: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } =
        await svc.client.data(
          `query($after: String) { territories(country: PE, level: FIRST_LEVEL, first: 7, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }`,
          { after },
        );
      seen.push(...data.territories.nodes.map((n) => n.id));
      if (!data.territories.pageInfo.hasNextPage) break;
      after = data.territories.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(26);
    expect(new Set(seen).size).toBe(26);
  });

  it('resolves territories by official code, including codes that lost their leading zero', async () => {
    const data = await svc.client.data(`{
      a: territoryByCode(scheme: CUT, code: "1107") { id }
      b: territoryByCode(scheme: ISO_3166_2, code: "pe-lma") { id }
      c: territoryByCode(scheme: UBIGEO_INEI, code: "07") { id name }
    }`);
    expect(data).toEqual({ a: { id: 'CL:01107' }, b: { id: 'PE:LMA' }, c: { id: 'PE:07', name: 'Callao' } });
  });

  it('resolves entity references for the gateway in one batched statement', async () => {
    const reps = ['CL:01101', 'CL:01107', 'CL:01401', 'CL:01404', 'CL:01405'].map((id) => ({ __typename: 'Territory', id }));
    const { result, statements } = await svc.queries.measure(() =>
      svc.client.data(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Territory { id name } } }`, { r: reps }),
    );
    expect(result._entities.map((e: { id: string }) => e.id)).toEqual(reps.map((r) => r.id));
    expect(statements).toBe(1);
  });
});

describe('clear errors on bad input', () => {
  it('rejects a cursor it did not issue, naming the argument', async () => {
    await svc.client.error('BAD_USER_INPUT', `{ territories(after: "nonsense") { totalCount } }`, {}, { field: 'after' });
  });
  it('rejects a page size over the maximum', async () => {
    await svc.client.error('BAD_USER_INPUT', `{ territories(first: 5000) { totalCount } }`, {}, { field: 'first' });
  });
  it('rejects an unknown territory in a filter instead of answering an empty list', async () => {
    await svc.client.error('BAD_USER_INPUT', `{ territories(within: "CL:99") { totalCount } }`, {}, { field: 'within' });
  });
});

describe('writes need the territories scope', () => {
  const ADD = `mutation($input: AddLocalTerritoryInput!) { addLocalTerritory(input: $input) { id name kind localKind parent { id } ancestors { id } origin } }`;
  const barrio = { parentId: 'CL:01107', name: 'Barrio La Pampa', kind: 'NEIGHBOURHOOD' };

  it('refuses a mutation without a token with UNAUTHENTICATED and writes nothing', async () => {
    const before = await countTerritories();
    await svc.client.error('UNAUTHENTICATED', ADD, { input: barrio });
    expect(await countTerritories()).toBe(before);
  });

  it('refuses a token of another program with FORBIDDEN and writes nothing', async () => {
    const before = await countTerritories();
    await svc.client.error('FORBIDDEN', ADD, { input: barrio }, { token: signToken({ scopes: ['red-cultura:write'] }) });
    expect(await countTerritories()).toBe(before);
  });

  it('refuses a forged or expired token with UNAUTHENTICATED and HTTP 401', async () => {
    const res = await svc.client.error('UNAUTHENTICATED', `{ territory(id: "CL") { id } }`, {}, { token: 'not.a.jwt' });
    expect(res.status).toBe(401);
  });

  it('adds a neighbourhood below a comuna with the territories scope, once', async () => {
    const token = signToken({ scopes: ['territories:write'], subject: 'editor-1' });
    const data = await svc.client.data(ADD, { input: barrio }, { token });
    expect(data.addLocalTerritory).toEqual({
      id: 'CL:01107:barrio-la-pampa',
      name: 'Barrio La Pampa',
      kind: 'NEIGHBOURHOOD',
      localKind: 'barrio',
      parent: { id: 'CL:01107' },
      ancestors: [{ id: 'CL' }, { id: 'CL:01' }, { id: 'CL:011' }, { id: 'CL:01107' }],
      origin: 'USER',
    });
    const before = await countTerritories();
    await svc.client.error('CONFLICT', ADD, { input: { ...barrio, name: 'barrio la pampa' } }, { token, field: 'input.name' });
    await svc.client.error('BAD_USER_INPUT', ADD, { input: { ...barrio, parentId: 'CL:77777' } }, { token, field: 'input.parentId' });
    await svc.client.error('BAD_USER_INPUT', ADD, { input: { ...barrio, parentId: 'CL:01' } }, { token, field: 'input.parentId' });
    await svc.client.error('BAD_USER_INPUT', ADD, { input: { ...barrio, name: 'Otro', centroid: { latitude: 91, longitude: 0 } } }, { token, field: 'input.centroid.latitude' });
    expect(await countTerritories()).toBe(before);
  });
});

describe('cost of lists (after importing the official gazetteers)', () => {
  beforeAll(async () => {
    await importOfficialGazetteer(svc.dataSource, { dir: GAZETTEERS });
  });

  const LIST = `query($first: Int) { territories(country: PE, level: THIRD_LEVEL, first: $first) {
    nodes { id name parent { id name parent { id name } } firstLevel { id } ancestors { id } centroid { latitude } }
  } }`;

  it('lists 500 territories with their parents in as many SQL statements as it lists 20', async () => {
    const small = await svc.queries.measure(() => svc.client.data(LIST, { first: 20 }));
    const large = await svc.queries.measure(() => svc.client.data(LIST, { first: 500 }));
    expect(small.result.territories.nodes).toHaveLength(20);
    expect(large.result.territories.nodes).toHaveLength(500);
    expect(large.result.territories.nodes.every((n: { parent: { parent: unknown } }) => n.parent?.parent)).toBe(true);
    expect(large.statements).toBeLessThanOrEqual(small.statements + 1);
    expect(large.statements).toBeLessThanOrEqual(4);
  });

  it('lists children of every department in as many statements as for two', async () => {
    const q = `query($first: Int) { territories(country: PE, level: FIRST_LEVEL, first: $first) {
      nodes { id children(first: 5) { totalCount nodes { id } pageInfo { hasNextPage } } }
    } }`;
    const two = await svc.queries.measure(() => svc.client.data(q, { first: 2 }));
    const all = await svc.queries.measure(() => svc.client.data(q, { first: 26 }));
    expect(all.result.territories.nodes).toHaveLength(26);
    expect(all.statements).toBeLessThanOrEqual(two.statements + 1);
    const lima = all.result.territories.nodes.find((n: { id: string }) => n.id === 'PE:15');
    expect(lima.children.totalCount).toBe(9);
    expect(lima.children.pageInfo.hasNextPage).toBe(true);
  });

  it('filters descendants at any depth', async () => {
    const data = await svc.client.data(`{
      lma: territories(within: "PE:LMA", level: THIRD_LEVEL) { totalCount }
      tarapaca: territories(within: "CL:01", level: THIRD_LEVEL) { totalCount }
    }`);
    // The 44 rows the INEI file lists under province 1501, Santa María de Huachipa (150144) included.
    expect(data.lma.totalCount).toBe(44);
    expect(data.tarapaca.totalCount).toBe(7);
  });
});

describe('health endpoints', () => {
  it('answers /healthz and /readyz once migrations are applied', async () => {
    const base = svc.url.replace(/\/graphql$/, '');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready' });
  });
});
