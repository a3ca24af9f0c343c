import { signToken, startTestService, type TestService } from '@cultura/testkit';
import { territoriesService } from '@cultura/territories';
import { redCulturaService } from '../src/index';

let territories: TestService;
let svc: TestService;
const editor = signToken({ scopes: ['red-cultura:write'], subject: 'editora-rc' });

beforeAll(async () => {
  territories = await startTestService(territoriesService);
  svc = await startTestService(redCulturaService({ territoriesUrl: territories.url }));
});
afterAll(async () => {
  await svc?.stop();
  await territories?.stop();
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
    expect(program).toMatchObject({ id: 'red-cultura', name: 'Red Cultura', country: { id: 'CL' }, provenance: { origin: 'SOURCE_DOCUMENT' } });
    expect(program.lines.map((l: { code: string }) => l.code)).toEqual(['FDCL', 'FGCM', 'AGICM']);
    expect(contexts).toHaveLength(3);
  });

  it('has a plan in development for each comuna the document names, and none elsewhere', async () => {
    const data = await svc.client.data(`{ redCultura { plans(first: 50) { totalCount nodes { ... on MunicipalCulturePlan { territories { id } stage municipality { name } } } } } }`);
    const plans = data.redCultura.plans.nodes;
    expect(data.redCultura.plans.totalCount).toBe(4);
    expect(plans.map((p: { territories: { id: string }[] }) => p.territories[0].id).sort()).toEqual(['CL:01107', 'CL:01401', 'CL:01404', 'CL:01405']);
    expect(new Set(plans.map((p: { stage: string }) => p.stage))).toEqual(new Set(['PARTICIPATORY_FORMULATION']));
  });

  it('answers, for a comuna, its plan, centre and actions by line', async () => {
    const data = await svc.client.data(`query($ids: [_Any!]!) { _entities(representations: $ids) { ... on Territory { id redCultura {
      plan { title stage }
      centres { name alliances { title } advisory { areas coManaged } }
      actionsByLine { line { code } count actions { title kind } }
    } } } }`, { ids: [{ __typename: 'Territory', id: 'CL:01107' }, { __typename: 'Territory', id: 'CL:01401' }] });
    const [altoHospicio, pozoAlmonte] = data._entities;
    expect(altoHospicio.redCultura.plan).toEqual({ title: 'Plan Municipal de Cultura de Alto Hospicio', stage: 'PARTICIPATORY_FORMULATION' });
    expect(altoHospicio.redCultura.centres).toHaveLength(1);
    expect(altoHospicio.redCultura.centres[0].advisory[0]).toMatchObject({ coManaged: true });
    expect(altoHospicio.redCultura.centres[0].advisory[0].areas).toHaveLength(9);
    const lines = Object.fromEntries(altoHospicio.redCultura.actionsByLine.map((l: { line: { code: string }; count: number }) => [l.line.code, l.count]));
    // FDCL: Servicio País Cultura intervention + projects in emergency neighbourhoods; FGCM: plan + regional training is above; AGICM: alliance + advisory.
    expect(lines).toEqual({ FDCL: 2, FGCM: 1, AGICM: 2 });
    // La Tirana lies in Pozo Almonte: its intervention counts there.
    const pozoTitles = pozoAlmonte.redCultura.actionsByLine.flatMap((l: { actions: { title: string }[] }) => l.actions.map((a) => a.title));
    expect(pozoTitles).toContain('Intervención Servicio País Cultura en La Tirana');
  });

  it('filters actions by territory with descendants, line and kind', async () => {
    const q = `query($f: ActionFilter) { redCultura { actions(filter: $f, first: 100) { totalCount } } }`;
    const count = async (f: object) => (await svc.client.data(q, { f })).redCultura.actions.totalCount;
    expect(await count({ within: 'CL:01' })).toBe(await count({}));
    expect(await count({ within: 'CL:01404' })).toBe(4); // Huara: plan, Pisagua projects, alliance and advisory of its centre
    expect(await count({ lines: ['AGICM'] })).toBe(8);
    expect(await count({ kinds: ['INTERVENTION'] })).toBe(2);
    expect(await count({ within: 'PE' })).toBe(0);
  });
});

describe('plan lifecycle, for the program editors only', () => {
  const ADVANCE = `mutation($id: ID!, $to: PlanStage!) { advanceMunicipalCulturePlan(id: $id, input: { to: $to, date: "2026-11-20", note: "Consejo aprobó" }) {
    stage nextStage stageHistory { from to date by }
  } }`;
  const PICA = 'red-cultura:action:pmc-pica';

  it('refuses without a token, and with another program’s scope, writing nothing', async () => {
    const before = await snapshot();
    await svc.client.error('UNAUTHENTICATED', ADVANCE, { id: PICA, to: 'APPROVAL' });
    await svc.client.error('FORBIDDEN', ADVANCE, { id: PICA, to: 'APPROVAL' }, { token: signToken({ scopes: ['red-gestion:write'] }) });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a stage that skips steps, naming the next one, and writes nothing', async () => {
    const before = await snapshot();
    const res = await svc.client.error('BAD_USER_INPUT', ADVANCE, { id: PICA, to: 'IMPLEMENTATION' }, { token: editor, field: 'input.to' });
    expect(res.errors?.[0].extensions).toMatchObject({ currentStage: 'PARTICIPATORY_FORMULATION', nextStage: 'APPROVAL' });
    expect(await snapshot()).toEqual(before);
  });

  it('moves Pica’s plan to its next stage and keeps the history', async () => {
    const data = await svc.client.data(ADVANCE, { id: PICA, to: 'APPROVAL' }, { token: editor });
    expect(data.advanceMunicipalCulturePlan.stage).toBe('APPROVAL');
    expect(data.advanceMunicipalCulturePlan.nextStage).toBe('PLADECO_INTEGRATION');
    expect(data.advanceMunicipalCulturePlan.stageHistory).toEqual([
      { from: null, to: 'PARTICIPATORY_FORMULATION', date: null, by: null },
      { from: 'PARTICIPATORY_FORMULATION', to: 'APPROVAL', date: '2026-11-20', by: 'api:editora-rc' },
    ]);
    await svc.client.error('BAD_USER_INPUT', ADVANCE, { id: PICA, to: 'APPROVAL' }, { token: editor, field: 'input.to' });
  });

  it('refuses a plan for an unknown comuna, a duplicate plan and an impossible date, writing nothing', async () => {
    const CREATE = `mutation($input: CreatePlanInput!) { createMunicipalCulturePlan(input: $input) { id stage municipality { name territory { id } } } }`;
    const before = await snapshot();
    await svc.client.error('BAD_USER_INPUT', CREATE, { input: { comunaId: 'CL:01999' } }, { token: editor, field: 'input.comunaId' });
    await svc.client.error('BAD_USER_INPUT', CREATE, { input: { comunaId: 'Pica' } }, { token: editor, field: 'input.comunaId' });
    await svc.client.error('CONFLICT', CREATE, { input: { comunaId: 'CL:01405' } }, { token: editor, field: 'input.comunaId' });
    await svc.client.error('BAD_USER_INPUT', CREATE, { input: { comunaId: 'CL:01402', period: { start: '2026-02-30' } } }, { token: editor, field: 'input.period.start' });
    await svc.client.error('BAD_USER_INPUT', CREATE, { input: { comunaId: 'CL:01402', period: { start: '2026-05-01', end: '2026-01-01' } } }, { token: editor, field: 'input.period.start' });
    expect(await snapshot()).toEqual(before);
    const data = await svc.client.data(CREATE, { input: { comunaId: 'CL:01402', period: { start: '2026-03-01' } } }, { token: editor });
    expect(data.createMunicipalCulturePlan).toMatchObject({ stage: 'DIAGNOSIS', municipality: { territory: { id: 'CL:01402' } } });
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
    await svc.client.error('BAD_USER_INPUT', RECORD, { input: { ...input, participants: [{ actorId: 'nope', role: 'PARTNER' }] } }, { token: editor, field: 'input.participants[0].actorId' });
    await svc.client.error('BAD_USER_INPUT', RECORD, { input: { ...input, figures: [{ metric: 'BUDGET', value: 10, unit: 'x' }] } }, { token: editor, field: 'input.figures[0].currency' });
    await svc.client.error('BAD_USER_INPUT', RECORD, { input: { ...input, territoryIds: ['CL:01401:no-existe'] } }, { token: editor, field: 'input.territoryIds' });
    expect(await snapshot()).toEqual(before);
    const data = await svc.client.data(RECORD, { input }, { token: editor });
    expect(data.recordActivity).toMatchObject({
      kind: 'PARTICIPATORY_PROJECT',
      line: { code: 'FDCL' },
      territories: [{ id: 'CL:01401:la-tirana' }],
      figures: [{ metric: 'PARTICIPANTS', value: 40, qualifier: 'MORE_THAN', unit: 'people', sourceText: 'más de 40 vecinos', provenance: { origin: 'USER' } }],
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
    expect(advisory.recordAdvisorySession).toMatchObject({ areas: ['FINANCING', 'MEDIATION'], coManaged: true, period: { start: '2026-10-02' } });
    const ALLY = `mutation($c: ID!) { registerAlliance(input: { centreId: $c, since: "2026-01-15" }) { id council { name } } }`;
    await svc.client.data(ALLY, { c: centreId }, { token: editor });
    await svc.client.error('CONFLICT', ALLY, { c: centreId }, { token: editor, field: 'input.centreId' });
    await svc.client.error('BAD_USER_INPUT', ALLY, { c: 'red-cultura:actor:crca-tarapaca' }, { token: editor, field: 'input.centreId' });
  });
});

describe('cost of lists', () => {
  // The list query, then one per relation: actions' program, participations, actors, figures, plans,
  // stage history, centres; plus a spare for a relation that DataLoader splits across two ticks.
  const STATEMENT_BOUND = 12;
  const LIST = `query($n: Int, $f: ActionFilter) { redCultura { actions(first: $n, filter: $f) { nodes {
    id title territories { id } line { code } program { name }
    participants { role actor { id name territory { id } } }
    figures { value qualifier }
    ... on AdvisorySession { centre { name } }
    ... on MunicipalCulturePlan { stage municipality { name } stageHistory { to } }
  } } } }`;

  it('lists actions with their territories, participants and figures in as many statements for one comuna as for all', async () => {
    // Alto Hospicio has one action of every type, so both lists touch the same relations.
    const few = await svc.queries.measure(() => svc.client.data(LIST, { n: 100, f: { within: 'CL:01107' } }));
    const all = await svc.queries.measure(() => svc.client.data(LIST, { n: 100 }));
    expect(few.result.redCultura.actions.nodes.length).toBe(5);
    expect(all.result.redCultura.actions.nodes.length).toBeGreaterThan(20);
    // One statement per relation at most (loaders may split a relation in two batches by timing, never more).
    expect(all.statements).toBeLessThanOrEqual(STATEMENT_BOUND);
    expect(few.statements).toBeLessThanOrEqual(STATEMENT_BOUND);
  });

  it('answers Red Cultura fields for every comuna in as many statements as for one', async () => {
    const q = `query($ids: [_Any!]!) { _entities(representations: $ids) { ... on Territory { redCultura {
      plan { stage } centres { name } municipalities { name } actionsByLine { count actions { id } }
    } } } }`;
    const reps = (ids: string[]) => ({ ids: ids.map((id) => ({ __typename: 'Territory', id })) });
    const one = await svc.queries.measure(() => svc.client.data(q, reps(['CL:01107'])));
    const seven = await svc.queries.measure(() => svc.client.data(q, reps(['CL:01101', 'CL:01107', 'CL:01401', 'CL:01402', 'CL:01403', 'CL:01404', 'CL:01405'])));
    expect(seven.statements).toBeLessThanOrEqual(one.statements + 1);
    expect(seven.statements).toBeLessThanOrEqual(8);
  });
});
