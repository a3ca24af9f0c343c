/**
 * Countries are data: Chile's and Peru's code schemes are built in, and a third country (Colombia, from
 * the fixture in test/fixtures/gazetteers) arrives with its gazetteer import, which registers its scheme;
 * a scheme file that cannot be used is refused with nothing written.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signToken, startTestService, type TestService } from '@cultura/testkit';
import { codeSchemeOf, territoryAncestors, territoryLevelOf } from '@cultura/vocabulary';
import { territoriesService } from '../src/index';
import { importOfficialGazetteer } from '../src/gazetteer/official';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/gazetteers');

let svc: TestService;
let scratch: string;

beforeAll(async () => {
  svc = await startTestService(territoriesService);
  scratch = mkdtempSync(path.join(os.tmpdir(), 'code-schemes-'));
});
afterAll(async () => {
  await svc?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

const counts = async () =>
  (
    await svc.dataSource.query(
      `SELECT (SELECT count(*)::int FROM territory) AS territories, (SELECT count(*)::int FROM code_scheme) AS schemes`,
    )
  )[0];

/** A copy of the Colombian fixture with `scheme.json` changed by `edit`. */
function colombiaWith(edit: (scheme: Record<string, unknown>) => void): string {
  const dir = mkdtempSync(path.join(scratch, 'co-'));
  cpSync(path.join(FIXTURES, 'co'), path.join(dir, 'co'), { recursive: true });
  const file = path.join(dir, 'co', 'scheme.json');
  const scheme = JSON.parse(readFileSync(file, 'utf8'));
  edit(scheme);
  writeFileSync(file, JSON.stringify(scheme));
  return dir;
}

describe('country code schemes', () => {
  it('serves the built-in schemes, Chile and Peru', async () => {
    const data = await svc.client.data(`{ codeSchemes { country scheme origin levels { codeLength kind localKind } } }`);
    expect(data.codeSchemes).toEqual([
      {
        country: 'CL',
        scheme: 'CUT',
        origin: 'DEFAULT_GAZETTEER',
        levels: [
          { codeLength: 2, kind: 'REGION', localKind: 'región' },
          { codeLength: 3, kind: 'PROVINCE', localKind: 'provincia' },
          { codeLength: 5, kind: 'COMMUNE', localKind: 'comuna' },
        ],
      },
      {
        country: 'PE',
        scheme: 'UBIGEO_INEI',
        origin: 'DEFAULT_GAZETTEER',
        levels: [
          { codeLength: 2, kind: 'DEPARTMENT', localKind: 'departamento' },
          { codeLength: 4, kind: 'PROVINCE', localKind: 'provincia' },
          { codeLength: 6, kind: 'DISTRICT', localKind: 'distrito' },
        ],
      },
    ]);
  });

  it('refuses a country without a scheme file, or with one that cannot be used, writing nothing', async () => {
    const before = await counts();
    await expect(importOfficialGazetteer(svc.dataSource, { dir: scratch, countries: ['CO'] })).rejects.toThrow('co/scheme.json not found');
    const shorter = colombiaWith((s) => ((s.levels as { codeLength: number }[])[1].codeLength = 2));
    await expect(importOfficialGazetteer(svc.dataSource, { dir: shorter, countries: ['CO'] })).rejects.toThrow(
      "co/scheme.json: SECOND_LEVEL's codes must be longer than FIRST_LEVEL's",
    );
    const elsewhere = colombiaWith((s) => (s.country = 'VE'));
    await expect(importOfficialGazetteer(svc.dataSource, { dir: elsewhere, countries: ['CO'] })).rejects.toThrow(
      `co/scheme.json: "country" is "VE", but the folder is CO's`,
    );
    const badKind = colombiaWith((s) => ((s.levels as { kind: string }[])[0].kind = 'STATE'));
    await expect(importOfficialGazetteer(svc.dataSource, { dir: badKind, countries: ['CO'] })).rejects.toThrow(
      'levels[0].kind must be one of',
    );
    expect(await counts()).toEqual(before);
    expect(codeSchemeOf('CO')).toBeUndefined();
  });

  it('registers a third country with its gazetteer: its units hang where their codes say, bad rows reported', async () => {
    expect(territoryLevelOf('CO:05001')).toBeNull();
    const summary = await importOfficialGazetteer(svc.dataSource, { dir: FIXTURES, countries: ['CO'] });
    expect(summary.perFile.map((f) => [f.file, f.level, f.rows, f.inserted, f.rejected.length])).toEqual([
      ['co/scheme.json', 'COUNTRY', 1, 1, 0],
      ['co/territories.csv', 'FIRST_LEVEL', 4, 3, 1],
      ['co/territories.csv', 'SECOND_LEVEL', 5, 4, 1],
    ]);
    expect(summary.rejected).toEqual([
      { row: 'co/territories.csv:9', reason: 'code "0500" is not a DIVIPOLA code (2, 5 digits)' },
      { row: 'co/territories.csv:10', reason: 'parent CO:08 does not exist' },
    ]);
    expect(territoryLevelOf('CO:05001')).toBe('SECOND_LEVEL');
    expect(territoryAncestors('CO:05001')).toEqual(['CO', 'CO:05']);

    const data = await svc.client.data(`{
      territories(country: "CO", level: SECOND_LEVEL, within: "CO:05") { nodes { id name kind localKind codeScheme } }
      bare: territories(country: CO, level: FIRST_LEVEL) { totalCount }
      territoryByCode(scheme: DIVIPOLA, code: "11001") { id name parent { id isoCode } region { id } }
      codeSchemes(countries: ["CO"]) { scheme origin source }
    }`);
    expect(data).toEqual({
      territories: {
        nodes: [
          { id: 'CO:05088', name: 'Bello', kind: 'MUNICIPALITY', localKind: 'municipio', codeScheme: 'DIVIPOLA' },
          { id: 'CO:05001', name: 'Medellín', kind: 'MUNICIPALITY', localKind: 'municipio', codeScheme: 'DIVIPOLA' },
        ],
      },
      bare: { totalCount: 3 },
      territoryByCode: { id: 'CO:11001', name: 'Bogotá, D.C.', parent: { id: 'CO:11', isoCode: 'CO-DC' }, region: { id: 'CO:11' } },
      codeSchemes: [{ scheme: 'DIVIPOLA', origin: 'OFFICIAL_IMPORT', source: 'DANE, DIVIPOLA (a few units, written for the tests)' }],
    });
  });

  it('imports it again without change, and refuses another scheme for it', async () => {
    const again = await importOfficialGazetteer(svc.dataSource, { dir: FIXTURES, countries: ['CO'] });
    expect({ inserted: again.inserted, updated: again.updated, unchanged: again.unchanged }).toEqual({
      inserted: 0,
      updated: 0,
      unchanged: 8,
    });
    const before = await counts();
    const longer = colombiaWith((s) => ((s.levels as { codeLength: number }[])[1].codeLength = 6));
    await expect(importOfficialGazetteer(svc.dataSource, { dir: longer, countries: ['CO'] })).rejects.toThrow(
      'CO is already coded with DIVIPOLA (2/5 digits); this file says CO, DIVIPOLA (2/6)',
    );
    expect(await counts()).toEqual(before);
  });

  it('takes localities below the deepest level of a two-level country', async () => {
    const data = await svc.client.data(
      `mutation { addLocalTerritory(input: { parentId: "CO:05001", name: "Comuna 13", kind: LOCALITY }) { id localKind ancestors { id } } }`,
      {},
      { token: signToken({ scopes: ['territories:write'] }) },
    );
    expect(data.addLocalTerritory).toEqual({
      id: 'CO:05001:comuna-13',
      localKind: 'localidad',
      ancestors: [{ id: 'CO' }, { id: 'CO:05' }, { id: 'CO:05001' }],
    });
  });

  it('refuses a country code that is not ISO 3166-1 alpha-2, written in the query or as a variable', async () => {
    const written = await svc.client.error('GRAPHQL_VALIDATION_FAILED', `{ territories(country: "Colombia") { totalCount } }`);
    expect(written.errors?.[0].message).toContain(
      'CountryCode must be an ISO 3166-1 alpha-2 code (two capital letters), such as CL; got "Colombia"',
    );
    const variable = await svc.client.error('BAD_USER_INPUT', `query($c: CountryCode) { territories(country: $c) { totalCount } }`, {
      c: 'co',
    });
    expect(variable.errors?.[0].message).toContain('got "co"');
  });
});
