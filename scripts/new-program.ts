/**
 * `npm run new:program -- <name> --title "…" --country XX --agency "…" --territory XX:code [--port N]`
 * scaffolds an empty program service in services/<name> (the shape of docs/program-service.md) and adds
 * its entry to gateway/subgraphs.json. Then: `npm install`, `npm run generate`, `npm run compose`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { spawnSync } from 'node:child_process';
import { REGISTRY_FILE, readRegistry, runMain } from '@cultura/service-kit/light';
import { programFiles, type NewProgram } from './new-program/templates';

const USAGE = `Usage: npm run new:program -- <name> --title TITLE --country CODE --agency AGENCY --territory ID [--port N]

  <name>            service and subgraph name: lower-case letters, digits and dashes (cultura-viva)
  --title TITLE     what people call it: "Cultura Viva Comunitaria (Colombia)"
  --country CODE    ISO 3166-1 alpha-2 code of the country it works in (CL, PE, …)
  --agency AGENCY   the public body that runs it, as its documents name it
  --territory ID    a territory of that country its first test records an action in (PE:150101)
  --gazetteer DIR   for a country other than CL and PE: the folder holding its gazetteer (co/scheme.json,
                    co/territories.csv, as npm run import:gazetteer reads it), which its tests import
  --port N          its port on one machine; default: the first free one after the registry's highest
  --root DIR        the repository to write into; default: this one`;

class UsageError extends Error {}

const PRETTIER = path.join(__dirname, '..', 'node_modules', '.bin', 'prettier');

export interface ScaffoldResult {
  dir: string;
  port: number;
  files: string[];
}

/** The countries whose gazetteers the project reads from the official files (../shared/data/gazetteers). */
const BUILT_IN_COUNTRIES = ['CL', 'PE'];

/**
 * Writes the service's folder (formatted as `npm run lint` expects) and its registry entry under `root`;
 * refuses to overwrite anything. `gazetteerDir` (relative to `root`, or absolute) is where its tests
 * read a country other than CL and PE.
 */
export function scaffoldProgram(root: string, given: NewProgram & { gazetteerDir?: string }, port?: number): ScaffoldResult {
  const { gazetteerDir, ...p } = given;
  if (!/^[a-z][a-z0-9-]*$/.test(p.name)) throw new UsageError(`"${p.name}" must be lower-case letters, digits and dashes`);
  if (!/^[A-Z]{2}$/.test(p.country)) throw new UsageError(`--country must be an ISO 3166-1 alpha-2 code such as CO, got "${p.country}"`);
  if (!p.sampleTerritory.startsWith(`${p.country}:`))
    throw new UsageError(`--territory must be a territory of ${p.country} (${p.country}:…), got "${p.sampleTerritory}"`);
  if (!BUILT_IN_COUNTRIES.includes(p.country)) {
    if (!gazetteerDir)
      throw new UsageError(`--gazetteer is needed for ${p.country}: the folder its tests import ${p.country}'s gazetteer from`);
    const scheme = path.join(path.resolve(root, gazetteerDir), p.country.toLowerCase(), 'scheme.json');
    if (!existsSync(scheme)) throw new UsageError(`--gazetteer ${gazetteerDir} has no ${p.country.toLowerCase()}/scheme.json (${scheme})`);
    p.testGazetteerDir = path.relative(path.join(root, 'services', p.name, 'test'), path.resolve(root, gazetteerDir));
  }
  const registry = readRegistry(root);
  if (registry.some((s) => s.name === p.name)) throw new UsageError(`"${p.name}" is already in ${REGISTRY_FILE}`);
  const dir = path.join(root, 'services', p.name);
  if (existsSync(dir)) throw new UsageError(`services/${p.name} already exists`);
  const chosen = port ?? Math.max(...registry.map((s) => s.port)) + 1;
  if (registry.some((s) => s.port === chosen))
    throw new UsageError(`port ${chosen} is already ${registry.find((s) => s.port === chosen)?.name}'s`);

  const files = programFiles(p);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  // Formatted as \`npm run lint\` checks it (the templates read better unformatted).
  const prettier = spawnSync(PRETTIER, ['--write', '--log-level', 'warn', `${dir}/**/*.ts`], { cwd: root, encoding: 'utf8' });
  if (prettier.status !== 0) throw new Error(`prettier could not format ${dir}: ${prettier.stderr}`);
  const registryFile = path.join(root, REGISTRY_FILE);
  const entries: Record<string, unknown>[] = JSON.parse(readFileSync(registryFile, 'utf8'));
  entries.push({ name: p.name, port: chosen, title: p.title, changeFeed: true });
  // One entry per line, as the file is written by hand.
  const line = (e: Record<string, unknown>) =>
    `{ ${Object.entries(e)
      .map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`)
      .join(', ')} }`;
  writeFileSync(registryFile, `[\n${entries.map((e) => `  ${line(e)}`).join(',\n')}\n]\n`);
  return { dir, port: chosen, files: Object.keys(files) };
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: {
      title: { type: 'string' },
      country: { type: 'string' },
      agency: { type: 'string' },
      territory: { type: 'string' },
      gazetteer: { type: 'string' },
      port: { type: 'string' },
      root: { type: 'string' },
      help: { type: 'boolean' },
    },
    allowPositionals: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const missing = ['title', 'country', 'agency', 'territory'].filter((k) => !values[k as keyof typeof values]);
  if (positionals.length !== 1 || missing.length) {
    throw new UsageError(`${positionals.length !== 1 ? 'give one name' : `missing --${missing.join(', --')}`}\n\n${USAGE}`);
  }
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !Number.isInteger(port)) throw new UsageError(`--port must be a number, got "${values.port}"`);
  const root = path.resolve(values.root ?? path.join(__dirname, '..'));
  const result = scaffoldProgram(
    root,
    {
      name: positionals[0],
      title: values.title!,
      country: values.country!,
      agency: values.agency!,
      sampleTerritory: values.territory!,
      gazetteerDir: values.gazetteer === undefined ? undefined : path.relative(root, path.resolve(values.gazetteer)),
    },
    port,
  );
  console.log(`Wrote ${path.relative(root, result.dir)} (${result.files.length} files) and its entry in ${REGISTRY_FILE} (port ${result.port}).
Next: npm install && npm run generate && npm run codegen && npm run compose && npx jest ${path.relative(root, result.dir)}`);
}

if (require.main === module) {
  runMain(async () => {
    try {
      await main();
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      console.error(err.message);
      process.exitCode = 2;
    }
  });
}
