import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '@cultura/service-kit';
import { parse } from 'graphql';
import { composeSubgraphs, loadSubgraphSources, readSubgraphList, supergraphFileContent } from '../src/compose';
import { markdownOperations, type OperationSource } from '../src/operation-sources';
import {
  OperationsError,
  PERSISTED_OPERATIONS_FILE,
  apiSchemaOf,
  buildManifest,
  checkManifestFile,
  manifestFileContent,
} from '../src/persisted-manifest';
import { loadPersistedOperations, operationBody, operationId, parsePersistedOperations } from '../src/persisted-operations';

const root = repoRoot();
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const committedFile = path.join(root, PERSISTED_OPERATIONS_FILE);
const schema = apiSchemaOf(readFileSync(path.join(root, 'gateway', 'supergraph.graphql'), 'utf8'));

function persisted(args: string[]) {
  const res = spawnSync(tsx, ['gateway/scripts/persisted.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'test' },
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'cultura-persisted-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the committed manifest', () => {
  it('is what the project’s operations give today (npm run persisted:check exits 0)', () => {
    expect(checkManifestFile({ root })).toEqual({ status: 'current' });
    const res = persisted(['--check']);
    expect(res).toMatchObject({ code: 0 });
    expect(res.stdout).toContain('gateway/persisted-operations.json is up to date');
  });

  it('lists the CSV report’s query, every README example, the dashboard’s and the explorer’s operations', () => {
    const manifest = loadPersistedOperations(committedFile);
    const csv = readFileSync(path.join(root, 'gateway', 'operations', 'csv-report.graphql'), 'utf8');
    expect(manifest.byNormalisedId.get(operationId(operationBody(parse(csv))))?.name).toBe('CsvReport');
    const readme = markdownOperations(readFileSync(path.join(root, 'README.md'), 'utf8'));
    expect(readme.length).toBeGreaterThanOrEqual(6);
    for (const example of readme) expect(manifest.byNormalisedId.has(operationId(operationBody(parse(example.text))))).toBe(true);
    expect(manifest.operations.map((o) => o.name)).toEqual(
      expect.arrayContaining(['DashboardActions', 'DashboardTerritories', 'DashboardReportByProgram', 'AltoHospicio']),
    );
    for (const op of manifest.operations) expect(op.id).toBe(operationId(op.body));
  });
});

describe('npm run persisted:check', () => {
  it('fails on a stale manifest, naming what changed', () => {
    const stale = JSON.parse(readFileSync(committedFile, 'utf8'));
    stale.operations = stale.operations.filter((o: { name: string }) => o.name !== 'DashboardActions');
    const changed = stale.operations.find((o: { name: string }) => o.name === 'CsvReport');
    changed.body = changed.body.replace('undatedLeftOut', '');
    changed.id = operationId(changed.body);
    stale.operations.push({ ...changed, name: 'Gone', body: '{ __typename }', id: operationId('{ __typename }') });
    const file = path.join(tmp, 'stale.json');
    writeFileSync(file, JSON.stringify(stale, null, 2));

    expect(checkManifestFile({ root, manifestFile: file })).toEqual({
      status: 'stale',
      added: ['DashboardActions'],
      removed: ['Gone'],
      changed: ['CsvReport'],
    });
    const res = persisted(['--check', '--manifest', file]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(
      /is out of date:\n {2}not in it yet: DashboardActions\n {2}changed since: CsvReport\n {2}no longer an operation of the project: Gone\nRun `npm run persisted:manifest`/,
    );
  });

  it('fails on a manifest written by hand in another layout', () => {
    const file = path.join(tmp, 'reformatted.json');
    writeFileSync(file, JSON.stringify(JSON.parse(readFileSync(committedFile, 'utf8'))));
    const res = persisted(['--check', '--manifest', file]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('the same operations, written differently');
  });

  it('fails when an operation no longer validates against the supergraph, at its file and line', () => {
    // A supergraph without the index: the dashboard's and README's cross-program queries lose their fields.
    const entries = readSubgraphList(root).filter((e) => e.name === 'territories');
    const file = path.join(tmp, 'territories-only.graphql');
    writeFileSync(file, supergraphFileContent(composeSubgraphs(loadSubgraphSources(root, entries))));
    const res = persisted(['--check', '--supergraph', file]);
    expect(res.code).toBe(1);
    const dashboard = readFileSync(path.join(root, 'gateway', 'operations', 'dashboard.graphql'), 'utf8').split('\n');
    const line = dashboard.findIndex((l) => l.trimStart().startsWith('actions(')) + 1;
    expect(res.stderr).toContain(`gateway/operations/dashboard.graphql:${line}:3: Cannot query field "actions" on type "Query".`);
    expect(res.stderr).toMatch(/README\.md:\d+:\d+: Cannot query field "report" on type "Query"/);
    expect(res.stdout).toBe('');
  });

  it('refuses an unknown argument with exit code 2', () => {
    const res = persisted(['--chek']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('Unknown argument: --chek');
  });
});

describe('building the manifest', () => {
  const source = (text: string, line = 1): OperationSource => ({ file: 'gateway/operations/x.graphql', line, text });

  it('lists each operation with the fragments it uses, printed, under the SHA-256 of that text', () => {
    const manifest = buildManifest(
      [
        source('# a comment\nquery B { territory(id: "CL") { ...Place } }\nfragment Place on Territory { id name }'),
        source('query A{territory(id:"PE"){id}}'),
      ],
      schema,
    );
    expect(manifest.operations.map((o) => o.name)).toEqual(['A', 'B']);
    const b = manifest.operations[1];
    expect(b.body).toBe('query B {\n  territory(id: "CL") {\n    ...Place\n  }\n}\n\nfragment Place on Territory {\n  id\n  name\n}');
    expect(b).toMatchObject({ type: 'query', id: operationId(b.body) });
    expect(manifestFileContent(manifest)).toMatch(/^\{\n {2}"format": "apollo-persisted-query-manifest",\n {2}"version": 1,/);
  });

  it('refuses, at file and line, what cannot be listed: no name, a name used twice, an unknown field, an unused fragment, a syntax error', () => {
    let error: unknown;
    try {
      buildManifest(
        [
          source('{ territory(id: "CL") { id } }', 10),
          source('query Twice { territory(id: "CL") { id } }'),
          source('query Twice { territory(id: "PE") { id } }\n\nquery Typo {\n  territory(id: "CL") { nmae }\n}', 20),
          source('fragment Lonely on Territory { id }'),
          source('query Broken {'),
        ],
        schema,
      );
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(OperationsError);
    const message = (error as Error).message;
    expect(message).toContain('gateway/operations/x.graphql:10:1: give this query a name');
    expect(message).toContain('gateway/operations/x.graphql:20:1: operation "Twice" is also defined at gateway/operations/x.graphql:1');
    expect(message).toContain('gateway/operations/x.graphql:23:25: Cannot query field "nmae" on type "Territory". Did you mean "name"?');
    expect(message).toContain('gateway/operations/x.graphql:1:1: fragment "Lonely" is used by no operation');
    expect(message).toContain('gateway/operations/x.graphql:1:15: Syntax Error: Expected Name, found <EOF>.');
  });
});

describe('loadPersistedOperations', () => {
  const write = (name: string, content: string) => {
    const file = path.join(tmp, name);
    writeFileSync(file, content);
    return file;
  };
  const body = 'query A {\n  __typename\n}';
  const entry = { id: operationId(body), name: 'A', type: 'query', body };

  it('indexes a manifest by id and by normalised body: spacing, comments and the order of fragments aside', () => {
    const two = 'query B {\n  ...Y\n  ...X\n}\n\nfragment X on Query {\n  __typename\n}\n\nfragment Y on Query {\n  __typename\n}';
    const b = { id: operationId(two), name: 'B', type: 'query', body: two };
    const m = loadPersistedOperations(
      write('ok.json', JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations: [entry, b] })),
    );
    expect(m.byId.get(entry.id)?.name).toBe('A');
    const known = (text: string) => m.byNormalisedId.get(operationId(operationBody(parse(text))))?.name;
    expect(known('query A { __typename } # again')).toBe('A');
    expect(known('fragment Y on Query { __typename } query B { ...Y ...X } fragment X on Query { __typename }')).toBe('B');
    expect(known('query B { ...X ...Y } fragment X on Query { __typename } fragment Y on Query { __typename }')).toBeUndefined();
  });

  it.each([
    ['missing.json', undefined, 'Persisted operations manifest not found at'],
    ['text.json', 'not json', 'is not JSON'],
    ['format.json', { format: 'other', version: 1, operations: [] }, '"format" must be "apollo-persisted-query-manifest", got "other"'],
    ['version.json', { format: 'apollo-persisted-query-manifest', version: 2, operations: [] }, '"version" must be 1, got 2'],
    [
      'no-body.json',
      { format: 'apollo-persisted-query-manifest', version: 1, operations: [{ ...entry, body: '' }] },
      'operation 0 needs a non-empty "body" string',
    ],
    [
      'type.json',
      { format: 'apollo-persisted-query-manifest', version: 1, operations: [{ ...entry, type: 'fetch' }] },
      'operation 0 ("A"): "type" must be query, mutation or subscription',
    ],
    [
      'hash.json',
      { format: 'apollo-persisted-query-manifest', version: 1, operations: [{ ...entry, id: operationId('other') }] },
      'operation 0 ("A"): "id" is not the SHA-256 of its "body"',
    ],
    [
      'twice.json',
      { format: 'apollo-persisted-query-manifest', version: 1, operations: [entry, entry] },
      `operation 1 ("A"): id ${entry.id} is listed twice`,
    ],
    [
      'syntax.json',
      { format: 'apollo-persisted-query-manifest', version: 1, operations: [{ ...entry, body: '{', id: operationId('{') }] },
      '"body" does not parse',
    ],
  ])('refuses %s with a clear message', (name, content, message) => {
    const file = path.join(tmp, name);
    if (content !== undefined) writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    expect(() => loadPersistedOperations(file)).toThrow(message);
  });

  it('names the file in every message', () => {
    expect(() => parsePersistedOperations([], 'somewhere.json')).toThrow('somewhere.json: must hold a JSON object');
  });
});
