import { signToken, startTestService, type TestService } from '@cultura/testkit';
import { notesService } from './fixtures/notes-service';

let svc: TestService;

beforeAll(async () => {
  svc = await startTestService(notesService, { env: { AUTH_MAX_TOKEN_LIFETIME_SECONDS: '3600' } });
});
afterAll(async () => {
  await svc?.stop();
});

describe('a service verifies token lifetimes with AUTH_MAX_TOKEN_LIFETIME_SECONDS', () => {
  it('refuses, for the whole request with HTTP 401, tokens without exp or longer-lived than the maximum', async () => {
    for (const [token, message] of [
      [signToken({ scopes: [], expiresIn: null }), /no expiry/],
      [signToken({ scopes: [], expiresIn: '2h' }), /longer than the maximum of 3600 s \(1 h\)/],
    ] as const) {
      const res = await svc.client.error('UNAUTHENTICATED', '{ notes { id } }', {}, { token });
      expect(res.status).toBe(401);
      expect(res.data ?? null).toBeNull();
      expect(res.errors?.[0].message).toMatch(message);
    }
  });

  it('accepts a token within the maximum', async () => {
    await svc.client.data('{ notes { id } }', {}, { token: signToken({ scopes: [], expiresIn: '1h' }) });
  });
});
