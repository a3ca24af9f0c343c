import { signToken, startTestService, type TestService } from '@cultura/testkit';
import { DEFAULT_TERRITORIES_URL } from '@cultura/service-kit';
import { loadEnv } from '../src/env';
import { redGestionOptions, redGestionService } from '../src/index';
import { snapshot } from './helpers';

describe('configuration', () => {
  it('defaults to port 4003, embedded PostgreSQL on 54303, the local territories service and no synthetic data', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({
      PORT: 4003,
      EMBEDDED_POSTGRES_PORT: 54303,
      TERRITORIES_URL: DEFAULT_TERRITORIES_URL,
      LOAD_SYNTHETIC_DATA: false,
      LOAD_DEFAULT_DATA: true,
    });
  });

  it('reports every bad value at once', () => {
    const bad = () => loadEnv({ TERRITORIES_URL: 'ftp://territories', LOAD_SYNTHETIC_DATA: 'maybe' });
    expect(bad).toThrow(/TERRITORIES_URL must use http or https/);
    expect(bad).toThrow(/LOAD_SYNTHETIC_DATA must be true or false/);
  });
});

describe('writes when the territories service cannot answer', () => {
  let red: TestService;
  beforeAll(async () => {
    // Nothing listens on port 9 here: the connection is refused at once.
    const env = { TERRITORIES_URL: 'http://127.0.0.1:9/graphql', TERRITORIES_TIMEOUT_MS: '500' };
    red = await startTestService(redGestionService(redGestionOptions(loadEnv(env))), { env });
  });
  afterAll(async () => {
    await red?.stop();
  });

  it('refuses to register an entity it cannot place (SERVICE_UNAVAILABLE) and writes nothing', async () => {
    const before = await snapshot(red);
    await red.client.error(
      'SERVICE_UNAVAILABLE',
      `mutation { registerEntity(input: { name: "Gobierno Regional de Tacna", entityKind: REGIONAL_GOVERNMENT, territoryId: "PE:23" }) { id } }`,
      {},
      { token: signToken({ scopes: ['red-gestion:write'] }), field: 'input.territoryId' },
    );
    expect(await snapshot(red)).toEqual(before);
  });
});
