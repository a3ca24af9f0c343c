import { createSign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { GraphQLError, graphql } from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import {
  ANONYMOUS,
  DEFAULT_AUDIENCE,
  DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
  DEV_ISSUER,
  DEV_PRIVATE_KEY_FILE,
  DEV_PUBLIC_KEY_FILE,
  applyScopeDirectives,
  createVerifier,
  signToken,
  type AuthContext,
} from '../src';

const verify = createVerifier({ publicKey: readFileSync(DEV_PUBLIC_KEY_FILE, 'utf8'), issuer: DEV_ISSUER, audience: DEFAULT_AUDIENCE });

describe('token verification', () => {
  it('treats a missing header as anonymous', () => {
    expect(verify(undefined)).toBe(ANONYMOUS);
  });

  it('reads subject and scopes from a valid token', () => {
    const auth = verify(`Bearer ${signToken({ scopes: ['red-cultura:write', 'pii:read'], subject: 'ana' })}`);
    expect(auth.subject).toBe('ana');
    expect([...auth.scopes].sort()).toEqual(['pii:read', 'red-cultura:write']);
  });

  it.each([
    ['a malformed header', 'Token abc'],
    ['garbage', 'Bearer abc.def.ghi'],
    ['an expired token', `Bearer ${signToken({ scopes: [], expiresIn: -10 })}`],
    ['another audience', `Bearer ${signToken({ scopes: [], audience: 'someone-else' })}`],
  ])('rejects %s with UNAUTHENTICATED', (_label, header) => {
    try {
      verify(header);
      throw new Error('expected a rejection');
    } catch (err) {
      expect(err).toBeInstanceOf(GraphQLError);
      expect((err as GraphQLError).extensions.code).toBe('UNAUTHENTICATED');
    }
  });
});

describe('token lifetime', () => {
  const privateKey = readFileSync(DEV_PRIVATE_KEY_FILE, 'utf8');
  const DAY = DEFAULT_MAX_TOKEN_LIFETIME_SECONDS;
  const now = () => Math.floor(Date.now() / 1000);
  /**
   * A validly signed dev token with exactly these time claims and no others. Signed by hand because
   * jsonwebtoken's own signer adds `iat` and refuses a malformed one.
   */
  const bearer = (claims: { iat?: unknown; exp?: unknown }) => {
    const part = (json: object) => Buffer.from(JSON.stringify(json)).toString('base64url');
    const body = `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ scope: 'territories:write', sub: 'ana', iss: DEV_ISSUER, aud: DEFAULT_AUDIENCE, ...claims })}`;
    return `Bearer ${body}.${createSign('RSA-SHA256').update(body).sign(privateKey, 'base64url')}`;
  };
  const refusal = (check: () => unknown): GraphQLError => {
    try {
      check();
    } catch (err) {
      expect(err).toBeInstanceOf(GraphQLError);
      return err as GraphQLError;
    }
    throw new Error('expected the token to be refused');
  };

  it('defaults to a maximum of 24 hours', () => {
    expect(DAY).toBe(86_400);
  });

  it('refuses a validly signed token without exp, for the whole request (HTTP 401)', () => {
    const err = refusal(() => verify(bearer({ iat: now() })));
    expect(err.extensions).toEqual({ code: 'UNAUTHENTICATED', http: { status: 401 } });
    expect(err.message).toBe('Invalid token: the token has no expiry (exp claim); tokens must expire');
    expect(refusal(() => verify(`Bearer ${signToken({ scopes: [], expiresIn: null })}`)).message).toMatch(/no expiry/);
  });

  it('refuses a token living longer than the maximum, naming the maximum', () => {
    const iat = now() - 60;
    const err = refusal(() => verify(bearer({ iat, exp: iat + DAY + 1 })));
    expect(err.extensions.code).toBe('UNAUTHENTICATED');
    expect(err.message).toBe('Invalid token: the token lives 86401 s (24.0 h), longer than the maximum of 86400 s (24 h) this API accepts');
  });

  it('measures exp − iat when iat is present, on both sides of the boundary', () => {
    const iat = now() - 60;
    expect(verify(bearer({ iat, exp: iat + DAY })).subject).toBe('ana');
    expect(() => verify(bearer({ iat, exp: iat + DAY + 1 }))).toThrow(/longer than the maximum/);
    // Issued 30 hours ago, one hour left: still a 31-hour token.
    expect(() => verify(bearer({ iat: now() - 30 * 3600, exp: now() + 3600 }))).toThrow(/longer than the maximum/);
  });

  it('measures exp − now without iat, on both sides of the boundary', () => {
    expect(verify(bearer({ exp: now() + DAY - 5 })).subject).toBe('ana');
    expect(() => verify(bearer({ exp: now() + DAY + 5 }))).toThrow(/longer than the maximum/);
  });

  it('follows a configured maximum', () => {
    const hour = createVerifier({
      publicKey: readFileSync(DEV_PUBLIC_KEY_FILE, 'utf8'),
      issuer: DEV_ISSUER,
      audience: DEFAULT_AUDIENCE,
      maxTokenLifetimeSeconds: 3600,
    });
    const iat = now() - 10;
    expect(hour(bearer({ iat, exp: iat + 3600 })).subject).toBe('ana');
    expect(() => hour(bearer({ iat, exp: iat + 3601 }))).toThrow('longer than the maximum of 3600 s (1 h)');
    // The development default of 8 hours is too long for such a service.
    expect(() => hour(`Bearer ${signToken({ scopes: [] })}`)).toThrow(/longer than the maximum/);
    expect(() => createVerifier({ publicKey: '', issuer: DEV_ISSUER, audience: DEFAULT_AUDIENCE, maxTokenLifetimeSeconds: 0 })).toThrow(
      /maxTokenLifetimeSeconds/,
    );
  });

  it('refuses an iat dated in the future beyond clock skew, which would stretch the window', () => {
    expect(verify(bearer({ iat: now() + 30, exp: now() + 3600 })).subject).toBe('ana');
    expect(refusal(() => verify(bearer({ iat: now() + 3600, exp: now() + 7200 }))).message).toBe(
      'Invalid token: the token is issued in the future (iat)',
    );
    expect(refusal(() => verify(bearer({ iat: 'yesterday', exp: now() + 3600 }))).message).toBe('Invalid token: invalid iat value');
  });

  it('accepts the tokens signToken and `npm run token` issue by default (8 hours)', () => {
    expect(verify(`Bearer ${signToken({ scopes: ['pii:read'] })}`).scopes.has('pii:read')).toBe(true);
    expect(verify(`Bearer ${signToken({ scopes: [], expiresIn: '24h' })}`).subject).toBe('dev-user');
    expect(() => verify(`Bearer ${signToken({ scopes: [], expiresIn: '25h' })}`)).toThrow(/longer than the maximum/);
  });
});

describe('@requiresScopes and @authenticated enforced in the subgraph', () => {
  const typeDefs = parse(`
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@requiresScopes", "@authenticated"])
    type Query { open: String, mine: String @authenticated, email: String @requiresScopes(scopes: [["pii:read"], ["admin"]]) }
    type Mutation @requiresScopes(scopes: [["red-cultura:write"]]) { write: String, both: String @requiresScopes(scopes: [["pii:read"]]) }
  `);
  const schema = applyScopeDirectives(
    buildSubgraphSchema([
      {
        typeDefs,
        resolvers: { Query: { open: () => 'o', mine: () => 'm', email: () => 'e' }, Mutation: { write: () => 'w', both: () => 'b' } },
      },
    ]),
    (ctx: { auth: AuthContext }) => ctx.auth,
  );
  const as = (scopes: string[] | null) => ({ auth: scopes ? verify(`Bearer ${signToken({ scopes })}`) : ANONYMOUS });
  const codes = async (source: string, ctx: { auth: AuthContext }) =>
    ((await graphql({ schema, source, contextValue: ctx })).errors ?? []).map((e) => e.extensions.code);

  it('fails only the protected field, not the whole request, when a token is missing', async () => {
    const res = await graphql({ schema, source: '{ open email }', contextValue: as(null) });
    expect(res.data).toEqual({ open: 'o', email: null });
    expect(res.errors?.[0].extensions).toEqual({ code: 'UNAUTHENTICATED' });
  });

  it('lets anyone read public fields', async () => {
    expect(await codes('{ open }', as(null))).toEqual([]);
  });
  it('asks for a token on @authenticated fields', async () => {
    expect(await codes('{ mine }', as(null))).toEqual(['UNAUTHENTICATED']);
    expect(await codes('{ mine }', as([]))).toEqual([]);
  });
  it('accepts any one alternative of @requiresScopes and refuses the rest with FORBIDDEN', async () => {
    expect(await codes('{ email }', as(null))).toEqual(['UNAUTHENTICATED']);
    expect(await codes('{ email }', as(['red-cultura:write']))).toEqual(['FORBIDDEN']);
    expect(await codes('{ email }', as(['pii:read']))).toEqual([]);
    expect(await codes('{ email }', as(['admin']))).toEqual([]);
  });
  it('requires both a type-level and a field-level scope when both are declared', async () => {
    expect(await codes('mutation { write }', as(['red-cultura:write']))).toEqual([]);
    expect(await codes('mutation { both }', as(['red-cultura:write']))).toEqual(['FORBIDDEN']);
    expect(await codes('mutation { both }', as(['red-cultura:write', 'pii:read']))).toEqual([]);
  });
});
