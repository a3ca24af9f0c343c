import { signToken, startTestGateway, startTestService, type TestGateway, type TestService } from '@cultura/testkit';
import { territoriesService } from '@cultura/territories';
import { DEFAULT_QUERY } from '../src';

let territories: TestService;
let gateway: TestGateway;

beforeAll(async () => {
  territories = await startTestService(territoriesService);
  gateway = await startTestGateway([{ name: 'territories', url: territories.url }]);
});
afterAll(async () => {
  await gateway?.stop();
  await territories?.stop();
});

describe('territories through the gateway', () => {
  it('answers the explorer’s example: Alto Hospicio up to its region and country, with its sibling comunas', async () => {
    const data = await gateway.client.data(DEFAULT_QUERY);
    const t = data.territory;
    expect(t).toMatchObject({ id: 'CL:01107', name: 'Alto Hospicio', localKind: 'comuna', officialCode: '01107' });
    expect(t.firstLevel).toMatchObject({ id: 'CL:01', name: 'Tarapacá', isoCode: 'CL-TA' });
    expect(t.ancestors.map((a: { id: string }) => a.id)).toEqual(['CL', 'CL:01', 'CL:011']);
    expect(t.siblings).toEqual([expect.objectContaining({ id: 'CL:01101', name: 'Iquique' })]);
  });

  it('passes the token to the service, which enforces @requiresScopes on mutations', async () => {
    const mutation = `mutation Add($input: AddLocalTerritoryInput!) { addLocalTerritory(input: $input) { id name parent { id } } }`;
    const input = { parentId: 'CL:01107', name: 'La Pampa', kind: 'NEIGHBOURHOOD' };

    const anonymous = await gateway.client.error('UNAUTHENTICATED', mutation, { input });
    expect(anonymous.data ?? null).toBeNull();

    await gateway.client.error('FORBIDDEN', mutation, { input }, { token: signToken({ scopes: ['red-cultura:write'] }) });

    const data = await gateway.client.data(mutation, { input }, { token: signToken({ scopes: ['territories:write'] }) });
    expect(data.addLocalTerritory).toMatchObject({ name: 'La Pampa', parent: { id: 'CL:01107' } });
  });
});
