import { readWholeFeed, signToken } from '@cultura/testkit';
import {
  DECIDE,
  OTHER_PROGRAM,
  PII,
  SUBMIT,
  WRITE,
  WRITE_AND_PII,
  applicationInput,
  count,
  daysAgo,
  snapshot,
  startStack,
  type Stack,
} from './helpers';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ districts: true });
});
afterAll(async () => {
  await stack?.stop();
});

const client = () => stack.puntos.client;

async function submit(overrides: Record<string, unknown> = {}) {
  const data = await client().data(SUBMIT, { input: applicationInput(overrides) }, { token: WRITE });
  return data.submitCulturePointApplication;
}

async function decide(input: Record<string, unknown>) {
  return (await client().data(DECIDE, { input }, { token: WRITE })).decideCulturePointApplication;
}

/** The subgraph's own view of a territory, as the gateway asks for it. */
async function territoryCounts(ids: string[]) {
  const data = await client().data(
    `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Territory { id puntosCultura { recognised total byStatus { status count } points { nodes { id } } } } } }`,
    { reps: ids.map((id) => ({ __typename: 'Territory', id })) },
  );
  return data._entities as {
    id: string;
    puntosCultura: {
      recognised: number;
      total: number;
      byStatus: { status: string; count: number }[];
      points: { nodes: { id: string }[] };
    };
  }[];
}

describe('applying for recognition', () => {
  it('tells an application with one member and one year of work both reasons it is not eligible', async () => {
    const app = await submit({
      organisationName: 'Dúo de Títeres',
      members: 1,
      continuousWorkSince: '2024-03-01',
      submittedOn: '2025-03-01',
    });
    expect(app.status).toBe('UNDER_REVIEW');
    expect(app.eligibility.eligible).toBe(false);
    expect(app.eligibility.asOf).toBe('2025-03-01');
    expect(app.eligibility.unmet.map((r: { rule: string }) => r.rule)).toEqual(['CONTINUOUS_WORK', 'MINIMUM_MEMBERS']);
    const [work, members] = app.eligibility.unmet;
    expect(work.explanation).toBe(
      'Continuous work since 2024-03-01 is 1 year by 2025-03-01; at least 2 years are required, complete on 2026-03-01.',
    );
    expect(members.explanation).toBe('The organisation has 1 member; at least 2 are required.');
  });

  it('applies each rule on both sides of its boundary: 1 vs 2 members, one day short of vs exactly two years', async () => {
    const one = await submit({ organisationName: 'Boundary One Member', members: 1 });
    const two = await submit({ organisationName: 'Boundary Two Members', members: 2 });
    expect(one.eligibility.unmet.map((r: { rule: string }) => r.rule)).toEqual(['MINIMUM_MEMBERS']);
    expect(two.eligibility.eligible).toBe(true);

    const short = await submit({ organisationName: 'Boundary Short', continuousWorkSince: '2023-03-02', submittedOn: '2025-03-01' });
    const exact = await submit({ organisationName: 'Boundary Exact', continuousWorkSince: '2023-03-01', submittedOn: '2025-03-01' });
    expect(short.eligibility.unmet.map((r: { rule: string }) => r.rule)).toEqual(['CONTINUOUS_WORK']);
    expect(short.eligibility.unmet[0].explanation).toContain('1 year and 364 days');
    expect(exact.eligibility.eligible).toBe(true);

    const profit = await submit({ organisationName: 'Boundary Business', nonProfit: false });
    expect(profit.eligibility.unmet.map((r: { rule: string }) => r.rule)).toEqual(['NON_PROFIT']);
    const noArts = await submit({ organisationName: 'Boundary No Domain', domains: [] });
    expect(noArts.eligibility.unmet.map((r: { rule: string }) => r.rule)).toEqual(['COMMUNITY_WORK_THROUGH_ARTS_AND_CULTURE']);
  });

  it('checks facts without recording anything', async () => {
    const before = await snapshot(stack.puntos);
    const data = await client().data(`{
      puntosCultura {
        eligibilityRules { rule requirement }
        checkEligibility(input: { nonProfit: true, continuousWorkSince: "2024-03-01", members: 1, areasOfWork: [COMMUNITY_LIFE], domains: [VISUAL_ARTS_AND_CRAFTS], asOf: "2025-03-01" }) {
          eligible unmet { rule }
        }
      }
    }`);
    expect(data.puntosCultura.eligibilityRules).toHaveLength(4);
    expect(data.puntosCultura.checkEligibility).toEqual({
      eligible: false,
      unmet: [{ rule: 'CONTINUOUS_WORK' }, { rule: 'MINIMUM_MEMBERS' }],
    });
    expect(await snapshot(stack.puntos)).toEqual(before);
  });
});

describe('the reviewer’s decision', () => {
  it('recognises a complete application: the point enters the registry and is counted under its district, province and region', async () => {
    const app = await submit({ organisationName: 'Colectivo Arte y Barrio' });
    expect(app.eligibility.eligible).toBe(true);
    const before = await territoryCounts(['PE:150142', 'PE:1501', 'PE:LMA', 'PE:15', 'PE']);

    const decided = await decide({
      applicationId: app.id,
      decision: 'RECOGNISE',
      resolutionNumber: 'R.D. N° 000101-2025-DGIA/MC',
      resolutionDate: '2025-04-15',
    });
    expect(decided.status).toBe('RECOGNISED');
    expect(decided.resolution).toEqual({ number: 'R.D. N° 000101-2025-DGIA/MC', date: '2025-04-15', kind: 'RECOGNITION', reasons: [] });
    const point = decided.culturePoint;
    expect(point).toMatchObject({ name: 'Colectivo Arte y Barrio', status: 'RECOGNISED', district: { id: 'PE:150142' } });
    expect(point.id).toBe('puntos-cultura:point:150142-colectivo-arte-y-barrio');
    expect(point.recognitionHistory).toEqual([
      { status: 'RECOGNISED', date: '2025-04-15', resolutionNumber: 'R.D. N° 000101-2025-DGIA/MC' },
    ]);
    expect(point.recognition).toEqual({
      id: expect.stringMatching(/^puntos-cultura:recognition:/),
      resolutionNumber: 'R.D. N° 000101-2025-DGIA/MC',
      resolutionDate: '2025-04-15',
    });

    const listed = await client().data(
      `query($id: ID!) {
      puntosCultura {
        points(filter: { search: "arte y barrio" }) { totalCount nodes { id organisationForm members foundedOn areasOfWork domains populationsServed artisticExpressions networkMember } }
        point(id: $id) { actions { totalCount nodes { __typename ... on Recognition { participants { role actor { id } } } } } applications { id } }
      }
    }`,
      { id: point.id },
    );
    expect(listed.puntosCultura.points.totalCount).toBe(1);
    expect(listed.puntosCultura.points.nodes[0]).toMatchObject({
      id: point.id,
      organisationForm: 'COLLECTIVE',
      members: 8,
      foundedOn: '2019-03-01',
      areasOfWork: ['COMMUNITY_LIFE', 'VULNERABLE_POPULATIONS'],
      domains: ['PERFORMANCE_AND_CELEBRATION'],
      networkMember: true,
    });
    expect(listed.puntosCultura.point.actions.nodes).toEqual([
      {
        __typename: 'Recognition',
        participants: expect.arrayContaining([
          { role: 'ORGANISER', actor: { id: 'puntos-cultura:actor:ministry-of-culture' } },
          { role: 'BENEFICIARY', actor: { id: point.id } },
        ]),
      },
    ]);
    expect(listed.puntosCultura.point.applications).toEqual([{ id: app.id }]);

    const after = await territoryCounts(['PE:150142', 'PE:1501', 'PE:LMA', 'PE:15', 'PE']);
    after.forEach((t, i) => {
      expect(t.puntosCultura.recognised).toBe(before[i].puntosCultura.recognised + 1);
      expect(t.puntosCultura.points.nodes.map((n) => n.id)).toContain(point.id);
    });
    // The department of Lima holds the province of Lima (as INEI counts it); neither Callao nor Lima Provincias counts it.
    const [limaDepartment, callao, limaProvincias] = await territoryCounts(['PE:15', 'PE:07', 'PE:LIM']);
    expect(limaDepartment.puntosCultura.points.nodes.map((n) => n.id)).toContain(point.id);
    expect(callao.puntosCultura.points.nodes.map((n) => n.id)).not.toContain(point.id);
    expect(limaProvincias.puntosCultura.points.nodes.map((n) => n.id)).not.toContain(point.id);
  });

  it('publishes the recognised point and its recognition on the change feed, typed as this schema types them', async () => {
    // Read to the end: the feed may hold back changes while another test file's transaction is open.
    const page = {
      changes: (await readWholeFeed(stack.puntos.url)) as {
        entity: string;
        id: string;
        snapshot: { typeName: string; territoryId?: string; actorIds?: string[] } | null;
      }[],
    };
    const point = page.changes.find((c) => c.id === 'puntos-cultura:point:150142-colectivo-arte-y-barrio');
    expect(point?.snapshot).toMatchObject({ typeName: 'CulturePoint', territoryId: 'PE:150142' });
    const recognition = page.changes.find(
      (c) => c.entity === 'action' && c.id.startsWith('puntos-cultura:recognition:150142-colectivo-arte-y-barrio'),
    );
    expect(recognition?.snapshot).toMatchObject({ typeName: 'Recognition', actorIds: expect.arrayContaining([point?.id]) });
    expect(page.changes.find((c) => c.id === 'puntos-cultura:actor:ministry-of-culture')?.snapshot).toMatchObject({
      typeName: 'PuntosCulturaActor',
    });
  });

  it('will not recognise an application that fails the law’s rules, and records a denial with its reasons', async () => {
    const app = await submit({ organisationName: 'Solo Artist', members: 1 });
    const before = await snapshot(stack.puntos);
    const refused = await client().error(
      'BAD_USER_INPUT',
      DECIDE,
      { input: { applicationId: app.id, decision: 'RECOGNISE', resolutionNumber: 'RD 900-2025', resolutionDate: '2025-04-01' } },
      { token: WRITE, field: 'input.decision' },
    );
    expect(refused.errors?.[0].extensions?.unmetRules).toEqual(['MINIMUM_MEMBERS']);
    expect(await snapshot(stack.puntos)).toEqual(before);

    await client().error(
      'BAD_USER_INPUT',
      DECIDE,
      { input: { applicationId: app.id, decision: 'DENY', resolutionNumber: 'RD 900-2025', resolutionDate: '2025-04-01' } },
      { token: WRITE, field: 'input.reasons' },
    );
    const denied = await decide({
      applicationId: app.id,
      decision: 'DENY',
      resolutionNumber: 'RD 900-2025',
      resolutionDate: '2025-04-01',
      reasons: ['The organisation has a single member.'],
    });
    expect(denied).toMatchObject({
      status: 'DENIED',
      culturePoint: null,
      resolution: { kind: 'DENIAL', reasons: ['The organisation has a single member.'] },
    });
  });

  it('refuses a resolution number already used, a second decision and impossible resolution dates, writing nothing', async () => {
    const first = await submit({ organisationName: 'Banda Comunal Primera' });
    const second = await submit({ organisationName: 'Banda Comunal Segunda' });
    await decide({ applicationId: first.id, decision: 'RECOGNISE', resolutionNumber: 'RD 555-2025-DGIA', resolutionDate: '2025-05-01' });
    const before = await snapshot(stack.puntos);

    // Same number written differently.
    await client().error(
      'CONFLICT',
      DECIDE,
      {
        input: {
          applicationId: second.id,
          decision: 'RECOGNISE',
          resolutionNumber: 'R.D. 555 - 2025 - DGIA',
          resolutionDate: '2025-05-02',
        },
      },
      { token: WRITE, field: 'input.resolutionNumber' },
    );
    await client().error(
      'CONFLICT',
      DECIDE,
      {
        input: { applicationId: first.id, decision: 'DENY', resolutionNumber: 'RD 556-2025', resolutionDate: '2025-05-02', reasons: ['x'] },
      },
      { token: WRITE, field: 'input.applicationId' },
    );
    await client().error(
      'BAD_USER_INPUT',
      DECIDE,
      { input: { applicationId: second.id, decision: 'RECOGNISE', resolutionNumber: 'RD 557-2025', resolutionDate: '2025-02-30' } },
      { token: WRITE, field: 'input.resolutionDate' },
    );
    await client().error(
      'BAD_USER_INPUT',
      DECIDE,
      { input: { applicationId: second.id, decision: 'RECOGNISE', resolutionNumber: 'RD 557-2025', resolutionDate: '2025-02-01' } },
      { token: WRITE, field: 'input.resolutionDate' },
    );
    await client().error(
      'NOT_FOUND',
      DECIDE,
      {
        input: {
          applicationId: 'puntos-cultura:application:999999',
          decision: 'RECOGNISE',
          resolutionNumber: 'RD 558-2025',
          resolutionDate: '2025-05-02',
        },
      },
      { token: WRITE, field: 'input.applicationId' },
    );
    expect(await snapshot(stack.puntos)).toEqual(before);
  });
});

describe('validating applications', () => {
  const cases: [string, Record<string, unknown>, string, string][] = [
    ['an impossible date', { continuousWorkSince: '2019-02-30' }, 'BAD_USER_INPUT', 'input.continuousWorkSince'],
    ['work beginning after the submission', { continuousWorkSince: '2025-03-02' }, 'BAD_USER_INPUT', 'input.continuousWorkSince'],
    ['a submission in the future', { submittedOn: '2999-01-01' }, 'BAD_USER_INPUT', 'input.submittedOn'],
    ['a district the gazetteer does not have', { districtId: 'PE:159999' }, 'BAD_USER_INPUT', 'input.districtId'],
    ['a territory that is not a district', { districtId: 'PE:15' }, 'BAD_USER_INPUT', 'input.districtId'],
    ['zero members', { members: 0 }, 'BAD_USER_INPUT', 'input.members'],
    ['a RUC of the wrong length', { taxId: '2012345678' }, 'BAD_USER_INPUT', 'input.taxId'],
    ['no evidence', { evidence: [] }, 'BAD_USER_INPUT', 'input.evidence'],
    [
      'evidence with a bad link',
      { evidence: [{ kind: 'VIDEO', description: 'Video', url: 'ftp://x' }] },
      'BAD_USER_INPUT',
      'input.evidence[0].url',
    ],
    ['an email that is not one', { contact: { name: 'Ana', email: 'ana-at-example' } }, 'BAD_USER_INPUT', 'input.contact.email'],
    ['an empty name', { organisationName: '   ' }, 'BAD_USER_INPUT', 'input.organisationName'],
  ];

  it.each(cases)('refuses %s, naming the field, and writes nothing', async (_what, overrides, code, field) => {
    const before = await snapshot(stack.puntos);
    await client().error(
      code,
      SUBMIT,
      { input: applicationInput({ organisationName: 'Validation Case', ...overrides }) },
      { token: WRITE, field },
    );
    expect(await snapshot(stack.puntos)).toEqual(before);
  });

  it('refuses a second application while one is under review, and one from a recognised point (CONFLICT)', async () => {
    await submit({ organisationName: 'Grupo Duplicado', taxId: '20123456789' });
    const before = await snapshot(stack.puntos);
    await client().error(
      'CONFLICT',
      SUBMIT,
      { input: applicationInput({ organisationName: 'GRUPO  DUPLICADO' }) },
      { token: WRITE, field: 'input.organisationName' },
    );
    await client().error(
      'CONFLICT',
      SUBMIT,
      { input: applicationInput({ organisationName: 'Otro Nombre', taxId: '20123456789' }) },
      { token: WRITE, field: 'input.taxId' },
    );
    // 'Colectivo Arte y Barrio' was recognised above.
    await client().error(
      'CONFLICT',
      SUBMIT,
      { input: applicationInput({ organisationName: 'Colectivo Arte y Barrio' }) },
      { token: WRITE, field: 'input.organisationName' },
    );
    expect(await snapshot(stack.puntos)).toEqual(before);
  });
});

describe('lapse, revocation and renewal', () => {
  it('keeps the history when a recognition lapses, and renews the same entry on a new application', async () => {
    const app = await submit({
      organisationName: 'Asociación Memoria Viva',
      organisationForm: 'ASSOCIATION',
      districtId: 'PE:080101',
      submittedOn: '2024-01-10',
    });
    const { culturePoint } = await decide({
      applicationId: app.id,
      decision: 'RECOGNISE',
      resolutionNumber: 'RD 010-2024',
      resolutionDate: '2024-02-01',
    });
    const LAPSE = `mutation($input: EndCulturePointRecognitionInput!) { lapseCulturePointRecognition(input: $input) { id status recognitionHistory { status date reason } } }`;

    await client().error(
      'BAD_USER_INPUT',
      LAPSE,
      { input: { culturePointId: culturePoint.id, date: '2024-01-01', reason: 'Not renewed' } },
      { token: WRITE, field: 'input.date' },
    );
    const lapsed = (
      await client().data(
        LAPSE,
        { input: { culturePointId: culturePoint.id, date: '2025-02-01', reason: 'Not renewed' } },
        { token: WRITE },
      )
    ).lapseCulturePointRecognition;
    expect(lapsed.status).toBe('LAPSED');
    expect(lapsed.recognitionHistory.map((h: { status: string }) => h.status)).toEqual(['RECOGNISED', 'LAPSED']);
    await client().error(
      'CONFLICT',
      LAPSE,
      { input: { culturePointId: culturePoint.id, date: '2025-02-02', reason: 'Again' } },
      { token: WRITE, field: 'input.culturePointId' },
    );

    const [cusco] = await territoryCounts(['PE:08']);
    expect(cusco.puntosCultura.byStatus).toEqual(expect.arrayContaining([{ status: 'LAPSED', count: 1 }]));

    const renewal = await submit({
      organisationName: 'Asociación Memoria Viva',
      organisationForm: 'ASSOCIATION',
      districtId: 'PE:080101',
      submittedOn: '2025-03-01',
    });
    const renewed = await decide({
      applicationId: renewal.id,
      decision: 'RECOGNISE',
      resolutionNumber: 'RD 020-2025',
      resolutionDate: '2025-03-20',
    });
    expect(renewed.culturePoint.id).toBe(culturePoint.id);
    expect(renewed.culturePoint.status).toBe('RECOGNISED');
    expect(renewed.culturePoint.recognitionHistory.map((h: { status: string }) => h.status)).toEqual([
      'RECOGNISED',
      'LAPSED',
      'RECOGNISED',
    ]);
    expect(renewed.culturePoint.recognition.resolutionNumber).toBe('RD 020-2025');
  });

  it('revokes a recognition only by a resolution, and keeps the point in the registry as REVOKED', async () => {
    const app = await submit({ organisationName: 'Colectivo Revocado', districtId: 'PE:070101' });
    const { culturePoint } = await decide({
      applicationId: app.id,
      decision: 'RECOGNISE',
      resolutionNumber: 'RD 030-2025',
      resolutionDate: '2025-03-05',
    });
    const REVOKE = `mutation($input: EndCulturePointRecognitionInput!) { revokeCulturePointRecognition(input: $input) { status recognitionHistory { status resolutionNumber reason } } }`;
    await client().error(
      'BAD_USER_INPUT',
      REVOKE,
      { input: { culturePointId: culturePoint.id, date: '2025-06-01', reason: 'Ceased activities' } },
      { token: WRITE, field: 'input.resolutionNumber' },
    );
    await client().error(
      'CONFLICT',
      REVOKE,
      { input: { culturePointId: culturePoint.id, date: '2025-06-01', reason: 'Ceased', resolutionNumber: 'rd 030 2025' } },
      { token: WRITE, field: 'input.resolutionNumber' },
    );
    const revoked = (
      await client().data(
        REVOKE,
        { input: { culturePointId: culturePoint.id, date: '2025-06-01', reason: 'Ceased activities', resolutionNumber: 'RD 031-2025' } },
        { token: WRITE },
      )
    ).revokeCulturePointRecognition;
    expect(revoked.status).toBe('REVOKED');
    expect(revoked.recognitionHistory[1]).toEqual({ status: 'REVOKED', resolutionNumber: 'RD 031-2025', reason: 'Ceased activities' });
    const data = await client().data(`{ puntosCultura { points(filter: { statuses: [REVOKED] }) { nodes { name } } } }`);
    expect(data.puntosCultura.points.nodes).toEqual([{ name: 'Colectivo Revocado' }]);
  });
});

describe('access', () => {
  it('refuses every write without a token and with another program’s scope, writing nothing', async () => {
    const before = await snapshot(stack.puntos);
    const input = applicationInput({ organisationName: 'Sin Permiso' });
    const anonymous = await client().error('UNAUTHENTICATED', SUBMIT, { input });
    expect(anonymous.data ?? null).toBeNull();
    await client().error('FORBIDDEN', SUBMIT, { input }, { token: OTHER_PROGRAM });
    await client().error('FORBIDDEN', SUBMIT, { input }, { token: PII });
    await client().error(
      'FORBIDDEN',
      `mutation($input: ImportCulturePointRegistryInput!) { importCulturePointRegistry(input: $input) { imported } }`,
      { input: { csv: 'nombre,ubigeo\nX,150101\n' } },
      { token: OTHER_PROGRAM },
    );
    await client().error(
      'UNAUTHENTICATED',
      `mutation { lapseCulturePointRecognition(input: { culturePointId: "x", date: "2025-01-01", reason: "r" }) { id } }`,
    );
    expect(await snapshot(stack.puntos)).toEqual(before);
  });

  it('shows the applicant’s contact only with pii:read', async () => {
    const app = await submit({ organisationName: 'Contacto Privado' });
    const query = `query($id: ID!) { puntosCultura { application(id: $id) { organisationName contact { name email phone } } } }`;

    const anonymous = await client().request<{ puntosCultura: { application: { organisationName: string; contact: unknown } } }>(query, {
      id: app.id,
    });
    expect(anonymous.data?.puntosCultura.application).toEqual({ organisationName: 'Contacto Privado', contact: null });
    expect(anonymous.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);

    const writer = await client().request<{ puntosCultura: { application: { contact: unknown } } }>(
      query,
      { id: app.id },
      { token: WRITE },
    );
    expect(writer.data?.puntosCultura.application.contact).toBeNull();
    expect(writer.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);

    const reader = await client().data(query, { id: app.id }, { token: PII });
    expect(reader.puntosCultura.application.contact).toEqual({ name: 'Rosa Quispe', email: 'rosa@example.org', phone: '+51 999 111 222' });

    // The write's own answer carries no personal data unless the caller may read it.
    const mutation = `mutation($input: SubmitCulturePointApplicationInput!) { submitCulturePointApplication(input: $input) { id contact { name } } }`;
    const hidden = await client().request<{ submitCulturePointApplication: { id: string; contact: unknown } }>(
      mutation,
      { input: applicationInput({ organisationName: 'Contacto Dos' }) },
      { token: WRITE },
    );
    expect(hidden.data?.submitCulturePointApplication.contact).toBeNull();
    const shown = await client().data(
      mutation,
      { input: applicationInput({ organisationName: 'Contacto Tres' }) },
      { token: WRITE_AND_PII },
    );
    expect(shown.submitCulturePointApplication.contact).toEqual({ name: 'Rosa Quispe' });
  });

  it('accepts a token of this program’s editors signed for another subject', async () => {
    const token = signToken({ scopes: ['puntos-cultura:write'], subject: 'reviewer-2' });
    const data = await client().data(SUBMIT, { input: applicationInput({ organisationName: 'Otro Revisor' }) }, { token });
    expect(data.submitCulturePointApplication.status).toBe('UNDER_REVIEW');
    const [row] = await stack.puntos.dataSource.query(`SELECT source FROM application WHERE id = $1`, [
      data.submitCulturePointApplication.id,
    ]);
    expect(row.source).toBe('api:reviewer-2');
  });
});

describe('actions of culture points', () => {
  let pointId: string;
  let otherId: string;

  beforeAll(async () => {
    const a = await submit({
      organisationName: 'Cine Club Comunitario',
      districtId: 'PE:040101',
      domains: ['AUDIOVISUAL_AND_INTERACTIVE_MEDIA'],
    });
    pointId = (await decide({ applicationId: a.id, decision: 'RECOGNISE', resolutionNumber: 'RD 200-2025', resolutionDate: '2025-03-10' }))
      .culturePoint.id;
    const b = await submit({ organisationName: 'Murales del Sur', districtId: 'PE:040102', domains: ['VISUAL_ARTS_AND_CRAFTS'] });
    otherId = (await decide({ applicationId: b.id, decision: 'RECOGNISE', resolutionNumber: 'RD 201-2025', resolutionDate: '2025-03-10' }))
      .culturePoint.id;
  });

  const AWARD = `mutation($input: RecordCulturePointFundingAwardInput!) {
    recordCulturePointFundingAward(input: $input) { id kind competition amount currency line { code } culturePoint { id } figures { metric value qualifier currency } participants { role actor { id } } }
  }`;

  it('records a funding award with its amount and currency, once', async () => {
    const input = {
      culturePointId: pointId,
      competition: 'Concurso de Puntos de Cultura',
      amount: 15000,
      currency: 'pen',
      year: 2024,
      awardedOn: '2024-11-20',
    };
    const award = (await client().data(AWARD, { input }, { token: WRITE })).recordCulturePointFundingAward;
    expect(award).toMatchObject({
      kind: 'FUNDING_AWARD',
      competition: 'Concurso de Puntos de Cultura',
      amount: 15000,
      currency: 'PEN',
      line: { code: 'STRENGTHENING' },
      culturePoint: { id: pointId },
      figures: [{ metric: 'FUNDING', value: 15000, qualifier: 'EXACT', currency: 'PEN' }],
    });
    expect(award.participants).toEqual(
      expect.arrayContaining([
        { role: 'FUNDER', actor: { id: 'puntos-cultura:actor:ministry-of-culture' } },
        { role: 'BENEFICIARY', actor: { id: pointId } },
      ]),
    );
    const before = await snapshot(stack.puntos);
    await client().error('CONFLICT', AWARD, { input }, { token: WRITE, field: 'input.competition' });
    await client().error(
      'BAD_USER_INPUT',
      AWARD,
      { input: { ...input, competition: 'Otro', awardedOn: '2023-01-01' } },
      { token: WRITE, field: 'input.awardedOn' },
    );
    await client().error(
      'BAD_USER_INPUT',
      AWARD,
      { input: { ...input, competition: 'Otro', currency: 'soles' } },
      { token: WRITE, field: 'input.currency' },
    );
    await client().error(
      'BAD_USER_INPUT',
      AWARD,
      { input: { ...input, competition: 'Otro', amount: 0 } },
      { token: WRITE, field: 'input.amount' },
    );
    expect(await snapshot(stack.puntos)).toEqual(before);
  });

  it('records a training the ministry organises for several points, and their own activity', async () => {
    const ACTIVITY = `mutation($input: RecordCulturePointActivityInput!) {
      recordCulturePointActivity(input: $input) { id kind status line { code } territories { id } period { start end year } culturePoints { id } participants { role actor { id } } figures { metric value qualifier } }
    }`;
    const training = (
      await client().data(
        ACTIVITY,
        {
          input: {
            kind: 'TRAINING',
            title: 'Taller de gestión cultural comunitaria',
            culturePointIds: [pointId, otherId],
            period: { start: '2025-05-10', end: '2025-05-11' },
            figures: [{ metric: 'PARTICIPANTS', value: 30, qualifier: 'MORE_THAN', unit: 'people', sourceText: 'más de 30' }],
          },
        },
        { token: WRITE },
      )
    ).recordCulturePointActivity;
    expect(training).toMatchObject({
      kind: 'TRAINING',
      status: 'COMPLETED',
      line: { code: 'STRENGTHENING' },
      territories: [{ id: 'PE:040101' }, { id: 'PE:040102' }],
      figures: [{ metric: 'PARTICIPANTS', value: 30, qualifier: 'MORE_THAN' }],
    });
    expect(training.culturePoints.map((p: { id: string }) => p.id).sort()).toEqual([pointId, otherId].sort());
    expect(training.participants).toEqual(
      expect.arrayContaining([{ role: 'ORGANISER', actor: { id: 'puntos-cultura:actor:ministry-of-culture' } }]),
    );

    const own = (
      await client().data(
        ACTIVITY,
        {
          input: {
            kind: 'COMMUNITY_ACTIVITY',
            title: 'Cine en la plaza',
            culturePointIds: [pointId],
            period: { start: '2025-01-18' },
            domains: ['AUDIOVISUAL_AND_INTERACTIVE_MEDIA'],
          },
        },
        { token: WRITE },
      )
    ).recordCulturePointActivity;
    expect(own.participants).toEqual([{ role: 'ORGANISER', actor: { id: pointId } }]);

    const before = await snapshot(stack.puntos);
    await client().error(
      'BAD_USER_INPUT',
      ACTIVITY,
      { input: { kind: 'WORKSHOP', title: 'X', culturePointIds: ['puntos-cultura:point:nope'], period: { start: '2025-01-01' } } },
      { token: WRITE, field: 'input.culturePointIds[0]' },
    );
    await client().error(
      'BAD_USER_INPUT',
      ACTIVITY,
      { input: { kind: 'WORKSHOP', title: 'X', culturePointIds: [pointId], period: { start: '2025-03-10', end: '2025-03-01' } } },
      { token: WRITE, field: 'input.period.start' },
    );
    await client().error(
      'BAD_USER_INPUT',
      ACTIVITY,
      { input: { kind: 'WORKSHOP', title: 'X', culturePointIds: [pointId], period: { start: '2999-01-01' } } },
      { token: WRITE, field: 'input.period.start' },
    );
    await client().error(
      'BAD_USER_INPUT',
      ACTIVITY,
      { input: { kind: 'WORKSHOP', title: 'X', culturePointIds: [pointId], period: { start: '2025-01-01' }, territoryIds: ['PE:049999'] } },
      { token: WRITE, field: 'input.territoryIds' },
    );
    await client().error(
      'CONFLICT',
      ACTIVITY,
      { input: { kind: 'COMMUNITY_ACTIVITY', title: 'Cine en la plaza', culturePointIds: [pointId], period: { start: '2025-01-18' } } },
      { token: WRITE, field: 'input.title' },
    );
    expect(await snapshot(stack.puntos)).toEqual(before);
  });

  it('records a network meeting with its agreements, and lists the point’s actions newest first page by page', async () => {
    const meeting = (
      await client().data(
        `mutation($input: RecordCultureNetworkMeetingInput!) { recordCultureNetworkMeeting(input: $input) { id kind status scope agreements line { code } culturePoints { id } } }`,
        {
          input: {
            title: 'Encuentro regional de Puntos de Cultura de Arequipa',
            scope: 'REGIONAL',
            period: { start: '2025-06-20' },
            territoryIds: ['PE:040101'],
            culturePointIds: [pointId, otherId],
            agreements: ['Create a regional coordination committee'],
          },
        },
        { token: WRITE },
      )
    ).recordCultureNetworkMeeting;
    expect(meeting).toMatchObject({
      kind: 'NETWORK_MEETING',
      status: 'COMPLETED',
      scope: 'REGIONAL',
      line: { code: 'NETWORK' },
      agreements: ['Create a regional coordination committee'],
    });

    const page = `query($id: ID!, $after: String) { puntosCultura { point(id: $id) { actions(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { __typename period { start } } } } } }`;
    const first = (await client().data(page, { id: pointId })).puntosCultura.point.actions;
    expect(first.totalCount).toBe(5);
    expect(first.nodes.map((n: { __typename: string }) => n.__typename)).toEqual(['CultureNetworkMeeting', 'CulturePointActivity']);
    const rest: { __typename: string }[] = [];
    let cursor = first.pageInfo.endCursor;
    while (cursor) {
      const next = (await client().data(page, { id: pointId, after: cursor })).puntosCultura.point.actions;
      rest.push(...next.nodes);
      cursor = next.pageInfo.hasNextPage ? next.pageInfo.endCursor : null;
    }
    expect(rest.map((n) => n.__typename)).toEqual(['Recognition', 'CulturePointActivity', 'FundingAward']);
  });

  it('refuses an award to a point whose recognition lapsed', async () => {
    await client().data(
      `mutation($input: EndCulturePointRecognitionInput!) { lapseCulturePointRecognition(input: $input) { id } }`,
      { input: { culturePointId: otherId, date: daysAgo(1), reason: 'Not renewed' } },
      { token: WRITE },
    );
    await client().error(
      'BAD_USER_INPUT',
      AWARD,
      { input: { culturePointId: otherId, competition: 'Concurso 2025', amount: 1000, currency: 'PEN', year: 2025 } },
      { token: WRITE, field: 'input.culturePointId' },
    );
    expect(await count(stack.puntos, 'action', `kind = 'FUNDING_AWARD' AND details ->> 'culturePointId' = '${otherId}'`)).toBe(0);
  });
});
