import { DEV_PUBLIC_KEY_FILE } from '@cultura/auth';
import { captureLogs, startTestService, type CapturedLogs, type LogLine, type TestService } from '@cultura/testkit';
import { notesService } from './fixtures/notes-service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PG_MESSAGE = 'relation "note_archive" does not exist';

interface Running {
  svc: TestService;
  logs: CapturedLogs;
}

/** A notes service whose note_archive table is dropped under it, so `archivedCount` fails in PostgreSQL. */
async function start(nodeEnv: 'production' | 'development'): Promise<Running> {
  const logs = captureLogs();
  const svc = await startTestService(notesService, {
    env: { NODE_ENV: nodeEnv, LOG_LEVEL: 'info', AUTH_PUBLIC_KEY_FILE: DEV_PUBLIC_KEY_FILE },
    logDestination: logs.destination,
  });
  await svc.dataSource.query('DROP TABLE note_archive');
  return { svc, logs };
}

const errorLines = (logs: CapturedLogs, requestId: string): LogLine[] =>
  logs.lines().filter((l) => l.level === 50 && l.requestId === requestId);

let prod: Running;
let dev: Running;

beforeAll(async () => {
  [prod, dev] = await Promise.all([start('production'), start('development')]);
});
afterAll(async () => {
  await prod?.svc.stop();
  await dev?.svc.stop();
});

describe('in production, unexpected errors reach the client as INTERNAL_SERVER_ERROR with a request id', () => {
  it('hides a PostgreSQL error from the client and logs it, with its stack, under the same request id', async () => {
    const res = await prod.svc.client.request('{ archivedCount }');
    const requestId = res.headers.get('x-request-id');
    expect(requestId).toMatch(UUID);
    expect(res.errors).toEqual([
      {
        message: 'Internal server error',
        locations: [{ line: 1, column: 3 }],
        path: ['archivedCount'],
        extensions: { code: 'INTERNAL_SERVER_ERROR', requestId },
      },
    ]);
    expect(JSON.stringify(res)).not.toMatch(/note_archive|relation|stacktrace|at /);

    const [line] = errorLines(prod.logs, requestId as string);
    expect(line).toMatchObject({ msg: 'unexpected error', service: 'notes', path: ['archivedCount'] });
    expect(line.err.message).toBe(PG_MESSAGE);
    expect(line.err.code).toBe('42P01');
    expect(line.err.stack).toContain(PG_MESSAGE);
  });

  it('hides a programming error (a TypeError) the same way', async () => {
    const res = await prod.svc.client.request('{ broken }');
    const requestId = res.headers.get('x-request-id') as string;
    expect(res.errors?.[0]).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } });
    expect(JSON.stringify(res)).not.toMatch(/TypeError|undefined/);
    expect(errorLines(prod.logs, requestId)[0].err).toMatchObject({ type: 'TypeError', message: expect.stringContaining("reading 'id'") });
  });

  it('hides a plain Error even when it carries a client-facing code, as a library error might', async () => {
    const res = await prod.svc.client.request('{ leaky }');
    expect(res.errors?.[0]).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(JSON.stringify(res)).not.toContain('10.0.0.5');
  });

  it('keeps a sane x-request-id from the caller (the gateway) and replaces one that is not', async () => {
    const sane = 'gw-7f3a9c.2:1';
    const res = await prod.svc.client.request(
      '{ archivedCount }',
      {},
      { headers: { 'x-request-id': sane, origin: 'http://localhost:5173' } },
    );
    expect(res.headers.get('x-request-id')).toBe(sane);
    // Readable by a dashboard's scripts in the browser.
    expect(res.headers.get('access-control-expose-headers')).toBe('x-request-id');
    expect(res.errors?.[0].extensions?.requestId).toBe(sane);
    expect(errorLines(prod.logs, sane)).toHaveLength(1);
    expect(prod.logs.lines().find((l) => l.msg === 'graphql request' && l.requestId === sane)).toMatchObject({
      errors: ['INTERNAL_SERVER_ERROR'],
    });

    for (const bad of ['x'.repeat(129), 'two words', 'a"quote', '-leading-dash']) {
      const replaced = await prod.svc.client.request('{ archivedCount }', {}, { headers: { 'x-request-id': bad } });
      expect(replaced.headers.get('x-request-id')).toMatch(UUID);
      expect(replaced.errors?.[0].extensions?.requestId).toBe(replaced.headers.get('x-request-id'));
    }
  });

  it('puts the request id on the lines resolvers log through ctx.log', async () => {
    const res = await prod.svc.client.request('{ notes(search: "plan") { id } }', {}, { headers: { 'x-request-id': 'resolver-log-1' } });
    expect(res.errors).toBeUndefined();
    expect(prod.logs.lines().find((l) => l.msg === 'notes searched')).toMatchObject({ requestId: 'resolver-log-1', search: 'plan' });
  });

  it('leaves deliberate client errors as they are: messages, codes and fields', async () => {
    const refused = await prod.svc.client.error('BAD_USER_INPUT', '{ refuse(reason: "not today") }', {}, { field: 'reason' });
    expect(refused.errors?.[0]).toMatchObject({ message: 'refused: not today', extensions: { code: 'BAD_USER_INPUT', field: 'reason' } });
    expect(refused.errors?.[0].extensions).not.toHaveProperty('requestId');

    const invalid = await prod.svc.client.error('GRAPHQL_VALIDATION_FAILED', '{ nope }');
    expect(invalid.errors?.[0].message).toContain('Cannot query field "nope"');

    const badToken = await prod.svc.client.error('UNAUTHENTICATED', '{ archivedCount }', {}, { token: 'not.a.jwt' });
    expect(badToken.status).toBe(401);
    expect(badToken.errors?.[0].message).toMatch(/^Invalid token/);
    expect(badToken.headers.get('x-request-id')).toMatch(UUID);
  });

  it('hides the failure of the change feed too, and a body that is not JSON answers without a stack', async () => {
    const feed = await fetch(prod.svc.url.replace(/graphql$/, 'changes'));
    const requestId = feed.headers.get('x-request-id') as string;
    expect(feed.status).toBe(500);
    expect(await feed.json()).toEqual({ error: 'Internal server error', requestId });
    expect(errorLines(prod.logs, requestId)[0].err.message).toBe(PG_MESSAGE);

    const garbled = await fetch(prod.svc.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(garbled.status).toBe(400);
    const body = await garbled.json();
    expect(body).toEqual({
      errors: [{ message: expect.any(String), extensions: { code: 'BAD_REQUEST', requestId: garbled.headers.get('x-request-id') } }],
    });
    expect(JSON.stringify(body)).not.toMatch(/SyntaxError|at JSON\.parse|node_modules/);
  });
});

describe('in development, unexpected errors keep their message and stack, with a request id added', () => {
  it('shows the PostgreSQL message and stack trace to the developer, and logs it under the request id', async () => {
    const res = await dev.svc.client.request('{ archivedCount }');
    const requestId = res.headers.get('x-request-id') as string;
    expect(res.errors?.[0]).toMatchObject({ message: PG_MESSAGE, extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } });
    expect(res.errors?.[0].extensions?.stacktrace).toEqual(expect.arrayContaining([expect.stringContaining(PG_MESSAGE)]));
    expect(errorLines(dev.logs, requestId)[0].err.message).toBe(PG_MESSAGE);

    const feed = await fetch(dev.svc.url.replace(/graphql$/, 'changes'));
    expect(await feed.json()).toMatchObject({ error: PG_MESSAGE });
  });
});
