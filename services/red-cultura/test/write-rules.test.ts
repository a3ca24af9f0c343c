import { signToken, startTestService, type TestService } from '@cultura/testkit';
import { territoriesService } from '@cultura/territories';
import { redCulturaService } from '../src/index';

/**
 * The rules of a Plan Municipal de Cultura's writes, field by field: what a new plan is made of, what an
 * update changes and leaves alone, how notes, dates and texts are cleaned or refused. plan-lifecycle.test.ts
 * walks the stages; this file pins what each write stores, and what the other writes check of the actors they name.
 */
let territories: TestService;
let svc: TestService;
const editor = signToken({ scopes: ['red-cultura:write'], subject: 'editora-reglas' });
const BY = 'api:editora-reglas';
const today = () => new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  territories = await startTestService(territoriesService);
  svc = await startTestService(redCulturaService({ territoriesUrl: territories.url }));
});
afterAll(async () => {
  await svc?.stop();
  await territories?.stop();
});

const PLAN = `id title kind line { code } status description period { start end }
  territories { id } participants { role actor { id } } provenance { origin source }
  stage nextStage stageHistory { from to date by note } municipality { id name } participationProcesses`;
const CREATE = `mutation($input: CreatePlanInput!) { createMunicipalCulturePlan(input: $input) { ${PLAN} } }`;
const UPDATE = `mutation($id: ID!, $input: UpdatePlanInput!) { updateMunicipalCulturePlan(id: $id, input: $input) { ${PLAN} } }`;
const RECORD = `mutation($id: ID!, $input: RecordPlanStageInput!) { recordMunicipalCulturePlanStage(id: $id, input: $input) { ${PLAN} } }`;
const ADVANCE = `mutation($id: ID!, $input: AdvancePlanInput!) { advanceMunicipalCulturePlan(id: $id, input: $input) { ${PLAN} } }`;

const count = async (table: string) => (await svc.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;

describe('a new plan', () => {
  let iquique: Record<string, any>;

  it('refuses a comuna id that is not exactly CL: and five digits, and texts that are blank or too long, writing nothing', async () => {
    const before = [await count('action'), await count('municipal_culture_plan'), await count('plan_stage_change')];
    for (const comunaId of ['CL:0110', 'CL:011011', 'XCL:01101', 'CL:01101 ', 'cl:01101']) {
      const res = await svc.client.error('BAD_USER_INPUT', CREATE, { input: { comunaId } }, { token: editor, field: 'input.comunaId' });
      expect(res.errors?.[0].message).toBe(`"${comunaId}" is not a Chilean comuna id (CL: followed by its 5-digit CUT code)`);
    }
    const title = await svc.client.error(
      'BAD_USER_INPUT',
      CREATE,
      { input: { comunaId: 'CL:01101', title: '   ' } },
      { token: editor, field: 'input.title' },
    );
    expect(title.errors?.[0].message).toBe('input.title must not be empty');
    const long = await svc.client.error(
      'BAD_USER_INPUT',
      CREATE,
      { input: { comunaId: 'CL:01101', title: 'x'.repeat(301) } },
      { token: editor, field: 'input.title' },
    );
    expect(long.errors?.[0].message).toBe('input.title must be at most 300 characters');
    await svc.client.error(
      'BAD_USER_INPUT',
      CREATE,
      { input: { comunaId: 'CL:01101', participationProcesses: ['Cabildo', ' '] } },
      { token: editor, field: 'input.participationProcesses[1]' },
    );
    expect([await count('action'), await count('municipal_culture_plan'), await count('plan_stage_change')]).toEqual(before);
  });

  it('is an FGCM plan in progress, organised by the municipality with the CRCA advising, titled after the comuna by default', async () => {
    iquique = (
      await svc.client.data(
        CREATE,
        {
          input: {
            comunaId: 'CL:01101',
            participationProcesses: ['  Cabildo   cultural ', 'Encuesta'],
            description: 'Diagnóstico participativo',
          },
        },
        { token: editor },
      )
    ).createMunicipalCulturePlan;
    expect(iquique.id).toMatch(/^red-cultura:action:plan-municipal-de-cultura-de-iquique-[a-z0-9]{6}$/);
    expect(iquique).toEqual({
      id: iquique.id,
      title: 'Plan Municipal de Cultura de Iquique',
      kind: 'MUNICIPAL_CULTURE_PLAN',
      line: { code: 'FGCM' },
      status: 'IN_PROGRESS',
      description: 'Diagnóstico participativo',
      period: { start: null, end: null },
      territories: [{ id: 'CL:01101' }],
      participants: expect.arrayContaining([
        { role: 'ORGANISER', actor: { id: 'red-cultura:actor:municipalidad-iquique' } },
        { role: 'ADVISOR', actor: { id: 'red-cultura:actor:crca-tarapaca' } },
      ]),
      provenance: { origin: 'USER', source: BY },
      stage: 'DIAGNOSIS',
      nextStage: 'PARTICIPATORY_FORMULATION',
      stageHistory: [{ from: null, to: 'DIAGNOSIS', date: today(), by: BY, note: 'Plan creado' }],
      municipality: { id: 'red-cultura:actor:municipalidad-iquique', name: 'Municipalidad de Iquique' },
      participationProcesses: ['Cabildo cultural', 'Encuesta'],
    });
    expect(iquique.participants).toHaveLength(2);
  });

  it('takes a given title, trimmed, and creates the municipality of a comuna the program had none in', async () => {
    const camina = (
      await svc.client.data(CREATE, { input: { comunaId: 'CL:01402', title: '  PMC   de Camiña ', stage: 'APPROVAL' } }, { token: editor })
    ).createMunicipalCulturePlan;
    expect(camina).toMatchObject({
      title: 'PMC de Camiña',
      description: null,
      participationProcesses: [],
      stage: 'APPROVAL',
      stageHistory: [{ from: null, to: 'APPROVAL', by: BY, note: 'Plan creado' }],
      municipality: { id: 'red-cultura:actor:municipalidad-01402', name: 'Municipalidad de CL:01402' },
    });
    expect(camina.id).toMatch(/^red-cultura:action:pmc-de-camina-[a-z0-9]{6}$/);
    // Checked here, where it is created: Stryker runs only the tests that reach a line.
    const [row] = await svc.dataSource.query(
      `SELECT kind, government_level, name, territory_id, origin, source FROM actor WHERE id = 'red-cultura:actor:municipalidad-01402'`,
    );
    expect(row).toEqual({
      kind: 'MUNICIPALITY',
      government_level: 'LOCAL',
      name: 'Municipalidad de CL:01402',
      territory_id: 'CL:01402',
      origin: 'USER',
      source: BY,
    });
  });

  describe('updated', () => {
    it('refuses an unknown plan', async () => {
      await svc.client.error(
        'NOT_FOUND',
        UPDATE,
        { id: 'red-cultura:action:pmc-nope', input: { title: 'x' } },
        { token: editor, field: 'id' },
      );
    });

    it('changes only what it is given: a title, the period, the processes', async () => {
      const data = (
        await svc.client.data(
          UPDATE,
          {
            id: iquique.id,
            input: {
              title: ' Plan  de Iquique ',
              period: { start: '2026-03-01', end: '2027-02-28' },
              participationProcesses: [' Mesa  técnica '],
            },
          },
          { token: editor },
        )
      ).updateMunicipalCulturePlan;
      expect(data).toMatchObject({
        title: 'Plan de Iquique',
        description: 'Diagnóstico participativo',
        period: { start: '2026-03-01', end: '2027-02-28' },
        participationProcesses: ['Mesa técnica'],
        stage: 'DIAGNOSIS',
      });
    });

    it('keeps the title when given null, and clears a description given blank', async () => {
      const data = (await svc.client.data(UPDATE, { id: iquique.id, input: { title: null, description: '   ' } }, { token: editor }))
        .updateMunicipalCulturePlan;
      expect(data).toMatchObject({
        title: 'Plan de Iquique',
        description: null,
        period: { start: '2026-03-01' },
        participationProcesses: ['Mesa técnica'],
      });
      const again = (await svc.client.data(UPDATE, { id: iquique.id, input: { description: '  Con la comunidad ' } }, { token: editor }))
        .updateMunicipalCulturePlan;
      expect(again).toMatchObject({ title: 'Plan de Iquique', description: 'Con la comunidad', participationProcesses: ['Mesa técnica'] });
    });

    it('refuses a blank title or process, naming the field, and changes nothing', async () => {
      await svc.client.error('BAD_USER_INPUT', UPDATE, { id: iquique.id, input: { title: ' ' } }, { token: editor, field: 'input.title' });
      await svc.client.error(
        'BAD_USER_INPUT',
        UPDATE,
        { id: iquique.id, input: { participationProcesses: ['Cabildo', 'Encuesta', ''] } },
        { token: editor, field: 'input.participationProcesses[2]' },
      );
      const [row] = await svc.dataSource.query(`SELECT participation_processes FROM municipal_culture_plan WHERE action_id = $1`, [
        iquique.id,
      ]);
      expect(row.participation_processes).toEqual(['Mesa técnica']);
    });
  });

  describe('advanced', () => {
    it('accepts a move dated the same day as the last one, with its note trimmed, and a blank note as none', async () => {
      const first = (
        await svc.client.data(
          ADVANCE,
          { id: iquique.id, input: { to: 'PARTICIPATORY_FORMULATION', note: '  Cabildo realizado ' } },
          { token: editor },
        )
      ).advanceMunicipalCulturePlan;
      expect(first.stageHistory[1]).toEqual({
        from: 'DIAGNOSIS',
        to: 'PARTICIPATORY_FORMULATION',
        date: today(),
        by: BY,
        note: 'Cabildo realizado',
      });
      const second = (
        await svc.client.data(ADVANCE, { id: iquique.id, input: { to: 'APPROVAL', date: today(), note: '  ' } }, { token: editor })
      ).advanceMunicipalCulturePlan;
      expect(second.stageHistory[2]).toEqual({ from: 'PARTICIPATORY_FORMULATION', to: 'APPROVAL', date: today(), by: BY, note: null });
      expect(second).toMatchObject({ stage: 'APPROVAL', nextStage: 'PLADECO_INTEGRATION' });
    });

    it('refuses a move dated before the last one, saying which date it came before', async () => {
      const res = await svc.client.error(
        'BAD_USER_INPUT',
        ADVANCE,
        { id: iquique.id, input: { to: 'PLADECO_INTEGRATION', date: '2020-01-01' } },
        { token: editor, field: 'input.date' },
      );
      expect(res.errors?.[0].message).toBe(`input.date 2020-01-01 is before the previous stage change (${today()})`);
    });

    it('names every stage a move would skip, and refuses going back or staying', async () => {
      const skip = await svc.client.error(
        'BAD_USER_INPUT',
        ADVANCE,
        { id: iquique.id, input: { to: 'EVALUATION' } },
        { token: editor, field: 'input.to' },
      );
      expect(skip.errors?.[0].message).toBe(
        'From APPROVAL the next stage is PLADECO_INTEGRATION; EVALUATION would skip PLADECO_INTEGRATION, IMPLEMENTATION',
      );
      expect(skip.errors?.[0].extensions).toMatchObject({ currentStage: 'APPROVAL', nextStage: 'PLADECO_INTEGRATION' });
      const back = await svc.client.error(
        'BAD_USER_INPUT',
        ADVANCE,
        { id: iquique.id, input: { to: 'DIAGNOSIS' } },
        { token: editor, field: 'input.to' },
      );
      expect(back.errors?.[0].message).toBe('The plan is already at APPROVAL; stages cannot be undone (asked for DIAGNOSIS)');
      const stay = await svc.client.error(
        'CONFLICT',
        ADVANCE,
        { id: iquique.id, input: { to: 'APPROVAL' } },
        { token: editor, field: 'input.to' },
      );
      expect(stay.errors?.[0].extensions).toMatchObject({ currentStage: 'APPROVAL' });
    });

    it('goes one step at a time to the end, where there is no next stage', async () => {
      for (const to of ['PLADECO_INTEGRATION', 'IMPLEMENTATION'])
        await svc.client.data(ADVANCE, { id: iquique.id, input: { to } }, { token: editor });
      const last = (await svc.client.data(ADVANCE, { id: iquique.id, input: { to: 'EVALUATION' } }, { token: editor }))
        .advanceMunicipalCulturePlan;
      expect(last).toMatchObject({ stage: 'EVALUATION', nextStage: null });
      expect(last.stageHistory.map((h: { to: string }) => h.to)).toEqual([
        'DIAGNOSIS',
        'PARTICIPATORY_FORMULATION',
        'APPROVAL',
        'PLADECO_INTEGRATION',
        'IMPLEMENTATION',
        'EVALUATION',
      ]);
      await svc.client.error('CONFLICT', ADVANCE, { id: iquique.id, input: { to: 'EVALUATION' } }, { token: editor, field: 'input.to' });
    });
  });
});

describe('recording the stage of a plan whose stage is unknown', () => {
  it('collapses the note’s spaces, accepts 300 characters, and dates it today by default', async () => {
    const plan = (await svc.client.data(CREATE, { input: { comunaId: 'CL:01403', stage: null } }, { token: editor }))
      .createMunicipalCulturePlan;
    expect(plan).toMatchObject({ stage: null, nextStage: null, stageHistory: [] });
    const note = `${'a'.repeat(150)}   ${'b'.repeat(149)}`;
    const recorded = (
      await svc.client.data(RECORD, { id: plan.id, input: { stage: 'IMPLEMENTATION', note: `  ${note} ` } }, { token: editor })
    ).recordMunicipalCulturePlanStage;
    expect(recorded.stage).toBe('IMPLEMENTATION');
    expect(recorded.stageHistory).toEqual([
      {
        from: null,
        to: 'IMPLEMENTATION',
        date: today(),
        by: BY,
        note: `Etapa registrada por ${BY} (antes desconocida): ${'a'.repeat(150)} ${'b'.repeat(149)}`,
      },
    ]);
  });

  it('says it was recorded, and by whom, when there is no note', async () => {
    // Alto Hospicio's seed plan: the source says it is in development, not at which stage.
    const [{ id }] = await svc.dataSource.query(
      `SELECT action_id AS id FROM municipal_culture_plan WHERE comuna_id = 'CL:01107' AND stage IS NULL`,
    );
    const recorded = (
      await svc.client.data(RECORD, { id, input: { stage: 'DIAGNOSIS', date: '2026-04-01', note: '   ' } }, { token: editor })
    ).recordMunicipalCulturePlanStage;
    expect(recorded.stageHistory).toEqual([
      { from: null, to: 'DIAGNOSIS', date: '2026-04-01', by: BY, note: `Etapa registrada por ${BY} (antes desconocida)` },
    ]);
    const res = await svc.client.error(
      'BAD_USER_INPUT',
      RECORD,
      { id, input: { stage: 'APPROVAL' } },
      { token: editor, field: 'input.stage' },
    );
    expect(res.errors?.[0].message).toBe("The plan's stage is already known (DIAGNOSIS); move it with advanceMunicipalCulturePlan");
  });
});

describe('what other writes refer to', () => {
  const ADVISORY = `mutation($c: ID!) { recordAdvisorySession(input: { centreId: $c, areas: [PLANNING], date: "2026-10-05" }) { id } }`;
  const ACTIVITY = `mutation($input: RecordActivityInput!) { recordActivity(input: $input) { id title } }`;

  it('refuses advising an actor that is not a cultural centre, saying what it is, and one that does not exist', async () => {
    const wrong = await svc.client.error(
      'BAD_USER_INPUT',
      ADVISORY,
      { c: 'red-cultura:actor:municipalidad-iquique' },
      { token: editor, field: 'input.centreId' },
    );
    expect(wrong.errors?.[0].message).toBe('"red-cultura:actor:municipalidad-iquique" is a municipality, not a cultural_centre');
    const missing = await svc.client.error(
      'NOT_FOUND',
      ADVISORY,
      { c: 'red-cultura:actor:nadie' },
      { token: editor, field: 'input.centreId' },
    );
    expect(missing.errors?.[0].message).toBe('No Red Cultura actor "red-cultura:actor:nadie"');
  });

  it('names the first participant that does not exist by its position', async () => {
    const input = {
      kind: 'TRAINING',
      title: 'Taller de gestión cultural',
      territoryIds: ['CL:01101'],
      participants: [
        { actorId: 'red-cultura:actor:municipalidad-iquique', role: 'ORGANISER' },
        { actorId: 'red-cultura:actor:nadie', role: 'PARTICIPANT' },
        { actorId: 'red-cultura:actor:tampoco', role: 'PARTICIPANT' },
      ],
    };
    const res = await svc.client.error('BAD_USER_INPUT', ACTIVITY, { input }, { token: editor, field: 'input.participants[1].actorId' });
    expect(res.errors?.[0].message).toBe('No Red Cultura actor "red-cultura:actor:nadie"');
  });

  it('keeps ids readable: the title’s first 60 slug characters and a 6-character tail', async () => {
    const title = 'Taller de gestión cultural municipal para los equipos de cultura de la Región de Tarapacá';
    const data = (await svc.client.data(ACTIVITY, { input: { kind: 'TRAINING', title, territoryIds: ['CL:01101'] } }, { token: editor }))
      .recordActivity;
    expect(data.id).toMatch(/^red-cultura:action:taller-de-gestion-cultural-municipal-para-los-equipos-de-cul-[a-z0-9]{6}$/);
  });
});
