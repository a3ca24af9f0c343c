import { createSign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  GraphQLError,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  buildSchema,
  graphql,
  parse,
  type ObjectTypeDefinitionNode,
} from 'graphql';
import {
  ANONYMOUS,
  DEFAULT_AUDIENCE,
  DEV_ISSUER,
  DEV_PRIVATE_KEY_FILE,
  DEV_PUBLIC_KEY_FILE,
  applyScopeDirectives,
  assertAuthenticated,
  assertScopes,
  createVerifier,
  resolvePublicKey,
  signToken,
  writeScope,
  type AuthContext,
} from '../src';

const publicKey = readFileSync(DEV_PUBLIC_KEY_FILE, 'utf8');
const privateKey = readFileSync(DEV_PRIVATE_KEY_FILE, 'utf8');
const verify = createVerifier({ publicKey, issuer: DEV_ISSUER, audience: DEFAULT_AUDIENCE });

/** A validly signed dev token with exactly these claims (besides issuer and audience). */
function bearer(claims: Record<string, unknown>): string {
  const part = (json: object) => Buffer.from(JSON.stringify(json)).toString('base64url');
  const body = `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ iss: DEV_ISSUER, aud: DEFAULT_AUDIENCE, ...claims })}`;
  return `Bearer ${body}.${createSign('RSA-SHA256').update(body).sign(privateKey, 'base64url')}`;
}

function refusal(check: () => unknown): GraphQLError {
  try {
    check();
  } catch (err) {
    expect(err).toBeInstanceOf(GraphQLError);
    return err as GraphQLError;
  }
  throw new Error('expected a refusal');
}

const caller = (scopes: string[]): AuthContext => ({ subject: 'ana', scopes: new Set(scopes), authorization: 'Bearer token' });

describe('the Authorization header', () => {
  const token = signToken({ scopes: ['pii:read'], subject: 'ana' });

  it('accepts "Bearer" in any case, padded, with more than one space before the token', () => {
    expect(verify(`  Bearer ${token}  `).subject).toBe('ana');
    expect(verify(`bearer ${token}`).subject).toBe('ana');
    expect(verify(`Bearer   ${token}`).subject).toBe('ana');
  });

  it.each([
    ['text before the scheme', `xBearer ${token}`],
    ['text after the token', `Bearer ${token} extra`],
    ['no token', 'Bearer'],
  ])('refuses %s for the whole request (HTTP 401)', (_label, header) => {
    const err = refusal(() => verify(header));
    expect(err.message).toBe('Authorization header must be "Bearer <token>"');
    expect(err.extensions).toEqual({ code: 'UNAUTHENTICATED', http: { status: 401 } });
  });

  it('says why a token does not verify, for the whole request', () => {
    const err = refusal(() => verify(`Bearer ${signToken({ scopes: [], issuer: 'someone' })}`));
    expect(err.message).toBe('Invalid token: jwt issuer invalid. expected: cultura-graph-dev');
    expect(err.extensions).toEqual({ code: 'UNAUTHENTICATED', http: { status: 401 } });
  });
});

describe('claims read from a verified token', () => {
  const exp = () => Math.floor(Date.now() / 1000) + 600;

  it('reads space-separated scopes, ignoring extra spaces', () => {
    expect([...verify(bearer({ sub: 'ana', scope: '  a:write   pii:read ', exp: exp() })).scopes]).toEqual(['a:write', 'pii:read']);
  });

  it('reads a `scp` list, keeping only its strings', () => {
    expect([...verify(bearer({ sub: 'ana', scp: ['a:write', 7, 'pii:read'], exp: exp() })).scopes]).toEqual(['a:write', 'pii:read']);
  });

  it('has no scopes and no subject when the token names none', () => {
    const auth = verify(bearer({ exp: exp() }));
    expect(auth.subject).toBeNull();
    expect(auth.scopes.size).toBe(0);
  });

  it('signs tokens for a "dev-user" unless told whom', () => {
    expect(verify(`Bearer ${signToken({ scopes: [] })}`).subject).toBe('dev-user');
  });

  it('names write scopes after their owner', () => {
    expect(writeScope('red-cultura')).toBe('red-cultura:write');
  });
});

describe('token times, at a fixed clock', () => {
  const NOW = 1_800_000_000;
  beforeEach(() => jest.useFakeTimers({ now: NOW * 1000 }));
  afterEach(() => jest.useRealTimers());

  it('accepts an iat up to 60 s ahead of our clock and refuses one a second later', () => {
    expect(verify(bearer({ sub: 'ana', iat: NOW + 60, exp: NOW + 3600 })).subject).toBe('ana');
    expect(refusal(() => verify(bearer({ sub: 'ana', iat: NOW + 61, exp: NOW + 3600 }))).message).toBe(
      'Invalid token: the token is issued in the future (iat)',
    );
  });

  it('describes lifetimes under an hour in seconds, and longer ones in hours too', () => {
    const short = createVerifier({ publicKey, issuer: DEV_ISSUER, audience: DEFAULT_AUDIENCE, maxTokenLifetimeSeconds: 60 });
    expect(refusal(() => short(bearer({ iat: NOW, exp: NOW + 120 }))).message).toBe(
      'Invalid token: the token lives 120 s, longer than the maximum of 60 s this API accepts',
    );
    const hour = createVerifier({ publicKey, issuer: DEV_ISSUER, audience: DEFAULT_AUDIENCE, maxTokenLifetimeSeconds: 3600 });
    expect(refusal(() => hour(bearer({ iat: NOW, exp: NOW + 5400 }))).message).toBe(
      'Invalid token: the token lives 5400 s (1.5 h), longer than the maximum of 3600 s (1 h) this API accepts',
    );
    expect(hour(bearer({ sub: 'ana', iat: NOW, exp: NOW + 3600 })).subject).toBe('ana');
  });

  it.each([0, -5, 1.5])('refuses to build a verifier whose maximum lifetime is %s', (max) => {
    expect(() => createVerifier({ publicKey, issuer: DEV_ISSUER, audience: DEFAULT_AUDIENCE, maxTokenLifetimeSeconds: max })).toThrow(
      `maxTokenLifetimeSeconds must be a positive whole number of seconds, got ${max}`,
    );
  });
});

describe('where the public key comes from', () => {
  it('takes AUTH_PUBLIC_KEY first, with its escaped newlines restored', () => {
    expect(resolvePublicKey({ key: 'line one\\nline two', file: '/nonexistent', production: true })).toBe('line one\nline two');
  });

  it('then AUTH_PUBLIC_KEY_FILE', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'auth-key-'));
    try {
      writeFileSync(path.join(dir, 'key.pem'), 'the key');
      expect(resolvePublicKey({ file: path.join(dir, 'key.pem'), production: true })).toBe('the key');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('falls back to the development key only outside production', () => {
    expect(resolvePublicKey({ production: false })).toBe(publicKey);
    expect(() => resolvePublicKey({ production: true })).toThrow(
      'AUTH_PUBLIC_KEY or AUTH_PUBLIC_KEY_FILE is required when NODE_ENV=production',
    );
  });
});

describe('scope checks', () => {
  it('lets anyone through when no scope is asked for', () => {
    expect(() => assertScopes(ANONYMOUS, [], 'Query.open')).not.toThrow();
  });

  it('asks an anonymous caller for a token, naming the field', () => {
    const err = refusal(() => assertScopes(ANONYMOUS, [['pii:read']], 'Query.email'));
    expect(err.message).toBe('Query.email requires a bearer token');
    expect(err.extensions).toEqual({ code: 'UNAUTHENTICATED' });
    expect(refusal(() => assertAuthenticated(ANONYMOUS, 'Query.mine')).message).toBe('Query.mine requires a bearer token');
    expect(() => assertAuthenticated(caller([]), 'Query.mine')).not.toThrow();
  });

  it('needs every scope of one alternative, and names them all when none is met', () => {
    const alternatives = [['a:write', 'pii:read'], ['admin']];
    expect(() => assertScopes(caller(['a:write', 'pii:read']), alternatives, 'Mutation.x')).not.toThrow();
    expect(() => assertScopes(caller(['admin']), alternatives, 'Mutation.x')).not.toThrow();
    const err = refusal(() => assertScopes(caller(['a:write']), alternatives, 'Mutation.x'));
    expect(err.message).toBe('Mutation.x requires scope a:write + pii:read or admin');
    expect(err.extensions).toEqual({ code: 'FORBIDDEN', requiredScopes: alternatives });
  });
});

describe('directives on type extensions count like those on the type', () => {
  const schema = applyScopeDirectives(
    buildSchema(`
      directive @authenticated on OBJECT | FIELD_DEFINITION
      directive @requiresScopes(scopes: [[String!]!]!) on OBJECT | FIELD_DEFINITION
      type Query { open: String }
      type Mutation { first: String }
      extend type Mutation @requiresScopes(scopes: [["a:write"]]) { second: String }
      extend type Query @authenticated { mine: String }
      extend type Query { other: String }
      type Public { old: String @deprecated(reason: "use new") }
      extend type Query { public: Public }
    `),
    (ctx: { auth: AuthContext }) => ctx.auth,
  );
  const rootValue = { open: 'o', mine: 'm', other: 't', first: 'f', second: 's', public: { old: 'x' } };
  // Codes compared strictly: toEqual would take [undefined] (an error without a code) for [].
  const run = async (source: string, auth: AuthContext) => {
    const res = await graphql({ schema, source, rootValue, contextValue: { auth } });
    // Plain objects: graphql-js builds its results without a prototype.
    return { codes: res.errors?.map((e) => e.extensions.code) ?? [], data: JSON.parse(JSON.stringify(res.data)) };
  };

  it('asks for a token on every field of a type extended with @authenticated', async () => {
    expect((await run('{ open mine other }', ANONYMOUS)).codes).toStrictEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED']);
    expect(await run('{ open mine other }', caller([]))).toStrictEqual({ codes: [], data: { open: 'o', mine: 'm', other: 't' } });
  });

  it('asks for the scopes of a type extended with @requiresScopes on all its fields', async () => {
    expect((await run('mutation { first second }', caller([]))).codes).toStrictEqual(['FORBIDDEN', 'FORBIDDEN']);
    expect(await run('mutation { first second }', caller(['a:write']))).toStrictEqual({ codes: [], data: { first: 'f', second: 's' } });
  });

  it('leaves fields with other directives public', async () => {
    const res = await graphql({ schema, source: '{ public { old } }', rootValue, contextValue: { auth: caller([]) } });
    expect(res.data).toEqual({ public: { old: 'x' } });
    const pub = schema.getType('Public') as GraphQLObjectType;
    expect(pub.getFields().old.resolve).toBeUndefined();
  });
});

describe('a schema built in code, without SDL', () => {
  it('has no directives to enforce, and keeps its resolvers', async () => {
    const schema = applyScopeDirectives(
      new GraphQLSchema({
        query: new GraphQLObjectType({ name: 'Query', fields: { hello: { type: GraphQLString, resolve: () => 'hi' } } }),
      }),
      (ctx: { auth: AuthContext }) => ctx.auth,
    );
    expect((await graphql({ schema, source: '{ hello }', contextValue: { auth: ANONYMOUS } })).data).toEqual({ hello: 'hi' });
  });
});

describe('resolvers behind a directive', () => {
  it('are the service’s own, called once the caller passes', async () => {
    const astNode = (parse('type Q { secret: String @authenticated }').definitions[0] as ObjectTypeDefinitionNode).fields![0];
    const schema = applyScopeDirectives(
      new GraphQLSchema({
        query: new GraphQLObjectType({
          name: 'Query',
          fields: { secret: { type: GraphQLString, resolve: () => 'from the resolver', astNode } },
        }),
      }),
      (ctx: { auth: AuthContext }) => ctx.auth,
    );
    expect((await graphql({ schema, source: '{ secret }', contextValue: { auth: caller([]) } })).data).toEqual({
      secret: 'from the resolver',
    });
    expect(
      (await graphql({ schema, source: '{ secret }', contextValue: { auth: ANONYMOUS } })).errors?.map((e) => e.message),
    ).toStrictEqual(['Query.secret requires a bearer token']);
  });
});
