import { expectConstantStatements, type ListRelation } from '@cultura/testkit';
import { DECIDE, PII, SUBMIT, WRITE, applicationInput, startStack, type Stack } from './helpers';

/**
 * Every list relation of Puntos de Cultura, each measured by its own query for one parent and for many:
 * the statement counts must be equal, so a relation that stops batching fails here by its list length.
 * A new list relation is one more line in RELATIONS.
 *
 * Not here:
 * - CulturePoint.actions and PuntosCulturaTerritory.points past their first page (`after`): later pages
 *   are asked for one parent at a time and run a plain keyset query per parent, not through a loader
 *   (their first pages, from actionIdsOfPoint and pointIdsInTerritory, are below).
 * - PuntosCulturaQuery.results, .domains and .eligibilityRules: lists of the source document and the law
 *   with no argument to change their length (one statement, or none, whatever they hold) and no relation
 *   below them that reads the database.
 */
let stack: Stack;
const points: string[] = [];

const mutate = (query: string, input: Record<string, unknown>) => stack.puntos.client.data(query, { input }, { token: WRITE });

beforeAll(async () => {
  // The synthetic registry (169 points in 22 regions, each with its recognition) and, on top of it, eight
  // points recognised through the workflow (with their applications and resolutions), each with an
  // activity and a funding award; two network meetings of four points each; three lapsed points (two
  // history entries); one denied application.
  stack = await startStack({ districts: true, synthetic: true });
  for (let i = 1; i <= 8; i += 1) {
    const date = `2025-06-${String(i).padStart(2, '0')}`;
    const app = (
      await mutate(SUBMIT, applicationInput({ organisationName: `Statement Count Point ${i}`, districtId: 'PE:130101', taxId: null }))
    ).submitCulturePointApplication;
    const decided = (
      await mutate(DECIDE, { applicationId: app.id, decision: 'RECOGNISE', resolutionNumber: `RD ${800 + i}-2025`, resolutionDate: date })
    ).decideCulturePointApplication;
    const id: string = decided.culturePoint.id;
    points.push(id);
    await mutate(`mutation($input: RecordCulturePointActivityInput!) { recordCulturePointActivity(input: $input) { id } }`, {
      kind: 'COMMUNITY_ACTIVITY',
      title: `Festival ${i}`,
      culturePointIds: [id],
      period: { start: date },
      figures: [{ metric: 'PARTICIPANTS', value: 40 + i, unit: 'people' }],
    });
    await mutate(`mutation($input: RecordCulturePointFundingAwardInput!) { recordCulturePointFundingAward(input: $input) { id } }`, {
      culturePointId: id,
      competition: 'Concurso de Puntos de Cultura 2025',
      amount: 10000 + i,
      currency: 'PEN',
      year: 2025,
      awardedOn: `2025-07-${String(i).padStart(2, '0')}`,
    });
  }
  for (const [m, group] of [points.slice(0, 4), points.slice(4)].entries()) {
    await mutate(`mutation($input: RecordCultureNetworkMeetingInput!) { recordCultureNetworkMeeting(input: $input) { id } }`, {
      title: `Encuentro ${m + 1}`,
      scope: 'REGIONAL',
      period: { start: `2025-08-0${m + 1}` },
      territoryIds: ['PE:13'],
      culturePointIds: group,
      agreements: ['Meet again'],
    });
  }
  for (const id of points.slice(5)) {
    await mutate(`mutation($input: EndCulturePointRecognitionInput!) { lapseCulturePointRecognition(input: $input) { id } }`, {
      culturePointId: id,
      date: '2025-09-01',
      reason: 'Not renewed',
    });
  }
  const denied = (
    await mutate(SUBMIT, applicationInput({ organisationName: 'Statement Count Denied', districtId: 'PE:130101', taxId: null }))
  ).submitCulturePointApplication;
  await mutate(DECIDE, {
    applicationId: denied.id,
    decision: 'DENY',
    resolutionNumber: 'RD 899-2025',
    resolutionDate: '2025-06-20',
    reasons: ['Incomplete evidence'],
  });
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

const service = () => stack.puntos;
const ONE_VS_MANY = { small: { n: 1 }, large: { n: 100 } };
const USER_ONLY = '[USER]';

/** Culture points, by name: ours (the workflow's, filtered by origin) or every one, each asking for `selection`. */
const culturePoints = (relation: string, selection: string, origins = ''): ListRelation => ({
  relation,
  query: `query($n: Int) { puntosCultura { points(first: $n${origins ? `, filter: { origins: ${origins} }` : ''}) { totalCount nodes { id ${selection} } } } }`,
  ...ONE_VS_MANY,
  parents: (d) => d.puntosCultura.points.nodes.length,
});
/** Actions of some kinds (all when empty) recorded through this service, newest first, each asking for `selection`. */
const actions = (relation: string, kinds: string, selection: string): ListRelation => ({
  relation,
  query: `query($n: Int) { puntosCultura { actions(first: $n, filter: { origins: ${USER_ONLY}${kinds ? `, kinds: [${kinds}]` : ''} }) { nodes { id ${selection} } } } }`,
  ...ONE_VS_MANY,
  parents: (d) => d.puntosCultura.actions.nodes.length,
});
/** Applications, newest submission first, each asking for `selection` (with pii:read, for the contact). */
const applications = (relation: string, selection: string, statuses = ''): ListRelation => ({
  relation,
  query: `query($n: Int) { puntosCultura { applications(first: $n${statuses ? `, filter: { statuses: [${statuses}] }` : ''}) { totalCount nodes { id ${selection} } } } }`,
  ...ONE_VS_MANY,
  parents: (d) => d.puntosCultura.applications.nodes.length,
  options: { token: PII },
});
const REGIONS = [
  'PE:13',
  'PE:LMA',
  'PE:07',
  'PE:01',
  'PE:02',
  'PE:03',
  'PE:04',
  'PE:05',
  'PE:06',
  'PE:08',
  'PE:09',
  'PE:10',
  'PE:11',
  'PE:12',
  'PE:14',
  'PE:15',
  'PE',
];
/** Puntos de Cultura's view of a territory, as the gateway asks for it: for one region and for seventeen. */
const territoryView = (relation: string, selection: string): ListRelation => ({
  relation,
  query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Territory { id puntosCultura { ${selection} } } } }`,
  small: { r: REGIONS.slice(0, 1).map((id) => ({ __typename: 'Territory', id })) },
  large: { r: REGIONS.map((id) => ({ __typename: 'Territory', id })) },
  parents: (d) => d._entities.length,
});

const RELATIONS: ListRelation[] = [
  // Root lists.
  culturePoints('PuntosCulturaQuery.points', 'name status'),
  applications('PuntosCulturaQuery.applications', 'organisationName status submittedOn eligibility { eligible unmet { rule } }'),
  actions('PuntosCulturaQuery.actions', '', 'title kind period { start }'),
  {
    relation: 'PuntosCulturaQuery.actors',
    query: `query($n: Int) { puntosCultura { actors(first: $n) { totalCount nodes { id name kind program { id } } } } }`,
    ...ONE_VS_MANY,
    parents: (d) => d.puntosCultura.actors.nodes.length,
  },
  {
    // Culture points only, so the one actor of the small list is a point too (the first by name is the ministry).
    relation: 'PuntosCulturaQuery.actors (CulturePoint)',
    query: `query($n: Int) { puntosCultura { actors(first: $n, filter: { kinds: [CULTURE_POINT] }) { nodes { id ... on CulturePoint { status members } } } } }`,
    ...ONE_VS_MANY,
    parents: (d) => d.puntosCultura.actors.nodes.length,
  },
  {
    relation: 'PuntosCulturaQuery.figures',
    query: `query($m: [FigureMetric!]) { puntosCultura { figures(metrics: $m) { key label territories { id } figure { metric value qualifier } } } }`,
    small: { m: ['BUDGET'] },
    large: { m: null },
    parents: (d) => d.puntosCultura.figures.length,
  },
  {
    relation: 'PuntosCulturaQuery.evaluation',
    query: `query($k: [PuntosCulturaFindingKind!]) { puntosCultura { evaluation(kinds: $k) { id kind position text provenance { origin } } } }`,
    small: { k: ['EVALUATION_CONCLUSION'] },
    large: { k: null },
    parents: (d) => d.puntosCultura.evaluation.length,
  },
  {
    // Ours lie in one region; every origin covers 22.
    relation: 'PuntosCulturaQuery.regions',
    query: `query($o: [RecordOrigin!]) { puntosCultura { regions(statuses: [RECOGNISED, LAPSED], origins: $o) { region { id } culturePoints } } }`,
    small: { o: ['USER'] },
    large: { o: null },
    parents: (d) => d.puntosCultura.regions.length,
  },
  // CulturePoint: ours first (the workflow's), then every point of the registry.
  culturePoints(
    'CulturePoint.details',
    'organisationForm legalPersonality members areasOfWork populationsServed artisticExpressions networkMember',
  ),
  culturePoints('CulturePoint.program', 'program { id name lines { code } }'),
  culturePoints('CulturePoint.recognitionHistory', 'recognitionHistory { status date resolutionNumber reason provenance { origin } }'),
  culturePoints('CulturePoint.recognition', 'recognition { id resolutionNumber resolutionDate }'),
  culturePoints('CulturePoint.applications', 'applications { id status submittedOn }', USER_ONLY),
  culturePoints('CulturePoint.actions', 'actions(first: 3) { totalCount pageInfo { hasNextPage } nodes { id title kind } }', USER_ONLY),
  culturePoints(
    'CulturePoint.actions(kinds)',
    'actions(kinds: [FUNDING_AWARD, NETWORK_MEETING], first: 2) { totalCount nodes { id } }',
    USER_ONLY,
  ),
  culturePoints('CulturePoint.actions (whole registry)', 'actions(first: 2) { totalCount nodes { id } }'),
  // Action (every type), then each type's own relations.
  actions('Action.program', '', 'program { id } line { code name }'),
  actions('Action.participants', '', 'participants { role note actor { id name ... on CulturePoint { status } } }'),
  actions('Action.figures', '', 'figures { metric value qualifier unit }'),
  actions('Action.territories', '', 'territories { id }'),
  actions('Recognition.culturePoint', 'RECOGNITION', '... on Recognition { resolutionNumber culturePoint { id name status } }'),
  actions('Recognition.application', 'RECOGNITION', '... on Recognition { application { id status resolution { number } } }'),
  actions('FundingAward.culturePoint', 'FUNDING_AWARD', '... on FundingAward { amount currency culturePoint { id name } }'),
  actions('CulturePointActivity.culturePoints', 'COMMUNITY_ACTIVITY', '... on CulturePointActivity { culturePoints { id name status } }'),
  actions(
    'CultureNetworkMeeting.culturePoints',
    'NETWORK_MEETING',
    '... on CultureNetworkMeeting { scope agreements culturePoints { id name } }',
  ),
  // CulturePointApplication.
  applications('CulturePointApplication.resolution', 'resolution { number date kind reasons }'),
  // Recognised ones, so the small list's application has a point too (the newest is the denied one).
  applications('CulturePointApplication.culturePoint', 'culturePoint { id name status recognitionHistory { status } }', 'RECOGNISED'),
  applications(
    'CulturePointApplication.evidence',
    'evidence { kind description url date } areasOfWork domains artisticExpressions populationsServed',
  ),
  applications('CulturePointApplication.contact', 'contact { name email phone }'),
  applications('CulturePointApplication.district', 'district { id } provenance { origin }'),
  // Puntos de Cultura's view of a territory, for one region and for seventeen.
  territoryView('PuntosCulturaTerritory.counts', 'recognised total'),
  territoryView('PuntosCulturaTerritory.byStatus', 'byStatus { status count }'),
  territoryView('PuntosCulturaTerritory.byDomain', 'byDomain(statuses: [RECOGNISED, LAPSED]) { domain count }'),
  territoryView(
    'PuntosCulturaTerritory.figures',
    'figures(context: true) { relation figure { key label territories { id } figure { value } } }',
  ),
  territoryView(
    'PuntosCulturaTerritory.points',
    'points(first: 3) { totalCount pageInfo { hasNextPage } nodes { id name status recognition { id } } }',
  ),
  territoryView('PuntosCulturaTerritory.points(statuses)', 'points(statuses: [LAPSED], first: 2) { totalCount nodes { id } }'),
];

describe('each list relation costs as many SQL statements for one parent as for many', () => {
  it.each(RELATIONS.map((r) => [r.relation, r] as const))('%s', async (_, r) => {
    await expectConstantStatements(service(), r);
  });
});
