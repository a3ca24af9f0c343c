import { expectConstantStatements, signToken, startTestService, type ListRelation, type TestService } from '@cultura/testkit';
import { territoriesService } from '@cultura/territories';
import { redCulturaService } from '../src/index';

/**
 * Every list relation of Red Cultura, each measured by its own query for one parent and for every parent:
 * the statement counts must be equal, so a relation that stops batching fails here by its list length.
 * A new list relation is one more line in RELATIONS.
 *
 * Not here: RedCulturaTerritory.actions, a paged and filtered connection run per territory (listActions),
 * not through a loader; it costs its two statements per territory.
 */
let territories: TestService;
let svc: TestService;
const editor = signToken({ scopes: ['red-cultura:write'], subject: 'editora-rc' });

beforeAll(async () => {
  territories = await startTestService(territoriesService);
  svc = await startTestService(redCulturaService({ territoriesUrl: territories.url }));
  // The seed records no advisory session: two centres get one, so CulturalCentre.advisory and
  // AdvisorySession.centre have more than one parent.
  for (const centre of ['centro-cultural-alto-hospicio', 'centro-cultural-pozo-almonte']) {
    await svc.client.data(
      `mutation($c: ID!) { recordAdvisorySession(input: { centreId: $c, areas: [PLANNING], date: "2026-10-05" }) { id } }`,
      { c: `red-cultura:actor:${centre}` },
      { token: editor },
    );
  }
});
afterAll(async () => {
  await svc?.stop();
  await territories?.stop();
});

const nodes = (list: 'actions' | 'actors' | 'plans') => (d: any) => d.redCultura[list].nodes.length;
const ONE_VS_ALL = { small: { n: 1 }, large: { n: 100 } };

/** Actions of some kinds (all when `kinds` is empty), each asking for `selection`. */
const actions = (relation: string, kinds: string, selection: string): ListRelation => ({
  relation,
  query: `query($n: Int) { redCultura { actions(first: $n${kinds ? `, filter: { kinds: [${kinds}] }` : ''}) { nodes { id ${selection} } } } }`,
  ...ONE_VS_ALL,
  parents: nodes('actions'),
});
const actors = (relation: string, kind: string, selection: string): ListRelation => ({
  relation,
  query: `query($n: Int) { redCultura { actors(first: $n, filter: { kinds: [${kind}] }) { nodes { id ${selection} } } } }`,
  ...ONE_VS_ALL,
  parents: nodes('actors'),
});
const COMUNAS = ['CL:01101', 'CL:01107', 'CL:01401', 'CL:01402', 'CL:01403', 'CL:01404', 'CL:01405'];
const territoryView = (relation: string, selection: string): ListRelation => ({
  relation,
  query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Territory { id redCultura { ${selection} } } } }`,
  small: { r: COMUNAS.slice(1, 2).map((id) => ({ __typename: 'Territory', id })) },
  large: { r: COMUNAS.map((id) => ({ __typename: 'Territory', id })) },
  parents: (d) => d._entities.length,
});

const RELATIONS: ListRelation[] = [
  // Root lists.
  actions('RedCulturaQuery.actions', '', 'title'),
  actors('RedCulturaQuery.actors', 'MUNICIPALITY, CULTURAL_CENTRE, NEIGHBOURHOOD', 'name'),
  {
    relation: 'RedCulturaQuery.plans',
    query: `query($n: Int) { redCultura { plans(first: $n) { totalCount nodes { id title } } } }`,
    ...ONE_VS_ALL,
    parents: nodes('plans'),
  },
  // Action (every type).
  actions('Action.territories', '', 'territories { id }'),
  actions('Action.participants', '', 'participants { role actor { id name } }'),
  actions('Action.figures', '', 'figures { value qualifier }'),
  actions('Action.program', '', 'program { name lines { code } }'),
  // MunicipalCulturePlan.
  {
    relation: 'MunicipalCulturePlan.stageHistory',
    query: `query($n: Int) { redCultura { plans(first: $n) { nodes { id ... on MunicipalCulturePlan { stageHistory { from to date } } } } } }`,
    ...ONE_VS_ALL,
    parents: nodes('plans'),
  },
  {
    relation: 'MunicipalCulturePlan.participationProcesses',
    query: `query($n: Int) { redCultura { plans(first: $n) { nodes { id ... on MunicipalCulturePlan { stage participationProcesses } } } } }`,
    ...ONE_VS_ALL,
    parents: nodes('plans'),
  },
  {
    relation: 'MunicipalCulturePlan.municipality',
    query: `query($n: Int) { redCultura { plans(first: $n) { nodes { id ... on MunicipalCulturePlan { municipality { name } } } } } }`,
    ...ONE_VS_ALL,
    parents: nodes('plans'),
  },
  // AdvisorySession and Alliance.
  actions('AdvisorySession.centre', 'ADVISORY', '... on AdvisorySession { areas centre { name } }'),
  actions('Alliance.centre', 'ALLIANCE', '... on Alliance { centre { name } council { name } }'),
  // Actors.
  actors('Municipality.centres', 'MUNICIPALITY', '... on Municipality { centres { id name } }'),
  actors('Municipality.plan', 'MUNICIPALITY', '... on Municipality { plan { id } }'),
  actors('CulturalCentre.advisory', 'CULTURAL_CENTRE', '... on CulturalCentre { advisory { id } }'),
  actors('CulturalCentre.alliances', 'CULTURAL_CENTRE', '... on CulturalCentre { alliances { id } }'),
  actors('CulturalCentre.municipality', 'CULTURAL_CENTRE', '... on CulturalCentre { municipality { name } }'),
  // Red Cultura's view of a territory, for one comuna and for seven.
  territoryView('RedCulturaTerritory.centres', 'centres { name }'),
  territoryView('RedCulturaTerritory.municipalities', 'municipalities { name }'),
  territoryView('RedCulturaTerritory.actionsByLine', 'actionsByLine { count actions { id } }'),
  territoryView('RedCulturaTerritory.plan', 'plan { id }'),
];

describe('each list relation costs as many SQL statements for one parent as for all', () => {
  it.each(RELATIONS.map((r) => [r.relation, r] as const))('%s', async (_, r) => {
    await expectConstantStatements(svc, r);
  });
});
