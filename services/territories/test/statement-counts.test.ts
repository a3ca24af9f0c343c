import path from 'node:path';
import { expectConstantStatements, startTestService, type ListRelation, type TestService } from '@cultura/testkit';
import { territoriesService } from '../src/index';
import { importOfficialGazetteer } from '../src/gazetteer/official';

const GAZETTEERS = path.resolve(__dirname, '../../../../shared/data/gazetteers');

/**
 * Every list relation of the gazetteer, each measured by its own query for one territory and for many:
 * the statement counts must be equal, so a relation that stops batching fails here by its list length.
 * A new list relation is one more line in RELATIONS.
 *
 * Not here: `children` and `members` with `after`, pages past the first, fetched per parent by design.
 */
let svc: TestService;

beforeAll(async () => {
  svc = await startTestService(territoriesService);
  // The official gazetteers: Lima Metropolitana's 44 districts each lie in an area.
  await importOfficialGazetteer(svc.dataSource, { dir: GAZETTEERS });
});
afterAll(async () => {
  await svc?.stop();
});

/** Territories of a list (`filter`, GraphQL arguments), each asking for `selection`. */
const list = (relation: string, filter: string, selection: string, large = 100): ListRelation => ({
  relation,
  query: `query($n: Int) { territories(${filter}, first: $n) { nodes { id ${selection} } } }`,
  small: { n: 1 },
  large: { n: large },
  parents: (d) => d.territories.nodes.length,
});
const COMUNAS = 'country: CL, level: THIRD_LEVEL';
const DEPARTMENTS = 'country: PE, level: FIRST_LEVEL';
const AREAS = 'level: AREA';
/** The districts of department 15: each lies in one of two areas, Lima Metropolitana or Lima Provincias. */
const LIMA_DISTRICTS = 'within: "PE:15", level: THIRD_LEVEL';
const IDS = ['CL:01107', 'CL:01101', 'PE:15', 'PE:LMA', 'PE:LIM', 'PE:07', 'CL:01'];

const RELATIONS: ListRelation[] = [
  // Root lists.
  list('Query.territories', COMUNAS, 'name'),
  {
    relation: 'Query.territoriesByIds',
    query: `query($ids: [ID!]!) { territoriesByIds(ids: $ids) { id name } }`,
    small: { ids: IDS.slice(0, 1) },
    large: { ids: IDS },
    parents: (d) => d.territoriesByIds.length,
  },
  {
    relation: 'Query._entities',
    query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Territory { id name } } }`,
    small: { r: IDS.slice(0, 1).map((id) => ({ __typename: 'Territory', id })) },
    large: { r: IDS.map((id) => ({ __typename: 'Territory', id })) },
    parents: (d) => d._entities.length,
  },
  // Territory.
  list('Territory.alternateCodes', DEPARTMENTS, 'alternateCodes { scheme code } alternateNames'),
  list('Territory.parent', COMUNAS, 'parent { id name }'),
  list('Territory.ancestors', COMUNAS, 'ancestors { id name }'),
  list('Territory.firstLevel', COMUNAS, 'firstLevel { id name }'),
  list('Territory.region', COMUNAS, 'region { id name }'),
  list('Territory.areas', LIMA_DISTRICTS, 'areas { id name }', 200),
  list('Territory.children', DEPARTMENTS, 'children(first: 5) { nodes { id } pageInfo { hasNextPage } }'),
  list('Territory.children.totalCount', DEPARTMENTS, 'children(first: 5) { totalCount }'),
  list('Territory.siblings', COMUNAS, 'siblings(first: 3) { id }'),
  list('Territory.members', AREAS, 'members(first: 5) { nodes { id } pageInfo { hasNextPage } }'),
  list('Territory.members.totalCount', AREAS, 'members(first: 5) { totalCount }'),
];

describe('each list relation costs as many SQL statements for one territory as for many', () => {
  it.each(RELATIONS.map((r) => [r.relation, r] as const))('%s', async (_, r) => {
    await expectConstantStatements(svc, r);
  });
});
