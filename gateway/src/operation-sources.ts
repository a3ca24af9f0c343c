import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { GraphQLError, Kind, parse, Source, type DocumentNode } from 'graphql';

/**
 * Where the project's own GraphQL operations live: the operation files of the gateway
 * (`gateway/operations/**\/*.graphql`), the ```graphql examples of the README, and the explorer's
 * opening query. Read as text with the line each one starts on, so a problem points at its file and line.
 */

/** The gateway's own operation files: the CSV report's query and the dashboard's. */
export const OPERATIONS_DIR = path.join('gateway', 'operations');
export const README_FILE = 'README.md';
export const EXPLORER_FILE = path.join('gateway', 'src', 'explorer.ts');

/** GraphQL text from one place in the repository. */
export interface OperationSource {
  /** The file it comes from, relative to the repository root. */
  file: string;
  /** The line of `file` the text starts on (1 for a whole file). */
  line: number;
  text: string;
}

/** One ```graphql block of a Markdown text, with the line of the block's first line of GraphQL. */
export interface MarkdownGraphQL {
  text: string;
  line: number;
}

/**
 * The ```graphql blocks of a Markdown text that are operations, trimmed: blocks that only define or
 * extend a schema are left out. A block that does not parse is kept, so whoever runs it reports it.
 */
export function markdownOperations(markdown: string): MarkdownGraphQL[] {
  return [...markdown.matchAll(/```graphql\n([\s\S]*?)```/g)]
    .map((m) => {
      const start = (m.index ?? 0) + m[0].indexOf('\n') + 1;
      const leading = m[1].length - m[1].trimStart().length;
      return { text: m[1].trim(), line: lineAt(markdown, start + leading) };
    })
    .filter((block) => !definesSchemaOnly(block.text));
}

/** 1-based line of `offset` in `text`. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function definesSchemaOnly(text: string): boolean {
  let document: DocumentNode;
  try {
    document = parse(text);
  } catch {
    return false;
  }
  return document.definitions.every((d) => d.kind !== Kind.OPERATION_DEFINITION && d.kind !== Kind.FRAGMENT_DEFINITION);
}

/** Every `.graphql` file under `dir` (absolute), in path order, named relative to `root`. */
export function operationFiles(root: string, dir: string): OperationSource[] {
  let entries: string[];
  try {
    entries = readdirSync(dir, { recursive: true, encoding: 'utf8' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return entries
    .filter((name) => name.endsWith('.graphql'))
    .sort()
    .map((name) => {
      const file = path.join(dir, name);
      return { file: path.relative(root, file), line: 1, text: readFileSync(file, 'utf8') };
    });
}

/** The README's operation examples, each named by the README's path and the line it starts on. */
export function readmeOperations(root: string, file = README_FILE): OperationSource[] {
  const markdown = readFileSync(path.join(root, file), 'utf8');
  return markdownOperations(markdown).map((b) => ({ file, line: b.line, text: b.text }));
}

/**
 * The explorer's opening query, with the line of `gateway/src/explorer.ts` it starts on: a visitor's
 * first run must work on a gateway that runs only known operations.
 */
export function explorerOperation(root: string, defaultQuery: string): OperationSource {
  const file = EXPLORER_FILE;
  const lines = readFileSync(path.join(root, file), 'utf8').split('\n');
  const at = lines.findIndex((l) => l.includes('DEFAULT_QUERY = `'));
  return { file, line: at + 1, text: defaultQuery };
}

/** A problem with one operation, at `file:line:column`. */
export interface OperationProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

export function formatOperationProblem(p: OperationProblem): string {
  return `  - ${p.file}:${p.line}:${p.column}: ${p.message}`;
}

/** Parses a source; a syntax error becomes a problem at its place in the file. */
export function parseSource(s: OperationSource): { document?: DocumentNode; problem?: OperationProblem } {
  try {
    return { document: parse(new Source(s.text, s.file, { line: s.line, column: 1 })) };
  } catch (err) {
    if (!(err instanceof GraphQLError)) throw err;
    const at = err.locations?.[0];
    return { problem: { file: s.file, line: s.line + (at?.line ?? 1) - 1, column: at?.column ?? 1, message: err.message } };
  }
}

/** Where an AST node is, in its source's file (the offset of {@link parseSource} applied). */
export function placeOf(
  node: { loc?: { start: number; source: Source } } | undefined,
  fallback: OperationSource,
): Omit<OperationProblem, 'message'> {
  if (!node?.loc) return { file: fallback.file, line: fallback.line, column: 1 };
  const { source, start } = node.loc;
  const before = source.body.slice(0, start);
  const line = before.split('\n').length;
  const column = start - before.lastIndexOf('\n');
  return { file: source.name, line: source.locationOffset.line + line - 1, column };
}
