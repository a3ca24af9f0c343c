import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import {
  Kind,
  validate,
  visit,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { SUPERGRAPH_FILE } from './compose';
import { DEFAULT_QUERY } from './explorer';
import {
  OPERATIONS_DIR,
  explorerOperation,
  formatOperationProblem,
  operationFiles,
  parseSource,
  placeOf,
  readmeOperations,
  type OperationProblem,
  type OperationSource,
} from './operation-sources';
import {
  PERSISTED_OPERATIONS_FILE,
  PERSISTED_QUERY_MANIFEST_FORMAT,
  operationBody,
  operationId,
  type PersistedOperation,
  type PersistedQueryManifest,
} from './persisted-operations';
import { delegateSecurityToSubgraphs } from './supergraph';

/**
 * Builds the manifest of the project's own operations (`npm run persisted:manifest`) and checks the
 * committed one (`npm run persisted:check`).
 */

export { PERSISTED_OPERATIONS_FILE };

/** Some operations cannot go into the manifest; `message` lists each at its file and line. */
export class OperationsError extends Error {
  constructor(readonly problems: OperationProblem[]) {
    const n = problems.length;
    super(`${n} problem${n === 1 ? '' : 's'} with the project's operations:\n${problems.map(formatOperationProblem).join('\n')}`);
    this.name = 'OperationsError';
  }
}

/** The schema clients see: the supergraph's API schema, as the gateway serves it. */
export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(delegateSecurityToSubgraphs(supergraphSdl).supergraphSdl).apiSchema().toGraphQLJSSchema();
}

/** The project's operations: the gateway's operation files, the README's examples and the explorer's opening query. */
export function projectOperationSources(root: string, operationsDir = path.join(root, OPERATIONS_DIR)): OperationSource[] {
  return [...operationFiles(root, operationsDir), ...readmeOperations(root), explorerOperation(root, DEFAULT_QUERY)];
}

/**
 * The manifest of `sources`, every operation validated against `schema`, in name order. Operations must
 * be named, names and fragment names unique across all sources (fragments are shared between files),
 * and every fragment used. Throws an {@link OperationsError} listing every problem otherwise.
 */
export function buildManifest(sources: OperationSource[], schema: GraphQLSchema): PersistedQueryManifest {
  const problems: OperationProblem[] = [];
  const problem = (node: Parameters<typeof placeOf>[0], source: OperationSource, message: string) =>
    problems.push({ ...placeOf(node, source), message });
  const operations: { node: OperationDefinitionNode; source: OperationSource }[] = [];
  const fragments = new Map<string, { node: FragmentDefinitionNode; source: OperationSource }>();
  const names = new Map<string, OperationSource & { at: string }>();

  for (const source of sources) {
    const { document, problem: syntax } = parseSource(source);
    if (syntax) problems.push(syntax);
    for (const d of document?.definitions ?? []) {
      if (d.kind === Kind.FRAGMENT_DEFINITION) {
        const seen = fragments.get(d.name.value);
        if (seen) problem(d, source, `fragment "${d.name.value}" is also defined at ${where(seen.node, seen.source)}`);
        else fragments.set(d.name.value, { node: d, source });
      } else if (d.kind === Kind.OPERATION_DEFINITION) {
        if (!d.name) {
          problem(d, source, `give this ${d.operation} a name (\`${d.operation} SomeName {\`): the manifest lists operations by name`);
          continue;
        }
        const seen = names.get(d.name.value);
        if (seen) problem(d, source, `operation "${d.name.value}" is also defined at ${seen.at}`);
        else names.set(d.name.value, { ...source, at: where(d, source) });
        operations.push({ node: d, source });
      } else {
        problem(d, source, 'only operations and fragments belong here, not schema definitions');
      }
    }
  }

  const used = new Set<string>();
  const entries: PersistedOperation[] = [];
  for (const { node, source } of operations) {
    const own = fragmentsUsedBy(node, fragments, used);
    const document: DocumentNode = { kind: Kind.DOCUMENT, definitions: [node, ...own] };
    const errors = validate(schema, document);
    for (const e of errors) problem(e.nodes?.[0], source, e.message);
    if (errors.length || !node.name) continue;
    const body = operationBody(document);
    entries.push({ id: operationId(body), name: node.name.value, type: node.operation, body });
  }
  for (const [name, { node, source }] of fragments)
    if (!used.has(name)) problem(node, source, `fragment "${name}" is used by no operation`);
  if (problems.length) throw new OperationsError(inFileOrder(problems, sources));
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { format: PERSISTED_QUERY_MANIFEST_FORMAT, version: 1, operations: entries };
}

/** Each problem once (a fragment shared by several operations fails in each), in the order of the files and their lines. */
function inFileOrder(problems: OperationProblem[], sources: OperationSource[]): OperationProblem[] {
  const files = [...new Set(sources.map((s) => s.file))];
  const unique = new Map(problems.map((p) => [`${p.file}:${p.line}:${p.column}: ${p.message}`, p]));
  return [...unique.values()].sort((a, b) => files.indexOf(a.file) - files.indexOf(b.file) || a.line - b.line || a.column - b.column);
}

function where(node: Parameters<typeof placeOf>[0], source: OperationSource): string {
  const p = placeOf(node, source);
  return `${p.file}:${p.line}`;
}

/** The fragments an operation spreads, directly or through other fragments; unknown ones are left to validation. */
function fragmentsUsedBy(
  operation: OperationDefinitionNode,
  fragments: Map<string, { node: FragmentDefinitionNode }>,
  used: Set<string>,
): FragmentDefinitionNode[] {
  const found = new Map<string, FragmentDefinitionNode>();
  const walk = (node: OperationDefinitionNode | FragmentDefinitionNode) =>
    visit(node, {
      FragmentSpread(spread) {
        const name = spread.name.value;
        const fragment = fragments.get(name)?.node;
        if (!fragment || found.has(name)) return;
        found.set(name, fragment);
        used.add(name);
        walk(fragment);
      },
    });
  walk(operation);
  return [...found.values()];
}

/** The manifest file's text: two-space JSON ending with a newline. */
export function manifestFileContent(manifest: PersistedQueryManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

export interface ManifestPaths {
  /** Repository root; the other paths default to the committed files under it. */
  root: string;
  /** The manifest to write or check (absolute). */
  manifestFile?: string;
  /** The supergraph to validate against (absolute). */
  supergraphFile?: string;
  /** The gateway's operation files (absolute). */
  operationsDir?: string;
}

/** The manifest the project's operations give today, validated against the supergraph file. */
export function generateManifest(p: ManifestPaths): PersistedQueryManifest {
  const supergraphFile = p.supergraphFile ?? path.join(p.root, SUPERGRAPH_FILE);
  let sdl: string;
  try {
    sdl = readFileSync(supergraphFile, 'utf8');
  } catch (err) {
    throw new Error(`Cannot read the supergraph ${supergraphFile}: ${(err as Error).message} (run \`npm run compose\`)`, { cause: err });
  }
  return buildManifest(projectOperationSources(p.root, p.operationsDir), apiSchemaOf(sdl));
}

export type ManifestCheck =
  { status: 'current' } | { status: 'missing' } | { status: 'stale'; added: string[]; removed: string[]; changed: string[] };

/** Compares the committed manifest with the one the operations give today (the `persisted:check` logic). */
export function checkManifestFile(p: ManifestPaths): ManifestCheck {
  const fresh = generateManifest(p);
  const file = p.manifestFile ?? path.join(p.root, PERSISTED_OPERATIONS_FILE);
  if (!existsSync(file)) return { status: 'missing' };
  const committed = readFileSync(file, 'utf8').replace(/\r\n/g, '\n');
  if (committed === manifestFileContent(fresh)) return { status: 'current' };
  let old: Map<string, string>;
  try {
    const parsed = JSON.parse(committed) as { operations?: { name?: unknown; id?: unknown }[] };
    old = new Map((parsed.operations ?? []).map((o) => [String(o.name), String(o.id)]));
  } catch {
    old = new Map();
  }
  const now = new Map(fresh.operations.map((o) => [o.name, o.id]));
  return {
    status: 'stale',
    added: [...now.keys()].filter((n) => !old.has(n)),
    removed: [...old.keys()].filter((n) => !now.has(n)),
    changed: [...now.keys()].filter((n) => old.has(n) && old.get(n) !== now.get(n)),
  };
}
