import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { OTHER_PROGRAM, WRITE, snapshot, startStack, type Stack } from './helpers';

let stack: Stack;
let dir: string;

beforeAll(async () => {
  stack = await startStack({ districts: true });
  dir = mkdtempSync(path.join(tmpdir(), 'puntos-import-'));
});
afterAll(async () => {
  await stack?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const IMPORT = `mutation($input: ImportCulturePointRegistryInput!) {
  importCulturePointRegistry(input: $input) { rows imported unchanged written problems { line name column reason } }
}`;

async function importCsv(csv: string, opts: { keepValid?: boolean; source?: string } = {}) {
  const data = await stack.puntos.client.data(IMPORT, { input: { csv, ...opts } }, { token: WRITE });
  return data.importCulturePointRegistry as {
    rows: number;
    imported: number;
    unchanged: number;
    written: boolean;
    problems: { line: number; name: string | null; column: string | null; reason: string }[];
  };
}

async function pointsNamed(names: string[]) {
  const rows: {
    name: string;
    territory_id: string;
    domains: string[];
    origin: string;
    source: string;
    locator: string;
    members: number | null;
    founding_year: number | null;
    tax_id: string | null;
  }[] = await stack.puntos.dataSource.query(
    `SELECT a.name, a.territory_id, a.domains, a.origin, a.source, a.locator, cp.members, cp.founding_year, cp.tax_id
       FROM actor a JOIN culture_point cp ON cp.actor_id = a.id WHERE a.name = ANY($1) ORDER BY a.name`,
    [names],
  );
  return Object.fromEntries(rows.map((r) => [r.name, r]));
}

const HEADER =
  'Nombre de la organización,Ubigeo,Distrito,Provincia,Departamento,Año de fundación,N° de integrantes,Actividades,Expresiones artísticas,RUC';

describe('importing a directory of culture points', () => {
  it('places rows by ubigeo, even without its leading zero, and by district name ignoring case and accents', async () => {
    const csv = [
      HEADER,
      'Teatro del Barrio,150132,,,,2010,12,Talleres de teatro para jóvenes,"teatro, danza",',
      'Cine Comunitario Ventanilla,,VENTANILLA,,,2015,5,Proyecciones en la plaza,cine comunitario; video,20100200300',
      'Colectivo Surco Pinta,,santiago de surco,,,2012,6,,muralismo,',
      'Arte en Jesús María,,Jesús María,,,2014,4,,música,',
      'Artesanas de Chachapoyas,10101,,,,2009,9,,artesanía textil,',
    ].join('\n');
    const report = await importCsv(csv, { source: 'directorio 2024.csv' });
    expect(report).toEqual({ rows: 5, imported: 5, unchanged: 0, written: true, problems: [] });

    const points = await pointsNamed([
      'Teatro del Barrio',
      'Cine Comunitario Ventanilla',
      'Colectivo Surco Pinta',
      'Arte en Jesús María',
      'Artesanas de Chachapoyas',
    ]);
    expect(points['Teatro del Barrio']).toMatchObject({
      territory_id: 'PE:150132',
      domains: ['PERFORMANCE_AND_CELEBRATION'],
      members: 12,
      founding_year: 2010,
    });
    expect(points['Cine Comunitario Ventanilla']).toMatchObject({
      territory_id: 'PE:070106',
      domains: ['AUDIOVISUAL_AND_INTERACTIVE_MEDIA'],
      tax_id: '20100200300',
    });
    expect(points['Colectivo Surco Pinta'].territory_id).toBe('PE:150140');
    expect(points['Arte en Jesús María'].territory_id).toBe('PE:150113');
    expect(points['Artesanas de Chachapoyas']).toMatchObject({ territory_id: 'PE:010101', domains: ['VISUAL_ARTS_AND_CRAFTS'] });
    expect(points['Teatro del Barrio']).toMatchObject({ origin: 'IMPORT', source: 'directorio 2024.csv', locator: 'line 2' });
  });

  it('tells same-named districts apart by province or department, and reports a name it cannot', async () => {
    const csv = [
      HEADER,
      'Santa Rosa sin provincia,,Santa Rosa,,,2010,3,,danza,',
      'Santa Rosa en Puno,,Santa Rosa,,Puno,2010,3,,danza,',
      'Santa Rosa de El Collao,,SANTA ROSA,El Collao,,2010,3,,danza,',
      'Miraflores de Lima,,Miraflores,Lima,,2010,3,,teatro,',
      'Miraflores de Arequipa,,Miraflores,,Arequipa,2010,3,,teatro,',
      'Miraflores del departamento de Lima,,Miraflores,,Lima,2010,3,,teatro,',
    ].join('\n');
    const before = await snapshot(stack.puntos);
    const report = await importCsv(csv);
    expect(report.written).toBe(false);
    expect(report.problems.map((p) => [p.line, p.column])).toEqual([
      [2, 'district'],
      [3, 'district'],
      [7, 'district'],
    ]);
    expect(report.problems[0].reason).toMatch(
      /^"Santa Rosa" is the name of 10 districts: .*Add the province or department or ubigeo to say which$/,
    );
    expect(report.problems[1].reason).toContain('is the name of 2 districts in department "Puno"');
    // INEI files Lima Metropolitana's districts under department 15 (Lima), so "Lima" does not decide between them.
    expect(report.problems[2].reason).toContain('Miraflores, Lima, Lima (PE:150122)');
    expect(report.problems[2].reason).toContain('Miraflores, Yauyos, Lima (PE:151021)');
    expect(await snapshot(stack.puntos)).toEqual(before);

    const kept = await importCsv(csv, { keepValid: true });
    expect(kept).toMatchObject({ rows: 6, imported: 3, written: true });
    const points = await pointsNamed(['Santa Rosa de El Collao', 'Miraflores de Lima', 'Miraflores de Arequipa']);
    expect(points['Santa Rosa de El Collao'].territory_id).toBe('PE:210504');
    expect(points['Miraflores de Lima'].territory_id).toBe('PE:150122');
    expect(points['Miraflores de Arequipa'].territory_id).toBe('PE:040110');
  });

  it('takes Lima Metropolitana or Lima Provincias in the department column as the part of the department of Lima they name', async () => {
    const csv = [
      HEADER,
      'Miraflores Metropolitana,,Miraflores,,Lima Metropolitana,2010,3,,teatro,',
      'Miraflores de Yauyos,,Miraflores,,Lima Provincias,2010,3,,teatro,',
    ].join('\n');
    expect(await importCsv(csv)).toMatchObject({ imported: 2, problems: [] });
    const points = await pointsNamed(['Miraflores Metropolitana', 'Miraflores de Yauyos']);
    expect(points['Miraflores Metropolitana'].territory_id).toBe('PE:150122');
    expect(points['Miraflores de Yauyos'].territory_id).toBe('PE:151021');
  });

  it('reports every row it could not place, with its reason, and writes nothing', async () => {
    const csv = [
      HEADER,
      'Punto Bueno,,Ate,,,2011,5,,teatro,',
      ',,Ate,,,2011,5,,teatro,',
      'Punto Fantasma,,Villa Imaginaria,,,2011,5,,teatro,',
      'Ubigeo Inexistente,159999,,,,2011,5,,teatro,',
      'Ubigeo y Nombre Distintos,150103,Comas,,,2011,5,,teatro,',
      'Año Imposible,,Ate,,,20X1,5,,teatro,',
      'Sin Integrantes,,Ate,,,2011,cero,,teatro,',
      'RUC Corto,,Ate,,,2011,5,,teatro,123',
      'Punto Bueno,,ATE,,,2011,5,,teatro,',
      'Sin Lugar,,,,,2011,5,,teatro,',
    ].join('\n');
    const before = await snapshot(stack.puntos);
    const report = await importCsv(csv);
    expect(report).toMatchObject({ rows: 10, imported: 0, written: false });
    expect(report.problems).toEqual([
      { line: 3, name: null, column: 'name', reason: 'the row has no name' },
      { line: 4, name: 'Punto Fantasma', column: 'district', reason: 'no district named "Villa Imaginaria" in Peru\'s gazetteer' },
      { line: 5, name: 'Ubigeo Inexistente', column: 'ubigeo', reason: "ubigeo 159999 is not a district of Peru's gazetteer" },
      { line: 6, name: 'Ubigeo y Nombre Distintos', column: 'ubigeo', reason: 'ubigeo 150103 is Ate, Lima, Lima (PE:150103), not "Comas"' },
      { line: 7, name: 'Año Imposible', column: 'founding year', reason: expect.stringContaining('"20X1" is not a founding year') },
      { line: 8, name: 'Sin Integrantes', column: 'members', reason: expect.stringContaining('"cero" is not a number of members') },
      { line: 9, name: 'RUC Corto', column: 'RUC', reason: '"123" is not a RUC (11 digits)' },
      { line: 10, name: 'Punto Bueno', column: 'name', reason: 'the same organisation in the same district as line 2' },
      { line: 11, name: 'Sin Lugar', column: 'district', reason: 'the row has neither a district nor a ubigeo' },
    ]);
    expect(await snapshot(stack.puntos)).toEqual(before);
  });

  it('changes nothing when the same file is imported again', async () => {
    const csv = [HEADER, 'Repetido Uno,,Carabayllo,,,2011,5,,teatro,', 'Repetido Dos,,Carabayllo,,,2012,6,,danza,'].join('\n');
    expect(await importCsv(csv)).toMatchObject({ imported: 2, unchanged: 0 });
    const before = await snapshot(stack.puntos);
    expect(await importCsv(csv)).toMatchObject({ imported: 0, unchanged: 2, written: false, problems: [] });
    expect(await snapshot(stack.puntos)).toEqual(before);
  });

  it('reads semicolon-separated files with Spanish headers, recognition dates and resolutions', async () => {
    const csv = [
      'NOMBRE;UBIGEO;AÑO DE FUNDACIÓN;INTEGRANTES;EXPRESIONES ARTÍSTICAS;RESOLUCIÓN;FECHA DE RECONOCIMIENTO;POBLACIÓN',
      'Circo Social del Cono;150110;2008;15;circo, clown;R.D. N° 045-2018-DGIA/MC;15/03/2018;niños y jóvenes',
      'Fecha Imposible;150110;2008;15;circo;RD 1;31/02/2018;niños',
    ].join('\r\n');
    const report = await importCsv(csv, { keepValid: true });
    expect(report.imported).toBe(1);
    expect(report.problems).toEqual([
      {
        line: 3,
        name: 'Fecha Imposible',
        column: 'recognition date',
        reason: '"31/02/2018" is not a date (write it DD/MM/YYYY or YYYY-MM-DD)',
      },
    ]);
    const data = await stack.puntos.client.data(`{ puntosCultura { points(filter: { search: "circo social" }) { nodes {
      id populationsServed domains recognitionHistory { status date resolutionNumber } recognition { resolutionNumber resolutionDate provenance { origin } }
    } } } }`);
    expect(data.puntosCultura.points.nodes[0]).toMatchObject({
      populationsServed: ['CHILDREN', 'YOUTHS'],
      domains: ['PERFORMANCE_AND_CELEBRATION'],
      recognitionHistory: [{ status: 'RECOGNISED', date: '2018-03-15', resolutionNumber: 'R.D. N° 045-2018-DGIA/MC' }],
      recognition: { resolutionNumber: 'R.D. N° 045-2018-DGIA/MC', resolutionDate: '2018-03-15', provenance: { origin: 'IMPORT' } },
    });
  });

  it('refuses a file without the columns a row needs, and an import without this program’s scope', async () => {
    await stack.puntos.client.error(
      'BAD_USER_INPUT',
      IMPORT,
      { input: { csv: 'distrito,integrantes\nAte,3\n' } },
      { token: WRITE, field: 'input.csv' },
    );
    await stack.puntos.client.error(
      'BAD_USER_INPUT',
      IMPORT,
      { input: { csv: 'nombre,integrantes\nX,3\n' } },
      { token: WRITE, field: 'input.csv' },
    );
    await stack.puntos.client.error('FORBIDDEN', IMPORT, { input: { csv: `${HEADER}\nX,150101,,,,2010,3,,,` } }, { token: OTHER_PROGRAM });
  });
});

const TSX = path.resolve(__dirname, '../../../node_modules/tsx/dist/cli.mjs');

describe('the import command', () => {
  const run = async (args: string[]) => {
    try {
      // The command as a user runs it (through tsx), with only the variables it documents.
      const { stdout, stderr } = await promisify(execFile)(
        process.execPath,
        [TSX, path.resolve(__dirname, '../src/cli/import-registry.ts'), ...args],
        // From the workspace folder, as npm runs it: tsx finds the repository's tsconfig (legacy decorators) from there.
        {
          env: { DATABASE_URL: stack.puntos.database.url, TERRITORIES_URL: stack.territories.url, LOG_LEVEL: 'warn' },
          cwd: path.resolve(__dirname, '..'),
        },
      );
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  it('refuses a file with a bad row, writing nothing, and writes the good rows with --keep-valid', async () => {
    writeFileSync(
      path.join(dir, 'registry.csv'),
      [HEADER, 'Desde la Consola,,Rímac,,,2013,7,,teatro,', 'Consola Fantasma,,Nowhere,,,2013,7,,teatro,'].join('\n'),
    );
    const before = await snapshot(stack.puntos);
    const refused = await run(['--file', path.join(dir, 'registry.csv')]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('line 3  "Consola Fantasma" (district): no district named "Nowhere" in Peru\'s gazetteer');
    expect(refused.stdout).toContain('Nothing was written.');
    expect(await snapshot(stack.puntos)).toEqual(before);

    const kept = await run(['--file', path.join(dir, 'registry.csv'), '--keep-valid', '--source', 'directorio de prueba']);
    expect(kept.code).toBe(1);
    expect(kept.stdout).toContain('points imported:     1');
    const [row] = await stack.puntos.dataSource.query(`SELECT territory_id, source FROM actor WHERE name = 'Desde la Consola'`);
    expect(row).toEqual({ territory_id: 'PE:150128', source: 'directorio de prueba' });

    writeFileSync(path.join(dir, 'good.csv'), [HEADER, 'Desde la Consola,,Rímac,,,2013,7,,teatro,'].join('\n'));
    const again = await run(['--file', path.join(dir, 'good.csv')]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already in registry: 1');
  });

  it('explains a wrong command line with exit status 2', async () => {
    const noFile = await run([]);
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toContain('--file is required');
    const unknown = await run(['--file', 'x.csv', '--dry-run']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown option --dry-run');
  });
});
