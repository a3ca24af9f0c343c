/**
 * Report rows and a territory's per-program counts name their program for labels (a dashboard's bars read
 * "Program A (Chile)", not "prog-a"), from the program's own record in the index; a program whose record has
 * not arrived yet has no name rather than a made-up one.
 */
import { startWithTerritories, type WithTerritories } from '@cultura/testkit';
import { atlasService } from '../src/index';
import { applyChanges } from '../src/feed/apply';
import { action, FIXTURE, program } from './fixture';

let stack: WithTerritories;
let atlas: WithTerritories['service'];

beforeAll(async () => {
  stack = await startWithTerritories(
    (territories) => atlasService({ feeds: [], territories, consumer: { pollMs: 50, batchSize: 500, timeoutMs: 5000 } }),
    { background: false },
  );
  atlas = stack.service;
  await atlas.dataSource.transaction((tx) =>
    applyChanges(tx, [
      ...FIXTURE,
      // A feed whose actions reached the index before its program record.
      action({ id: 'late-1', programId: 'prog-late', territoryIds: ['CL:01107'], periodStart: '2025-01-10' }),
    ]),
  );
});
afterAll(async () => {
  await stack?.stop();
});

type Row = { program: string | null; programName: string | null; kind?: string | null };

describe('report rows name their program', () => {
  it('gives each PROGRAM row the name of its program record', async () => {
    const data = await atlas.client.data(`{ report(groupBy: [PROGRAM]) { rows { program programName } } }`);
    expect(data.report.rows).toEqual([
      { program: 'prog-a', programName: 'Program A (Chile)' },
      { program: 'prog-b', programName: 'Program B (Peru)' },
      { program: 'prog-late', programName: null },
    ]);
  });

  it('names the program beside other dimensions, and no program when PROGRAM was not asked', async () => {
    const both = await atlas.client.data(`{ report(groupBy: [PROGRAM, KIND]) { rows { program programName kind } } }`);
    for (const row of both.report.rows as Row[]) {
      expect(row.programName).toBe({ 'prog-a': 'Program A (Chile)', 'prog-b': 'Program B (Peru)', 'prog-late': null }[row.program!]);
    }
    const byKind = await atlas.client.data(`{ report(groupBy: [KIND]) { rows { program programName } total { programName } } }`);
    expect(byKind.report.rows.length).toBeGreaterThan(0);
    expect(new Set((byKind.report.rows as Row[]).map((r) => r.programName))).toEqual(new Set([null]));
    expect(byKind.report.total.programName).toBeNull();
  });

  it('follows the program record: a renamed program is named anew, and a late one once it arrives', async () => {
    await atlas.dataSource.transaction((tx) =>
      applyChanges(tx, [
        program({ id: 'prog-late', name: 'Program arriving late', countryId: 'CL', origin: 'SOURCE_DOCUMENT', figures: [] }),
        program({ id: 'prog-a', name: 'Programa A (Chile)', countryId: 'CL', origin: 'SOURCE_DOCUMENT', figures: [] }),
      ]),
    );
    const data = await atlas.client.data(`{ report(groupBy: [PROGRAM]) { rows { program programName } } }`);
    expect((data.report.rows as Row[]).map((r) => r.programName)).toEqual([
      'Programa A (Chile)',
      'Program B (Peru)',
      'Program arriving late',
    ]);
  });
});

describe('a territory’s per-program counts name their program', () => {
  it('gives each program of Alto Hospicio its name', async () => {
    const data = await atlas.client.data(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Territory { crossProgram { byProgram { program programName actions } } } } }`,
      { r: [{ __typename: 'Territory', id: 'CL:01107' }] },
    );
    const byProgram: Row[] = data._entities[0].crossProgram.byProgram;
    expect(byProgram.map((p) => [p.program, p.programName])).toEqual(
      expect.arrayContaining([
        ['prog-a', 'Programa A (Chile)'],
        ['prog-late', 'Program arriving late'],
      ]),
    );
  });
});
