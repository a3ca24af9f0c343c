/**
 * `npm run new:program` in a copy of the repository's schemas and registry: the scaffolded service
 * composes with the others, its own generated tests pass, and it answers through the gateway. The copy
 * lives inside the repository so the scaffolded code resolves the workspace packages as a real one would.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { composeRepository } from '@cultura/gateway';
import { readSchema } from '@cultura/service-kit';
import { readRegistry } from '@cultura/service-kit/light';
import { signToken, startTestGateway, startTestService, type TestGateway, type TestService } from '@cultura/testkit';
import { territoriesService } from '@cultura/territories';
import { generatedFiles } from '../scripts/generate';
import { scaffoldProgram } from '../scripts/new-program';

const ROOT = path.resolve(__dirname, '..');
const PROGRAM = {
  name: 'programa-prueba',
  title: 'Programa de Prueba (Perú)',
  country: 'PE',
  agency: 'Ministerio de Cultura del Perú',
  sampleTerritory: 'PE:15',
};

let root: string;
let territories: TestService;
let service: TestService;
let gateway: TestGateway;

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
  await service?.stop();
  await territories?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('npm run new:program', () => {
  it('writes the service in the shared shape and one registry entry on the next free port', () => {
    const result = scaffoldProgram(root, PROGRAM);
    expect(result.port).toBe(Math.max(...readRegistry(ROOT).map((s) => s.port)) + 1);
    expect(result.files.sort()).toEqual([
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
    expect(() => scaffoldProgram(root, PROGRAM)).toThrow('"programa-prueba" is already in gateway/subgraphs.json');
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

  it('answers through the gateway: its program, and an action recorded with its scope', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the scaffolded module exists only once the test has written it
    const mod = require(path.join(root, 'services', PROGRAM.name, 'src', 'index.ts'));
    territories = await startTestService(territoriesService);
    service = await startTestService(mod.programaPruebaService({ territoriesUrl: territories.url }));
    gateway = await startTestGateway([
      { name: 'territories', url: territories.url },
      { name: PROGRAM.name, url: service.url, typeDefs: readSchema(path.join(root, 'services', PROGRAM.name, 'schema.graphql')) },
    ]);
    const editor = signToken({ scopes: ['programa-prueba:write'] });
    await gateway.client.data(
      `mutation($input: RecordProgramaPruebaActionInput!) { recordProgramaPruebaAction(input: $input) { id } }`,
      { input: { title: 'Feria de Lima', kind: 'WORKSHOP', territoryIds: ['PE:15'] } },
      { token: editor },
    );
    const data = await gateway.client.data(
      `{ programaPrueba { program { name country { id name } } actions { nodes { title territories { id name } } } } }`,
    );
    expect(data.programaPrueba).toEqual({
      program: { name: PROGRAM.title, country: { id: 'PE', name: 'Perú' } },
      actions: { nodes: [{ title: 'Feria de Lima', territories: [{ id: 'PE:15', name: 'Lima' }] }] },
    });
  });
});
