import { DECIDE, SUBMIT, WRITE, applicationInput, snapshot, startStack, type Stack } from './helpers';

/**
 * Every refusal of a decision, a lapse or a revocation says what is wrong in words a reviewer can act on,
 * names the field at fault, and writes nothing. Messages are written out here by hand.
 */
let stack: Stack;
const client = () => stack.puntos.client;

const LAPSE = `mutation($input: EndCulturePointRecognitionInput!) { lapseCulturePointRecognition(input: $input) { id status } }`;
const REVOKE = `mutation($input: EndCulturePointRecognitionInput!) { revokeCulturePointRecognition(input: $input) { id status } }`;

let recognised: { applicationId: string; pointId: string; name: string };
let pending: string;
let ineligible: string;

async function submit(name: string, overrides: Record<string, unknown> = {}): Promise<string> {
  const input = applicationInput({ organisationName: name, submittedOn: '2025-03-01', ...overrides });
  return (await client().data(SUBMIT, { input }, { token: WRITE })).submitCulturePointApplication.id;
}

beforeAll(async () => {
  stack = await startStack({ districts: true });
  const applicationId = await submit('Colectivo Mensajes');
  const decided = await client().data(
    DECIDE,
    { input: { applicationId, decision: 'RECOGNISE', resolutionNumber: 'RD 500-2025', resolutionDate: '2025-03-10' } },
    { token: WRITE },
  );
  recognised = { applicationId, pointId: decided.decideCulturePointApplication.culturePoint.id, name: 'Colectivo Mensajes' };
  pending = await submit('Colectivo Pendiente');
  ineligible = await submit('Colectivo Reciente', { continuousWorkSince: '2024-12-01' });
});
afterAll(async () => {
  await stack?.stop();
});

/** Sends a write and returns its refusal as code, field and message, checking that nothing was written. */
async function refusal(query: string, input: Record<string, unknown>) {
  const before = await snapshot(stack.puntos);
  const res = await client().request(query, { input }, { token: WRITE });
  expect(await snapshot(stack.puntos)).toEqual(before);
  const err = res.errors?.[0];
  return { code: err?.extensions?.code, field: err?.extensions?.field, message: err?.message };
}

const decide = (input: Record<string, unknown>) => ({
  decision: 'RECOGNISE',
  resolutionNumber: 'RD 501-2025',
  resolutionDate: '2025-03-12',
  ...input,
});

describe('refusals of a decision', () => {
  it('names an unknown application', async () => {
    expect(await refusal(DECIDE, decide({ applicationId: 'puntos-cultura:application:999999' }))).toEqual({
      code: 'NOT_FOUND',
      field: 'input.applicationId',
      message: 'No application puntos-cultura:application:999999',
    });
  });

  it('refuses a resolution number without letters or digits', async () => {
    expect(await refusal(DECIDE, decide({ applicationId: pending, resolutionNumber: '—-/' }))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'input.resolutionNumber',
      message: 'input.resolutionNumber must contain letters or digits',
    });
  });

  it('refuses a resolution dated before the application', async () => {
    expect(await refusal(DECIDE, decide({ applicationId: pending, resolutionDate: '2025-02-01' }))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'input.resolutionDate',
      message: 'input.resolutionDate (2025-02-01) is before the application was submitted (2025-03-01)',
    });
  });

  it('refuses a denial without reasons, and names an empty reason by its position', async () => {
    expect(await refusal(DECIDE, decide({ applicationId: pending, decision: 'DENY' }))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'input.reasons',
      message: 'A denial must give its reasons',
    });
    expect(await refusal(DECIDE, decide({ applicationId: pending, decision: 'DENY', reasons: ['Incomplete file', '   '] }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.reasons[1]',
    });
  });

  it('refuses to recognise an application that does not meet the law, saying which rules it misses', async () => {
    const res = await client().request(DECIDE, { input: decide({ applicationId: ineligible }) }, { token: WRITE });
    const err = res.errors?.[0];
    expect(err?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.decision', unmetRules: [expect.any(String)] });
    expect(err?.message).toMatch(/^The application does not meet the law's rules, so it cannot be recognised: \S/);
  });

  it('refuses a second decision, saying what the first was', async () => {
    expect(await refusal(DECIDE, decide({ applicationId: recognised.applicationId }))).toEqual({
      code: 'CONFLICT',
      field: 'input.applicationId',
      message: `Application ${recognised.applicationId} was already decided (RECOGNISED, resolution RD 500-2025)`,
    });
  });

  it('refuses a resolution number already used, saying by what', async () => {
    expect(await refusal(DECIDE, decide({ applicationId: pending, resolutionNumber: 'rd-500/2025' }))).toEqual({
      code: 'CONFLICT',
      field: 'input.resolutionNumber',
      message: 'Resolution rd-500/2025 is already recorded (recognition)',
    });
  });

  it('makes a recognised point a member of the network unless told otherwise', async () => {
    const data = await client().data(`query($id: ID!) { puntosCultura { point(id: $id) { networkMember } } }`, { id: recognised.pointId });
    expect(data.puntosCultura.point.networkMember).toBe(true);
  });
});

describe('refusals of a lapse or a revocation', () => {
  const end = (input: Record<string, unknown>) => ({
    culturePointId: recognised.pointId,
    date: '2025-05-01',
    reason: 'Ceased activities',
    ...input,
  });

  it('names an unknown culture point', async () => {
    expect(await refusal(LAPSE, end({ culturePointId: 'puntos-cultura:point:nowhere' }))).toEqual({
      code: 'NOT_FOUND',
      field: 'input.culturePointId',
      message: 'No culture point puntos-cultura:point:nowhere',
    });
  });

  it('asks a revocation for its resolution number', async () => {
    expect(await refusal(REVOKE, end({}))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'input.resolutionNumber',
      message: 'A revocation is made by a resolution: give its number',
    });
  });

  it('refuses a date before the last change of status, saying which', async () => {
    expect(await refusal(LAPSE, end({ date: '2025-03-09' }))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'input.date',
      message: "input.date (2025-03-09) is before the point's last change of status (RECOGNISED on 2025-03-10)",
    });
  });

  it('refuses to end a recognition no longer in force, in words that fit the act', async () => {
    const lapsed = await client().request(LAPSE, { input: end({}) }, { token: WRITE });
    expect(lapsed.errors).toBeUndefined();
    expect(await refusal(LAPSE, end({ date: '2025-06-01' }))).toEqual({
      code: 'CONFLICT',
      field: 'input.culturePointId',
      message: `${recognised.name} is not recognised (it is LAPSED); only a recognition in force can lapse`,
    });
    expect(await refusal(REVOKE, end({ date: '2025-06-01', resolutionNumber: 'RV 900-2025' }))).toEqual({
      code: 'CONFLICT',
      field: 'input.culturePointId',
      message: `${recognised.name} is not recognised (it is LAPSED); only a recognition in force can be revoked`,
    });
  });
});
