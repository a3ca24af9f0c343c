import { OTHER_REGIONS } from '../src/data/facts';
import { WRITE, startStack, type Stack } from './helpers';

/** The program's figures, their scopes and where a territory may show them, over the synthetic registry. */
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ districts: true, synthetic: true });
});
afterAll(async () => {
  await stack?.stop();
});

const client = () => stack.puntos.client;
const SOURCE = 'seed 002: UNESCO 2005 Convention periodic report — Culture Points';
const STOCK =
  'Currently, there are already 169 culture points in 22 regions, of which 85 are organizations from Lima and Callao, and 84 are organizations from other regions of Peru.';
const RESULTS = 'Results achieved so far';
const UNDATED = (text: string) => ({ start: null, end: null, year: null, precision: 'UNDATED', text });

/** Each seed figure as it must be stored: value, qualifier, unit, label, scope, period, locator. */
const EXPECTED: Record<
  string,
  { value: number; qualifier: string; unit: string; label: string; scope: string[] | null; period: object; locator: string }
> = {
  'culture-points': {
    value: 169,
    qualifier: 'EXACT',
    unit: 'culture points',
    label: 'Culture points recognised',
    scope: null,
    period: UNDATED('Currently'),
    locator: RESULTS,
  },
  regions: {
    value: 22,
    qualifier: 'EXACT',
    unit: 'regions',
    label: 'Regions with culture points',
    scope: null,
    period: UNDATED('Currently'),
    locator: RESULTS,
  },
  'culture-points-lima-callao': {
    value: 85,
    qualifier: 'EXACT',
    unit: 'culture points',
    label: 'Culture points in Lima and Callao',
    scope: ['PE:15', 'PE:07'],
    period: UNDATED('Currently'),
    locator: RESULTS,
  },
  'culture-points-other-regions': {
    value: 84,
    qualifier: 'EXACT',
    unit: 'culture points',
    label: 'Culture points in the other regions of Peru',
    scope: [...OTHER_REGIONS],
    period: UNDATED('Currently'),
    locator: RESULTS,
  },
  'yearly-budget': {
    value: 125000,
    qualifier: 'APPROXIMATELY',
    unit: 'USD',
    label: 'Financial resources allocated per year',
    scope: null,
    period: UNDATED('per year'),
    locator: 'Financial resources allocated to the policy/measure',
  },
};

const FIGURE = `key label note territories { id } figure {
  metric value qualifier unit currency label sourceText scopeTerritories { id }
  period { start end year precision text } provenance { origin source locator }
}`;

type Figure = {
  key: string;
  label: string;
  note: string | null;
  territories: { id: string }[];
  figure: Record<string, unknown> & { scopeTerritories: { id: string }[] | null };
};

describe('the seed figures carry their label, scope, period and locator in the shared row', () => {
  it('stores each figure with the scope the source reported it for, never narrower', async () => {
    const data = await client().data(`{ puntosCultura { figures { ${FIGURE} } } }`);
    const figures: Figure[] = data.puntosCultura.figures;
    expect(figures.map((f) => f.key)).toEqual(Object.keys(EXPECTED));
    for (const f of figures) {
      const e = EXPECTED[f.key];
      expect(f.figure).toMatchObject({ value: e.value, qualifier: e.qualifier, unit: e.unit, label: e.label, period: e.period });
      expect(f.figure.provenance).toEqual({ origin: 'SOURCE_DOCUMENT', source: SOURCE, locator: e.locator });
      expect(f.figure.scopeTerritories?.map((t) => t.id) ?? null).toEqual(e.scope);
      // The program's own view names the scope outright: Peru where the shared row says "the program's country".
      expect(f.territories.map((t) => t.id)).toEqual(e.scope ?? ['PE']);
      expect(f.label).toBe(e.label);
    }
    const byKey = Object.fromEntries(figures.map((f) => [f.key, f]));
    expect(byKey['culture-points'].figure.sourceText).toBe(STOCK);
    expect(byKey['yearly-budget'].figure).toMatchObject({ currency: 'USD', sourceText: 'Approximately USD 125,000.00 per year' });
    // "Lima" is not narrowed to Lima Metropolitana, and the note says why.
    expect(byKey['culture-points-lima-callao'].figure.scopeTerritories).not.toContainEqual({ id: 'PE:LMA' });
    expect(byKey['culture-points-lima-callao'].note).toContain('not "Lima Metropolitana"');
    expect(OTHER_REGIONS).toHaveLength(23);
    expect(OTHER_REGIONS).not.toEqual(expect.arrayContaining(['PE:15']));
    expect(OTHER_REGIONS).not.toEqual(expect.arrayContaining(['PE:07']));
  });

  it('scopes the other regions to 23 real departments of the gazetteer', async () => {
    const data = await stack.territories.client.data(`query($ids: [ID!]!) { territoriesByIds(ids: $ids) { id level } }`, {
      ids: [...OTHER_REGIONS, 'PE:15', 'PE:07'],
    });
    expect(data.territoriesByIds.map((t: { level: string } | null) => t?.level)).toEqual(Array(25).fill('FIRST_LEVEL'));
  });

  it('publishes every figure with its label, scope, period and locator in the program snapshot of the change feed', async () => {
    const res = await fetch(`${stack.puntos.url.replace(/\/graphql$/, '')}/changes?limit=5000`);
    const page = (await res.json()) as {
      changes: { entity: string; id: string; snapshot: { figures: Record<string, unknown>[] } | null }[];
    };
    const program = page.changes.filter((c) => c.entity === 'program' && c.id === 'puntos-cultura').pop();
    const fed = program?.snapshot?.figures ?? [];
    expect(fed).toHaveLength(5);
    for (const e of Object.values(EXPECTED)) {
      expect(fed).toContainEqual(
        expect.objectContaining({
          value: e.value,
          qualifier: e.qualifier,
          label: e.label,
          scopeTerritoryIds: e.scope,
          period: e.period,
          locator: e.locator,
          source: SOURCE,
        }),
      );
    }
  });
});

const TERRITORY_FIGURES = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Territory { id puntosCultura {
  own: figures { relation figure { key } }
  all: figures(context: true) { relation figure { key } }
} } } }`;

type Seen = { relation: string; figure: { key: string } }[];
const keys = (list: Seen) => Object.fromEntries(list.map((f) => [f.figure.key, f.relation]));

async function figuresOf(ids: string[]): Promise<Record<string, { own: Record<string, string>; all: Record<string, string> }>> {
  const data = await client().data(TERRITORY_FIGURES, { reps: ids.map((id) => ({ __typename: 'Territory', id })) });
  return Object.fromEntries(
    data._entities.map((t: { id: string; puntosCultura: { own: Seen; all: Seen } }) => [
      t.id,
      { own: keys(t.puntosCultura.own), all: keys(t.puntosCultura.all) },
    ]),
  );
}

describe('a territory shows a figure only if the figure’s whole scope lies in it', () => {
  it('gives Peru every figure as its own', async () => {
    const { PE } = await figuresOf(['PE']);
    expect(PE.own).toEqual(Object.fromEntries(Object.keys(EXPECTED).map((k) => [k, 'WITHIN'])));
    expect(PE.all).toEqual(PE.own);
  });

  it('gives the department of Lima, Lima Metropolitana and Callao none of their own: the 85 and the national figures only as flagged context', async () => {
    const t = await figuresOf(['PE:15', 'PE:LMA', 'PE:LIM', 'PE:07', 'PE:150142']);
    const context = {
      'culture-points': 'PROGRAM_WIDE',
      regions: 'PROGRAM_WIDE',
      'culture-points-lima-callao': 'WIDER',
      'yearly-budget': 'PROGRAM_WIDE',
    };
    for (const id of ['PE:15', 'PE:LMA', 'PE:LIM', 'PE:07', 'PE:150142']) {
      expect(t[id].own).toEqual({});
      // The 84 were reported for the other departments: nothing of it is Lima's or Callao's, not even as context.
      expect(t[id].all).toEqual(context);
    }
  });

  it('gives another department the 84 only as context, and never the 85', async () => {
    const { 'PE:01': amazonas, 'PE:0101': province } = await figuresOf(['PE:01', 'PE:0101']);
    for (const t of [amazonas, province]) {
      expect(t.own).toEqual({});
      expect(t.all).toEqual({
        'culture-points': 'PROGRAM_WIDE',
        regions: 'PROGRAM_WIDE',
        'culture-points-other-regions': 'WIDER',
        'yearly-budget': 'PROGRAM_WIDE',
      });
    }
  });

  it('shows nothing for a territory outside the program, and filters by metric and origin', async () => {
    const { CL } = await figuresOf(['CL']);
    expect(CL).toEqual({ own: {}, all: {} });
    const data = await client().data(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Territory {
      budget: puntosCultura { figures(metrics: [BUDGET]) { figure { key } } }
      synthetic: puntosCultura(origins: [SYNTHETIC]) { figures(context: true) { figure { key } } }
    } } }`,
      { reps: [{ __typename: 'Territory', id: 'PE' }] },
    );
    expect(data._entities[0].budget.figures).toEqual([{ figure: { key: 'yearly-budget' } }]);
    expect(data._entities[0].synthetic.figures).toEqual([]);
  });
});

describe('the registry compared with the figures, on the figures’ scopes', () => {
  it('counts "Lima and Callao" over the department of Lima and Callao, and regions as the regional governments divide Peru', async () => {
    const data = await client().data(`{ puntosCultura {
      registry { recognised regions limaAndCallao otherRegions }
      regions { region { id } culturePoints }
    } }`);
    const p = data.puntosCultura;
    expect(p.registry).toEqual({ recognised: 169, regions: 22, limaAndCallao: 85, otherRegions: 84 });
    const perRegion: Record<string, number> = Object.fromEntries(
      p.regions.map((r: { region: { id: string }; culturePoints: number }) => [r.region.id, r.culturePoints]),
    );
    // The department of Lima is not a region of its own here: its two parts are.
    expect(perRegion['PE:15']).toBeUndefined();
    expect(perRegion['PE:LMA'] + perRegion['PE:07']).toBe(85);
    const others = Object.entries(perRegion).filter(([id]) => OTHER_REGIONS.includes(id));
    expect(others.reduce((n, [, c]) => n + c, 0)).toBe(84);

    const counts = await client().data(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Territory { id puntosCultura { recognised } } } }`,
      {
        reps: ['PE:15', 'PE:LMA', 'PE:LIM', 'PE:07'].map((id) => ({ __typename: 'Territory', id })),
      },
    );
    const [department, metropolitana, provincias, callao] = counts._entities.map(
      (t: { puntosCultura: { recognised: number } }) => t.puntosCultura.recognised,
    );
    expect(department).toBe(metropolitana + provincias);
    expect(department + callao).toBe(85);
  });

  it('counts a point of Lima Provincias in "Lima and Callao", and in its own region, never in Lima Metropolitana', async () => {
    const imported = await client().data(
      `mutation($input: ImportCulturePointRegistryInput!) { importCulturePointRegistry(input: $input) { imported problems { reason } } }`,
      { input: { csv: 'nombre,ubigeo\nTeatro de Huaral,150601\n' } },
      { token: WRITE },
    );
    expect(imported.importCulturePointRegistry).toEqual({ imported: 1, problems: [] });
    const data = await client().data(`{ puntosCultura {
      registry(origins: [IMPORT]) { recognised regions limaAndCallao otherRegions }
      regions(origins: [IMPORT]) { region { id } culturePoints }
    } }`);
    expect(data.puntosCultura.registry).toEqual({ recognised: 1, regions: 1, limaAndCallao: 1, otherRegions: 0 });
    expect(data.puntosCultura.regions).toEqual([{ region: { id: 'PE:LIM' }, culturePoints: 1 }]);
  });
});
