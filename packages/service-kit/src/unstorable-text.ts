/**
 * Text PostgreSQL cannot hold, refused before a request runs. PostgreSQL's `text` and `jsonb` reject a
 * NUL character (U+0000) with "invalid byte sequence for encoding UTF8: 0x00" — for a search as much as
 * for a write — and `pg` encodes an unpaired UTF-16 surrogate (which JSON allows, as `"\ud800"`) as
 * U+FFFD, so such text would be stored silently changed (and `jsonb` refuses it outright).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  visit,
  type ArgumentNode,
  type ASTNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type ValueNode,
} from 'graphql';

/** A piece of text in a request that cannot be stored, and where it is. */
export interface UnstorableText {
  /**
   * The argument and the path inside it, as resolvers name fields in BAD_USER_INPUT errors:
   * `search`, `filter.search`, `input.tags[2]`; whether the text was written inline or came in a
   * variable. A variable no argument uses is named by itself: `$note`, `$note.title`.
   */
  field: string;
  /** The variable the text came in, when it did not come inline. */
  variable?: string;
  /** What is wrong with it, e.g. `a NUL character (U+0000)`. */
  problem: string;
  /** The document node to point the client at (the argument, or the variable's definition). */
  node?: ASTNode;
}

const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** What makes `text` unstorable, or undefined when PostgreSQL stores it as it is. */
export function textProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'a NUL character (U+0000)';
  const lone = UNPAIRED_SURROGATE.exec(text);
  if (lone) return `an unpaired UTF-16 surrogate (U+${lone[0].charCodeAt(0).toString(16).toUpperCase()}), which is not valid Unicode`;
  return undefined;
}

/**
 * The first unstorable text in the arguments of `operation` (its own and those of the fragments it
 * uses): inline string literals, variable values at any depth of input objects and lists (object keys
 * included), variable defaults, and finally the variables no argument uses.
 */
export function findUnstorableText(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>> = {},
): UnstorableText | undefined {
  const definitions = new Map(operation.variableDefinitions?.map((d) => [d.variable.name.value, d]));
  const used = new Set<string>();

  const checkValue = (value: ValueNode, field: string, node: ASTNode): UnstorableText | undefined => {
    switch (value.kind) {
      case Kind.STRING: {
        const problem = textProblem(value.value);
        return problem ? { field, problem, node } : undefined;
      }
      case Kind.LIST:
        for (const [i, item] of value.values.entries()) {
          const hit = checkValue(item, `${field}[${i}]`, node);
          if (hit) return hit;
        }
        return undefined;
      case Kind.OBJECT:
        for (const f of value.fields) {
          const hit = checkValue(f.value, `${field}.${f.name.value}`, node);
          if (hit) return hit;
        }
        return undefined;
      case Kind.VARIABLE: {
        const name = value.name.value;
        used.add(name);
        const definition = definitions.get(name);
        // Own properties only: a variable named `constructor` must not find Object.prototype's.
        const given = Object.hasOwn(variables, name) ? variables[name] : undefined;
        if (given === undefined && definition?.defaultValue) return checkValue(definition.defaultValue, field, node);
        const hit = checkJson(given, field);
        return hit ? { ...hit, variable: name, node } : undefined;
      }
      default:
        return undefined;
    }
  };

  for (const arg of argumentsOf([operation, ...fragmentsUsedBy(document, operation)])) {
    const hit = checkValue(arg.value, arg.name.value, arg);
    if (hit) return hit;
  }
  for (const [name, value] of Object.entries(variables)) {
    if (used.has(name)) continue;
    const hit = checkJson(value, `$${name}`);
    if (hit) return { ...hit, variable: name, node: definitions.get(name) };
  }
  return undefined;
}

/**
 * Walks a variable's JSON value without recursion: a 2 MB body can nest arrays deeper than the stack.
 */
function checkJson(root: unknown, rootField: string): { field: string; problem: string } | undefined {
  const stack: [unknown, string][] = [[root, rootField]];
  while (stack.length) {
    const [value, field] = stack.pop() as [unknown, string];
    if (typeof value === 'string') {
      const problem = textProblem(value);
      if (problem) return { field, problem };
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], `${field}[${i}]`]);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value).reverse()) {
        const keyProblem = textProblem(key);
        if (keyProblem) return { field: `${field}.${JSON.stringify(key)}`, problem: `a key with ${keyProblem}` };
        stack.push([item, `${field}.${key}`]);
      }
    }
  }
  return undefined;
}

/** Every argument of fields and directives in `definitions` (not those nested in argument values). */
function argumentsOf(definitions: ASTNode[]): ArgumentNode[] {
  const args: ArgumentNode[] = [];
  for (const definition of definitions) {
    visit(definition, {
      Argument(arg) {
        args.push(arg);
        // Values are walked by findUnstorableText itself, which follows variables into their values.
        return false;
      },
    });
  }
  return args;
}

/** The fragment definitions `operation` spreads, directly or through other fragments, each once. */
function fragmentsUsedBy(document: DocumentNode, operation: OperationDefinitionNode): FragmentDefinitionNode[] {
  const byName = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) byName.set(d.name.value, d);
  const seen = new Map<string, FragmentDefinitionNode>();
  const pending: ASTNode[] = [operation];
  while (pending.length) {
    visit(pending.pop() as ASTNode, {
      FragmentSpread(spread) {
        const fragment = byName.get(spread.name.value);
        if (fragment && !seen.has(fragment.name.value)) {
          seen.set(fragment.name.value, fragment);
          pending.push(fragment);
        }
      },
    });
  }
  return [...seen.values()];
}

/** The BAD_USER_INPUT error (HTTP 400) for {@link UnstorableText}; `extensions.field` names the argument. */
export function unstorableTextError(hit: UnstorableText): GraphQLError {
  const origin = hit.variable && !hit.field.startsWith('$') ? ` (in variable $${hit.variable})` : '';
  return new GraphQLError(`${hit.field}${origin} contains ${hit.problem}, which this API cannot store or search; remove it`, {
    nodes: hit.node,
    extensions: { code: 'BAD_USER_INPUT', field: hit.field, http: { status: 400 } },
  });
}

/**
 * Refuses, before execution and so before any database call, a request whose arguments hold text
 * PostgreSQL cannot store ({@link findUnstorableText}): BAD_USER_INPUT naming the argument, HTTP 400.
 * Registered by `startService` on every subgraph; schema-agnostic, so a gateway can use it too.
 */
export function unstorableTextPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request }) {
          // Apollo resolves the operation before this hook; without one it has already answered.
          if (!operation) return;
          const hit = findUnstorableText(document, operation, request.variables ?? {});
          if (hit) throw unstorableTextError(hit);
        },
      };
    },
  };
}
