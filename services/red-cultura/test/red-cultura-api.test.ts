import { signToken, startWithTerritories, type TestService, type WithTerritories } from '@cultura/testkit';
import { redCulturaService } from '../src/index';

let stack: WithTerritories;
let svc: TestService;
const editor = signToken({ scopes: ['red-cultura:write'], subject: 'editora-rc' });

beforeAll(async () => {
  stack = await startWithTerritories((territoriesUrl) => redCulturaService({ territoriesUrl }));
  svc = stack.service;
});
afterAll(async () => {
  await stack?.stop();
});

const snapshot = async () => {
  const [row] = await svc.dataSource.query(
    `SELECT (SELECT count(*) FROM action)::int AS actions, (SELECT count(*) FROM actor)::int AS actors,
            (SELECT count(*) FROM plan_stage_change)::int AS changes, (SELECT string_agg(stage, ',' ORDER BY comuna_id) FROM municipal_culture_plan) AS stages`,
  );
  return row;
};

describe('the source document, loaded as data', () => {
  it('has the program with its three lines and contexts', async () => {
    const data = await svc.client.data(`{ redCultura {
      program { id name country { id } lines { code name objective } provenance { origin source } }
      contexts { code name }
    } }`);
    const { program, contexts } = data.redCultura;
    expect(program).toMatchObject({
      id: 'red-cultura',
      name: 'Red Cultura',
      country: { id: 'CL' },
      provenance: { origin: 'SOURCE_DOCUMENT' },
    });
    expect(program.lines.map((l: { code: string }) => l.code)).toEqual(['FDCL', 'FGCM', 'AGICM']);
    expect(contexts).toHaveLength(3);
  });

  it('has a plan in development for each comuna the document names, none elsewhere, and no stage the document does not state', async () => {
    const data = await svc.client.data(`{ redCultura { plans(first: 50) { totalCount nodes { ... on MunicipalCulturePlan {
      territories { id } status stage nextStage stageHistory { to note } municipality { name } provenance { origin locator }
    } } } } }`);
    const plans = data.redCultura.plans.nodes;
    expect(data.redCultura.plans.totalCount).toBe(4);
    expect(plans.map((p: { territories: { id: string }[] }) => p.territories[0].id).sort()).toEqual([
      'CL:01107',
      'CL:01401',
      'CL:01404',
      'CL:01405',
    ]);
    for (const plan of plans) {
      // "Actualmente se trabaja en el desarrollo de los PMC": under way, at a stage the document does not name.
      expect(plan).toMatchObject({
        status: 'IN_PROGRESS',
        stage: null,
        nextStage: null,
        stageHistory: [],
        provenance: { origin: 'SOURCE_DOCUMENT', locator: 'FGCM §2' },
      });
    }
    const atStage = await svc.client.data(`{ redCultura { plans(stage: PARTICIPATORY_FORMULATION) { totalCount } } }`);
    expect(atStage.redCultura.plans.totalCount).toBe(0);
  });

  it('answers, for a comuna, its plan, centre and actions by line', async () => {
    const data = await svc.client.data(
      `query($ids: [_Any!]!) { _entities(representations: $ids) { ... on Territory { id redCultura {
      plan { title stage }
      centres { name alliances { title } advisory { areas coManaged } }
      actionsByLine { line { code } count actions { title kind } }
    } } } }`,
      {
        ids: [
          { __typename: 'Territory', id: 'CL:01107' },
          { __typename: 'Territory', id: 'CL:01401' },
        ],
      },
    );
    const [altoHospicio, pozoAlmonte] = data._entities;
    expect(altoHospicio.redCultura.plan).toEqual({ title: 'Plan Municipal de Cultura de Alto Hospicio', stage: null });
    // The document states the alliance with the centre, and no advisory session to it.
    expect(altoHospicio.redCultura.centres).toEqual([
      {
        name: 'Centro cultural municipal de Alto Hospicio',
        alliances: [{ title: 'Alianza CRCA – Centro cultural municipal de Alto Hospicio' }],
        advisory: [],
      },
    ]);
    const lines = Object.fromEntries(
      altoHospicio.redCultura.actionsByLine.map((l: { line: { code: string }; count: number }) => [l.line.code, l.count]),
    );
    // FDCL: Servicio País Cultura intervention + projects in emergency neighbourhoods; FGCM: plan (the regional training is above); AGICM: alliance.
    expect(lines).toEqual({ FDCL: 2, FGCM: 1, AGICM: 1 });
    // La Tirana lies in Pozo Almonte: its intervention counts there.
    const pozoTitles = pozoAlmonte.redCultura.actionsByLine.flatMap((l: { actions: { title: string }[] }) => l.actions.map((a) => a.title));
    expect(pozoTitles).toContain('Intervención Servicio País Cultura en La Tirana');
  });

  it('filters actions by territory with descendants, line and kind', async () => {
    const q = `query($f: ActionFilter) { redCultura { actions(filter: $f, first: 100) { totalCount } } }`;
    const count = async (f: object) => (await svc.client.data(q, { f })).redCultura.actions.totalCount;
    expect(await count({ within: 'CL:01' })).toBe(await count({}));
    expect(await count({})).toBe(15);
    expect(await count({ within: 'CL:01404' })).toBe(3); // Huara: plan, Pisagua projects, alliance with its centre
    expect(await count({ lines: ['AGICM'] })).toBe(4);
    expect(await count({ kinds: ['ADVISORY'] })).toBe(0);
    expect(await count({ kinds: ['INTERVENTION'] })).toBe(2);
    // The comuna holds the project filed at its locality, and the locality holds only that one.
    expect(await count({ within: 'CL:01401', kinds: ['PARTICIPATORY_PROJECT'] })).toBe(1);
    expect(await count({ within: 'CL:01401:pozo-almonte' })).toBe(1);
    expect(await count({ within: 'PE' })).toBe(0);
  });
});

describe('recording activities', () => {
  it('records a participatory project with a figure that keeps its qualifier, and rejects bad input', async () => {
    const RECORD = `mutation($input: RecordActivityInput!) { recordActivity(input: $input) {
      id kind line { code } territories { id } participants { role actor { name } }
      figures { metric value qualifier unit sourceText provenance { origin } }
    } }`;
    const input = {
      kind: 'PARTICIPATORY_PROJECT',
      title: 'Murales comunitarios en La Tirana',
      territoryIds: ['CL:01401:la-tirana'],
      period: { start: '2026-09-01', end: '2026-10-15' },
      domains: ['VISUAL_ARTS_AND_CRAFTS'],
      participants: [{ actorId: 'red-cultura:actor:crca-tarapaca', role: 'COORDINATOR' }],
      figures: [{ metric: 'PARTICIPANTS', value: 40, qualifier: 'MORE_THAN', unit: 'people', sourceText: 'más de 40 vecinos' }],
    };
    const before = await snapshot();
    await svc.client.error(
      'BAD_USER_INPUT',
      RECORD,
      { input: { ...input, participants: [{ actorId: 'nope', role: 'PARTNER' }] } },
      { token: editor, field: 'input.participants[0].actorId' },
    );
    await svc.client.error(
      'BAD_USER_INPUT',
      RECORD,
      { input: { ...input, figures: [{ metric: 'BUDGET', value: 10, unit: 'x' }] } },
      { token: editor, field: 'input.figures[0].currency' },
    );
    await svc.client.error(
      'BAD_USER_INPUT',
      RECORD,
      { input: { ...input, territoryIds: ['CL:01401:no-existe'] } },
      { token: editor, field: 'input.territoryIds' },
    );
    expect(await snapshot()).toEqual(before);
    const data = await svc.client.data(RECORD, { input }, { token: editor });
    expect(data.recordActivity).toMatchObject({
      kind: 'PARTICIPATORY_PROJECT',
      line: { code: 'FDCL' },
      territories: [{ id: 'CL:01401:la-tirana' }],
      figures: [
        {
          metric: 'PARTICIPANTS',
          value: 40,
          qualifier: 'MORE_THAN',
          unit: 'people',
          sourceText: 'más de 40 vecinos',
          provenance: { origin: 'USER' },
        },
      ],
    });
  });

  it('records advisory for a registered centre and an alliance only once', async () => {
    const centre = await svc.client.data(
      `mutation { registerCulturalCentre(input: { name: "Centro Cultural de Pica", comunaId: "CL:01405" }) { id municipality { name } } }`,
      {},
      { token: editor },
    );
    const centreId = centre.registerCulturalCentre.id;
    expect(centre.registerCulturalCentre.municipality.name).toBe('Municipalidad de Pica');
    const advisory = await svc.client.data(
      `mutation($c: ID!) { recordAdvisorySession(input: { centreId: $c, areas: [FINANCING, MEDIATION], date: "2026-10-02" }) { areas coManaged centre { id } period { start end } } }`,
      { c: centreId },
      { token: editor },
    );
    expect(advisory.recordAdvisorySession).toMatchObject({
      areas: ['FINANCING', 'MEDIATION'],
      coManaged: true,
      period: { start: '2026-10-02' },
    });
    const ALLY = `mutation($c: ID!) { registerAlliance(input: { centreId: $c, since: "2026-01-15" }) { id council { name } } }`;
    await svc.client.data(ALLY, { c: centreId }, { token: editor });
    await svc.client.error('CONFLICT', ALLY, { c: centreId }, { token: editor, field: 'input.centreId' });
    await svc.client.error('BAD_USER_INPUT', ALLY, { c: 'red-cultura:actor:crca-tarapaca' }, { token: editor, field: 'input.centreId' });
  });
});

describe('cost of lists', () => {
  // Every relation at once; statement-counts.test.ts measures each relation alone, with no slack. Here the
  // actor loader is reached at three depths (a session's centre at once, a plan's municipality after the
  // plan, participants after their participations): the last two share one batch when the plan and the
  // participation rows arrive close together, and take two otherwise. Run 60 times each, one comuna and
  // all cost 8 statements, or 9 in about 1 run in 8, either list: one statement of slack, no more, so a
  // relation fetched per action still fails (stage history per plan costs 3 more for all comunas).
  const LIST = `query($n: Int, $f: ActionFilter) { redCultura { actions(first: $n, filter: $f) { nodes {
    id title territories { id } line { code } program { name }
    participants { role actor { id name territory { id } } }
    figures { value qualifier }
    ... on AdvisorySession { centre { name } }
    ... on MunicipalCulturePlan { stage municipality { name } stageHistory { to } }
  } } } }`;

  it('lists actions with their territories, participants and figures in as many statements for one comuna as for all', async () => {
    // With an advisory session recorded for its centre, Alto Hospicio has one action of every type, so both lists touch the same relations.
    await svc.client.data(
      `mutation { recordAdvisorySession(input: { centreId: "red-cultura:actor:centro-cultural-alto-hospicio", areas: [PLANNING], date: "2026-10-05" }) { id } }`,
      {},
      { token: editor },
    );
    const few = await svc.queries.measure(() => svc.client.data(LIST, { n: 100, f: { within: 'CL:01107' } }));
    const all = await svc.queries.measure(() => svc.client.data(LIST, { n: 100 }));
    expect(few.result.redCultura.actions.nodes.length).toBe(5);
    expect(all.result.redCultura.actions.nodes.length).toBeGreaterThan(15);
    expect(Math.abs(all.statements - few.statements)).toBeLessThanOrEqual(1);
  });

  it('answers Red Cultura fields for every comuna in as many statements as for one', async () => {
    const q = `query($ids: [_Any!]!) { _entities(representations: $ids) { ... on Territory { redCultura {
      plan { stage } centres { name } municipalities { name } actionsByLine { count actions { id } }
    } } } }`;
    const reps = (ids: string[]) => ({ ids: ids.map((id) => ({ __typename: 'Territory', id })) });
    const one = await svc.queries.measure(() => svc.client.data(q, reps(['CL:01107'])));
    const seven = await svc.queries.measure(() =>
      svc.client.data(q, reps(['CL:01101', 'CL:01107', 'CL:01401', 'CL:01402', 'CL:01403', 'CL:01404', 'CL:01405'])),
    );
    expect(seven.statements).toBe(one.statements);
  });
});
