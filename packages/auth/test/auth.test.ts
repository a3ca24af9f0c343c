import { readFileSync } from 'node:fs';
import { GraphQLError, graphql } from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { ANONYMOUS, DEV_PUBLIC_KEY_FILE, DEV_ISSUER, DEFAULT_AUDIENCE, applyScopeDirectives, createVerifier, signToken, type AuthContext } from '../src';

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

describe('@requiresScopes and @authenticated enforced in the subgraph', () => {
  const typeDefs = parse(`
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@requiresScopes", "@authenticated"])
    type Query { open: String, mine: String @authenticated, email: String @requiresScopes(scopes: [["pii:read"], ["admin"]]) }
    type Mutation @requiresScopes(scopes: [["red-cultura:write"]]) { write: String, both: String @requiresScopes(scopes: [["pii:read"]]) }
  `);
  const schema = applyScopeDirectives(
    buildSubgraphSchema([{ typeDefs, resolvers: { Query: { open: () => 'o', mine: () => 'm', email: () => 'e' }, Mutation: { write: () => 'w', both: () => 'b' } } }]),
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
