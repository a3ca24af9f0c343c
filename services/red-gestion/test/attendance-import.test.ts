import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { signToken } from '@cultura/testkit';
import { snapshot, startServices, type Services } from './helpers';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'services/red-gestion/src/cli/import-attendance.ts');

let s: Services;
const editor = signToken({ scopes: ['red-gestion:write'], subject: 'editora-red' });
const ids = { grCusco: '', mpCusco: '', grPiura: '' };
let dir: string;

const IMPORT = `mutation($input: ImportAttendanceInput!) { importAttendance(input: $input) {
  session { id } rows accepted written entitiesRecorded servantsRecorded
  rejected { line code column reason }
} }`;
const ATTENDANCE = `query($id: ID!) { redGestion { workshop(id: $id) { attendance {
  servants { value qualifier } namedServants
  entities { nodes { entity { id } servants qualifier provenance { origin source locator } } }
} } } }`;

async function register(name: string, entityKind: string, territoryId: string): Promise<string> {
  const data = await s.red.client.data(
    `mutation($input: RegisterEntityInput!) { registerEntity(input: $input) { id } }`,
    { input: { name, entityKind, territoryId } },
    { token: editor },
  );
  return data.registerEntity.id;
}

async function workshop(title: string): Promise<string> {
  const data = await s.red.client.data(
    `mutation($input: ScheduleWorkshopInput!) { scheduleWorkshop(input: $input) { id } }`,
    { input: { title, period: { start: '2025-10-01' } } },
    { token: editor },
  );
  return data.scheduleWorkshop.id;
}

/** Header on line 1; the comment after each row says what is wrong with it, if anything. */
function messyCsv(): string {
  return [
    'entity_id,servants,qualifier,name,email,phone,position,note',
    `${ids.grCusco},,,Ana Quispe,ana.quispe@example.org,,Especialista,`, // 2 ok
    `${ids.grCusco},,,Pedro Ccori,pedro.ccori@example.org,,,`, // 3 ok
    `${ids.mpCusco},4,,,,,,sin nombres`, // 4 ok
    'red-gestion:entity:no-existe,2,,,,,,', // 5 unknown entity
    `${ids.grPiura},tres,,,,,,`, // 6 not a number
    `${ids.grPiura},,,Juana Ruiz,no-es-correo,,,`, // 7 bad email
    `${ids.mpCusco},1,MAS_QUE,,,,,`, // 8 bad qualifier
    `${ids.grPiura},2,more than,,,,,`, // 9 ok: "more than" reads MORE_THAN
    `${ids.grCusco},2,,María Condori,,,,`, // 10 a named row counting 2
    `${ids.grCusco},,,Ana Quispe,ANA.QUISPE@example.org,,,`, // 11 the same servant twice
    'solo,dos', // 12 too few fields
  ].join('\n');
}

const EXPECTED_REJECTIONS = [
  {
    line: 5,
    code: 'BAD_USER_INPUT',
    column: 'entity_id',
    reason: expect.stringMatching(/No RED government entity "red-gestion:entity:no-existe"/),
  },
  { line: 6, code: 'BAD_USER_INPUT', column: 'servants', reason: 'servants "tres" is not a whole number' },
  { line: 7, code: 'BAD_USER_INPUT', column: 'email', reason: '"no-es-correo" is not an email address' },
  {
    line: 8,
    code: 'BAD_USER_INPUT',
    column: 'qualifier',
    reason: expect.stringMatching(/qualifier "MAS_QUE" is not one of EXACT, MORE_THAN/),
  },
  { line: 10, code: 'BAD_USER_INPUT', column: 'servants', reason: 'a row naming a servant counts 1; servants says 2' },
  { line: 11, code: 'CONFLICT', column: 'email', reason: 'Ana Quispe is named twice for Gobierno Regional del Cusco' },
  { line: 12, code: 'BAD_USER_INPUT', column: null, reason: 'has 2 fields; the header has 8' },
];

beforeAll(async () => {
  s = await startServices();
  ids.grCusco = await register('Gobierno Regional del Cusco', 'REGIONAL_GOVERNMENT', 'PE:08');
  ids.mpCusco = await register('Municipalidad Provincial del Cusco', 'PROVINCIAL_MUNICIPALITY', 'PE:0801');
  ids.grPiura = await register('Gobierno Regional de Piura', 'REGIONAL_GOVERNMENT', 'PE:20');
  dir = mkdtempSync(path.join(os.tmpdir(), 'red-gestion-import-'));
});
afterAll(async () => {
  await s?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('importing an attendance spreadsheet through the API', () => {
  it('reports every rejected row with its line, column and reason, and writes nothing by default', async () => {
    const sessionId = await workshop('Taller para importar');
    const before = await snapshot(s.red);
    const data = await s.red.client.data(IMPORT, { input: { sessionId, csv: messyCsv(), source: 'asistencia.csv' } }, { token: editor });
    expect(data.importAttendance).toEqual({
      session: { id: sessionId },
      rows: 11,
      accepted: 4,
      written: false,
      entitiesRecorded: 0,
      servantsRecorded: 0,
      rejected: EXPECTED_REJECTIONS,
    });
    expect(await snapshot(s.red)).toEqual(before);
  });

  it('keeps the valid rows when asked, still reporting the rejected ones', async () => {
    const sessionId = await workshop('Taller para importar lo válido');
    const data = await s.red.client.data(
      IMPORT,
      { input: { sessionId, csv: messyCsv(), keepValidRows: true, source: 'asistencia.csv' } },
      { token: editor },
    );
    expect(data.importAttendance).toMatchObject({
      rows: 11,
      accepted: 4,
      written: true,
      entitiesRecorded: 3,
      servantsRecorded: 2,
      rejected: EXPECTED_REJECTIONS,
    });
    const attendance = (await s.red.client.data(ATTENDANCE, { id: sessionId })).redGestion.workshop.attendance;
    // 2 named in Cusco's regional government, 4 counted in its provincial municipality, "more than 2" from Piura.
    expect(attendance.servants).toEqual({ value: 8, qualifier: 'MORE_THAN' });
    expect(attendance.namedServants).toBe(2);
    const byEntity = Object.fromEntries(attendance.entities.nodes.map((n: { entity: { id: string } }) => [n.entity.id, n]));
    expect(byEntity[ids.grCusco]).toMatchObject({
      servants: 2,
      qualifier: 'EXACT',
      provenance: { origin: 'IMPORT', source: 'asistencia.csv', locator: 'lines 2, 3' },
    });
    expect(byEntity[ids.grPiura]).toMatchObject({ servants: 2, qualifier: 'MORE_THAN', provenance: { locator: 'line 9' } });
  });

  it('rejects the rows of an entity whose attendance is already recorded (CONFLICT)', async () => {
    const sessionId = await workshop('Taller importado dos veces');
    const csv = `entity_id,servants\n${ids.mpCusco},3\n${ids.grPiura},1\n`;
    await s.red.client.data(IMPORT, { input: { sessionId, csv: `entity_id,servants\n${ids.mpCusco},3\n` } }, { token: editor });
    const before = await snapshot(s.red);
    const data = await s.red.client.data(IMPORT, { input: { sessionId, csv } }, { token: editor });
    expect(data.importAttendance).toMatchObject({
      written: false,
      accepted: 1,
      rejected: [{ line: 2, code: 'CONFLICT', column: 'entity_id', reason: expect.stringMatching(/already recorded/) }],
    });
    expect(await snapshot(s.red)).toEqual(before);
  });

  it('refuses a file it cannot read, naming the csv field, and an unknown session', async () => {
    const sessionId = await workshop('Taller con archivo malo');
    const cases = ['', 'entity_id,servants,colour\nx,1,red', 'name\nAna', `entity_id,servants\n"${ids.mpCusco},3`];
    for (const csv of cases) {
      await s.red.client.error('BAD_USER_INPUT', IMPORT, { input: { sessionId, csv } }, { token: editor, field: 'input.csv' });
    }
    await s.red.client.error(
      'NOT_FOUND',
      IMPORT,
      { input: { sessionId: 'red-gestion:action:no-existe', csv: 'entity_id,servants\nx,1' } },
      { token: editor, field: 'input.sessionId' },
    );
  });
});

describe('the import-attendance command', () => {
  async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', CLI, ...args], {
        cwd: ROOT,
        // Only what the command needs: the test's own environment stays out of it.
        env: { DATABASE_URL: s.red.database.url, LOG_LEVEL: 'silent', NODE_ENV: 'test' },
      });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  it('lists rejected rows and writes nothing (exit 1); with --keep-valid writes the rest; a clean file exits 0', async () => {
    const sessionId = await workshop('Taller importado por consola');
    const messy = path.join(dir, 'asistencia.csv');
    writeFileSync(messy, messyCsv());
    const before = await snapshot(s.red);
    const first = await cli(['--session', sessionId, '--file', messy]);
    expect(first.code).toBe(1);
    expect(first.stdout).toContain('rows: 11  accepted: 4  rejected: 7');
    expect(first.stdout).toContain('nothing written');
    expect(first.stdout).toContain('line 7 (email): "no-es-correo" is not an email address [BAD_USER_INPUT]');
    expect(await snapshot(s.red)).toEqual(before);

    const second = await cli(['--session', sessionId, '--file', messy, '--keep-valid']);
    expect(second.code).toBe(1);
    expect(second.stdout).toContain('written: 3 entities, 2 named servants');

    const other = await workshop('Otro taller importado por consola');
    const clean = path.join(dir, 'limpio.csv');
    writeFileSync(clean, `entity_id,servants\n${ids.grPiura},5\n`);
    const third = await cli(['--session', other, '--file', clean]);
    expect(third).toMatchObject({ code: 0 });
    expect(third.stdout).toContain('written: 1 entities, 0 named servants');
  });

  it('explains a wrong command line (exit 2)', async () => {
    const res = await cli(['--file', 'nowhere.csv']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('--session is required');
    expect(res.stderr).toContain('Usage:');
  });
});
