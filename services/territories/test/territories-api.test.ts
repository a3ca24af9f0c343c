import path from 'node:path';
import { signToken, startTestService, type TestService } from '@cultura/testkit';
import { territoriesService } from '../src/index';
import { importOfficialGazetteer } from '../src/gazetteer/official';
import { firstLevelOf, isRegionalArea, regionalAreaOf, territoryAreas } from '@cultura/vocabulary';

const GAZETTEERS = path.resolve(__dirname, '../../../../shared/data/gazetteers');

let svc: TestService;

beforeAll(async () => {
  svc = await startTestService(territoriesService);
});
afterAll(async () => {
  await svc?.stop();
});

const countTerritories = async () => Number((await svc.dataSource.query('SELECT count(*)::int AS n FROM territory'))[0].n);

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
    expect(localities).toEqual(
      expect.arrayContaining([
        { name: 'La Tirana', kind: 'LOCALITY' },
        { name: 'Pisagua', kind: 'LOCALITY' },
      ]),
    );
  });

  it('finds names ignoring case and accents', async () => {
    const data = await svc.client.data(`{
      a: territories(search: "TARAPACA") { nodes { id name } }
      b: territories(search: "apurimac", country: PE) { nodes { id name } }
    }`);
    expect(data.a.nodes).toEqual([{ id: 'CL:01', name: 'Tarapacá' }]);
    expect(data.b.nodes).toEqual([expect.objectContaining({ id: 'PE:03' })]);
  });

  it('counts first-level divisions per country: Peru’s 25 departments, Callao and Lima included', async () => {
    const data = await svc.client.data(`{
      cl: territories(country: CL, level: FIRST_LEVEL) { totalCount }
      pe: territories(country: PE, level: FIRST_LEVEL, first: 100) { totalCount nodes { id name kind isoCode } }
    }`);
    expect(data.cl.totalCount).toBe(16);
    expect(data.pe.totalCount).toBe(25);
    expect(data.pe.nodes.every((n: { kind: string }) => n.kind === 'DEPARTMENT')).toBe(true);
    expect(data.pe.nodes).toContainEqual({ id: 'PE:07', name: 'Callao', kind: 'DEPARTMENT', isoCode: 'PE-CAL' });
    expect(data.pe.nodes).toContainEqual({ id: 'PE:15', name: 'Lima', kind: 'DEPARTMENT', isoCode: null });
    expect(data.pe.nodes.map((n: { id: string }) => n.id)).not.toContain('PE:LMA');
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
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
  });

  it('resolves territories by official code, including codes that lost their leading zero', async () => {
    const data = await svc.client.data(`{
      a: territoryByCode(scheme: CUT, code: "1107") { id }
      b: territoryByCode(scheme: ISO_3166_2, code: "pe-lma") { id }
      c: territoryByCode(scheme: UBIGEO_INEI, code: "07") { id name }
      d: territoryByCode(scheme: ISO_3166_2, code: "PE-LIM") { id name }
    }`);
    expect(data).toEqual({
      a: { id: 'CL:01107' },
      b: { id: 'PE:LMA' },
      c: { id: 'PE:07', name: 'Callao' },
      d: { id: 'PE:LIM', name: 'Lima Provincias' },
    });
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

describe('Peru’s regional-government areas, beside the tree (default gazetteer)', () => {
  it('shows Lima Metropolitana and Lima Provincias as areas inside department 15, not as its children', async () => {
    const data = await svc.client.data(`{
      lma: territory(id: "PE:LMA") {
        level kind isoCode officialCode parent { id } ancestors { id } firstLevel { id } region { id } areas { id }
        children { totalCount } siblings { id } members { totalCount nodes { id } }
      }
      lim: territory(id: "PE:LIM") { name level kind isoCode parent { id } region { id } siblings { id } members { totalCount nodes { id } } }
      lima: territory(id: "PE:15") { name isoCode region { id } areas { id } children { totalCount nodes { id } } members { totalCount } }
      areas: territories(level: AREA) { totalCount nodes { id } }
      byParent: territories(parent: "PE:15") { nodes { id } }
      areasByParent: territories(parent: "PE:15", level: AREA) { nodes { id } }
    }`);
    expect(data.lma).toEqual({
      level: 'AREA',
      kind: 'METROPOLITAN_MUNICIPALITY',
      isoCode: 'PE-LMA',
      officialCode: null,
      parent: { id: 'PE:15' },
      ancestors: [{ id: 'PE' }, { id: 'PE:15' }],
      firstLevel: { id: 'PE:15' },
      region: { id: 'PE:LMA' },
      areas: [],
      children: { totalCount: 0 },
      siblings: [{ id: 'PE:LIM' }],
      members: { totalCount: 1, nodes: [{ id: 'PE:1501' }] },
    });
    expect(data.lim).toEqual({
      name: 'Lima Provincias',
      level: 'AREA',
      kind: 'REGIONAL_GOVERNMENT_AREA',
      isoCode: 'PE-LIM',
      parent: { id: 'PE:15' },
      region: { id: 'PE:LIM' },
      siblings: [{ id: 'PE:LMA' }],
      // The default gazetteer holds no province of Lima Provincias; the official import adds them.
      members: { totalCount: 0, nodes: [] },
    });
    expect(data.lima).toEqual({
      name: 'Lima',
      isoCode: null,
      region: null,
      areas: [],
      children: { totalCount: 1, nodes: [{ id: 'PE:1501' }] },
      members: { totalCount: 0 },
    });
    expect(data.areas).toEqual({ totalCount: 2, nodes: [{ id: 'PE:LMA' }, { id: 'PE:LIM' }] });
    expect(data.byParent.nodes).toEqual([{ id: 'PE:1501' }]);
    expect(data.areasByParent.nodes).toEqual([{ id: 'PE:LMA' }, { id: 'PE:LIM' }]);
  });

  it('tells each territory its regional-government area and areas, as vocabulary’s rules do', async () => {
    const data = await svc.client.data(`{
      territories(first: 1000) { nodes { id region { id } areas { id } firstLevel { id } } }
      lima: territory(id: "PE:1501") { region { id } areas { id } firstLevel { id } }
    }`);
    const nodes: { id: string; region: { id: string } | null; areas: { id: string }[]; firstLevel: { id: string } | null }[] =
      data.territories.nodes;
    expect(nodes.length).toBeGreaterThan(50);
    const regions = nodes.map((n) => [n.id, n.region?.id ?? null]);
    const expected = nodes.map((n) => {
      const area = regionalAreaOf(n.id);
      return [n.id, isRegionalArea(area) ? area : null];
    });
    expect(regions).toEqual(expected);
    expect(nodes.map((n) => [n.id, n.areas.map((a) => a.id)])).toEqual(nodes.map((n) => [n.id, territoryAreas(n.id)]));
    const firstLevels = nodes.filter((n) => n.id.includes(':')).map((n) => [n.id, n.firstLevel?.id]);
    expect(firstLevels).toEqual(nodes.filter((n) => n.id.includes(':')).map((n) => [n.id, firstLevelOf(n.id)]));
    expect(data.lima).toEqual({ region: { id: 'PE:LMA' }, areas: [{ id: 'PE:LMA' }], firstLevel: { id: 'PE:15' } });
  });

  it('finds the areas and province 1501 within department 15, and province 1501 within Lima Metropolitana', async () => {
    const data = await svc.client.data(`{
      lima: territories(within: "PE:15") { nodes { id } }
      lma: territories(within: "PE:LMA") { nodes { id } }
      lim: territories(within: "PE:LIM") { totalCount }
    }`);
    expect(data.lima.nodes).toEqual([{ id: 'PE:1501' }, { id: 'PE:LMA' }, { id: 'PE:LIM' }]);
    expect(data.lma.nodes).toEqual([{ id: 'PE:1501' }]);
    expect(data.lim.totalCount).toBe(0);
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
    await svc.client.error('BAD_USER_INPUT', ADD, { input: { ...barrio, parentId: 'PE:LMA' } }, { token, field: 'input.parentId' });
    await svc.client.error(
      'BAD_USER_INPUT',
      ADD,
      { input: { ...barrio, name: 'Otro', centroid: { latitude: 91, longitude: 0 } } },
      { token, field: 'input.centroid.latitude' },
    );
    expect(await countTerritories()).toBe(before);
  });
});

describe('cost of lists (after importing the official gazetteers)', () => {
  beforeAll(async () => {
    await importOfficialGazetteer(svc.dataSource, { dir: GAZETTEERS });
  });

  const LIST = `query($first: Int) { territories(country: PE, level: THIRD_LEVEL, first: $first) {
    nodes { id name parent { id name parent { id name } } firstLevel { id } region { id } areas { id } ancestors { id } centroid { latitude } }
  } }`;

  it('lists 500 territories with their parents in as many SQL statements as it lists 20', async () => {
    const small = await svc.queries.measure(() => svc.client.data(LIST, { first: 20 }));
    const large = await svc.queries.measure(() => svc.client.data(LIST, { first: 500 }));
    expect(small.result.territories.nodes).toHaveLength(20);
    expect(large.result.territories.nodes).toHaveLength(500);
    expect(large.result.territories.nodes.every((n: { parent: { parent: unknown } }) => n.parent?.parent)).toBe(true);
    // The list, then territories by id at each depth: parents, ancestors, first levels, regions and areas
    // at once, then the parents' parents. Each relation alone is in statement-counts.test.ts.
    expect(large.statements).toBe(small.statements);
  });

  it('lists children of every department in as many statements as for two', async () => {
    const q = `query($first: Int) { territories(country: PE, level: FIRST_LEVEL, first: $first) {
      nodes { id children(first: 5) { totalCount nodes { id } pageInfo { hasNextPage } } }
    } }`;
    const two = await svc.queries.measure(() => svc.client.data(q, { first: 2 }));
    const all = await svc.queries.measure(() => svc.client.data(q, { first: 25 }));
    expect(all.result.territories.nodes).toHaveLength(25);
    expect(all.statements).toBe(two.statements);
    const lima = all.result.territories.nodes.find((n: { id: string }) => n.id === 'PE:15');
    // Provinces 1501 to 1510; the areas that hang below the department are not its children.
    expect(lima.children.totalCount).toBe(10);
    expect(lima.children.pageInfo.hasNextPage).toBe(true);
  });

  it('filters descendants at any depth', async () => {
    const data = await svc.client.data(`{
      lima: territories(within: "PE:15", level: THIRD_LEVEL) { totalCount }
      tarapaca: territories(within: "CL:01", level: THIRD_LEVEL) { totalCount }
    }`);
    // The 172 rows the INEI file lists under department 15: 44 in province 1501, 128 in the others.
    expect(data.lima.totalCount).toBe(172);
    expect(data.tarapaca.totalCount).toBe(7);
  });

  it('counts 25 first levels for Peru and finds Lima Metropolitana within department 15, as INEI counts it', async () => {
    const data = await svc.client.data(`{
      first: territories(country: PE, level: FIRST_LEVEL) { totalCount }
      lima: territories(within: "PE:15", first: 1000) { totalCount nodes { id level } }
      lma: territories(within: "PE:LMA", first: 1000) { totalCount nodes { id level parent { id } } }
      district: territory(id: "PE:150132") { name firstLevel { id } region { id } areas { id } ancestors { id } }
    }`);
    expect(data.first.totalCount).toBe(25);
    // Two areas, provinces 1501 to 1510, and the 172 district rows of the INEI file (44 in province 1501).
    expect(data.lima.totalCount).toBe(2 + 10 + 172);
    const limaIds = data.lima.nodes.map((n: { id: string }) => n.id);
    expect(limaIds).toEqual(expect.arrayContaining(['PE:LMA', 'PE:LIM', 'PE:1501']));
    expect(limaIds.filter((id: string) => /^PE:1501\d\d$/.test(id))).toHaveLength(44);
    // Exactly the province of Lima and the 44 rows the INEI file lists in it (43 districts and 150144).
    expect(data.lma.totalCount).toBe(1 + 44);
    const lma: { id: string; level: string; parent: { id: string } }[] = data.lma.nodes;
    expect(lma.filter((n) => n.level === 'SECOND_LEVEL')).toEqual([{ id: 'PE:1501', level: 'SECOND_LEVEL', parent: { id: 'PE:15' } }]);
    expect(lma.filter((n) => n.level === 'THIRD_LEVEL').every((n) => n.parent.id === 'PE:1501')).toBe(true);
    expect(data.district).toEqual({
      name: 'San Juan de Lurigancho',
      firstLevel: { id: 'PE:15' },
      region: { id: 'PE:LMA' },
      areas: [{ id: 'PE:LMA' }],
      ancestors: [{ id: 'PE' }, { id: 'PE:15' }, { id: 'PE:1501' }],
    });
  });

  it('lists the provinces each area is made of: 1501 for Lima Metropolitana, the other nine for Lima Provincias', async () => {
    const data = await svc.client.data(`{
      lma: territory(id: "PE:LMA") { members { totalCount nodes { id } } }
      lim: territory(id: "PE:LIM") { members { totalCount nodes { id level parent { id } } } }
      province: territory(id: "PE:1502") { region { id } members { totalCount nodes { id } } }
    }`);
    expect(data.lma.members).toEqual({ totalCount: 1, nodes: [{ id: 'PE:1501' }] });
    expect(data.lim.members.totalCount).toBe(9);
    const lim: { id: string; level: string; parent: { id: string } }[] = data.lim.members.nodes;
    expect(lim.map((n) => n.id).sort()).toEqual(['02', '03', '04', '05', '06', '07', '08', '09', '10'].map((p) => `PE:15${p}`));
    expect(lim.every((n) => n.level === 'SECOND_LEVEL' && n.parent.id === 'PE:15')).toBe(true);
    expect(data.province).toEqual({ region: { id: 'PE:LIM' }, members: { totalCount: 0, nodes: [] } });
  });

  it('pages through an area’s members and a department’s children with cursors, each once', async () => {
    type Page = { nodes: { id: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
    async function all(field: 'members' | 'children', id: string): Promise<string[]> {
      const seen: string[] = [];
      let after: string | null = null;
      for (let i = 0; i < 10; i++) {
        const data: { territory: Record<string, Page> } = await svc.client.data(
          `query($id: ID!, $after: String) { territory(id: $id) { ${field}(first: 4, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } } }`,
          { id, after },
        );
        const page = data.territory[field];
        seen.push(...page.nodes.map((n) => n.id));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      return seen;
    }
    const members = await all('members', 'PE:LIM');
    expect(members).toHaveLength(9);
    expect(new Set(members).size).toBe(9);
    const children = await all('children', 'PE:15');
    expect(children).toHaveLength(10);
    expect(new Set(children).size).toBe(10);
    expect(children).not.toContain('PE:LMA');

    const first: { territory: { children: Page } } = await svc.client.data(
      `{ territory(id: "PE:15") { children(first: 2) { pageInfo { endCursor } nodes { id } } } }`,
    );
    await svc.client.error(
      'BAD_USER_INPUT',
      `query($after: String) { territory(id: "PE:LIM") { members(after: $after) { totalCount } } }`,
      { after: first.territory.children.pageInfo.endCursor },
      { field: 'after' },
    );
  });

  it('resolves areas, regions and members of many territories in as many statements as for one', async () => {
    const q = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Territory {
      id region { id } areas { id } members(first: 5) { totalCount nodes { id region { id } areas { id } } }
    } } }`;
    const reps = (ids: string[]) => ids.map((id) => ({ __typename: 'Territory', id }));
    const departments = Array.from({ length: 25 }, (_, i) => `PE:${String(i + 1).padStart(2, '0')}`);
    const provinces = Array.from({ length: 10 }, (_, i) => `PE:15${String(i + 1).padStart(2, '0')}`);
    const one = await svc.queries.measure(() => svc.client.data(q, { r: reps(['PE:LMA']) }));
    const many = await svc.queries.measure(() => svc.client.data(q, { r: reps(['PE:LMA', 'PE:LIM', ...departments, ...provinces]) }));
    expect(many.result._entities).toHaveLength(37);
    const lim = many.result._entities.find((e: { id: string }) => e.id === 'PE:LIM');
    expect(lim.members.totalCount).toBe(9);
    expect(lim.members.nodes.every((n: { region: { id: string } }) => n.region.id === 'PE:LIM')).toBe(true);
    expect(one.result._entities[0].members.nodes).toEqual([{ id: 'PE:1501', region: { id: 'PE:LMA' }, areas: [{ id: 'PE:LMA' }] }]);
    // Entities, members' first pages, member counts, then areas and regions at each depth.
    expect(many.statements).toBe(one.statements);
  });

  it('gives a locality added below a district of Lima its area, so within Lima Metropolitana finds it', async () => {
    const token = signToken({ scopes: ['territories:write'], subject: 'editor-1' });
    const data = await svc.client.data(
      `mutation($input: AddLocalTerritoryInput!) { addLocalTerritory(input: $input) { id region { id } areas { id } firstLevel { id } } }`,
      { input: { parentId: 'PE:150132', name: 'Barrio Canto Grande', kind: 'NEIGHBOURHOOD' } },
      { token },
    );
    expect(data.addLocalTerritory).toEqual({
      id: 'PE:150132:barrio-canto-grande',
      region: { id: 'PE:LMA' },
      areas: [{ id: 'PE:LMA' }],
      firstLevel: { id: 'PE:15' },
    });
    const within = await svc.client.data(`{
      lma: territories(within: "PE:LMA", level: NEIGHBOURHOOD) { nodes { id } }
      lim: territories(within: "PE:LIM", level: NEIGHBOURHOOD) { totalCount }
    }`);
    expect(within.lma.nodes).toEqual([{ id: 'PE:150132:barrio-canto-grande' }]);
    expect(within.lim.totalCount).toBe(0);
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
