import { loadDefaultData } from '../src/data/load';
import { SYNTHETIC_DISTRICTS, SYNTHETIC_TOTALS } from '../src/data/synthetic';
import { DECIDE, SUBMIT, WRITE, applicationInput, count, snapshot, startStack, type Stack } from './helpers';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ districts: true, synthetic: true });
});
afterAll(async () => {
  await stack?.stop();
});

const client = () => stack.puntos.client;

/** Statements the service sends while answering `query`. */
async function statementsFor(query: string, variables: Record<string, unknown> = {}) {
  const { result, statements } = await stack.puntos.queries.measure(() => client().data(query, variables));
  return { data: result, statements };
}

describe('the source document’s facts', () => {
  it('serves the reported figures with their qualifiers, units, scopes, periods and source', async () => {
    const data = await client().data(`{
      puntosCultura {
        figures { key label note territories { id } figure { metric value qualifier unit currency sourceText period { text precision } provenance { origin source locator } } }
      }
    }`);
    const byKey = Object.fromEntries(data.puntosCultura.figures.map((f: { key: string }) => [f.key, f]));
    expect(Object.keys(byKey)).toEqual([
      'culture-points',
      'regions',
      'culture-points-lima-callao',
      'culture-points-other-regions',
      'yearly-budget',
    ]);
    const source = 'seed 002: UNESCO 2005 Convention periodic report — Culture Points';
    expect(byKey['culture-points'].figure).toMatchObject({
      metric: 'ORGANISATIONS',
      value: 169,
      qualifier: 'EXACT',
      unit: 'culture points',
    });
    expect(byKey.regions.figure).toMatchObject({ metric: 'TERRITORIES', value: 22, qualifier: 'EXACT', unit: 'regions' });
    expect(byKey['culture-points'].territories).toEqual([{ id: 'PE' }]);
    expect(byKey['culture-points-lima-callao']).toMatchObject({
      territories: [{ id: 'PE:15' }, { id: 'PE:07' }],
      figure: { value: 85, qualifier: 'EXACT' },
    });
    expect(byKey['culture-points-other-regions'].figure).toMatchObject({ value: 84, qualifier: 'EXACT' });
    expect(byKey['yearly-budget'].figure).toEqual({
      metric: 'BUDGET',
      value: 125000,
      qualifier: 'APPROXIMATELY',
      unit: 'USD',
      currency: 'USD',
      sourceText: 'Approximately USD 125,000.00 per year',
      period: { text: 'per year', precision: 'UNDATED' },
      provenance: { origin: 'SOURCE_DOCUMENT', source, locator: 'Financial resources allocated to the policy/measure' },
    });
    for (const f of data.puntosCultura.figures) expect(f.figure.provenance).toMatchObject({ origin: 'SOURCE_DOCUMENT', source });
  });

  it('serves the program, the evaluation’s conclusion and recommendations, the results and the domains as data', async () => {
    const data = await client().data(`{
      puntosCultura {
        program { id name agency legalBasis country { id } lines { code name } provenance { origin } }
        evaluation { kind position text }
        results { text }
        domains { sourceName domain }
      }
    }`);
    const p = data.puntosCultura;
    expect(p.program).toMatchObject({
      id: 'puntos-cultura',
      agency: 'Ministry of Culture',
      legalBasis: 'Law No. 30487',
      country: { id: 'PE' },
      provenance: { origin: 'SOURCE_DOCUMENT' },
    });
    expect(p.program.lines.map((l: { code: string }) => l.code)).toEqual(['RECOGNITION', 'NETWORK', 'STRENGTHENING']);
    expect(p.evaluation.map((e: { kind: string }) => e.kind)).toEqual([
      'EVALUATION_CONCLUSION',
      'EVALUATION_RECOMMENDATION',
      'EVALUATION_RECOMMENDATION',
      'EVALUATION_RECOMMENDATION',
    ]);
    expect(p.evaluation[1].text).toContain('decentralization criterion');
    expect(p.evaluation[3].text).toContain('increase the budget');
    expect(p.results).toHaveLength(4);
    expect(p.domains).toEqual([
      { sourceName: 'Cinema/ Audiovisual Arts', domain: 'AUDIOVISUAL_AND_INTERACTIVE_MEDIA' },
      { sourceName: 'Performing Arts', domain: 'PERFORMANCE_AND_CELEBRATION' },
      { sourceName: 'Visual Arts', domain: 'VISUAL_ARTS_AND_CRAFTS' },
    ]);
  });

  it('loads its default data again without adding or changing anything', async () => {
    const before = {
      ...(await snapshot(stack.puntos)),
      findings: await count(stack.puntos, 'program_finding'),
      domains: await count(stack.puntos, 'program_domain'),
    };
    await loadDefaultData(stack.puntos.dataSource, { synthetic: true });
    const again = await stack.puntos.queries.measure(() => loadDefaultData(stack.puntos.dataSource, { synthetic: true }));
    expect(again.result).toEqual({ figures: { inserted: 0, updated: 0 }, syntheticPoints: 0, syntheticRecognitions: 0 });
    // Upserts of unchanged rows update nothing (ON CONFLICT … WHERE values differ); no plain INSERT or UPDATE runs.
    expect(again.sql.filter((q) => /^\s*(UPDATE|INSERT INTO "(actor|culture_point|reported_figure)")/i.test(q))).toEqual([]);
    const after = {
      ...(await snapshot(stack.puntos)),
      findings: await count(stack.puntos, 'program_finding'),
      domains: await count(stack.puntos, 'program_domain'),
    };
    expect(after).toEqual(before);
  });
});

describe('the synthetic demo registry', () => {
  it('matches the reported distribution: 169 points in 22 regions, 85 in Lima Metropolitana and Callao, 84 elsewhere', async () => {
    const data = await client().data(`{
      puntosCultura {
        all: registry { recognised total regions limaAndCallao otherRegions }
        real: registry(origins: [SOURCE_DOCUMENT, IMPORT, USER]) { recognised }
        regions { region { id } culturePoints }
        points(first: 1) { nodes { name provenance { origin source } } }
      }
    }`);
    const p = data.puntosCultura;
    expect(p.all).toEqual({ recognised: 169, total: 169, regions: 22, limaAndCallao: 85, otherRegions: 84 });
    expect(p.real.recognised).toBe(0);
    expect(p.regions).toHaveLength(SYNTHETIC_TOTALS.regions);
    const perRegion = Object.fromEntries(
      p.regions.map((r: { region: { id: string }; culturePoints: number }) => [r.region.id, r.culturePoints]),
    );
    expect(perRegion['PE:LMA'] + perRegion['PE:07']).toBe(85);
    expect(p.regions.reduce((n: number, r: { culturePoints: number }) => n + r.culturePoints, 0)).toBe(169);
    expect(p.points.nodes[0]).toMatchObject({
      name: expect.stringMatching(/^Synthetic culture point/),
      provenance: { origin: 'SYNTHETIC' },
    });
  });

  it('places every point in a real district of the official INEI gazetteer', async () => {
    const data = await stack.territories.client.data(`query($ids: [ID!]!) { territoriesByIds(ids: $ids) { id level country } }`, {
      ids: SYNTHETIC_DISTRICTS,
    });
    expect(
      data.territoriesByIds.every((t: { level: string; country: string } | null) => t?.level === 'THIRD_LEVEL' && t.country === 'PE'),
    ).toBe(true);
    const used: { territory_id: string }[] = await stack.puntos.dataSource.query(
      `SELECT DISTINCT territory_id FROM actor WHERE origin = 'SYNTHETIC'`,
    );
    expect(used.map((u) => u.territory_id).every((id) => SYNTHETIC_DISTRICTS.includes(id))).toBe(true);
  });

  it('counts points over each territory’s descendants, by status and by domain', async () => {
    const data = await client().data(
      `query($reps: [_Any!]!) {
      _entities(representations: $reps) {
        ... on Territory { id puntosCultura { recognised total byStatus { status count } byDomain { domain count } } synthetic: puntosCultura(origins: [IMPORT, USER]) { total } }
      }
    }`,
      { reps: ['PE', 'PE:LMA', 'PE:07'].map((id) => ({ __typename: 'Territory', id })) },
    );
    const [peru, lima, callao] = data._entities;
    expect(peru.puntosCultura.recognised).toBe(169);
    expect(lima.puntosCultura.recognised + callao.puntosCultura.recognised).toBe(85);
    expect(peru.puntosCultura.byStatus).toEqual([
      { status: 'RECOGNISED', count: 169 },
      { status: 'LAPSED', count: 0 },
      { status: 'REVOKED', count: 0 },
    ]);
    const domainTotal = peru.puntosCultura.byDomain.reduce((n: number, d: { count: number }) => n + d.count, 0);
    expect(domainTotal).toBeGreaterThanOrEqual(169);
    expect(peru.puntosCultura.byDomain.map((d: { domain: string }) => d.domain).sort()).toEqual([
      'AUDIOVISUAL_AND_INTERACTIVE_MEDIA',
      'PERFORMANCE_AND_CELEBRATION',
      'VISUAL_ARTS_AND_CRAFTS',
    ]);
    expect(peru.synthetic.total).toBe(0);
  });
});

describe('lists: filters and cursor pagination', () => {
  it('walks every point once, by name, page after page', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const data: {
        puntosCultura: {
          points: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: { name: string }[] };
        };
      } = await client().data(
        `query($after: String) { puntosCultura { points(first: 50, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { name } } } }`,
        { after },
      );
      const page = data.puntosCultura.points;
      seen.push(...page.nodes.map((n) => n.name));
      expect(page.totalCount).toBe(169);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toHaveLength(169);
    expect(new Set(seen).size).toBe(169);
    expect([...seen].sort()).toEqual(seen);
  });

  it('pages a territory’s points with the same cursors', async () => {
    const q = `query($reps: [_Any!]!, $after: String) { _entities(representations: $reps) { ... on Territory { puntosCultura { points(first: 7, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id } } } } } }`;
    const reps = [{ __typename: 'Territory', id: 'PE:07' }];
    const first = (await client().data(q, { reps }))._entities[0].puntosCultura.points;
    const ids: string[] = first.nodes.map((n: { id: string }) => n.id);
    let after = first.pageInfo.hasNextPage ? first.pageInfo.endCursor : null;
    while (after) {
      const next = (await client().data(q, { reps, after }))._entities[0].puntosCultura.points;
      ids.push(...next.nodes.map((n: { id: string }) => n.id));
      after = next.pageInfo.hasNextPage ? next.pageInfo.endCursor : null;
    }
    expect(ids).toHaveLength(first.totalCount);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('filters points by territory, domain, status, form and name', async () => {
    const data = await client().data(`{
      puntosCultura {
        callao: points(filter: { within: "PE:07" }) { totalCount nodes { district { id } } }
        cinema: points(filter: { domains: [AUDIOVISUAL_AND_INTERACTIVE_MEDIA] }, first: 200) { totalCount nodes { domains } }
        lapsed: points(filter: { statuses: [LAPSED] }) { totalCount }
        collectives: points(filter: { organisationForms: [COLLECTIVE] }, first: 200) { nodes { organisationForm } }
        named: points(filter: { search: "POINT 007" }) { nodes { name } }
        real: points(filter: { origins: [USER, IMPORT] }) { totalCount }
      }
    }`);
    const p = data.puntosCultura;
    expect(p.callao.totalCount).toBeGreaterThan(0);
    expect(p.callao.nodes.every((n: { district: { id: string } }) => n.district.id.startsWith('PE:07'))).toBe(true);
    expect(p.cinema.nodes.every((n: { domains: string[] }) => n.domains.includes('AUDIOVISUAL_AND_INTERACTIVE_MEDIA'))).toBe(true);
    expect(p.lapsed.totalCount).toBe(0);
    expect(p.collectives.nodes.every((n: { organisationForm: string }) => n.organisationForm === 'COLLECTIVE')).toBe(true);
    expect(p.named.nodes).toEqual([{ name: 'Synthetic culture point 007' }]);
    expect(p.real.totalCount).toBe(0);
  });

  it('refuses a filter on something that is not a territory id, and a cursor it did not give', async () => {
    await client().error(
      'BAD_USER_INPUT',
      `{ puntosCultura { points(filter: { within: "Lima" }) { totalCount } } }`,
      {},
      { field: 'filter.within' },
    );
    await client().error('BAD_USER_INPUT', `{ puntosCultura { points(after: "nonsense") { totalCount } } }`, {}, { field: 'after' });
    await client().error(
      'BAD_USER_INPUT',
      `{ puntosCultura { applications(filter: { submittedFrom: "2025-02-30" }) { totalCount } } }`,
      {},
      { field: 'filter.submittedFrom' },
    );
  });
});

describe('lists cost a constant number of SQL statements', () => {
  beforeAll(async () => {
    // Applications, decisions and activities to list: twelve points with a recognition and an activity each.
    for (let i = 1; i <= 12; i += 1) {
      const name = `Statement Count Point ${String(i).padStart(2, '0')}`;
      const app = (
        await client().data(
          SUBMIT,
          { input: applicationInput({ organisationName: name, districtId: 'PE:130101', taxId: null }) },
          { token: WRITE },
        )
      ).submitCulturePointApplication;
      // The recognition and the activity share a date, so every page of actions holds both kinds.
      const date = `2025-06-${String(i).padStart(2, '0')}`;
      const decided = (
        await client().data(
          DECIDE,
          { input: { applicationId: app.id, decision: 'RECOGNISE', resolutionNumber: `RD ${700 + i}-2025`, resolutionDate: date } },
          { token: WRITE },
        )
      ).decideCulturePointApplication;
      await client().data(
        `mutation($input: RecordCulturePointActivityInput!) { recordCulturePointActivity(input: $input) { id } }`,
        {
          input: {
            kind: 'COMMUNITY_ACTIVITY',
            title: `Festival ${i}`,
            culturePointIds: [decided.culturePoint.id],
            period: { start: date },
            figures: [{ metric: 'PARTICIPANTS', value: 40 + i, unit: 'people' }],
          },
        },
        { token: WRITE },
      );
    }
  });

  it('lists culture points with their details, history, recognition and actions', async () => {
    const q = `query($n: Int) { puntosCultura { points(first: $n) { totalCount nodes {
      id name status organisationForm members areasOfWork populationsServed networkMember domains
      program { id name } territory { id } district { id }
      recognitionHistory { status date } recognition { id resolutionNumber culturePoint { id } }
      applications { id status eligibility { eligible } }
      actions(first: 3) { totalCount nodes { id title ... on CulturePointActivity { culturePoints { id } figures { value } } } }
    } } } }`;
    const small = await statementsFor(q, { n: 3 });
    const large = await statementsFor(q, { n: 150 });
    expect(small.data.puntosCultura.points.nodes).toHaveLength(3);
    expect(large.data.puntosCultura.points.nodes).toHaveLength(150);
    expect(large.statements).toBe(small.statements);
  });

  it('lists actions with participants, figures and program', async () => {
    const q = `query($n: Int) { puntosCultura { actions(first: $n) { nodes {
      id title kind program { id } line { code } period { start } territories { id } figures { value qualifier }
      participants { role actor { id name ... on CulturePoint { status members } } }
      ... on Recognition { resolutionNumber culturePoint { id } application { id status } }
      ... on CulturePointActivity { culturePoints { id name } }
    } } } }`;
    const small = await statementsFor(q, { n: 2 });
    const large = await statementsFor(q, { n: 24 });
    expect(large.data.puntosCultura.actions.nodes).toHaveLength(24);
    expect(large.statements).toBe(small.statements);
  });

  it('lists applications with their eligibility, resolution and registry entry', async () => {
    const q = `query($n: Int) { puntosCultura { applications(first: $n) { nodes {
      id organisationName status district { id } eligibility { eligible unmet { rule } } resolution { number date kind }
      culturePoint { id status recognitionHistory { status } }
    } } } }`;
    const small = await statementsFor(q, { n: 2 });
    const large = await statementsFor(q, { n: 12 });
    expect(large.data.puntosCultura.applications.nodes).toHaveLength(12);
    expect(large.statements).toBe(small.statements);
  });

  it('pages applications newest submission first, and filters them', async () => {
    const q = `query($after: String) { puntosCultura { applications(first: 5, after: $after, filter: { statuses: [RECOGNISED], within: "PE:13" }) {
      totalCount pageInfo { hasNextPage endCursor } nodes { id submittedOn }
    } } }`;
    const ids: string[] = [];
    let after: string | null = null;
    do {
      const page: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: { id: string }[] } = (
        await client().data(q, { after })
      ).puntosCultura.applications;
      expect(page.totalCount).toBe(12);
      ids.push(...page.nodes.map((n) => n.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(new Set(ids).size).toBe(12);
    const none = await client().data(`{ puntosCultura { applications(filter: { eligible: false }) { totalCount } } }`);
    expect(none.puntosCultura.applications.totalCount).toBe(0);
  });

  it('counts points for a list of regions, as the gateway asks for them', async () => {
    const q = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Territory { id puntosCultura {
      recognised total byStatus { status count } byDomain { domain count } points(first: 3) { totalCount nodes { id name status } }
      figures(context: true) { relation figure { key label territories { id } figure { value } } }
    } } } }`;
    const regions = [
      'PE:LMA',
      'PE:07',
      'PE:01',
      'PE:02',
      'PE:03',
      'PE:04',
      'PE:05',
      'PE:06',
      'PE:08',
      'PE:09',
      'PE:10',
      'PE:11',
      'PE:12',
      'PE:13',
      'PE:14',
      'PE:15',
    ];
    const reps = (ids: string[]) => ids.map((id) => ({ __typename: 'Territory', id }));
    const small = await statementsFor(q, { reps: reps(regions.slice(0, 2)) });
    const large = await statementsFor(q, { reps: reps(regions) });
    expect(large.data._entities).toHaveLength(16);
    expect(large.statements).toBe(small.statements);
  });
});
