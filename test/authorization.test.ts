/**
 * The authorization table, generated from the committed supergraph: every mutation must require its own
 * program's write scope, and calling it anonymously, with another program's scope, or with an expired
 * token must be refused with nothing written anywhere. A new mutation is checked without anyone adding a
 * case; one without `@requiresScopes` fails here. Personal data likewise: every field behind `pii:read` is
 * listed from the supergraph, reached by a path found in the API schema, and refused to anyone without it.
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
  isObjectType,
  parse,
  type GraphQLObjectType,
  type FieldDefinitionNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type IntrospectionQuery,
  type ObjectTypeDefinitionNode,
  type ValueNode,
} from 'graphql';
import { signToken, type TestGateway, type TestService } from '@cultura/testkit';
import { importOfficialGazetteer } from '@cultura/territories';
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
  const mutation = SUPERGRAPH.definitions.find(
    (d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === 'Mutation',
  );
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

interface ScopedField {
  type: string;
  field: string;
  /** The named type it returns. */
  returns: string;
  scopes: string[][] | null;
}

/** Every field of every object type in the supergraph, with the scopes it requires. */
function fieldTable(): ScopedField[] {
  return SUPERGRAPH.definitions
    .filter(
      (d): d is ObjectTypeDefinitionNode =>
        d.kind === Kind.OBJECT_TYPE_DEFINITION && !['Query', 'Mutation'].includes(d.name.value) && !d.name.value.startsWith('join__'),
    )
    .flatMap((t) =>
      (t.fields ?? []).map((f) => {
        let named = f.type;
        while (named.kind !== Kind.NAMED_TYPE) named = named.type;
        const scopes = f.directives
          ?.find((d) => d.name.value === 'requiresScopes')
          ?.arguments?.find((a) => a.name.value === 'scopes')?.value;
        return {
          type: t.name.value,
          field: f.name.value,
          returns: named.name.value,
          scopes: scopes ? (stringValue(scopes) as string[][]) : null,
        };
      }),
    );
}

/**
 * The shortest selection from `Query` down to `target` through fields a caller can ask without required
 * arguments, e.g. `redGestion { workshops { nodes { attendance { … } } } }`, with `inner` at the bottom.
 */
function pathTo(schema: GraphQLSchema, target: string, inner: string): string {
  const queue: { type: GraphQLObjectType; wrap: (s: string) => string }[] = [{ type: schema.getQueryType()!, wrap: (x) => x }];
  const seen = new Set<string>([schema.getQueryType()!.name]);
  while (queue.length) {
    const { type, wrap } = queue.shift()!;
    if (type.name === target) return wrap(inner);
    for (const f of Object.values(type.getFields())) {
      const next = getNamedType(f.type);
      if (!isObjectType(next) || seen.has(next.name) || f.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) continue;
      seen.add(next.name);
      const args = f.args.some((a) => a.name === 'first') ? '(first: 100)' : '';
      queue.push({ type: next, wrap: (x) => wrap(`${f.name}${args} { ${x} }`) });
    }
  }
  throw new Error(`no path from Query to ${target} without required arguments`);
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
const FIELDS = fieldTable();
const PII = FIELDS.filter((f) => f.scopes?.flat().includes('pii:read'));
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

describe('the authorization table of personal data', () => {
  it('is generated from the supergraph and holds every field that names, reaches or locates a person', () => {
    expect(PII.map((f) => `${f.type}.${f.field} ${JSON.stringify(f.scopes)}`)).toEqual([
      'CulturePointApplication.contact [["pii:read"]]',
      'PublicServant.name [["pii:read"]]',
      'PublicServant.email [["pii:read"]]',
      'PublicServant.phone [["pii:read"]]',
      'PublicServant.position [["pii:read"]]',
    ]);
  });

  it('lets no contact field out unguarded: each is behind pii:read itself or inside a type only pii:read reaches', () => {
    const guardedTypes = new Set(PII.filter((f) => isObjectType(schema.getType(f.returns))).map((f) => f.returns));
    const leaks = FIELDS.filter((f) => /^(e?mail|phone|telephone|mobile|contacts?|address|birth\w*|document\w*|dni|rut)$/i.test(f.field))
      .filter((f) => !f.scopes?.flat().includes('pii:read') && !guardedTypes.has(f.type))
      .map((f) => `${f.type}.${f.field}`);
    const backDoors = FIELDS.filter((f) => guardedTypes.has(f.returns) && !f.scopes?.flat().includes('pii:read')).map(
      (f) => `${f.type}.${f.field}`,
    );
    expect({ leaks, backDoors }).toEqual({ leaks: [], backDoors: [] });
  });

  it('shows personal data with pii:read only: anonymous, other scopes and expired tokens get an error and never the value', async () => {
    const puntosWrite = signToken({ scopes: ['puntos-cultura:write'] });
    const redGestionWrite = signToken({ scopes: ['red-gestion:write'] });
    // The applicant's district, Villa El Salvador, comes with the official gazetteer.
    await importOfficialGazetteer(services[0].dataSource, {
      dir: path.resolve(__dirname, '../../shared/data/gazetteers'),
      countries: ['PE'],
    });
    await gateway.client.data(
      `mutation($input: SubmitCulturePointApplicationInput!) { submitCulturePointApplication(input: $input) { id } }`,
      {
        input: {
          organisationName: 'Colectivo Arte y Barrio',
          organisationForm: 'COLLECTIVE',
          nonProfit: true,
          continuousWorkSince: '2019-03-01',
          members: 8,
          districtId: 'PE:150142',
          areasOfWork: ['COMMUNITY_LIFE'],
          domains: ['PERFORMANCE_AND_CELEBRATION'],
          artisticExpressions: ['teatro'],
          populationsServed: ['CHILDREN'],
          communityWork: 'Weekly theatre workshops for children.',
          evidence: [{ kind: 'ACTIVITY_REPORT', description: 'Activity report 2019–2024', date: '2024-12-15' }],
          contact: { name: 'Rosa Quispe', email: 'rosa@example.org', phone: '+51 999 111 222' },
          submittedOn: '2025-03-01',
        },
      },
      { token: puntosWrite },
    );
    const session = await gateway.client.data(
      `mutation($input: ScheduleWorkshopInput!) { scheduleWorkshop(input: $input) { id } }`,
      { input: { title: 'Taller con asistentes nombrados', period: { start: '2025-04-10' } } },
      { token: redGestionWrite },
    );
    await gateway.client.data(
      `mutation($input: RecordAttendanceInput!) { recordAttendance(input: $input) { namedServants } }`,
      {
        input: {
          sessionId: session.scheduleWorkshop.id,
          entries: [
            {
              entityId: 'red-gestion:entity:dgia',
              servants: [{ name: 'Carmen Apaza', email: 'carmen@example.org', phone: '+51 951 000 000', position: 'Jefa de cultura' }],
            },
          ],
        },
      },
      { token: redGestionWrite },
    );
    const PERSONAL = /Rosa Quispe|rosa@example|\+51 999|Carmen Apaza|carmen@example|\+51 951|Jefa de cultura/;

    const problems: string[] = [];
    const byType = new Map<string, ScopedField[]>();
    for (const f of PII) byType.set(f.type, [...(byType.get(f.type) ?? []), f]);
    for (const [type, fields] of byType) {
      const selection = fields
        .map((f) => {
          const returns = schema.getType(f.returns);
          return isObjectType(returns) ? `${f.field} { ${Object.keys(returns.getFields()).join(' ')} }` : f.field;
        })
        .join(' ');
      const query = `{ ${pathTo(schema, type, `__typename ${selection}`)} }`;
      const attempts = [
        { who: 'pii:read', token: signToken({ scopes: ['pii:read'] }), status: 200, code: undefined },
        { who: 'anonymous', token: undefined, status: 200, code: 'UNAUTHENTICATED' },
        { who: 'every write scope', token: signToken({ scopes: PROGRAMS.map((p) => `${p}:write`) }), status: 200, code: 'FORBIDDEN' },
        { who: 'expired pii:read', token: signToken({ scopes: ['pii:read'], expiresIn: -60 }), status: 401, code: 'UNAUTHENTICATED' },
      ];
      for (const a of attempts) {
        const res = await fetch(gateway.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(a.token ? { authorization: `Bearer ${a.token}` } : {}) },
          body: JSON.stringify({ query }),
        });
        const text = await res.text();
        const body = JSON.parse(text) as { errors?: { extensions?: { code?: string } }[] };
        const codes = [...new Set(body.errors?.map((e) => e.extensions?.code))];
        if (a.code === undefined) {
          if (res.status !== 200 || body.errors || !PERSONAL.test(text))
            problems.push(`${type} as ${a.who}: expected the personal data, got ${res.status} ${text.slice(0, 300)}`);
        } else if (res.status !== a.status || codes.join() !== a.code || PERSONAL.test(text)) {
          problems.push(
            `${type} as ${a.who}: expected ${a.status} ${a.code} and no personal data, got ${res.status} ${codes.join()} ${PERSONAL.test(text) ? '(personal data shown)' : ''}`,
          );
        }
      }
    }
    expect(problems).toEqual([]);
  }, 60_000);
});
