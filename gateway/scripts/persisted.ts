/**
 * `npm run persisted:manifest`: writes gateway/persisted-operations.json, the safelist of the project's
 * own operations, each validated against gateway/supergraph.graphql. `npm run persisted:check`
 * (`--check`): writes nothing, exits 1 when the committed manifest is not what the operations give today,
 * or when an operation no longer validates.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '@cultura/service-kit';
import { SUPERGRAPH_FILE } from '../src/compose';
import { OPERATIONS_DIR } from '../src/operation-sources';
import {
  OperationsError,
  PERSISTED_OPERATIONS_FILE,
  checkManifestFile,
  generateManifest,
  manifestFileContent,
  type ManifestPaths,
} from '../src/persisted-manifest';

const USAGE = `Usage: npm run persisted:manifest [-- --check] [-- --manifest <file>] [-- --supergraph <file>]

Writes ${PERSISTED_OPERATIONS_FILE}: the operations of ${OPERATIONS_DIR}/, the README's \`\`\`graphql
examples and the explorer's opening query, each validated against ${SUPERGRAPH_FILE}, in Apollo's
persisted query manifest format.

  --check              Compare the committed manifest with the operations; write nothing.
                       Exits 1 if it is out of date or an operation no longer validates (run this in CI).
  --manifest <file>    Write or check this manifest instead of ${PERSISTED_OPERATIONS_FILE}.
  --supergraph <file>  Validate against this supergraph (e.g. one about to be published) instead.
  --help               Show this help.`;

function parseArgs(argv: string[]): { check: boolean; help: boolean; manifest?: string; supergraph?: string } | string {
  const out: { check: boolean; help: boolean; manifest?: string; supergraph?: string } = { check: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--check') out.check = true;
    else if (a === '--help' || a === '-h') out.help = true;
    else if (a === '--manifest' || a === '--supergraph') {
      const value = argv[++i];
      if (!value || value.startsWith('--')) return `${a} needs a file`;
      out[a === '--manifest' ? 'manifest' : 'supergraph'] = value;
    } else return `Unknown argument: ${a}`;
  }
  return out;
}

function main(argv: string[]): number {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    process.stderr.write(`${args}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const root = repoRoot();
  const manifestFile = path.resolve(args.manifest ?? path.join(root, PERSISTED_OPERATIONS_FILE));
  const paths: ManifestPaths = { root, manifestFile, supergraphFile: args.supergraph ? path.resolve(args.supergraph) : undefined };
  const shown = path.relative(root, manifestFile);
  try {
    if (args.check) {
      const check = checkManifestFile(paths);
      if (check.status === 'current') {
        process.stdout.write(`${shown} is up to date with the project's operations.\n`);
        return 0;
      }
      const why =
        check.status === 'missing'
          ? `${shown} does not exist.`
          : `${shown} is out of date:` +
            ([
              check.added.length ? `\n  not in it yet: ${check.added.join(', ')}` : '',
              check.changed.length ? `\n  changed since: ${check.changed.join(', ')}` : '',
              check.removed.length ? `\n  no longer an operation of the project: ${check.removed.join(', ')}` : '',
            ].join('') || ' the same operations, written differently from what `npm run persisted:manifest` writes.');
      process.stderr.write(`${why}\nRun \`npm run persisted:manifest\` and commit ${shown}.\n`);
      return 1;
    }
    const manifest = generateManifest(paths);
    writeFileSync(manifestFile, manifestFileContent(manifest));
    process.stdout.write(`Wrote ${shown} (${manifest.operations.length} operations).\n`);
    return 0;
  } catch (err) {
    if (err instanceof OperationsError) {
      process.stderr.write(
        `${err.message}\n\nFix the operations above (or the schema they query), then run \`npm run persisted:manifest\` again.\n`,
      );
      return 1;
    }
    process.stderr.write(`${(err as Error).message}\n`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
