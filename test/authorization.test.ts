/**
 * The authorization table, generated from the committed supergraph: every mutation must require its own
 * program's write scope, and calling it anonymously, with another program's scope, or with an expired
 * token must be refused with nothing written anywhere. A new mutation is checked without anyone adding a
 * case; one without `@requiresScopes` fails here.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  Kind,
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  isLeafType,
  parse,
  type FieldDefinitionNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type IntrospectionQuery,
  type ObjectTypeDefinitionNode,
  type ValueNode,
} from 'graphql';
import { signToken, type TestGateway, type TestService } from '@cultura/testkit';
import { startWholeStack, type WholeStack } from './whole-stack';

const SUPERGRAPH = parse(readFileSync(path.resolve(__dirname, '..', 'gateway', 'supergraph.graphql'), 'utf8'));

/** `RED_CULTURA` → `red-cultura`, from the supergraph's own `join__Graph` enum. */
const GRAPH_NAMES = new Map(
  SUPERGRAPH.definitions.flatMap((d) =>
    d.kind === Kind.ENUM_TYPE_DEFINITION && d.name.value === 'join__Graph'
      ? (d.values ?? []).map((v) => {
          const name = v.directives?.find((x) => x.name.value === 'join__graph')?.arguments?.find((a) => a.name.value === 'name')?.value;
          return [v.name.value, name?.kind === Kind.STRING ? name.value : v.name.value] as const;
        })
      : [],
  ),
);

const stringValue = (v: ValueNode | undefined): unknown =>
  !v ? undefined : v.kind === Kind.STRING || v.kind === Kind.ENUM ? v.value : v.kind === Kind.LIST ? v.values.map(stringValue) : undefined;

interface MutationRow {
  field: string;
  owner: string;
  /** `@requiresScopes(scopes: …)` as written, or null when the field has none. */
  scopes: string[][] | null;
}

/** One row per `Mutation` field: which service resolves it and which scopes it requires. */
function mutationTable(): MutationRow[] {
  const mutation = SUPERGRAPH.definitions.find((d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === 'Mutation');
  return (mutation?.fields ?? []).map((f: FieldDefinitionNode) => {
    const graph = f.directives?.find((d) => d.name.value === 'join__field')?.arguments?.find((a) => a.name.value === 'graph')?.value;
    const scopes = f.directives?.find((d) => d.name.value === 'requiresScopes')?.arguments?.find((a) => a.name.value === 'scopes')?.value;
    return {
      field: f.name.value,
      owner: graph?.kind === Kind.ENUM ? (GRAPH_NAMES.get(graph.value) ?? graph.value) : '?',
      scopes: scopes ? (stringValue(scopes) as string[][]) : null,
    };
  });
}

/** A value of `type` that passes GraphQL's own checks: required input fields only, the first enum value. */
function sampleValue(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sampleValue(type.ofType);
  if (isListType(type)) return [sampleValue(type.ofType)];
  if (isEnumType(type)) return type.getValues()[0].value;
  if (isInputObjectType(type)) {
    return Object.fromEntries(
      Object.values(type.getFields())
        .filter((f) => isNonNullType(f.type) && f.defaultValue === undefined)
        .map((f) => [f.name, sampleValue(f.type)]),
    );
  }
  if (isScalarType(type)) return { ID: 'CL:01107', String: 'x', Int: 1, Float: 1, Boolean: true }[type.name] ?? 'x';
  throw new Error(`no sample for ${String(type)}`);
}

/** The mutation with every required argument as a variable, asking for `__typename` of what it returns. */
function callOf(schema: GraphQLSchema, field: string): { query: string; variables: Record<string, unknown> } {
  const def = schema.getMutationType()?.getFields()[field];
  if (!def) throw new Error(`Mutation.${field} is not in the API schema`);
  const args = def.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);
  const declared = args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const passed = args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const selection = isLeafType(getNamedType(def.type)) ? '' : ' { __typename }';
  return {
    query: `mutation Probe${declared ? `(${declared})` : ''} { ${field}${passed ? `(${passed})` : ''}${selection} }`,
    variables: Object.fromEntries(args.map((a) => [a.name, sampleValue(a.type)])),
  };
}

let stack: WholeStack;
let services: TestService[] = [];
let gateway: TestGateway;
let schema: GraphQLSchema;

/** Rows in every table of every service: what "nothing written" is checked against. */
async function rowCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const s of services) {
    const tables: { name: string }[] = await s.dataSource.query(
      `SELECT quote_ident(table_name) AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1`,
    );
    for (const { name } of tables) {
      const [{ n }] = await s.dataSource.query(`SELECT count(*)::int AS n FROM ${name}`);
      counts[`${s.name}.${name}`] = n;
    }
  }
  return counts;
}

beforeAll(async () => {
  stack = await startWholeStack({ indexed: false });
  services = stack.services;
  gateway = stack.gateway;
  schema = buildClientSchema(await gateway.client.data<IntrospectionQuery>(getIntrospectionQuery()));
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

const TABLE = mutationTable();
const PROGRAMS = [...new Set(TABLE.map((r) => r.owner))];

describe('the authorization table of every mutation', () => {
  it('is generated from the supergraph: every service that writes has mutations in it', () => {
    expect(PROGRAMS.sort()).toEqual(['puntos-cultura', 'red-cultura', 'red-gestion', 'territories']);
    expect(TABLE.length).toBeGreaterThanOrEqual(20);
  });

  it.each(TABLE.map((r) => [r.field, r]))('%s requires its own program’s write scope, and only that', (_field, row) => {
    expect({ field: row.field, scopes: row.scopes }).toEqual({ field: row.field, scopes: [[`${row.owner}:write`]] });
  });

  it('refuses every mutation anonymously, with another program’s scope, and with an expired token, and nothing is written', async () => {
    const before = await rowCounts();
    const refusals: string[] = [];
    for (const row of TABLE) {
      const call = callOf(schema, row.field);
      const other = PROGRAMS.find((p) => p !== row.owner)!;
      const attempts = [
        { who: 'anonymous', token: undefined, status: 200, code: 'UNAUTHENTICATED' },
        { who: `${other}:write`, token: signToken({ scopes: [`${other}:write`, 'pii:read'] }), status: 200, code: 'FORBIDDEN' },
        { who: 'expired', token: signToken({ scopes: [`${row.owner}:write`], expiresIn: -60 }), status: 401, code: 'UNAUTHENTICATED' },
      ];
      for (const a of attempts) {
        const res = await fetch(gateway.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(a.token ? { authorization: `Bearer ${a.token}` } : {}) },
          body: JSON.stringify(call),
        });
        const body = (await res.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
        const got = `${res.status} ${body.errors?.map((e) => e.extensions?.code).join(',')} data=${JSON.stringify(body.data ?? null)}`;
        const want = `${a.status} ${a.code} data=null`;
        if (got !== want) refusals.push(`${row.field} as ${a.who}: expected ${want}, got ${got}`);
      }
    }
    expect(refusals).toEqual([]);
    expect(await rowCounts()).toEqual(before);
  }, 120_000);
});
