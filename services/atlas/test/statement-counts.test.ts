import type { ActorSnapshot } from '@cultura/vocabulary';
import { expectConstantStatements, startTestService, type ListRelation, type TestService } from '@cultura/testkit';
import { territoriesService } from '@cultura/territories';
import { atlasService } from '../src/index';
import { applyChanges, type FeedChange } from '../src/feed/apply';
import { action, figure, FIXTURE } from './fixture';

/**
 * Every list of the atlas, each measured by its own query for one parent and for many: the statement
 * counts must be equal, so a relation that stops batching fails here by its list length. The index is the
 * hand-made fixture (test/fixture.ts) and, on top of it, sixty actions and thirty actors over both
 * countries. A new list is one more line in RELATIONS.
 *
 * The atlas resolves no field of the actions and actors it lists (their own services do, through the
 * gateway): its relations are the lists themselves, the report's rows (with their spans, sums and figures,
 * built in memory) and Territory.crossProgram (the crossProgram and crossProgramFigures loaders and the
 * request's one read of the scoped figures).
 *
 * Not here: Query.indexStatus, one statement for the followed feeds, with nothing below it to batch and
 * no argument to change its length.
 */
let territories: TestService;
let atlas: TestService;

const CL = ['CL:01101', 'CL:01107', 'CL:01401', 'CL:01402', 'CL:01403', 'CL:01404', 'CL:01405', 'CL:05'];
const PE = ['PE:150101', 'PE:150142', 'PE:130101', 'PE:070101', 'PE:01', 'PE:LMA'];

let cursor = 90_000;
function actor(a: Pick<ActorSnapshot, 'id' | 'programId' | 'typeName' | 'kind' | 'name' | 'territoryId'>): FeedChange {
  const snapshot: ActorSnapshot = { governmentLevel: 'LOCAL', domains: [], origin: 'SOURCE_DOCUMENT', figures: [], ...a };
  return {
    feed: a.programId,
    change: { cursor: `${++cursor}.1`, entity: 'actor', id: a.id, changedAt: new Date().toISOString(), snapshot },
  };
}

/** Sixty actions (some over two territories, with figures in two units) and thirty actors, over both countries. */
function bulk(): FeedChange[] {
  const changes: FeedChange[] = [];
  for (let i = 0; i < 60; i++) {
    const chile = i % 2 === 0;
    const places = chile ? CL : PE;
    const territoryIds = i % 5 === 0 ? [places[i % places.length], places[(i + 1) % places.length]] : [places[i % places.length]];
    const program = chile ? 'prog-a' : 'prog-b';
    changes.push(
      action({
        id: `bulk-${i}`,
        programId: program,
        kind: i % 3 === 0 ? 'TRAINING' : 'WORKSHOP',
        territoryIds,
        periodStart: i % 7 === 0 ? null : `${2022 + (i % 4)}-0${1 + (i % 9)}-15`,
        domains: i % 4 === 0 ? ['EDUCATION_AND_TRAINING'] : ['PERFORMANCE_AND_CELEBRATION', 'VISUAL_ARTS_AND_CRAFTS'],
        figures: [
          figure(
            {
              metric: 'PARTICIPANTS',
              value: 10 + i,
              qualifier: i % 6 === 0 ? 'MORE_THAN' : 'EXACT',
              unit: chile ? 'people' : 'public servants',
            },
            program,
          ),
          ...(i % 3 === 0 ? [figure({ metric: 'BUDGET', value: 100 * i, qualifier: 'EXACT', unit: 'USD', currency: 'USD' }, program)] : []),
        ],
      }),
    );
  }
  for (let i = 0; i < 30; i++) {
    const chile = i % 2 === 0;
    changes.push(
      actor({
        id: `actor-${i}`,
        programId: chile ? 'prog-a' : 'prog-b',
        typeName: chile ? 'Municipality' : 'CulturePoint',
        kind: chile ? 'MUNICIPALITY' : 'CULTURE_POINT',
        name: `Actor ${String(i).padStart(2, '0')}`,
        territoryId: (chile ? CL : PE)[i % (chile ? CL : PE).length],
      }),
    );
  }
  return changes;
}

beforeAll(async () => {
  territories = await startTestService(territoriesService);
  atlas = await startTestService(
    atlasService({ feeds: [], territories: territories.url, consumer: { pollMs: 50, batchSize: 500, timeoutMs: 5000 } }),
    {
      background: false,
    },
  );
  await atlas.dataSource.transaction((tx) => applyChanges(tx, [...FIXTURE, ...bulk()]));
});
afterAll(async () => {
  await atlas?.stop();
  await territories?.stop();
});

const ONE_VS_MANY = { small: { n: 1 }, large: { n: 100 } };

const actions = (relation: string, args: string): ListRelation => ({
  relation,
  query: `query($n: Int) { actions(first: $n${args}) { totalCount pageInfo { hasNextPage endCursor } edges { cursor } nodes { __typename id } } }`,
  ...ONE_VS_MANY,
  parents: (d) => d.actions.nodes.length,
});
const actors = (relation: string, args: string): ListRelation => ({
  relation,
  query: `query($n: Int) { actors(first: $n${args}) { totalCount pageInfo { hasNextPage } nodes { __typename id } } }`,
  ...ONE_VS_MANY,
  parents: (d) => d.actors.nodes.length,
});

const ROW = `spans { dimension values territories { id } } unknown actions
  participants { value qualifier unit figureCount actionsReporting }
  figures { metric value qualifier unit currency figureCount actionsReporting }
  reportedFigures { id label value qualifier programWide scope { id } period { precision } provenance { origin } }`;
/** A report's rows for one program's actions and for both programs' (or a narrower and a wider territory filter). */
const report = (relation: string, groupBy: string, small: Record<string, unknown>, large: Record<string, unknown>): ListRelation => ({
  relation,
  query: `query($f: CrossProgramActionFilter) { report(groupBy: [${groupBy}], filter: $f) {
    rows { country { id } firstLevel { id } region { id } territoryLevel territory { id } program programName kind domain year ${ROW} }
    total { ${ROW} } partlyOutside { ${ROW} } undatedLeftOut note } }`,
  small: { f: small },
  large: { f: large },
  parents: (d) => d.report.rows.length,
});
const ONE_PROGRAM = { programs: ['prog-b'] };
const BOTH_PROGRAMS = { programs: ['prog-a', 'prog-b'] };

const TERRITORIES = [
  'CL:01',
  'CL',
  'PE',
  'CL:011',
  'CL:01107',
  'CL:014',
  'CL:05',
  'PE:15',
  'PE:LMA',
  'PE:07',
  'PE:13',
  'PE:01',
  'PE:150101',
];
/** The atlas's view of a territory, as the gateway asks for it: for one territory and for thirteen. */
const territoryView = (relation: string, selection: string): ListRelation => ({
  relation,
  query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Territory { id crossProgram { ${selection} } } } }`,
  small: { r: TERRITORIES.slice(0, 1).map((id) => ({ __typename: 'Territory', id })) },
  large: { r: TERRITORIES.map((id) => ({ __typename: 'Territory', id })) },
  parents: (d) => d._entities.length,
});

const RELATIONS: ListRelation[] = [
  // The unified listings, in each order and filtered.
  actions('Query.actions', ''),
  actions('Query.actions(OLDEST_FIRST)', ', orderBy: OLDEST_FIRST'),
  actions('Query.actions(TITLE)', ', orderBy: TITLE'),
  actions('Query.actions(filter)', ', filter: { countries: ["CL", "PE"], programs: ["prog-a", "prog-b"], kinds: [WORKSHOP, TRAINING] }'),
  actors('Query.actors', ''),
  actors(
    'Query.actors(filter)',
    ', filter: { countries: ["CL", "PE"], programs: ["prog-a", "prog-b"], kinds: [MUNICIPALITY, CULTURE_POINT] }',
  ),
  // Report rows, from a rollup, from the actions themselves, and cut by a territory filter.
  report('Report.rows (PROGRAM, KIND)', 'PROGRAM, KIND', ONE_PROGRAM, BOTH_PROGRAMS),
  report('Report.rows (FIRST_LEVEL)', 'FIRST_LEVEL', ONE_PROGRAM, BOTH_PROGRAMS),
  report('Report.rows (REGION, YEAR)', 'REGION, YEAR', ONE_PROGRAM, BOTH_PROGRAMS),
  report('Report.rows (DOMAIN, TERRITORY_LEVEL)', 'DOMAIN, TERRITORY_LEVEL', ONE_PROGRAM, BOTH_PROGRAMS),
  report('Report.rows (TERRITORY)', 'TERRITORY', ONE_PROGRAM, BOTH_PROGRAMS),
  report('Report.rows (within)', 'TERRITORY, KIND', { within: ['CL:05'] }, { within: ['CL:01', 'CL:05', 'PE:15', 'PE:07'] }),
  // Territory.crossProgram, for one territory and for thirteen.
  territoryView('Territory.crossProgram', 'actions actors'),
  territoryView('CrossProgramCounts.byProgram', 'byProgram { program actions actionsPartlyElsewhere actors }'),
  territoryView('ProgramCount.programName', 'byProgram { program programName }'),
  territoryView(
    'ProgramCount.figures',
    'byProgram { program figures { metric value qualifier unit currency figureCount actionsReporting } }',
  ),
  territoryView(
    'ProgramCount.reportedFigures',
    'byProgram { program reportedFigures { id label value scope { id } } widerFigures { id label value programWide scope { id } } }',
  ),
];

describe('each list costs as many SQL statements for one parent as for many', () => {
  it.each(RELATIONS.map((r) => [r.relation, r] as const))('%s', async (_, r) => {
    await expectConstantStatements(atlas, r);
  });
});
