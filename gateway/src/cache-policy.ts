import {
  Kind,
  TypeInfo,
  getNamedType,
  parse,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FieldDefinitionNode,
  type GraphQLSchema,
  type ObjectTypeDefinitionNode,
  type OperationDefinitionNode,
} from 'graphql';

/** What the supergraph says about each field: the subgraphs that resolve it, and whether a scope guards it. */
export interface FieldPolicy {
  graphs: string[];
  scoped: boolean;
}

/** Read once per supergraph: field ownership and scope guards, by `Type.field`. */
export interface SupergraphPolicy {
  fields: Map<string, FieldPolicy>;
  /** Types guarded by a scope as a whole. */
  scopedTypes: Set<string>;
}

const argument = (node: { arguments?: readonly { name: { value: string }; value: { kind: string; value?: unknown } }[] }, name: string) =>
  node.arguments?.find((a) => a.name.value === name)?.value;

/**
 * Reads the supergraph's join directives: which subgraphs (by their `join__graph` name) resolve each
 * field, and which fields or types carry `@requiresScopes`. Fields without their own `@join__field`
 * belong to every subgraph that defines their type.
 */
export function readSupergraphPolicy(supergraphSdl: string): SupergraphPolicy {
  const doc = parse(supergraphSdl);
  const graphNames = new Map<string, string>();
  const fields = new Map<string, FieldPolicy>();
  const scopedTypes = new Set<string>();
  for (const def of doc.definitions) {
    if (def.kind === Kind.ENUM_TYPE_DEFINITION && def.name.value === 'join__Graph') {
      for (const v of def.values ?? []) {
        const name = v.directives?.find((d) => d.name.value === 'join__graph');
        const nameValue = name && argument(name, 'name');
        if (nameValue && nameValue.kind === Kind.STRING) graphNames.set(v.name.value, String(nameValue.value));
      }
    }
  }
  const graphOf = (d: { arguments?: readonly { name: { value: string }; value: { kind: string; value?: unknown } }[] }) => {
    const g = argument(d, 'graph');
    return g && g.kind === Kind.ENUM ? graphNames.get(String(g.value)) : undefined;
  };
  for (const def of doc.definitions) {
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION && def.kind !== Kind.INTERFACE_TYPE_DEFINITION) continue;
    const type = def as ObjectTypeDefinitionNode;
    const typeGraphs = (type.directives ?? []).filter((d) => d.name.value === 'join__type').flatMap((d) => graphOf(d) ?? []);
    if (type.directives?.some((d) => d.name.value === 'requiresScopes')) scopedTypes.add(type.name.value);
    for (const field of (type.fields ?? []) as FieldDefinitionNode[]) {
      const own = (field.directives ?? []).filter((d) => d.name.value === 'join__field').flatMap((d) => graphOf(d) ?? []);
      fields.set(`${type.name.value}.${field.name.value}`, {
        graphs: own.length ? own : typeGraphs,
        scoped: field.directives?.some((d) => d.name.value === 'requiresScopes') ?? false,
      });
    }
  }
  return { fields, scopedTypes };
}

/** How an operation may be cached. */
export interface OperationCachePolicy {
  /** Queries only, and none that reads a field or type a scope guards (personal data, for one). */
  cacheable: boolean;
  /** Every subgraph that may answer part of it: a change in any of them makes a cached answer stale. */
  graphs: string[];
}

/** Walks the operation with the API schema's types and looks each field up in the supergraph policy. */
export function operationCachePolicy(
  schema: GraphQLSchema,
  policy: SupergraphPolicy,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): OperationCachePolicy {
  const graphs = new Set<string>();
  let scoped = false;
  const typeInfo = new TypeInfo(schema);
  const fragments = new Set<string>();
  const walk = (node: DocumentNode['definitions'][number]) =>
    visit(
      node,
      visitWithTypeInfo(typeInfo, {
        Field(field) {
          const parent = typeInfo.getParentType();
          if (!parent || field.name.value.startsWith('__')) return;
          const p = policy.fields.get(`${parent.name}.${field.name.value}`);
          p?.graphs.forEach((g) => graphs.add(g));
          const named = typeInfo.getType() && getNamedType(typeInfo.getType()!);
          if (p?.scoped || (named && policy.scopedTypes.has(named.name))) scoped = true;
        },
        FragmentSpread(spread) {
          fragments.add(spread.name.value);
        },
      }),
    );
  walk(operation);
  // Fragments are walked once each, however often they are spread.
  const seen = new Set<string>();
  for (let more = true; more;) {
    more = false;
    for (const def of document.definitions) {
      if (def.kind === Kind.FRAGMENT_DEFINITION && fragments.has(def.name.value) && !seen.has(def.name.value)) {
        seen.add(def.name.value);
        walk(def);
        more = true;
      }
    }
  }
  return { cacheable: operation.operation === 'query' && !scoped, graphs: [...graphs].sort() };
}
