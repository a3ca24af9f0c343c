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
            (SELECT count(*) FROM plan_stage_change)::int AS changes,
            (SELECT string_agg(comuna_id || '=' || COALESCE(stage, '?'), ',' ORDER BY comuna_id) FROM municipal_culture_plan) AS stages`,
  );
  return row;
};

const PICA = 'red-cultura:action:pmc-pica';
const RECORD = `mutation($id: ID!, $input: RecordPlanStageInput!) { recordMunicipalCulturePlanStage(id: $id, input: $input) {
  stage nextStage stageHistory { from to date by note }
} }`;
const ADVANCE = `mutation($id: ID!, $to: PlanStage!) { advanceMunicipalCulturePlan(id: $id, input: { to: $to, date: "2026-11-20", note: "Consejo aprobó" }) {
  stage nextStage stageHistory { from to date by }
} }`;

const ADVANCE_TODAY = `mutation($id: ID!, $to: PlanStage!) { advanceMunicipalCulturePlan(id: $id, input: { to: $to }) { stage } }`;

describe('plan lifecycle, for the program editors only', () => {
  it('refuses without a token, and with another program’s scope, writing nothing', async () => {
    const before = await snapshot();
    const input = { stage: 'PARTICIPATORY_FORMULATION' };
    await svc.client.error('UNAUTHENTICATED', RECORD, { id: PICA, input });
    await svc.client.error('FORBIDDEN', RECORD, { id: PICA, input }, { token: signToken({ scopes: ['red-gestion:write'] }) });
    await svc.client.error('UNAUTHENTICATED', ADVANCE, { id: PICA, to: 'APPROVAL' });
    await svc.client.error('FORBIDDEN', ADVANCE, { id: PICA, to: 'APPROVAL' }, { token: signToken({ scopes: ['red-gestion:write'] }) });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses to advance a plan whose stage is unknown: there is no next stage to go to', async () => {
    const before = await snapshot();
    for (const to of ['DIAGNOSIS', 'APPROVAL']) {
      const res = await svc.client.error('BAD_USER_INPUT', ADVANCE, { id: PICA, to }, { token: editor, field: 'input.to' });
      expect(res.errors?.[0].extensions).toMatchObject({ currentStage: null });
      expect(res.errors?.[0].message).toMatch(/recordMunicipalCulturePlanStage/);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a bad date, a long note and an unknown plan when recording a stage, writing nothing', async () => {
    const before = await snapshot();
    await svc.client.error(
      'BAD_USER_INPUT',
      RECORD,
      { id: PICA, input: { stage: 'APPROVAL', date: '2026-02-30' } },
      { token: editor, field: 'input.date' },
    );
    await svc.client.error(
      'BAD_USER_INPUT',
      RECORD,
      { id: PICA, input: { stage: 'APPROVAL', note: 'x'.repeat(301) } },
      { token: editor, field: 'input.note' },
    );
    await svc.client.error('BAD_USER_INPUT', RECORD, { id: PICA, input: { stage: 'SOMEWHERE' } }, { token: editor });
    await svc.client.error(
      'NOT_FOUND',
      RECORD,
      { id: 'red-cultura:action:pmc-nope', input: { stage: 'APPROVAL' } },
      { token: editor, field: 'id' },
    );
    expect(await snapshot()).toEqual(before);
  });

  it('records the stage Pica’s plan is actually at, any stage, with who recorded it', async () => {
    const data = await svc.client.data(
      RECORD,
      { id: PICA, input: { stage: 'PARTICIPATORY_FORMULATION', date: '2026-10-01', note: 'Informe de la municipalidad' } },
      { token: editor },
    );
    expect(data.recordMunicipalCulturePlanStage).toEqual({
      stage: 'PARTICIPATORY_FORMULATION',
      nextStage: 'APPROVAL',
      stageHistory: [
        {
          from: null,
          to: 'PARTICIPATORY_FORMULATION',
          date: '2026-10-01',
          by: 'api:editora-rc',
          note: 'Etapa registrada por api:editora-rc (antes desconocida): Informe de la municipalidad',
        },
      ],
    });
    // Only once: a known stage moves forward one step at a time.
    const before = await snapshot();
    const again = await svc.client.error(
      'BAD_USER_INPUT',
      RECORD,
      { id: PICA, input: { stage: 'EVALUATION' } },
      { token: editor, field: 'input.stage' },
    );
    expect(again.errors?.[0].extensions).toMatchObject({ currentStage: 'PARTICIPATORY_FORMULATION' });
    expect(await snapshot()).toEqual(before);
    // The other seed plans stay unknown.
    expect(before.stages).toBe('CL:01107=?,CL:01401=?,CL:01404=?,CL:01405=PARTICIPATORY_FORMULATION');
  });

  it('then refuses a stage that skips steps, naming the next one, and writes nothing', async () => {
    const before = await snapshot();
    const res = await svc.client.error('BAD_USER_INPUT', ADVANCE, { id: PICA, to: 'IMPLEMENTATION' }, { token: editor, field: 'input.to' });
    expect(res.errors?.[0].extensions).toMatchObject({ currentStage: 'PARTICIPATORY_FORMULATION', nextStage: 'APPROVAL' });
    await svc.client.error('BAD_USER_INPUT', ADVANCE, { id: PICA, to: 'DIAGNOSIS' }, { token: editor, field: 'input.to' });
    expect(await snapshot()).toEqual(before);
  });

  it('moves Pica’s plan to its next stage and keeps the history', async () => {
    const data = await svc.client.data(ADVANCE, { id: PICA, to: 'APPROVAL' }, { token: editor });
    expect(data.advanceMunicipalCulturePlan.stage).toBe('APPROVAL');
    expect(data.advanceMunicipalCulturePlan.nextStage).toBe('PLADECO_INTEGRATION');
    expect(data.advanceMunicipalCulturePlan.stageHistory).toEqual([
      { from: null, to: 'PARTICIPATORY_FORMULATION', date: '2026-10-01', by: 'api:editora-rc' },
      { from: 'PARTICIPATORY_FORMULATION', to: 'APPROVAL', date: '2026-11-20', by: 'api:editora-rc' },
    ]);
    // Asking again for the stage it is at: a conflict (someone got there first), not a second step.
    await svc.client.error('CONFLICT', ADVANCE, { id: PICA, to: 'APPROVAL' }, { token: editor, field: 'input.to' });
  });

  it('starts a plan at an unknown stage when asked, and keeps its history in date order', async () => {
    const CREATE = `mutation { createMunicipalCulturePlan(input: { comunaId: "CL:01403", stage: null }) { id stage nextStage stageHistory { to } } }`;
    const created = (await svc.client.data(CREATE, {}, { token: editor })).createMunicipalCulturePlan;
    // An editor may start a plan whose stage is not known yet: it stays unknown, with no history.
    expect(created).toMatchObject({ stage: null, nextStage: null, stageHistory: [] });
    const recorded = await svc.client.data(
      RECORD,
      { id: created.id, input: { stage: 'DIAGNOSIS', date: '2026-06-01' } },
      { token: editor },
    );
    expect(recorded.recordMunicipalCulturePlanStage.stage).toBe('DIAGNOSIS');
    await svc.client.error(
      'BAD_USER_INPUT',
      `mutation($id: ID!) { advanceMunicipalCulturePlan(id: $id, input: { to: PARTICIPATORY_FORMULATION, date: "2026-05-31" }) { stage } }`,
      { id: created.id },
      { token: editor, field: 'input.date' },
    );
  });

  it('refuses a plan for an unknown comuna, a duplicate plan and an impossible date, writing nothing', async () => {
    const CREATE = `mutation($input: CreatePlanInput!) { createMunicipalCulturePlan(input: $input) { id stage municipality { name territory { id } } } }`;
    const before = await snapshot();
    await svc.client.error('BAD_USER_INPUT', CREATE, { input: { comunaId: 'CL:01999' } }, { token: editor, field: 'input.comunaId' });
    await svc.client.error('BAD_USER_INPUT', CREATE, { input: { comunaId: 'Pica' } }, { token: editor, field: 'input.comunaId' });
    await svc.client.error('CONFLICT', CREATE, { input: { comunaId: 'CL:01405' } }, { token: editor, field: 'input.comunaId' });
    await svc.client.error(
      'BAD_USER_INPUT',
      CREATE,
      { input: { comunaId: 'CL:01402', period: { start: '2026-02-30' } } },
      { token: editor, field: 'input.period.start' },
    );
    await svc.client.error(
      'BAD_USER_INPUT',
      CREATE,
      { input: { comunaId: 'CL:01402', period: { start: '2026-05-01', end: '2026-01-01' } } },
      { token: editor, field: 'input.period.start' },
    );
    expect(await snapshot()).toEqual(before);
    const data = await svc.client.data(CREATE, { input: { comunaId: 'CL:01402', period: { start: '2026-03-01' } } }, { token: editor });
    expect(data.createMunicipalCulturePlan).toMatchObject({ stage: 'DIAGNOSIS', municipality: { territory: { id: 'CL:01402' } } });
  });

  it('lets one of two editors advancing the same plan at once win, and tells the other it lost', async () => {
    // Camiña's plan, created at DIAGNOSIS by the test above.
    const [{ id }] = await svc.dataSource.query(
      `SELECT action_id AS id FROM municipal_culture_plan WHERE comuna_id = 'CL:01402' AND stage = 'DIAGNOSIS'`,
    );
    const other = signToken({ scopes: ['red-cultura:write'], subject: 'editor-dos' });
    const advance = (token: string) =>
      fetch(svc.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        // Dated today (the default): the plan was created today.
        body: JSON.stringify({ query: ADVANCE_TODAY, variables: { id, to: 'PARTICIPATORY_FORMULATION' } }),
      }).then((r) => r.json() as Promise<{ data?: unknown; errors?: { extensions?: { code?: string } }[] }>);
    const answers = await Promise.all([advance(editor), advance(other)]);
    const codes = answers.map((a) => a.errors?.[0]?.extensions?.code ?? 'ok').sort();
    // The loser sees the stage already moved: a conflict, not a second step nor a generic failure.
    expect(codes).toEqual(['CONFLICT', 'ok'].sort());
    const [{ changes }] = await svc.dataSource.query(
      `SELECT count(*)::int AS changes FROM plan_stage_change WHERE plan_id = $1 AND to_stage = 'PARTICIPATORY_FORMULATION'`,
      [id],
    );
    expect(changes).toBe(1);
  });
});
