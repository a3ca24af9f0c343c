/**
 * `npm run compose`: writes gateway/supergraph.graphql from the subgraph schemas listed in
 * gateway/subgraphs.json. `npm run compose:check` (`--check`): writes nothing, exits 1 when the
 * committed file is not what composition gives today, or when composition fails.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '@cultura/service-kit';
import {
  CompositionError,
  SUPERGRAPH_FILE,
  checkSupergraphFile,
  composeRepository,
  formatProblem,
  type CompositionProblem,
} from '../src/compose';

const USAGE = `Usage: npm run compose [-- --check]

Composes the subgraph schemas listed in gateway/subgraphs.json into ${SUPERGRAPH_FILE}.

  --check   Compare the committed ${SUPERGRAPH_FILE} with a fresh composition; write nothing.
            Exits 1 if it is out of date or if composition fails (run this in CI).
  --help    Show this help.`;

function printHints(hints: CompositionProblem[]): void {
  if (!hints.length) return;
  process.stderr.write(`Composition hints (${hints.length}):\n${hints.map(formatProblem).join('\n')}\n`);
}

function main(argv: string[]): number {
  const unknown = argv.filter((a) => a !== '--check' && a !== '--help' && a !== '-h');
  if (unknown.length) {
    process.stderr.write(`Unknown argument${unknown.length > 1 ? 's' : ''}: ${unknown.join(' ')}\n\n${USAGE}\n`);
    return 2;
  }
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const root = repoRoot();
  try {
    if (argv.includes('--check')) {
      const check = checkSupergraphFile(root);
      printHints(check.hints);
      if (check.status === 'current') {
        process.stdout.write(`${SUPERGRAPH_FILE} is up to date with the subgraph schemas.\n`);
        return 0;
      }
      const why =
        check.status === 'missing'
          ? `${SUPERGRAPH_FILE} does not exist.`
          : `${SUPERGRAPH_FILE} is out of date: it differs from a fresh composition of the subgraph schemas` +
            (check.firstDifference
              ? ` from line ${check.firstDifference.line}:\n  committed: ${check.firstDifference.committed}\n  composed:  ${check.firstDifference.composed}`
              : '.');
      process.stderr.write(`${why}\nRun \`npm run compose\` and commit ${SUPERGRAPH_FILE}.\n`);
      return 1;
    }
    const { content, hints } = composeRepository(root);
    printHints(hints);
    writeFileSync(path.join(root, SUPERGRAPH_FILE), content);
    process.stdout.write(`Wrote ${SUPERGRAPH_FILE}.\n`);
    return 0;
  } catch (err) {
    if (err instanceof CompositionError) {
      process.stderr.write(`${err.message}\n\nFix the subgraph schemas above, then run \`npm run compose\` again.\n`);
      return 1;
    }
    process.stderr.write(`${(err as Error).message}\n`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
