import { DECIDE, SUBMIT, WRITE, applicationInput, snapshot, startStack, type Stack } from './helpers';

/**
 * A culture point's recognition moves RECOGNISED → LAPSED or REVOKED, and back to RECOGNISED only through a
 * new application. Every other move is refused with nothing written, and two editors acting on one point
 * or one application at the same moment get one success and one CONFLICT, never two.
 */
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ districts: true });
});
afterAll(async () => {
  await stack?.stop();
});

const client = () => stack.puntos.client;
const LAPSE = `mutation($input: EndCulturePointRecognitionInput!) { lapseCulturePointRecognition(input: $input) { id status recognitionHistory { status date } } }`;
const REVOKE = `mutation($input: EndCulturePointRecognitionInput!) { revokeCulturePointRecognition(input: $input) { id status recognitionHistory { status date } } }`;

let serial = 0;
/** A fresh application, recognised on `date` unless `recognise` is false. */
async function recognisedPoint(date = '2025-03-10'): Promise<{ applicationId: string; pointId: string }> {
  const n = ++serial;
  const app = (
    await client().data(
      SUBMIT,
      { input: applicationInput({ organisationName: `Colectivo Ciclo ${n}`, submittedOn: '2025-03-01' }) },
      { token: WRITE },
    )
  ).submitCulturePointApplication;
  const decided = (
    await client().data(
      DECIDE,
      { input: { applicationId: app.id, decision: 'RECOGNISE', resolutionNumber: `RD ${100 + n}-2025`, resolutionDate: date } },
      { token: WRITE },
    )
  ).decideCulturePointApplication;
  return { applicationId: app.id, pointId: decided.culturePoint.id };
}

const lapse = (pointId: string, date: string) => ({
  query: LAPSE,
  variables: { input: { culturePointId: pointId, date, reason: 'Not renewed' } },
});
const revoke = (pointId: string, date: string, number: string) => ({
  query: REVOKE,
  variables: { input: { culturePointId: pointId, date, reason: 'Ceased activities', resolutionNumber: number } },
});

async function history(pointId: string): Promise<string[]> {
  const data = await client().data(`query($id: ID!) { puntosCultura { point(id: $id) { status recognitionHistory { status } } } }`, {
    id: pointId,
  });
  return data.puntosCultura.point.recognitionHistory.map((h: { status: string }) => h.status);
}

/** Sends a write and says how it ended: OK or the error code with the offending field. */
async function outcome(call: { query: string; variables: Record<string, unknown> }): Promise<string> {
  const res = await client().request(call.query, call.variables, { token: WRITE });
  const err = res.errors?.[0];
  return err ? `${err.extensions?.code} ${err.extensions?.field ?? ''}`.trim() : 'OK';
}

describe('moves a recognition may not make', () => {
  it.each([
    [
      'lapse a lapsed point',
      (p: string) => [lapse(p, '2025-06-01'), lapse(p, '2025-07-01')],
      'CONFLICT input.culturePointId',
      ['RECOGNISED', 'LAPSED'],
    ],
    [
      'revoke a revoked point',
      (p: string) => [revoke(p, '2025-06-01', `RV 1-${p}`), revoke(p, '2025-07-01', `RV 2-${p}`)],
      'CONFLICT input.culturePointId',
      ['RECOGNISED', 'REVOKED'],
    ],
    [
      'lapse a revoked point',
      (p: string) => [revoke(p, '2025-06-01', `RV 3-${p}`), lapse(p, '2025-07-01')],
      'CONFLICT input.culturePointId',
      ['RECOGNISED', 'REVOKED'],
    ],
    [
      'revoke a lapsed point',
      (p: string) => [lapse(p, '2025-06-01'), revoke(p, '2025-07-01', `RV 4-${p}`)],
      'CONFLICT input.culturePointId',
      ['RECOGNISED', 'LAPSED'],
    ],
    ['lapse before the recognition', (p: string) => [lapse(p, '2025-03-09')], 'BAD_USER_INPUT input.date', ['RECOGNISED']],
    ['revoke before the recognition', (p: string) => [revoke(p, '2025-03-09', `RV 5-${p}`)], 'BAD_USER_INPUT input.date', ['RECOGNISED']],
    ['lapse in the future', (p: string) => [lapse(p, '2999-01-01')], 'BAD_USER_INPUT input.date', ['RECOGNISED']],
    ['revoke in the future', (p: string) => [revoke(p, '2999-01-01', `RV 6-${p}`)], 'BAD_USER_INPUT input.date', ['RECOGNISED']],
    ['lapse on an impossible date', (p: string) => [lapse(p, '2025-02-30')], 'BAD_USER_INPUT input.date', ['RECOGNISED']],
  ])('refuses to %s, writing nothing', async (_name, calls, refusal, left) => {
    const { pointId } = await recognisedPoint();
    const steps = calls(pointId);
    for (const step of steps.slice(0, -1)) expect(await outcome(step)).toBe('OK');
    const before = await snapshot(stack.puntos);
    expect(await outcome(steps[steps.length - 1])).toBe(refusal);
    expect(await snapshot(stack.puntos)).toEqual(before);
    expect(await history(pointId)).toEqual(left);
  });

  it('refuses to decide an application twice, either way', async () => {
    const { applicationId } = await recognisedPoint();
    for (const decision of ['RECOGNISE', 'DENY']) {
      const before = await snapshot(stack.puntos);
      const res = await client().request(
        DECIDE,
        {
          input: { applicationId, decision, resolutionNumber: `RD 9${decision.length}-2025`, resolutionDate: '2025-03-11', reasons: ['x'] },
        },
        { token: WRITE },
      );
      expect(res.errors?.[0].extensions?.code).toBe('CONFLICT');
      expect(await snapshot(stack.puntos)).toEqual(before);
    }
  });

  it('renews a revoked point only through a new application, and the history keeps every step in order', async () => {
    const { pointId } = await recognisedPoint('2025-03-10');
    expect(await outcome(revoke(pointId, '2025-05-01', 'RV 7-2025'))).toBe('OK');
    const renewal = (
      await client().data(
        SUBMIT,
        { input: applicationInput({ organisationName: `Colectivo Ciclo ${serial}`, submittedOn: '2025-06-01' }) },
        { token: WRITE },
      )
    ).submitCulturePointApplication;
    const renewed = (
      await client().data(
        DECIDE,
        { input: { applicationId: renewal.id, decision: 'RECOGNISE', resolutionNumber: 'RD 777-2025', resolutionDate: '2025-06-10' } },
        { token: WRITE },
      )
    ).decideCulturePointApplication;
    expect(renewed.culturePoint.id).toBe(pointId);
    expect(await history(pointId)).toEqual(['RECOGNISED', 'REVOKED', 'RECOGNISED']);
    expect(await outcome(lapse(pointId, '2025-06-09'))).toBe('BAD_USER_INPUT input.date');
    expect(await outcome(lapse(pointId, '2025-09-01'))).toBe('OK');
    expect(await history(pointId)).toEqual(['RECOGNISED', 'REVOKED', 'RECOGNISED', 'LAPSED']);
  });
});

describe('two editors at once', () => {
  /** Both calls leave together; the answers, sorted, and what the point's history says afterwards. */
  async function race(a: { query: string; variables: Record<string, unknown> }, b: { query: string; variables: Record<string, unknown> }) {
    return (await Promise.all([outcome(a), outcome(b)])).sort();
  }

  it.each([
    ['lapse and lapse', (p: string) => [lapse(p, '2025-06-01'), lapse(p, '2025-06-02')]],
    ['revoke and revoke', (p: string) => [revoke(p, '2025-06-01', `RX 1-${p}`), revoke(p, '2025-06-02', `RX 2-${p}`)]],
    ['lapse and revoke', (p: string) => [lapse(p, '2025-06-01'), revoke(p, '2025-06-02', `RX 3-${p}`)]],
  ])('%s the same point: one wins, the other gets CONFLICT, and the history has one ending', async (_name, calls) => {
    for (let round = 0; round < 5; round++) {
      const { pointId } = await recognisedPoint();
      const [first, second] = calls(pointId);
      expect(await race(first, second)).toEqual(['CONFLICT input.culturePointId', 'OK']);
      const steps = await history(pointId);
      expect(steps).toHaveLength(2);
      expect(steps[0]).toBe('RECOGNISED');
    }
  });

  it('decide the same application twice: one resolution, one CONFLICT', async () => {
    for (let round = 0; round < 5; round++) {
      const n = ++serial;
      const app = (
        await client().data(SUBMIT, { input: applicationInput({ organisationName: `Colectivo Carrera ${n}` }) }, { token: WRITE })
      ).submitCulturePointApplication;
      const before = await snapshot(stack.puntos);
      const decide = (number: string) => ({
        query: DECIDE,
        variables: { input: { applicationId: app.id, decision: 'RECOGNISE', resolutionNumber: number, resolutionDate: '2025-03-10' } },
      });
      expect(await race(decide(`RC ${n}-A`), decide(`RC ${n}-B`))).toEqual(['CONFLICT input.applicationId', 'OK']);
      const after = await snapshot(stack.puntos);
      expect(after.resolution - before.resolution).toBe(1);
      expect(after.culture_point - before.culture_point).toBe(1);
    }
  });

  it('recognise two applications with one resolution number: one gets it, the other CONFLICT', async () => {
    for (let round = 0; round < 5; round++) {
      const n = ++serial;
      const apps = await Promise.all(
        ['A', 'B'].map(
          async (x) =>
            (await client().data(SUBMIT, { input: applicationInput({ organisationName: `Colectivo Número ${n}${x}` }) }, { token: WRITE }))
              .submitCulturePointApplication,
        ),
      );
      const decide = (applicationId: string) => ({
        query: DECIDE,
        variables: { input: { applicationId, decision: 'RECOGNISE', resolutionNumber: `RN ${n}-2025`, resolutionDate: '2025-03-10' } },
      });
      const results = await race(decide(apps[0].id), decide(apps[1].id));
      expect(results).toEqual(['CONFLICT input.resolutionNumber', 'OK']);
    }
  });
});
