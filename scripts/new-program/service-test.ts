import type { TemplateContext } from './templates';

/** Its first tests. */
export function serviceTest({ p, P, c, q }: TemplateContext): Record<string, string> {
  return {
    [`test/${p.name}.test.ts`]: `${p.testGazetteerDir ? "import path from 'node:path';\n" : ''}import { signToken, startWithTerritories, type TestService, type WithTerritories } from '@cultura/testkit';
import { ${c}Service } from '../src/index';

let stack: WithTerritories;
let svc: TestService;
const editor = signToken({ scopes: ['${p.name}:write'] });
const RECORD = \`mutation($input: Record${P}ActionInput!) { record${P}Action(input: $input) {
  id title status territories { id } figures { value qualifier unit } } }\`;

beforeAll(async () => {
  stack = await startWithTerritories((territoriesUrl) => ${c}Service({ territoriesUrl })${
    p.testGazetteerDir ? `, { gazetteers: [${q(p.country)}], gazetteerDir: path.resolve(__dirname, ${q(p.testGazetteerDir)}) }` : ''
  });
  svc = stack.service;
});
afterAll(async () => {
  await stack?.stop();
});

describe(${q(p.title)}, () => {
  it('serves its program, and no action until one is recorded', async () => {
    const data = await svc.client.data(\`{ ${c} { program { id name country { id } } actions { totalCount } } }\`);
    expect(data.${c}).toEqual({ program: { id: ${q(p.name)}, name: ${q(p.title)}, country: { id: ${q(p.country)} } }, actions: { totalCount: 0 } });
  });

  it('records an action with its figures, keeping their qualifier, and lists it', async () => {
    const input = { title: 'Encuentro comunitario', kind: 'WORKSHOP', territoryIds: [${q(p.sampleTerritory)}], figures: [{ metric: 'PARTICIPANTS', value: 40, qualifier: 'MORE_THAN', unit: 'people' }] };
    const recorded = (await svc.client.data(RECORD, { input }, { token: editor })).record${P}Action;
    expect(recorded).toMatchObject({ title: 'Encuentro comunitario', status: 'IN_PROGRESS', territories: [{ id: ${q(p.sampleTerritory)} }], figures: [{ value: 40, qualifier: 'MORE_THAN', unit: 'people' }] });
    const listed = await svc.client.data(\`{ ${c} { actions { nodes { id } } } }\`);
    expect(listed.${c}.actions.nodes).toEqual([{ id: recorded.id }]);
  });

  it('refuses a write without its scope, an unknown territory and one abroad, writing nothing', async () => {
    const before = await svc.client.data(\`{ ${c} { actions { totalCount } } }\`);
    const input = { title: 'Taller', kind: 'WORKSHOP', territoryIds: [${q(p.sampleTerritory)}] };
    await svc.client.error('UNAUTHENTICATED', RECORD, { input });
    await svc.client.error('FORBIDDEN', RECORD, { input }, { token: signToken({ scopes: ['pii:read'] }) });
    await svc.client.error('BAD_USER_INPUT', RECORD, { input: { ...input, territoryIds: [${q(`${p.country}:99`)}] } }, { token: editor, field: 'input.territoryIds' });
    await svc.client.error('BAD_USER_INPUT', RECORD, { input: { ...input, territoryIds: [${q(p.country === 'CL' ? 'PE:15' : 'CL:01')}] } }, { token: editor, field: 'input.territoryIds' });
    expect(await svc.client.data(\`{ ${c} { actions { totalCount } } }\`)).toEqual(before);
  });
});
`,
  };
}
