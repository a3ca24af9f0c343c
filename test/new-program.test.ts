/**
 * `npm run new:program` in a copy of the repository's schemas and registry, for a program in a country
 * no shared package names (Colombia, from the gazetteer fixture in test/fixtures/gazetteers): the
 * scaffolded service composes with the others, its own generated tests pass, and it answers through the
 * gateway, with the index (a process of its own, which learns Colombia's code scheme from the territories
 * service) counting its action in its department. The copy lives inside the repository so the scaffolded
 * code resolves the workspace packages as a real one would.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { composeRepository } from '@cultura/gateway';
import { readSchema } from '@cultura/service-kit';
import { readRegistry } from '@cultura/service-kit/light';
import {
  createTestDatabase,
  signToken,
  startServiceProcess,
  startTestGateway,
  startTestService,
  type ServiceProcess,
  type TestDatabase,
  type TestGateway,
  type TestService,
} from '@cultura/testkit';
import { territoriesService } from '@cultura/territories';
import { generatedFiles } from '../scripts/generate';
import { scaffoldProgram } from '../scripts/new-program';

const ROOT = path.resolve(__dirname, '..');
const GAZETTEERS = path.join(ROOT, 'test', 'fixtures', 'gazetteers');
const PROGRAM = {
  name: 'programa-prueba',
  title: 'Programa de Prueba (Colombia)',
  country: 'CO',
  agency: 'Ministerio de las Culturas, las Artes y los Saberes de Colombia',
  sampleTerritory: 'CO:05001',
};

let root: string;
let territories: TestService;
let service: TestService;
let gateway: TestGateway;
let atlasDb: TestDatabase;
let atlas: ServiceProcess;

beforeAll(async () => {
  root = mkdtempSync(path.join(ROOT, '.scaffold-test-'));
  const schemas = readRegistry(ROOT).map((s) => s.schema);
  for (const part of [
    'package.json',
    path.join('gateway', 'subgraphs.json'),
    path.join('packages', 'vocabulary', 'schema'),
    path.join('services', 'atlas', 'program-types.graphql'),
    ...schemas,
  ]) {
    cpSync(path.join(ROOT, part), path.join(root, part), { recursive: true });
  }
});
afterAll(async () => {
  await gateway?.stop();
  await atlas?.stop();
  await atlasDb?.drop();
  await service?.stop();
  await territories?.stop();
  rmSync(root, { recursive: true, force: true });
});

/**
 * The index's SDL with the program types of `program` alone: the gateway here composes the new program
 * without the three others, so the index must not name their types.
 */
function atlasWithOnly(program: string): string {
  const others = new Set(readRegistry(ROOT).map((s) => s.name));
  const programTypes = generatedFiles(root)
    .get(path.join('services', 'atlas', 'program-types.graphql'))!
    .split(/\n(?=# )/)
    .filter((part) => !others.has(part.match(/^# (\S+)\n/)?.[1] ?? ''));
  expect(programTypes.join('\n')).toContain(`# ${program}\n`);
  writeFileSync(path.join(root, 'services', 'atlas', 'program-types.graphql'), programTypes.join('\n'));
  return readSchema(path.join(root, 'services', 'atlas', 'schema.graphql'));
}

describe('npm run new:program', () => {
  it('writes the service in the shared shape and one registry entry on the next free port', () => {
    expect(() => scaffoldProgram(root, PROGRAM)).toThrow('--gazetteer is needed for CO');
    const result = scaffoldProgram(root, { ...PROGRAM, gazetteerDir: path.relative(root, GAZETTEERS) });
    expect(result.port).toBe(Math.max(...readRegistry(ROOT).map((s) => s.port)) + 1);
    expect(result.files.sort()).toEqual([
      'codegen.json',
      'package.json',
      'schema.graphql',
      'src/cli/migrate.ts',
      'src/data/program.ts',
      'src/domain.ts',
      'src/entities/index.ts',
      'src/env.ts',
      'src/index.ts',
      'src/loaders.ts',
      'src/migrations/index.ts',
      'src/resolvers/Mutation.ts',
      'src/resolvers/ProgramaPruebaAction.ts',
      'src/resolvers/ProgramaPruebaActor.ts',
      'src/resolvers/ProgramaPruebaQuery.ts',
      'src/resolvers/Query.ts',
      'src/resolvers/context.ts',
      'src/store/lists.ts',
      'src/writes/record-action.ts',
      'test/programa-prueba.test.ts',
    ]);
    const registry = readRegistry(root);
    expect(registry.filter((s) => s.name === PROGRAM.name)).toEqual([
      expect.objectContaining({ port: result.port, title: PROGRAM.title, changeFeed: true }),
    ]);
    expect(readRegistry(root).slice(0, -1)).toEqual(readRegistry(ROOT));
    expect(() => scaffoldProgram(root, { ...PROGRAM, gazetteerDir: GAZETTEERS })).toThrow(
      '"programa-prueba" is already in gateway/subgraphs.json',
    );
  });

  it('composes with every other service once the index knows its types (npm run generate, npm run compose)', () => {
    const programTypes = generatedFiles(root).get(path.join('services', 'atlas', 'program-types.graphql'))!;
    expect(programTypes).toContain('# programa-prueba\ntype ProgramaPruebaAction implements Action @key(fields: "id", resolvable: false)');
    writeFileSync(path.join(root, 'services', 'atlas', 'program-types.graphql'), programTypes);
    const { content } = composeRepository(root);
    expect(content).toContain('PROGRAMA_PRUEBA @join__graph(name: "programa-prueba"');
    expect(content).toMatch(/type ProgramaPruebaAction implements Action/);
  });

  it('passes lint as written (ESLint and Prettier)', () => {
    const dir = path.join(root, 'services', PROGRAM.name);
    const bin = (name: string) => path.join(ROOT, 'node_modules', '.bin', name);
    const eslint = spawnSync(bin('eslint'), ['--no-ignore', dir], { cwd: ROOT, encoding: 'utf8' });
    expect(eslint.stdout + eslint.stderr).toBe('');
    const prettier = spawnSync(bin('prettier'), ['--check', `${dir}/**/*.ts`], { cwd: root, encoding: 'utf8' });
    expect({ status: prettier.status, output: prettier.stderr }).toEqual({ status: 0, output: '' });
  });

  it('passes its own generated tests', () => {
    const res = spawnSync(
      path.join(ROOT, 'node_modules', '.bin', 'jest'),
      ['--ci', '--rootDir', ROOT, '--testMatch', `${root}/services/*/test/*.test.ts`, '--testPathIgnorePatterns', '/node_modules/'],
      { cwd: ROOT, encoding: 'utf8', timeout: 180_000 },
    );
    expect({ status: res.status, summary: res.stderr.match(/^Tests:.*$/m)?.[0] }).toEqual({
      status: 0,
      summary: expect.stringMatching(/Tests: +3 passed, 3 total/),
    });
  }, 200_000);

  it('answers through the gateway in its country: its program, the territories, and an action the index counts', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the scaffolded module exists only once the test has written it
    const mod = require(path.join(root, 'services', PROGRAM.name, 'src', 'index.ts'));
    territories = await startTestService(territoriesService);
    // Colombia arrives the way an operator adds it: the import command, in a process of its own.
    const imported = spawnSync(
      path.join(ROOT, 'node_modules', '.bin', 'tsx'),
      ['services/territories/src/cli/import-gazetteer.ts', '--dir', GAZETTEERS, '--country', 'CO'],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, DATABASE_URL: territories.database.url, LOG_LEVEL: 'warn' }, timeout: 60_000 },
    );
    expect({ status: imported.status, stderr: imported.status === 0 ? '' : imported.stderr }).toEqual({ status: 0, stderr: '' });
    expect(imported.stdout).toMatch(/co\/territories\.csv\s+FIRST_LEVEL\s+4\s+3\s+0\s+0\s+1/);
    expect(imported.stdout).toMatch(/co\/territories\.csv\s+SECOND_LEVEL\s+5\s+4\s+0\s+0\s+1/);
    expect(imported.stdout).toContain('co/territories.csv:9   code "0500" is not a DIVIPOLA code (2, 5 digits)');
    expect(imported.stdout).toContain('co/territories.csv:10  parent CO:08 does not exist');

    service = await startTestService(mod.programaPruebaService({ territoriesUrl: territories.url }));
    atlasDb = await createTestDatabase('atlas');
    atlas = await startServiceProcess({
      name: 'atlas',
      env: {
        DATABASE_URL: atlasDb.url,
        TERRITORIES_URL: territories.url,
        FEEDS: `${PROGRAM.name}=${service.url.replace(/\/graphql$/, '')}`,
        FEED_POLL_MS: '100',
      },
    });
    gateway = await startTestGateway([
      { name: 'territories', url: territories.url },
      { name: PROGRAM.name, url: service.url, typeDefs: readSchema(path.join(root, 'services', PROGRAM.name, 'schema.graphql')) },
      { name: 'atlas', url: atlas.url, typeDefs: atlasWithOnly(PROGRAM.name) },
    ]);

    const place = await gateway.client.data(
      `{ codeSchemes(countries: [CO]) { country scheme levels { level codeLength kind localKind } }
         territory(id: "CO:05001") { name level kind localKind officialCode codeScheme centroid { latitude longitude }
           parent { id name isoCode } region { id } ancestors { id } } }`,
    );
    expect(place).toEqual({
      codeSchemes: [
        {
          country: 'CO',
          scheme: 'DIVIPOLA',
          levels: [
            { level: 'FIRST_LEVEL', codeLength: 2, kind: 'DEPARTMENT', localKind: 'departamento' },
            { level: 'SECOND_LEVEL', codeLength: 5, kind: 'MUNICIPALITY', localKind: 'municipio' },
          ],
        },
      ],
      territory: {
        name: 'Medellín',
        level: 'SECOND_LEVEL',
        kind: 'MUNICIPALITY',
        localKind: 'municipio',
        officialCode: '05001',
        codeScheme: 'DIVIPOLA',
        centroid: { latitude: 6.2442, longitude: -75.5812 },
        parent: { id: 'CO:05', name: 'Antioquia', isoCode: 'CO-ANT' },
        region: { id: 'CO:05' },
        ancestors: [{ id: 'CO' }, { id: 'CO:05' }],
      },
    });

    const editor = signToken({ scopes: ['programa-prueba:write'] });
    const RECORD = `mutation($input: RecordProgramaPruebaActionInput!) { recordProgramaPruebaAction(input: $input) { id } }`;
    await gateway.client.data(
      RECORD,
      { input: { title: 'Feria de Medellín', kind: 'WORKSHOP', territoryIds: ['CO:05001'] } },
      { token: editor },
    );
    await gateway.client.error(
      'BAD_USER_INPUT',
      RECORD,
      { input: { title: 'Feria', kind: 'WORKSHOP', territoryIds: ['CO:0500'] } },
      {
        token: editor,
        field: 'input.territoryIds',
      },
    );
    const data = await gateway.client.data(
      `{ programaPrueba { program { name country { id name } } actions(filter: { within: "CO:05" }) { nodes { title territories { id name } } } } }`,
    );
    expect(data.programaPrueba).toEqual({
      program: { name: PROGRAM.title, country: { id: 'CO', name: 'Colombia' } },
      actions: { nodes: [{ title: 'Feria de Medellín', territories: [{ id: 'CO:05001', name: 'Medellín' }] }] },
    });

    const REPORT = `{ report(groupBy: [FIRST_LEVEL], filter: { countries: ["CO"] }) { rows { firstLevel { id name } actions } total { actions } } }`;
    let report = await gateway.client.data(REPORT);
    for (const deadline = Date.now() + 20_000; report.report.total.actions < 1 && Date.now() < deadline;) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      report = await gateway.client.data(REPORT);
    }
    expect(report.report).toEqual({ rows: [{ firstLevel: { id: 'CO:05', name: 'Antioquia' }, actions: 1 }], total: { actions: 1 } });
  }, 120_000);
});
